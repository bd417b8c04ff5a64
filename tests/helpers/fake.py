"""Helpers shared by the FakeOrderApi test modules."""

from __future__ import annotations

from typing import Any

from orderguard.enums import ApiVersion, Operation
from orderguard.errors import CATALOG
from orderguard.fake import FakeOrderApi
from orderguard.samples import create_variables, update_variables

JSON = dict[str, Any]
V11, V04 = ApiVersion.V2024_11_01, ApiVersion.V2024_04_01

FAKE_ONLY_TYPES = {"ResourceNotFoundError"}
"""Error types the fake returns that the order error tables do not list (documented INFERENCE)."""


def error_of(response: JSON) -> tuple[str, str | None]:
    """The (errorType, errorCode) of a failed response; fails the test on success."""
    assert response["data"] is None, f"expected an error, got {response['data']}"
    (error,) = response["errors"]
    return error["extensions"]["errorType"], error["extensions"].get("errorCode")


def assert_error(response: JSON, operation: str, error_type: str, code: str | None) -> None:
    """The response is exactly this error, in the documented shape, with catalog spellings."""
    assert error_of(response) == (error_type, code)
    error = response["errors"][0]
    assert error["path"] == [operation] and error["message"]
    documented = code is not None or "field" not in error["extensions"]
    if documented and error_type not in FAKE_ONLY_TYPES and not _codeless_cancel(operation, code):
        assert CATALOG.find(Operation(operation), error_type, code) is not None


def _codeless_cancel(operation: str, code: str | None) -> bool:
    return operation == "cancelOrder" and code is None


def assert_ok(response: JSON, operation: str) -> JSON:
    """The payload of a successful response."""
    assert "errors" not in response, response.get("errors")
    payload: JSON = response["data"][operation]
    return payload


def new_order(fake: FakeOrderApi, version: ApiVersion = V11, **options: Any) -> str:
    """Create an order (``create_variables`` options) and return its ID."""
    variables = create_variables(version=version, **options)
    order = assert_ok(fake.execute("createOrder", variables, api_version=version), "createOrder")
    return str(order["order"]["id"])


def started_order(fake: FakeOrderApi, version: ApiVersion = V11, **options: Any) -> str:
    """An order created and then started."""
    order_id = new_order(fake, version, **options)
    start = update_variables(order_id, {"desiredExecutionState": "STARTED"}, version)
    assert_ok(fake.execute("updateOrder", start, api_version=version), "updateOrder")
    return order_id


def update(fake: FakeOrderApi, order_id: str, input_: JSON, version: ApiVersion = V11) -> JSON:
    """The response to an updateOrder of ``order_id`` with ``input_``."""
    variables = update_variables(order_id, input_, version)
    return fake.execute("updateOrder", variables, api_version=version)


def query(fake: FakeOrderApi, order_id: str) -> JSON:
    """The order as the ``order`` query returns it."""
    return fake.order({"orderId": order_id})


def refund_ids(fake: FakeOrderApi, order_id: str) -> list[str]:
    """The IDs of the order's refunds, oldest first."""
    return [refund["id"] for refund in query(fake, order_id)["refunds"]["details"]]
