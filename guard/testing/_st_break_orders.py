"""updateOrder and cancelOrder requests breaking one order-level rule, for an order with a past.

A breaker takes a drawn ``OrderHistory``, extends it with legal steps until the rule can apply (a
package under way, a cancellation, packages no longer pending), writes a valid request for the
order (``update_inputs`` / ``cancel_inputs``) and breaks one rule in it. It returns the history
the request is for, the request's ``input``, the context (``None`` unless the rule needs one) and
the violation's path. The helpers here are shared with the refund breakers.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from hypothesis import strategies as st

from orderguard.api import dialect_for
from orderguard.enums import CancellationState, ExecutionState, PackageState, RefundState
from orderguard.testing._history import OrderHistory
from orderguard.testing._life import Action, Step
from orderguard.testing._st_lifecycle import cancel_inputs, update_inputs
from orderguard.testing._st_values import alias_lists, order_links

JSON = dict[str, Any]
Broken = tuple[OrderHistory, JSON, JSON | None, str]
"""(the order's history, the request's ``input``, the context or ``None``, the path)."""
Breaker = Callable[[st.DrawFn, OrderHistory], Broken]

_UNDER_WAY = (PackageState.IN_TRANSIT, PackageState.DELIVERED)
_CANCELLED_START = "ExecutionCannotBeStartedDueToCancellation"


def fresh(history: OrderHistory) -> OrderHistory:
    """The same order just after it was created."""
    return OrderHistory.begin(history.create, history.api_version)


def extended(history: OrderHistory, *steps: Step) -> OrderHistory | None:
    """``history`` with ``steps`` added, or ``None`` if the tables refuse one of them."""
    try:
        for step in steps:
            history = history.then(step)
    except ValueError:
        return None
    return history


def with_refunds(history: OrderHistory, count: int) -> OrderHistory:
    """``history`` with refund requests added until the order has ``count`` refunds."""
    while len(history.life.refunds) < count:
        history = history.then(Step(Action.REQUEST_REFUND))
    return history


def base_input(draw: st.DrawFn, history: OrderHistory, without: Collection[str] = ()) -> JSON:
    """A valid update ``input`` for the order, leaving out updates of the ``without`` refunds."""
    data: JSON = draw(update_inputs(history.snapshot, history.api_version))
    details = data.get("refunds", {}).get("details", [])
    data["refunds"] = {"details": [d for d in details if d["id"] not in without]}
    return data


def add_detail(data: JSON, detail: JSON) -> int:
    """Append a refund update to ``data``; its index."""
    details: list[JSON] = data["refunds"]["details"]
    details.append(detail)
    return len(details) - 1


def _under_way(history: OrderHistory) -> OrderHistory | None:
    """Resolve a pending cancellation, start the order and ship every pending package."""
    life, steps = history.life, []
    if life.cancellation is CancellationState.PENDING:
        steps.append(Step(Action.RESOLVE_CANCELLATION, None, "REJECTED"))
    if life.execution is ExecutionState.NOT_STARTED:
        steps.append(Step(Action.START))
    pending = [i for i, (state, _) in enumerate(life.packages) if state is PackageState.PENDING]
    moved = extended(history, *steps, *(Step(Action.SHIP, i) for i in pending))
    return moved if moved and moved.snapshot.delivery_summary in _UNDER_WAY else None


def _cancelling(draw: st.DrawFn, history: OrderHistory) -> OrderHistory | None:
    """The order cancelled, or being cancelled, before any package left."""
    if history.life.start_refusal() == _CANCELLED_START:
        return history
    outcome = draw(st.sampled_from([(), (Step(Action.RESOLVE_CANCELLATION, None, "SUCCESS"),)]))
    return extended(history, Step(Action.CANCEL), *outcome)


def already_started(draw: st.DrawFn, history: OrderHistory) -> Broken:
    """ExecutionAlreadyStarted: STARTED sent to an order in transit or delivered."""
    moved = _under_way(history) or _under_way(fresh(history))
    assert moved is not None, "a fresh order can always be started and shipped"
    data = base_input(draw, moved)
    data["desiredExecutionState"] = "STARTED"
    return moved, data, None, "input.desiredExecutionState"


def start_when_cancelled(draw: st.DrawFn, history: OrderHistory) -> Broken:
    """ExecutionCannotBeStartedDueToCancellation: STARTED sent to a cancelled order."""
    moved = _cancelling(draw, history) or _cancelling(draw, fresh(history))
    assert moved is not None, "a fresh order can always be cancelled"
    data = base_input(draw, moved)
    data["desiredExecutionState"] = "STARTED"
    return moved, data, None, "input.desiredExecutionState"


def too_many_links(draw: st.DrawFn, history: OrderHistory) -> Broken:
    """OrderLinkLimitExceeded: links the order has plus new ones exceed five."""
    data = base_input(draw, history)
    over = 6 - len(history.snapshot.order_links) + draw(st.integers(0, 2))
    data["orderLinks"] = draw(order_links(over, over))
    return history, data, None, "input.orderLinks"


def alias_on_order(draw: st.DrawFn, history: OrderHistory) -> Broken:
    """AliasValueAlreadyExists: an alias the order already has is added again."""
    data = base_input(draw, history)
    kind, value = draw(st.sampled_from(history.snapshot.aliases))
    position = draw(st.integers(0, len(data["aliases"])))
    data["aliases"].insert(position, {"aliasType": kind, "aliasId": value})
    return history, data, None, f"input.aliases[{position}]"


def too_many_aliases(draw: st.DrawFn, history: OrderHistory) -> Broken:
    """AliasValueAlreadyExists: the order's aliases plus new ones exceed five."""
    data = base_input(draw, history)
    over = 6 - len(history.snapshot.aliases) + draw(st.integers(0, 1))
    data["aliases"] = draw(alias_lists("update-", over, over))
    return history, data, None, "input.aliases"


def alias_in_use(draw: st.DrawFn, history: OrderHistory) -> Broken:
    """AliasValueAlreadyExists: another order of the store already carries the new alias."""
    if len(history.snapshot.aliases) == 5:
        return alias_on_order(draw, history)
    data = base_input(draw, history)
    alias = {"aliasType": "EXTERNAL_ID", "aliasId": f"other-order-{draw(st.integers(0, 99))}"}
    data["aliases"] = [alias]
    return history, data, {"usedAliases": [dict(alias)]}, "input.aliases[0]"


def cancel_not_pending(draw: st.DrawFn, history: OrderHistory) -> Broken:
    """CancellationRequiresPendingPackages: a package has moved, or the order is cancelled."""
    if history.life.cancel_refusal() is None:
        cancel = Step(Action.CANCEL_PACKAGE, 0, "UNFULFILLABLE")  # held while a request is PENDING
        history = extended(history, cancel) or fresh(history).then(cancel)
    separate = dialect_for(history.api_version).identifier_argument
    return (
        history,
        draw(cancel_inputs()),
        None,
        "orderIdentifier" if separate else "input.orderIdentifier",
    )


def too_many_cancel_aliases(draw: st.DrawFn, history: OrderHistory) -> Broken:
    """CancellationAliasLimitExceeded: 6 to 8 aliases on the cancellation of a pending order."""
    if history.life.cancel_refusal() is not None:
        history = fresh(history)
    data = draw(cancel_inputs())
    data["aliases"] = draw(alias_lists("cancel-", 6, 8))
    return history, data, None, "input.aliases"


def update_misfit(draw: st.DrawFn, history: OrderHistory) -> Broken:
    """SchemaError: an execution state or refund state the version's schema does not have."""
    data = base_input(draw, history)
    rejected_unknown = RefundState.REJECTED not in dialect_for(history.api_version).refund_states
    if rejected_unknown and history.snapshot.refunds and draw(st.booleans()):
        refund = draw(st.sampled_from(history.snapshot.refunds))
        data["refunds"]["details"] = [d for d in data["refunds"]["details"] if d["id"] != refund.id]
        detail = {
            "id": refund.id,
            "refundTotal": {"totalAmount": {"amount": "1.00", "currencyCode": "USD"}},
        }
        index = add_detail(data, detail | {"state": "REJECTED"})
        return history, data, None, f"input.refunds.details[{index}].state"
    data["desiredExecutionState"] = draw(st.sampled_from(["PAUSED", "started", "DONE"]))
    return history, data, None, "input.desiredExecutionState"


def cancel_misfit(draw: st.DrawFn, history: OrderHistory) -> Broken:
    """SchemaError: a cancellation reason the schema does not have, for a pending order."""
    if history.life.cancel_refusal() is not None:
        history = fresh(history)
    data = draw(cancel_inputs())
    data["reason"] = draw(st.sampled_from(["CHANGED_MIND", "other", "FRAUD"]))
    return history, data, None, "input.reason"
