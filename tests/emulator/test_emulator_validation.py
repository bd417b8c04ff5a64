"""A request that does not fit the schema gets the API's validation answer, as guard and fake say.

Over HTTP on 127.0.0.1 for the issue's examples; in process (``Emulator.handle``, the same app)
for the property test, to keep it quick.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orderguard import Guard, samples
from orderguard.client._documents import document
from orderguard.emulator import Emulator, EmulatorServer
from orderguard.enums import ApiVersion, Operation
from orderguard.fake import FakeOrderApi
from tests.helpers.http import graphql, reset_emulator, serve_emulator
from tests.helpers.misfits import misfits

JSON = dict[str, Any]
V11, V04 = ApiVersion.V2024_11_01, ApiVersion.V2024_04_01
DETAILS = "input.lineItems[0].selectedDeliveryOffer.details"

emulator = pytest.fixture(scope="module")(serve_emulator)
server = pytest.fixture(reset_emulator)


def _create(change: str, value: Any, version: ApiVersion = V11) -> JSON:
    variables = samples.create_variables(version=version)
    *parents, last = change.split(".")
    holder: Any = variables
    for part in parents:
        holder = holder[int(part)] if part.isdigit() else holder[part]
    holder[last] = value
    return variables


ALIAS = {"aliasType": "EXTERNAL_ID", "aliasId": "order-1001-0"}
EXAMPLES = [
    ("createOrder", V11, _create("input.giftWrap", True), "input.giftWrap"),
    (
        "createOrder",
        V11,
        _create("input.desiredExecutionStat", "STARTED"),
        "input.desiredExecutionStat",
    ),
    (
        "createOrder",
        V11,
        _create(
            "input.lineItems.0.selectedDeliveryOffer.details.deliveryTerms.isPrimeEligible", "false"
        ),
        f"{DETAILS}.deliveryTerms.isPrimeEligible",
    ),
    (
        "createOrder",
        V11,
        _create("input.lineItems.0.amount.value", "1_0"),
        "input.lineItems[0].amount.value",
    ),
    (
        "updateOrder",
        V11,
        {"orderIdentifier": {"orderAlias": ALIAS}, "input": {"desiredExecutionState": "STARTED"}},
        "orderIdentifier.orderAlias",
    ),
    (
        "updateOrder",
        V11,
        {"input": {"orderId": "322-A", "desiredExecutionState": "STARTED"}},
        "input.orderId",
    ),
    (
        "createOrder",
        V04,
        _create("input.lineItems.0.selectedDeliveryOffer.details.deliveryProvider", "AMAZON", V04),
        f"{DETAILS}.deliveryProvider",
    ),
]


@pytest.mark.parametrize(("operation", "version", "variables", "path"), EXAMPLES)
def test_the_issues_examples_are_validation_errors_in_all_three(
    server: EmulatorServer, operation: str, version: ApiVersion, variables: JSON, path: str
) -> None:
    """Emulator (400, ValidationError at the path), fake and guard refuse the same field."""
    query = document(Operation(operation), version)
    answer = graphql(server.graphql_url, query, variables, x_api_version=version.value)
    assert answer.status_code == 400 and "data" not in answer.json()
    errors = answer.json()["errors"]
    assert {e["extensions"]["errorType"] for e in errors} == {"ValidationError"}
    assert path in {e["extensions"]["field"] for e in errors}
    fake = FakeOrderApi(api_version=version.value).execute(operation, variables)
    assert fake["errors"][0]["extensions"]["field"] in {e["extensions"]["field"] for e in errors}
    decision = Guard(version).check(operation, variables)
    assert path in {v.path for v in decision.violations if v.error_type == "SchemaError"}


def test_a_variable_the_operation_does_not_declare_is_refused(server: EmulatorServer) -> None:
    """Variables are the operation's arguments: an extra one is a validation error, not ignored."""
    variables = samples.create_variables()
    variables["orderIdentifier"] = {"orderId": "322-A"}
    answer = graphql(server.graphql_url, document(Operation.CREATE_ORDER, V11), variables)
    assert answer.status_code == 400
    (error,) = answer.json()["errors"]
    assert error["extensions"] == {"errorType": "ValidationError", "field": "orderIdentifier"}
    assert server.emulator.fake.order_ids() == ()


def _emulator_fields(
    app: Emulator, operation: Operation, version: ApiVersion, data: JSON
) -> set[str]:
    body = json.dumps({"query": document(operation, version), "variables": data}).encode()
    headers = {"content-type": "application/json", "x-api-version": version.value}
    reply = app.handle("POST", "/graphql", headers, body)
    assert reply.status == 400 and reply.body is not None
    errors = json.loads(reply.body)["errors"]
    assert {error["extensions"]["errorType"] for error in errors} == {"ValidationError"}
    return {error["extensions"]["field"] for error in errors}


@settings(max_examples=40)
@given(version=st.sampled_from(list(ApiVersion)), data=st.data())
def test_a_misfit_is_refused_alike_by_guard_fake_and_emulator(
    version: ApiVersion, data: st.DataObject
) -> None:
    """Each misfit: the emulator's errors name only paths the guard names, the misfit among them."""
    case = data.draw(misfits(version))
    fields = _emulator_fields(
        Emulator(api_version=version), case.operation, version, case.variables
    )
    decision = Guard(version).check(case.operation, case.variables)
    guarded = {v.path for v in decision.violations if v.error_type == "SchemaError"}
    assert case.path in fields and fields <= guarded, (case.how, fields, guarded)
    fake = FakeOrderApi(api_version=version.value).execute(case.operation.value, case.variables)
    assert fake["errors"][0]["extensions"]["field"] in fields


ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=10,
)
ARGUMENTS = st.sampled_from(["input", "orderIdentifier", "x"])


@settings(max_examples=30)
@given(
    version=st.sampled_from(list(ApiVersion)),
    operation=st.sampled_from(list(Operation)),
    variables=st.dictionaries(ARGUMENTS, ANY_JSON, max_size=2),
)
def test_any_variables_get_an_answer_never_a_server_error(
    version: ApiVersion, operation: Operation, variables: JSON
) -> None:
    """Whatever JSON the variables hold, the emulator answers without InternalServerError."""
    app = Emulator(api_version=version)
    body = json.dumps({"query": document(operation, version), "variables": variables}).encode()
    reply = app.handle("POST", "/graphql", {"content-type": "application/json"}, body)
    assert reply.status in (200, 400) and reply.body is not None
    errors = json.loads(reply.body).get("errors") or []
    assert "InternalServerError" not in {e["extensions"]["errorType"] for e in errors}
    if operation is not Operation.ORDER:
        decision = Guard(version).check(operation, variables)
        assert decision.allowed or decision.violations
