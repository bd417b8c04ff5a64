"""FakeOrderApi's cancelOrder and ``order`` query, in both API versions."""

from __future__ import annotations

import pytest

from orderguard.api import parse_order
from orderguard.errors.exceptions import ApiNotFoundError, ApiValidationError
from orderguard.fake import FakeOrderApi
from orderguard.samples import create_variables
from tests.helpers.fake import V04, V11, assert_error, assert_ok, new_order, started_order

ALIAS = {"aliasType": "EXTERNAL_ID", "aliasId": "order-1001-0"}


def _cancel_aliases(count: int) -> list[dict[str, str]]:
    return [{"aliasType": "EXT_CANCEL_ID", "aliasId": f"c-{i}"} for i in range(count)]


def test_a_cancel_request_comes_back_pending_from_the_merchant() -> None:
    """cancelOrder answers state PENDING, requestedBy MERCHANT, with reason and aliases."""
    fake = FakeOrderApi()
    order_id = new_order(fake)
    variables = {
        "orderIdentifier": {"orderId": order_id},
        "input": {"reason": "ORDERED_BY_MISTAKE", "aliases": _cancel_aliases(1)},
    }
    cancellation = fake.cancel_order(variables)
    assert cancellation["state"] == "PENDING" and cancellation["requestedBy"] == "MERCHANT"
    assert cancellation["reason"] == "ORDERED_BY_MISTAKE"
    assert cancellation["aliases"] == _cancel_aliases(1)
    listed = fake.order({"orderId": order_id})["cancellations"]["details"]
    assert listed == [cancellation]


def test_input_may_be_left_out_and_a_repeat_returns_the_pending_cancellation() -> None:
    """cancelOrder without input is accepted; asking again returns the same pending request."""
    fake = FakeOrderApi()
    order_id = new_order(fake)
    first = fake.cancel_order({"orderIdentifier": {"orderId": order_id}})
    again = fake.cancel_order({"orderIdentifier": {"orderId": order_id}})
    assert first == again


def test_more_than_five_cancellation_aliases_is_a_codeless_validation_error() -> None:
    """Six aliases: ValidationError without errorCode; five are accepted."""
    fake = FakeOrderApi()
    order_id = new_order(fake)
    ident = {"orderId": order_id}
    response = fake.execute(
        "cancelOrder", {"orderIdentifier": ident, "input": {"aliases": _cancel_aliases(6)}}
    )
    assert_error(response, "cancelOrder", "ValidationError", None)
    response = fake.execute(
        "cancelOrder", {"orderIdentifier": ident, "input": {"aliases": _cancel_aliases(5)}}
    )
    assert_ok(response, "cancelOrder")


def test_cancellation_aliases_are_uncapped_before_2024_11_01() -> None:
    """2024-04-01, before the 0-5 limit was added, accepts six cancellation aliases."""
    fake = FakeOrderApi(api_version=V04)
    order_id = new_order(fake, V04)
    ident = {"orderIdentifier": {"orderId": order_id}, "aliases": _cancel_aliases(6)}
    cancellation = assert_ok(fake.execute("cancelOrder", {"input": ident}), "cancelOrder")
    assert cancellation["cancellation"]["aliases"] == _cancel_aliases(6)


def test_cancel_needs_every_package_pending() -> None:
    """Once a package ships, cancelOrder is a ValidationError without errorCode."""
    fake = FakeOrderApi()
    shipped, waiting = started_order(fake, order_ref="a"), started_order(fake, order_ref="b")
    fake.ship(shipped)
    response = fake.execute("cancelOrder", {"orderIdentifier": {"orderId": shipped}})
    assert_error(response, "cancelOrder", "ValidationError", None)
    assert_ok(fake.execute("cancelOrder", {"orderIdentifier": {"orderId": waiting}}), "cancelOrder")


def test_an_order_cancelled_successfully_cannot_be_cancelled_again() -> None:
    """After a SUCCESS cancellation, even an order without packages refuses cancelOrder."""
    fake = FakeOrderApi()
    variables = create_variables()
    line = variables["input"]["lineItems"][0]
    line["selectedDeliveryOffer"] = {"details": {"deliveryProvider": "MERCHANT"}}
    order_id = fake.create_order(variables)["id"]
    cancel = {"orderIdentifier": {"orderId": order_id}}
    assert_ok(fake.execute("cancelOrder", cancel), "cancelOrder")
    fake.resolve_cancellation(order_id, success=True)
    assert_error(fake.execute("cancelOrder", cancel), "cancelOrder", "ValidationError", None)


def test_cancel_takes_the_identifier_inside_input_on_2024_04_01() -> None:
    """2024-04-01 puts orderIdentifier in input; the 2024-11-01 form is refused there and back."""
    fake = FakeOrderApi(api_version=V04)
    order_id = new_order(fake, V04)
    old_form = {"input": {"orderIdentifier": {"orderId": order_id}}}
    new_form = {"orderIdentifier": {"orderId": order_id}}
    assert fake.execute("cancelOrder", new_form)["errors"][0]["extensions"]["field"] == "input"
    assert_ok(fake.execute("cancelOrder", old_form), "cancelOrder")
    response = fake.execute("cancelOrder", old_form | new_form, api_version=V11)
    assert response["errors"][0]["extensions"]["field"] == "input.orderIdentifier"


def test_the_order_query_finds_an_order_by_id_and_by_alias() -> None:
    """By orderId and by alias the query returns the same, complete order."""
    fake = FakeOrderApi()
    order_id = new_order(fake)
    by_id, by_alias = fake.order({"orderId": order_id}), fake.order({"alias": ALIAS})
    assert by_id == by_alias
    assert set(by_id) >= {
        "id",
        "aliases",
        "orderLinks",
        "metadata",
        "packageInformation",
        "refunds",
        "cancellations",
        "lineItems",
    }
    assert set(by_id["metadata"]) == {"executionState", "createdAt", "updatedAt"}


def test_the_alias_field_is_spelled_per_version() -> None:
    """2024-11-01 says alias, 2024-04-01 orderAlias; the other spelling is a schema misfit."""
    fake = FakeOrderApi()
    order_id = new_order(fake)
    old = fake.execute("order", {"orderIdentifier": {"orderAlias": ALIAS}}, api_version=V04)
    assert old["data"]["order"]["id"] == order_id
    assert "deliveryInformation" in old["data"]["order"]
    wrong = fake.execute("order", {"orderIdentifier": {"orderAlias": ALIAS}})
    assert wrong["errors"][0]["extensions"]["field"] == "orderIdentifier.orderAlias"


@pytest.mark.parametrize("version", [V11, V04])
def test_orderguard_parses_what_the_fake_returns(version: str) -> None:
    """The fake's order, in either version's field names, fits orderguard.api's Order model."""
    fake = FakeOrderApi(api_version=version)
    order_id = started_order(fake, version)
    fake.split_package(order_id)
    fake.ship(order_id)
    fake.request_refund(order_id)
    order = parse_order(fake.execute("order", {"orderIdentifier": {"orderId": order_id}}), version)
    assert order.id == order_id
    assert order.package_information is not None and order.package_information.summary
    assert order.package_information.summary.state == "PENDING"
    assert order.refunds is not None and len(order.refunds.details) == 1


def test_the_convenience_methods_raise_the_api_error() -> None:
    """create_order/update_order/order raise ApiError subclasses carrying type and code."""
    fake = FakeOrderApi()
    with pytest.raises(ApiNotFoundError):
        fake.order({"orderId": "322-NOPE-NOPE00"})
    order_id = started_order(fake)
    fake.ship(order_id)
    with pytest.raises(ApiValidationError) as caught:
        fake.update_order(
            {
                "orderIdentifier": {"orderId": order_id},
                "input": {"desiredExecutionState": "STARTED"},
            }
        )
    assert caught.value.code == "ExecutionAlreadyStarted"


def test_identifier_needs_exactly_one_of_id_and_alias() -> None:
    """orderIdentifier with both orderId and alias, or neither, is a schema misfit."""
    fake = FakeOrderApi()
    both = {"orderIdentifier": {"orderId": "322-A", "alias": ALIAS}}
    for variables in (both, {"orderIdentifier": {}}, {}):
        response = fake.execute("order", variables)
        assert response["errors"][0]["extensions"]["field"] == "orderIdentifier"
