"""updateOrder requests that break one refund rule, for an order with a history.

Each breaker makes sure the order has the refunds the rule needs (Amazon requests them; the
merchant answers one when a rule needs a refund that has moved or carries an alias), writes a
valid update for the order and adds the one refund update that breaks the rule.
"""

from __future__ import annotations

from hypothesis import strategies as st

from orderguard.statemachine.records import RefundSnapshot
from orderguard.testing._history import OrderHistory
from orderguard.testing._life import Action, Step
from orderguard.testing._st_break_orders import JSON, Broken, add_detail, base_input, with_refunds
from orderguard.testing._st_lifecycle import next_refund_states, refund_states, refund_updates


def _refund(draw: st.DrawFn, history: OrderHistory) -> RefundSnapshot:
    return draw(st.sampled_from(history.snapshot.refunds))


def missing_refund_id(draw: st.DrawFn, history: OrderHistory) -> Broken:
    """MissingRefundId: a refund update without the Buy with Prime refund ID."""
    data = base_input(draw, history)
    detail: JSON = {"refundTotal": {"totalAmount": {"amount": "3.00", "currencyCode": "USD"}}}
    if draw(st.booleans()):
        detail["id"] = ""
    index = add_detail(data, detail)
    return history, data, None, f"input.refunds.details[{index}].id"


def duplicate_refund_id(draw: st.DrawFn, history: OrderHistory) -> Broken:
    """DuplicateRefundId: one refund updated twice in the call."""
    history = with_refunds(history, 1)
    refund = _refund(draw, history)
    data = base_input(draw, history, without={refund.id})
    for _ in range(2):
        detail = draw(refund_updates(refund, history.api_version))
        detail.pop("aliases", None)
        index = add_detail(data, detail)
    return history, data, None, f"input.refunds.details[{index}].id"


def unknown_refund_id(draw: st.DrawFn, history: OrderHistory) -> Broken:
    """InvalidRefundId: an update of a refund the order does not have."""
    data = base_input(draw, history)
    detail = {
        "id": f"RF-UNKNOWN-{draw(st.integers(0, 99))}",
        "refundTotal": {"totalAmount": {"amount": "3.00", "currencyCode": "USD"}},
    }
    index = add_detail(data, detail)
    return history, data, None, f"input.refunds.details[{index}].id"


def _invalid_targets(history: OrderHistory) -> list[tuple[RefundSnapshot, str]]:
    states = sorted(refund_states(history.api_version))
    return [
        (refund, target.value)
        for refund in history.snapshot.refunds
        for target in states
        if target not in next_refund_states(refund, history.api_version)
    ]


def bad_refund_transition(draw: st.DrawFn, history: OrderHistory) -> Broken:
    """InvalidRefundStateTransition: a refund asked to move where the refund table forbids."""
    if not _invalid_targets(history):
        history = with_refunds(history, 1).then(Step(Action.ANSWER_REFUND, 0, "SUCCESS"))
    refund, target = draw(st.sampled_from(_invalid_targets(history)))
    data = base_input(draw, history, without={refund.id})
    detail = draw(refund_updates(refund, history.api_version))
    detail["state"] = target
    index = add_detail(data, detail)
    return history, data, None, f"input.refunds.details[{index}].state"


def _two_refunds(draw: st.DrawFn, history: OrderHistory) -> tuple[OrderHistory, list[int]]:
    history = with_refunds(history, 2)
    count = len(history.life.refunds)
    return history, draw(st.permutations(range(count)))[:2]


def shared_refund_alias(draw: st.DrawFn, history: OrderHistory) -> Broken:
    """DuplicateAliasId: two refunds of one call carry the same new aliasId."""
    history, picked = _two_refunds(draw, history)
    refunds = [history.snapshot.refunds[i] for i in picked]
    data = base_input(draw, history, without={r.id for r in refunds})
    alias = {"aliasType": "EXTERNAL_REFUND_ID", "aliasId": f"shared-{draw(st.integers(0, 99))}"}
    for refund in refunds:
        detail = draw(refund_updates(refund, history.api_version))
        detail["aliases"] = [dict(alias)]
        index = add_detail(data, detail)
    return history, data, None, f"input.refunds.details[{index}].aliases[0].aliasId"


def taken_refund_alias(draw: st.DrawFn, history: OrderHistory) -> Broken:
    """InvalidAliasId: a refund is given the aliasId another refund of the order carries."""
    history, (owner, other) = _two_refunds(draw, history)
    if not history.life.refunds[owner][1]:
        history = history.then(Step(Action.ANSWER_REFUND, owner, "SUCCESS"))
    holder, refund = history.snapshot.refunds[owner], history.snapshot.refunds[other]
    data = base_input(draw, history, without={refund.id})
    detail = draw(refund_updates(refund, history.api_version))
    detail["aliases"] = [{"aliasType": "EXTERNAL_REFUND_ID", "aliasId": holder.aliases[0][1]}]
    index = add_detail(data, detail)
    return history, data, None, f"input.refunds.details[{index}].aliases[0].aliasId"


def reason_on_requested_refund(draw: st.DrawFn, history: OrderHistory) -> Broken:
    """InvalidRefundRequestReasonUpdate: a reason sent for a refund Buy with Prime requested."""
    history = with_refunds(history, 1)
    refund = _refund(draw, history)
    data = base_input(draw, history, without={refund.id})
    detail = draw(refund_updates(refund, history.api_version))
    detail["refundRequestReason"] = draw(st.sampled_from(["DAMAGED_DEFECTIVE_ITEM", "OTHERS"]))
    index = add_detail(data, detail)
    return history, data, None, f"input.refunds.details[{index}].refundRequestReason"
