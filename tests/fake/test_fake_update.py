"""FakeOrderApi's updateOrder and cancelOrder: each rule refused and its near twin accepted."""

from __future__ import annotations

import pytest

from orderguard.fake import FakeOrderApi
from orderguard.fake._model import Cancellation, Package, StoredOrder
from orderguard.fake._reader import Rejection
from orderguard.fake._update import check_can_start
from orderguard.samples import refund_update, update_variables
from tests.helpers.fake import (
    JSON,
    V04,
    V11,
    assert_error,
    assert_ok,
    new_order,
    query,
    refund_ids,
    started_order,
    update,
)

VE = "ValidationError"


def _refunds(*details: JSON) -> JSON:
    return {"refunds": {"details": list(details)}}


def _order_with_refunds(fake: FakeOrderApi, count: int = 2) -> tuple[str, list[str]]:
    order_id = new_order(fake)
    for _ in range(count):
        fake.request_refund(order_id, "5.00")
    return order_id, refund_ids(fake, order_id)


def test_new_aliases_must_be_unused_and_at_most_five_in_all() -> None:
    """Another order's alias or a sixth alias is AliasValueAlreadyExists; a fresh one passes."""
    fake = FakeOrderApi()
    new_order(fake, order_ref="other")
    order_id = new_order(fake, aliases=4)
    taken = {"aliasType": "EXTERNAL_ID", "aliasId": "order-other-0"}
    fresh = {"aliasType": "EXTERNAL_ID", "aliasId": "brand-new"}
    assert_error(
        update(fake, order_id, {"aliases": [taken]}), "updateOrder", VE, "AliasValueAlreadyExists"
    )
    second = {"aliasType": "SECOND", "aliasId": "x"}
    response = update(fake, order_id, {"aliases": [fresh, second]})
    assert_error(response, "updateOrder", VE, "AliasValueAlreadyExists")
    assert_ok(update(fake, order_id, {"aliases": [fresh]}), "updateOrder")
    assert fake.order({"alias": fresh})["id"] == order_id


def test_links_count_existing_plus_new() -> None:
    """An order with 3 links may get 2 more, not 3 (OrderLinkLimitExceeded)."""
    fake = FakeOrderApi()
    order_id = new_order(fake, links=3)
    link = {"destinationType": "EXTERNAL_ORDER_TRACKING", "url": "https://t.example/1"}
    response = update(fake, order_id, {"orderLinks": [link] * 3})
    assert_error(response, "updateOrder", VE, "OrderLinkLimitExceeded")
    assert_ok(update(fake, order_id, {"orderLinks": [link] * 2}), "updateOrder")
    assert len(query(fake, order_id)["orderLinks"]) == 5


@pytest.mark.parametrize(
    ("code", "bad", "good"),
    [
        ("MissingRefundId", [refund_update(None, "PARTIAL")], [refund_update(0, "PARTIAL")]),
        (
            "DuplicateRefundId",
            [refund_update(0, "PARTIAL"), refund_update(0, "SUCCESS")],
            [refund_update(0, "PARTIAL"), refund_update(1, "SUCCESS")],
        ),
        ("InvalidRefundId", [refund_update("RF-NOPE", "PARTIAL")], [refund_update(1, "PARTIAL")]),
        (
            "DuplicateAliasId",
            [
                refund_update(0, "PARTIAL", alias="oms-1"),
                refund_update(1, "PARTIAL", alias="oms-1"),
            ],
            [
                refund_update(0, "PARTIAL", alias="oms-1"),
                refund_update(1, "PARTIAL", alias="oms-2"),
            ],
        ),
    ],
)
def test_refund_id_and_alias_rules(code: str, bad: list[JSON], good: list[JSON]) -> None:
    """Each refund-table code is returned for its breach and not for the corrected request."""
    fake = FakeOrderApi()
    order_id, ids = _order_with_refunds(fake)
    for detail in (*bad, *good):
        if isinstance(detail.get("id"), int):
            detail["id"] = ids[detail["id"]]
    assert_error(update(fake, order_id, _refunds(*bad)), "updateOrder", VE, code)
    assert_ok(update(fake, order_id, _refunds(*good)), "updateOrder")


def test_an_alias_of_another_refund_is_invalid_but_its_own_may_be_resent() -> None:
    """InvalidAliasId for another refund's aliasId; re-sending a refund's own alias passes."""
    fake = FakeOrderApi()
    order_id, (first, second) = _order_with_refunds(fake)
    assert_ok(
        update(fake, order_id, _refunds(refund_update(first, "PARTIAL", alias="a"))), "updateOrder"
    )
    response = update(fake, order_id, _refunds(refund_update(second, "PARTIAL", alias="a")))
    assert_error(response, "updateOrder", VE, "InvalidAliasId")
    assert_ok(
        update(fake, order_id, _refunds(refund_update(first, "SUCCESS", alias="a"))), "updateOrder"
    )


def test_refund_alias_rules_hold_on_2024_04_01_too() -> None:
    """One aliasId, one refund: DuplicateAliasId and InvalidAliasId on 2024-04-01 as well."""
    fake = FakeOrderApi()
    order_id, (first, second) = _order_with_refunds(fake)
    shared = [
        refund_update(first, "PARTIAL", alias="a"),
        refund_update(second, "PARTIAL", alias="a"),
    ]
    assert_error(
        update(fake, order_id, _refunds(*shared), V04), "updateOrder", VE, "DuplicateAliasId"
    )
    assert_ok(update(fake, order_id, _refunds(shared[0]), V04), "updateOrder")
    response = update(fake, order_id, _refunds(shared[1]), V04)
    assert_error(response, "updateOrder", VE, "InvalidAliasId")


def test_refund_request_reason_is_refused_on_2024_11_01_and_ignored_before() -> None:
    """refundRequestReason on a BwP refund: InvalidRefundRequestReasonUpdate, not on 2024-04-01."""
    fake = FakeOrderApi()
    order_id, (refund_id, _) = _order_with_refunds(fake)
    detail = refund_update(refund_id, "PARTIAL") | {"refundRequestReason": "OTHERS"}
    response = update(fake, order_id, _refunds(detail))
    assert_error(response, "updateOrder", VE, "InvalidRefundRequestReasonUpdate")
    assert_ok(update(fake, order_id, _refunds(detail), V04), "updateOrder")


@pytest.mark.parametrize(
    ("path", "refused"),
    [
        (("PENDING", "PARTIAL", "SUCCESS"), "PARTIAL"),
        (("FAILURE", "PARTIAL"), "FAILURE"),
        (("REJECTED",), "SUCCESS"),
        (("REJECTED",), "REJECTED"),
        (("SUCCESS",), "PENDING"),
    ],
)
def test_refund_states_follow_the_table(path: tuple[str, ...], refused: str) -> None:
    """Every step of ``path`` is accepted; then ``refused`` is InvalidRefundStateTransition."""
    fake = FakeOrderApi()
    order_id, (refund_id, _) = _order_with_refunds(fake)
    for state in path:
        assert_ok(update(fake, order_id, _refunds(refund_update(refund_id, state))), "updateOrder")
    response = update(fake, order_id, _refunds(refund_update(refund_id, refused)))
    assert_error(response, "updateOrder", VE, "InvalidRefundStateTransition")


def test_an_accepted_refund_update_is_stored() -> None:
    """State, running total and aliases (same aliasType overwritten) are what the query shows."""
    fake = FakeOrderApi()
    order_id, (refund_id, _) = _order_with_refunds(fake)
    update(fake, order_id, _refunds(refund_update(refund_id, "PARTIAL", "4.00", alias="a")))
    update(fake, order_id, _refunds(refund_update(refund_id, "SUCCESS", "9.00", alias="b")))
    refund = query(fake, order_id)["refunds"]["details"][0]
    assert refund["state"] == "SUCCESS"
    assert refund["refundTotal"] == {"totalAmount": {"amount": "9.00", "currencyCode": "USD"}}
    assert refund["aliases"] == [{"aliasType": "EXTERNAL_REFUND_ID", "aliasId": "b"}]


def test_starting_twice_while_pending_is_a_no_op() -> None:
    """STARTED on a started, all-PENDING order is accepted and changes nothing."""
    fake = FakeOrderApi()
    order_id = started_order(fake)
    assert_ok(update(fake, order_id, {"desiredExecutionState": "STARTED"}), "updateOrder")
    assert query(fake, order_id)["metadata"]["executionState"] == "STARTED"


def test_starting_a_shipped_order_is_execution_already_started() -> None:
    """STARTED after a package is IN_TRANSIT (or DELIVERED) is ExecutionAlreadyStarted."""
    fake = FakeOrderApi()
    order_id = started_order(fake)
    fake.ship(order_id)
    start = {"desiredExecutionState": "STARTED"}
    assert_error(update(fake, order_id, start), "updateOrder", VE, "ExecutionAlreadyStarted")
    fake.deliver(order_id)
    assert_error(update(fake, order_id, start), "updateOrder", VE, "ExecutionAlreadyStarted")


def test_starting_while_the_delivery_summary_is_pending_is_a_no_op() -> None:
    """One package shipped, another still PENDING: the summary is PENDING, so STARTED passes."""
    fake = FakeOrderApi()
    order_id = started_order(fake)
    fake.split_package(order_id)
    fake.ship(order_id)
    start = {"desiredExecutionState": "STARTED"}
    assert_ok(update(fake, order_id, start), "updateOrder")
    fake.ship(order_id)
    assert_error(update(fake, order_id, start), "updateOrder", VE, "ExecutionAlreadyStarted")


def test_starting_a_cancelling_order_is_refused_until_the_cancellation_is_rejected() -> None:
    """A PENDING cancellation blocks STARTED; once REJECTED, STARTED is accepted."""
    fake = FakeOrderApi()
    order_id = new_order(fake)
    fake.cancel_order({"orderIdentifier": {"orderId": order_id}})
    start = {"desiredExecutionState": "STARTED"}
    code = "ExecutionCannotBeStartedDueToCancellation"
    assert_error(update(fake, order_id, start), "updateOrder", VE, code)
    fake.resolve_cancellation(order_id, success=False)
    assert_ok(update(fake, order_id, start), "updateOrder")


def test_already_started_wins_over_a_pending_cancellation() -> None:
    """An in-transit order with a PENDING cancellation reports ExecutionAlreadyStarted first."""
    order = StoredOrder("322-A", "", [], [], "STARTED", "t", "t", [], [Package("P", "IN_TRANSIT")])
    order.cancellations += (Cancellation("C", "PENDING", "SHOPPER", None, [], None, "t", "t"),)
    with pytest.raises(Rejection) as caught:
        check_can_start(order)
    assert caught.value.code == "ExecutionAlreadyStarted"


def test_a_fully_cancelled_order_cannot_start() -> None:
    """After Amazon cancels every package, STARTED is ExecutionCannotBeStartedDueToCancellation."""
    fake = FakeOrderApi()
    order_id = new_order(fake)
    fake.cancel_package(order_id)
    response = update(fake, order_id, {"desiredExecutionState": "STARTED"})
    assert_error(response, "updateOrder", VE, "ExecutionCannotBeStartedDueToCancellation")


def test_a_refused_update_changes_nothing() -> None:
    """Aliases and links of a request refused for a later rule are not stored."""
    fake = FakeOrderApi()
    order_id = new_order(fake)
    before = query(fake, order_id)
    fresh = {"aliasType": "EXTERNAL_ID", "aliasId": "never-stored"}
    response = update(
        fake, order_id, {"aliases": [fresh], **_refunds(refund_update(None, "PARTIAL"))}
    )
    assert_error(response, "updateOrder", VE, "MissingRefundId")
    assert query(fake, order_id) == before


def test_an_unknown_order_is_resource_not_found() -> None:
    """updateOrder, cancelOrder and the query answer ResourceNotFoundError for an unknown ID."""
    fake = FakeOrderApi()
    ident = {"orderIdentifier": {"orderId": "322-NOPE-NOPE00"}}
    assert_error(update(fake, "322-NOPE-NOPE00", {}), "updateOrder", "ResourceNotFoundError", None)
    assert_error(fake.execute("cancelOrder", ident), "cancelOrder", "ResourceNotFoundError", None)
    assert_error(fake.execute("order", ident), "order", "ResourceNotFoundError", None)


@pytest.mark.parametrize(
    ("version", "variables", "field"),
    [
        (V11, {"input": {"orderId": "x", "desiredExecutionState": "STARTED"}}, "input.orderId"),
        (V04, {"orderIdentifier": {"orderId": "x"}, "input": {}}, "input.orderId"),
    ],
)
def test_update_addresses_the_order_the_versions_way(
    version: str, variables: JSON, field: str
) -> None:
    """2024-11-01 wants orderIdentifier (input.orderId is unknown); 2024-04-01, input.orderId."""
    response = FakeOrderApi().execute("updateOrder", variables, api_version=version)
    assert response["errors"][0]["extensions"]["field"] == field


def test_update_works_in_both_versions() -> None:
    """The same start succeeds with each version's variables, and the output field follows it."""
    fake = FakeOrderApi()
    for version, field in ((V11, "packageInformation"), (V04, "deliveryInformation")):
        order_id = new_order(fake, version, order_ref=version)
        variables = update_variables(order_id, {"desiredExecutionState": "STARTED"}, version)
        order = fake.update_order(variables, api_version=version)
        assert order["metadata"]["executionState"] == "STARTED" and field in order
