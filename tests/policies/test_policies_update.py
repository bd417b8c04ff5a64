"""updateOrder and cancelOrder rules: each code triggered and not by a near-identical request."""

from __future__ import annotations

from typing import Any

import pytest

from orderguard import samples
from tests.helpers.policy_cases import (
    ORDER_ID,
    Call,
    Case,
    cancel,
    decide_pairs,
    order_with_refunds,
    refunds,
    update,
)

START = {"desiredExecutionState": "STARTED"}
TWO_PENDING = (("r-1", "PENDING"), ("r-2", "PENDING"))
DETAIL = "input.refunds.details[{}]"


def _start_in_transit(broken: bool) -> Call:
    packages = ("IN_TRANSIT", "DELIVERED") if broken else ("PENDING",)
    return update(START, execution="STARTED", packages=packages)


def _start_cancelling(broken: bool) -> Call:
    return update(START, cancellation="PENDING" if broken else "REJECTED")


def _start_cancelled_packages(broken: bool) -> Call:
    return update(START, packages=("CANCELLED",) if broken else ("PENDING", "CANCELLED"))


def _links(broken: bool) -> Call:
    link = {"destinationType": "EXTERNAL_ORDER_TRACKING", "url": "https://track.example.com/1"}
    return update({"orderLinks": [link] * (2 if broken else 1)}, links=4)


def _alias(alias_id: str, good_id: str, **context: Any) -> Any:
    def build(broken: bool) -> Call:
        alias = {"aliasType": "EXTERNAL_ID", "aliasId": alias_id if broken else good_id}
        call = update({"aliases": [alias]})
        return Call(call.operation, call.variables, call.order, context or None)

    return build


def _alias_total(broken: bool) -> Call:
    """The sample order already carries one alias; four more make five."""
    aliases = [{"aliasType": f"OMS_{i}", "aliasId": "x"} for i in range(5 if broken else 4)]
    return update({"aliases": aliases})


def _refund_ids(second: str | None, good: str = "r-2") -> Any:
    def build(broken: bool) -> Call:
        details = [samples.refund_update("r-1", "PARTIAL")]
        details.append(samples.refund_update(second if broken else good, "PARTIAL"))
        return update(refunds(*details), refunds=TWO_PENDING)

    return build


def _transition(broken: bool) -> Call:
    detail = samples.refund_update("r-1", "PENDING" if broken else "SUCCESS")
    return update(refunds(detail), refunds=(("r-1", "PARTIAL"),))


def _shared_alias(broken: bool) -> Call:
    first = samples.refund_update("r-1", "PARTIAL", alias="oms-r-1")
    second = samples.refund_update("r-2", "PARTIAL", alias="oms-r-1" if broken else "oms-r-2")
    return update(refunds(first, second), refunds=TWO_PENDING)


def _foreign_alias(broken: bool) -> Call:
    """Refund r-2 of the order carries alias oms-r-2 already."""
    refund_id = "r-1" if broken else "r-2"
    detail = samples.refund_update(refund_id, "PARTIAL", alias="oms-r-2")
    rows = (
        {"id": "r-1", "state": "PENDING"},
        {"id": "r-2", "state": "PENDING", "aliases": [_refund_alias("oms-r-2")]},
    )
    call = update(refunds(detail))
    return Call(call.operation, call.variables, order_with_refunds(*rows))


def _refund_alias(alias_id: str) -> dict[str, str]:
    return {"aliasType": "EXTERNAL_REFUND_ID", "aliasId": alias_id}


def _request_reason(broken: bool) -> Call:
    """r-1 was requested through Buy with Prime; r-2 was added as an external refund."""
    detail = samples.refund_update("r-1" if broken else "r-2", "SUCCESS")
    detail["refundRequestReason"] = "DAMAGED_DEFECTIVE_ITEM"
    rows = (
        {"id": "r-1", "state": "PENDING"},
        {"id": "r-2", "state": "PENDING", "refundRequestReason": "OTHERS"},
    )
    call = update(refunds(detail))
    return Call(call.operation, call.variables, order_with_refunds(*rows))


def _unknown_refund_state(broken: bool) -> Call:
    detail = samples.refund_update("r-1", "DONE" if broken else "SUCCESS")
    return update(refunds(detail), refunds=(("r-1", "PENDING"),))


def _cancel_shipped(broken: bool) -> Call:
    return cancel(packages=("PENDING", "IN_TRANSIT" if broken else "PENDING"))


def _cancel_again(broken: bool) -> Call:
    call = cancel()
    order = samples.order_json(ORDER_ID, cancellation="SUCCESS" if broken else "REJECTED")
    return Call(call.operation, call.variables, order)


def _cancel_aliases(broken: bool) -> Call:
    return cancel(aliases=6 if broken else 5)


UPDATE_CASES = [
    Case(
        "start-in-transit",
        "ExecutionAlreadyStarted",
        "input.desiredExecutionState",
        _start_in_transit,
    ),
    Case(
        "start-cancelling",
        "ExecutionCannotBeStartedDueToCancellation",
        "input.desiredExecutionState",
        _start_cancelling,
    ),
    Case(
        "start-cancelled-packages",
        "ExecutionCannotBeStartedDueToCancellation",
        "input.desiredExecutionState",
        _start_cancelled_packages,
    ),
    Case("links", "OrderLinkLimitExceeded", "input.orderLinks", _links),
    Case(
        "alias-on-order",
        "AliasValueAlreadyExists",
        "input.aliases[0]",
        _alias(f"oms-{ORDER_ID}", "oms-second"),
    ),
    Case(
        "alias-in-store",
        "AliasValueAlreadyExists",
        "input.aliases[0]",
        _alias("taken", "free", usedAliases=[{"aliasType": "EXTERNAL_ID", "aliasId": "taken"}]),
    ),
    Case("alias-total", "AliasValueAlreadyExists", "input.aliases", _alias_total),
    Case("duplicate-refund", "DuplicateRefundId", f"{DETAIL.format(1)}.id", _refund_ids("r-1")),
    Case("missing-refund-id", "MissingRefundId", f"{DETAIL.format(1)}.id", _refund_ids(None)),
    Case("unknown-refund", "InvalidRefundId", f"{DETAIL.format(1)}.id", _refund_ids("r-9")),
    Case(
        "refund-transition",
        "InvalidRefundStateTransition",
        f"{DETAIL.format(0)}.state",
        _transition,
    ),
    Case(
        "shared-alias",
        "DuplicateAliasId",
        f"{DETAIL.format(1)}.aliases[0].aliasId",
        _shared_alias,
    ),
    Case(
        "foreign-alias",
        "InvalidAliasId",
        f"{DETAIL.format(0)}.aliases[0].aliasId",
        _foreign_alias,
    ),
    Case(
        "request-reason",
        "InvalidRefundRequestReasonUpdate",
        f"{DETAIL.format(0)}.refundRequestReason",
        _request_reason,
    ),
    Case("unknown-refund-state", "SchemaError", f"{DETAIL.format(0)}.state", _unknown_refund_state),
    Case(
        "cancel-shipped",
        "CancellationRequiresPendingPackages",
        "orderIdentifier",
        _cancel_shipped,
    ),
    Case(
        "cancel-after-success",
        "CancellationRequiresPendingPackages",
        "orderIdentifier",
        _cancel_again,
    ),
    Case("cancel-aliases", "CancellationAliasLimitExceeded", "input.aliases", _cancel_aliases),
]


@pytest.mark.parametrize("case", UPDATE_CASES, ids=lambda case: case.id)
def test_broken_request_gives_exactly_its_code_at_its_path(case: Case) -> None:
    """A request breaking one rule gets that rule's code at the offending field, and no other."""
    assert decide_pairs(case.build(True)) == [(case.code, case.path)]


@pytest.mark.parametrize("case", UPDATE_CASES, ids=lambda case: case.id)
def test_near_identical_request_is_allowed(case: Case) -> None:
    """The same request with the offending field put right passes every rule."""
    assert decide_pairs(case.build(False)) == []


ORDER_RULES = ("start-in-transit", "links", "alias-on-order", "unknown-refund", "cancel-shipped")


@pytest.mark.parametrize("case_id", ORDER_RULES)
def test_order_rules_do_not_fire_without_the_order(case_id: str) -> None:
    """Rules that compare with the order as last seen stay silent when it is not given."""
    call = next(c for c in UPDATE_CASES if c.id == case_id).build(True)
    assert decide_pairs(Call(call.operation, call.variables)) == []


def test_request_only_refund_rules_fire_without_the_order() -> None:
    """Duplicate and missing refund IDs and shared aliases need no order to be seen."""
    for case_id in ("duplicate-refund", "missing-refund-id", "shared-alias"):
        case = next(c for c in UPDATE_CASES if c.id == case_id)
        call = case.build(True)
        assert decide_pairs(Call(call.operation, call.variables)) == [(case.code, case.path)]


def test_every_refund_problem_is_reported_at_once() -> None:
    """One update with several bad refunds lists each problem at its own path."""
    details = [
        samples.refund_update("r-1", "PENDING"),
        samples.refund_update("r-1", "SUCCESS"),
        samples.refund_update(None, "SUCCESS"),
        samples.refund_update("r-7", "SUCCESS"),
    ]
    call = Call(
        "updateOrder",
        samples.update_variables(ORDER_ID, {"refunds": {"details": details}}),
        samples.order_json(ORDER_ID, refunds=(("r-1", "SUCCESS"),)),
    )
    assert decide_pairs(call) == [
        ("DuplicateRefundId", f"{DETAIL.format(1)}.id"),
        ("MissingRefundId", f"{DETAIL.format(2)}.id"),
        ("InvalidRefundId", f"{DETAIL.format(3)}.id"),
        ("InvalidRefundStateTransition", f"{DETAIL.format(0)}.state"),
    ]


def test_cancel_precondition_path_follows_the_version() -> None:
    """On 2024-04-01 the order is named inside ``input``, and so is the violation's path."""
    variables = {"input": {"orderIdentifier": {"orderId": ORDER_ID}, "reason": "OTHER"}}
    order = samples.order_json(
        ORDER_ID, packages=("DELIVERED",), version=samples.ApiVersion("2024-04-01")
    )
    call = Call("cancelOrder", variables, order, version=samples.ApiVersion("2024-04-01"))
    assert decide_pairs(call) == [("CancellationRequiresPendingPackages", "input.orderIdentifier")]


def test_request_reasons_are_judged_from_2024_11_01_only() -> None:
    """InvalidRefundRequestReasonUpdate is in the 2024-11-01 table only: 2024-04-01 lets it pass."""
    call = next(c for c in UPDATE_CASES if c.id == "request-reason").build(True)
    version = samples.ApiVersion("2024-04-01")
    variables = call.variables["input"] | {"orderId": ORDER_ID}
    older = Call(call.operation, {"input": variables}, call.order, version=version)
    assert decide_pairs(older) == []
