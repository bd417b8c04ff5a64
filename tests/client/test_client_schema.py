"""A request that does not fit the schema: refused by the guard, or typed if the API refuses it."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from orderguard import Guard, RequestRejectedError
from orderguard.client import OrderClient
from orderguard.emulator import EmulatorServer
from orderguard.errors.exceptions import ApiSchemaError, ApiValidationError
from orderguard.samples import create_variables
from tests.helpers.http import client_for, graphql_fields, reset_emulator, serve_emulator
from tests.helpers.mock import Script, ext, mock_clients

emulator = pytest.fixture(scope="module")(serve_emulator)
server = pytest.fixture(reset_emulator)
make = pytest.fixture(mock_clients)


def _gift_wrapped() -> dict[str, object]:
    variables = create_variables()
    variables["input"]["giftWrap"] = True  # type: ignore[index]
    return variables


def test_the_guard_refuses_an_unknown_field_before_sending(server: EmulatorServer) -> None:
    """By default the client's guard names the unknown field and nothing is sent."""
    with client_for(server) as client, pytest.raises(RequestRejectedError) as raised:
        client.create_order(_gift_wrapped())
    assert [(v.spec.name, v.path) for v in raised.value.violations] == [
        ("UnknownInputField", "input.giftWrap")
    ]
    assert graphql_fields(server) == []


def test_a_schema_refusal_by_the_api_is_a_typed_error_to_fix(server: EmulatorServer) -> None:
    """Downgraded in the guard, the field reaches the API: ApiSchemaError, sent once, no order."""
    guard = Guard(warnings={"UnknownInputField"})
    with client_for(server, guard=guard) as client, pytest.raises(ApiSchemaError) as raised:
        client.create_order(_gift_wrapped())
    error = raised.value
    assert isinstance(error, ValueError) and isinstance(error, ApiValidationError)
    assert error.field == "input.giftWrap" and error.code is None
    assert "must be fixed" in str(error) and "input.giftWrap" in str(error)
    assert graphql_fields(server) == [("createOrder",)]
    assert server.emulator.fake.order_ids() == ()


@pytest.mark.parametrize(
    ("body", "schema_refusal"),
    [
        ({"errors": [ext(errorType="ValidationError")]}, True),
        ({"data": None, "errors": [ext(errorType="ValidationError", field="input.x")]}, True),
        ({"data": {"cancelOrder": None}, "errors": [ext(errorType="ValidationError")]}, False),
        ({"errors": [ext(errorType="ValidationError", errorCode="AddressMismatch")]}, False),
    ],
    ids=["before-running", "field-named", "while-running", "coded"],
)
def test_which_validation_errors_are_schema_refusals(
    make: Callable[..., OrderClient], body: dict[str, object], schema_refusal: bool
) -> None:
    """Codeless ValidationErrors answered before running, or naming a field, are ApiSchemaError."""
    script = Script(httpx.Response(400 if "data" not in body else 200, json=body))
    with pytest.raises(ApiValidationError) as raised:
        make(script).create_order(create_variables())
    assert isinstance(raised.value, ApiSchemaError) is schema_refusal
    assert len(script.requests) == 1
