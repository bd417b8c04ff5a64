"""updateOrder rules: may the order start now, and ``input.refunds.details``.

``execution_start`` needs the order as last seen (a snapshot); without one it does not fire.
The decision itself is the snapshot's ``start_error``
(``statemachine.couplings.start_decision`` over its delivery summary and cancellation); the
rule only says where in the request it applies.

Refunds, from the request alone: ``MissingRefundId``, ``DuplicateRefundId`` and
``DuplicateAliasId``. With the snapshot: ``InvalidRefundId``, ``InvalidAliasId``,
``InvalidRefundRequestReasonUpdate`` and ``InvalidRefundStateTransition`` (the latter from the
state machine's refund table).

Decisions (reference §7.3 and §10: the refund error table of 2024-04-01 was not captured):

- ``DuplicateAliasId`` and ``InvalidAliasId`` are named by the 2024-11-01 table only, but the
  rule they enforce (one alias, one refund of the order) is documented for 2024-04-01 too
  (§3.5), so both versions apply it with these codes.
- ``refundRequestReason`` exists from 2024-11-01 (``Dialect.refund_request_reason``), so
  ``InvalidRefundRequestReasonUpdate`` is judged there only.
- An external refund (added by the merchant, §3.9) still needs a refund ID: a detail without
  one is ``MissingRefundId``, as the table says; how an external refund gets its first ID was
  not captured.
- A refund's running total may go down (a correction): no error is documented for it.
"""

from __future__ import annotations

from collections.abc import Iterator

from orderguard.api.models import RefundDetails
from orderguard.enums import ExecutionState, RefundState
from orderguard.errors import Violation
from orderguard.policies._rule import (
    NEEDS_SNAPSHOT,
    UPDATE,
    CheckedRequest,
    FunctionRule,
    Rule,
    RuleEntry,
)
from orderguard.statemachine import TABLES, Event
from orderguard.statemachine.records import RefundSnapshot


def _execution_start(request: CheckedRequest) -> Iterator[Violation]:
    snapshot = request.snapshot
    if request.update.desired_execution_state is not ExecutionState.STARTED or not snapshot:
        return
    spec = snapshot.start_error
    if spec is not None:
        delivery = snapshot.delivery_summary or "unknown"
        found = f"execution {snapshot.execution}, delivery {delivery}, "
        found += f"cancellation {snapshot.cancellation or 'none'}"
        yield request.violation(
            spec.name,
            "input.desiredExecutionState",
            spec.description,
            expected="an order not yet under way and not cancelled",
            found=found,
        )


def execution_start() -> Rule:
    """``desiredExecutionState: STARTED`` only for an order the state machine lets start."""
    return FunctionRule("execution_start", UPDATE, _execution_start)


def _details(request: CheckedRequest) -> list[RefundDetails]:
    """The refund updates of an updateOrder request."""
    refunds = request.update.refunds
    return refunds.details if refunds else []


_REFUSED = {(f.source, f.event): f.error_name for f in TABLES.refund.forbidden}
"""The refund table's refusals by (state, event), for a lookup per refund."""
_ASKS_FOR = {state: Event.refund_target(state) for state in RefundState}
"""The merchant event that asks for each refund state."""


def _id_problem(
    refund_id: str | None, seen: set[str], known: dict[str, RefundSnapshot] | None
) -> tuple[str, str] | None:
    """(code, message) for a refund entry's ID, or ``None`` when it is fine."""
    if not refund_id:
        return "MissingRefundId", "the refund update carries no Buy with Prime refund ID"
    if refund_id in seen:
        return "DuplicateRefundId", f"refund {refund_id!r} is updated twice in this call"
    if known is not None and refund_id not in known:
        return "InvalidRefundId", f"the order has no refund {refund_id!r}"
    return None


def _refund_ids(request: CheckedRequest) -> Iterator[Violation]:
    known, seen = request.known_refunds, set[str]()
    for index, detail in enumerate(_details(request)):
        problem = _id_problem(detail.id, seen, known)
        if problem:
            code, message = problem
            yield request.violation(
                code,
                f"input.refunds.details[{index}].id",
                message,
                expected="a refund ID of this order, once per call",
                found=detail.id or "missing",
            )
        if detail.id:
            seen.add(detail.id)


def refund_ids() -> Rule:
    """Every refund update names a refund of the order, each at most once per call."""
    return FunctionRule("refund_ids", UPDATE, _refund_ids)


def _alias_owners(known: dict[str, RefundSnapshot] | None) -> dict[str, str]:
    """aliasId -> the ID of the order's refund that carries it."""
    return {alias_id: rid for rid, r in (known or {}).items() for _, alias_id in r.aliases}


def _refund_aliases(request: CheckedRequest) -> Iterator[Violation]:
    owners, first_use = _alias_owners(request.known_refunds), dict[str, int]()
    for index, detail in enumerate(_details(request)):
        for position, alias in enumerate(detail.aliases or ()):
            path = "input.refunds.details[{}].aliases[{}].aliasId"
            alias_id, owner = alias.alias_id, owners.get(alias.alias_id)
            if first_use.setdefault(alias_id, index) != index:
                yield request.violation(
                    "DuplicateAliasId",
                    path.format(index, position),
                    f"aliasId {alias_id!r} is also on refunds.details[{first_use[alias_id]}]",
                    expected="an aliasId no other refund in the call uses",
                    found=alias_id,
                )
            elif owner is not None and owner != detail.id:
                yield request.violation(
                    "InvalidAliasId",
                    path.format(index, position),
                    f"aliasId {alias_id!r} already belongs to refund {owner!r}",
                    expected="an aliasId no other refund of the order carries",
                    found=alias_id,
                )


def refund_aliases() -> Rule:
    """No two refunds share an aliasId, in the call or on the order."""
    return FunctionRule("refund_aliases", UPDATE, _refund_aliases)


def _refund_request_reason(request: CheckedRequest) -> Iterator[Violation]:
    if not request.dialect.refund_request_reason:
        return  # the code exists in the 2024-11-01 refund error table only (reference 7.3)
    known = request.known_refunds or {}
    for index, detail in enumerate(_details(request)):
        refund = known.get(detail.id or "")
        if detail.refund_request_reason is None or refund is None or refund.external:
            continue
        yield request.violation(
            "InvalidRefundRequestReasonUpdate",
            f"input.refunds.details[{index}].refundRequestReason",
            f"refund {refund.id!r} was requested by Buy with Prime; only external refunds "
            "take a refundRequestReason",
            expected="no refundRequestReason",
            found=detail.refund_request_reason.value,
        )


def refund_request_reason() -> Rule:
    """``refundRequestReason`` only on external refunds (the snapshot says which); 2024-11-01."""
    return FunctionRule("refund_request_reason", UPDATE, _refund_request_reason)


def _next_states(state: RefundState) -> str:
    """The states the refund table lets a refund in ``state`` move to, for messages."""
    moves = TABLES.refund.moves
    targets = [str(m.dest) for m in moves if m.source == state and m.event != Event.REQUEST_REFUND]
    return ", ".join(targets) or f"none ({state} is final)"


def _refund_transitions(request: CheckedRequest) -> Iterator[Violation]:
    known = request.known_refunds or {}
    for index, detail in enumerate(_details(request)):
        refund = known.get(detail.id or "")
        if refund is None or detail.state is None:
            continue
        refusal = _REFUSED.get((refund.state, _ASKS_FOR[detail.state]))
        if refusal is not None:
            yield request.violation(
                refusal,
                f"input.refunds.details[{index}].state",
                f"refund {refund.id!r} cannot move from {refund.state} to {detail.state}",
                expected=_next_states(refund.state),
                found=detail.state.value,
            )


def refund_transitions() -> Rule:
    """Each refund moves only as the state machine's refund table allows (needs the order)."""
    return FunctionRule("refund_transitions", UPDATE, _refund_transitions)


UPDATE_RULES = (
    RuleEntry(
        execution_start,
        ("ExecutionAlreadyStarted", "ExecutionCannotBeStartedDueToCancellation"),
        needs=NEEDS_SNAPSHOT,
    ),
    RuleEntry(refund_ids, ("MissingRefundId", "DuplicateRefundId", "InvalidRefundId")),
    RuleEntry(refund_transitions, ("InvalidRefundStateTransition",), needs=NEEDS_SNAPSHOT),
    RuleEntry(refund_aliases, ("DuplicateAliasId", "InvalidAliasId")),
    RuleEntry(refund_request_reason, ("InvalidRefundRequestReasonUpdate",), needs=NEEDS_SNAPSHOT),
)
"""Every updateOrder rule of its own, in the order the checker runs them (the link and alias
rules it shares with createOrder are ``ORDER_RULES``)."""
