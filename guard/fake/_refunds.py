"""updateOrder's ``refunds.details``: the refund error table and the refund state table.

Checks run as whole passes over the request, in this order: ``MissingRefundId``,
``DuplicateRefundId``, ``InvalidRefundId``, ``InvalidRefundRequestReasonUpdate`` (2024-11-01),
``InvalidRefundStateTransition``, ``DuplicateAliasId`` and ``InvalidAliasId``. Every refund in
the fake was requested by Buy with Prime, so ``refundRequestReason`` (allowed for external
refunds only) is always refused on 2024-11-01; 2024-04-01 ignores the field. The two alias codes
are named only by the 2024-11-01 error table, but the rule they enforce (one alias, one refund)
is documented for 2024-04-01 too (reference section 3.5), so both versions apply it with them.

State table (reference §4.4): the state machine's refund table, the one copy of it
(``statemachine.next_refund_states``), including its decision on ``REJECTED`` (which only
2024-11-01 knows): ``PENDING`` may become ``REJECTED``, and ``REJECTED`` is terminal with no
repeat (unlike ``SUCCESS``, which the table documents as repeatable).
"""

from __future__ import annotations

from typing import Any

import attrs

from orderguard.enums import RefundState
from orderguard.fake._dialect import Dialect
from orderguard.fake._model import Refund, StoredOrder
from orderguard.fake._reader import (
    AliasPair,
    aliases,
    choice,
    decimal,
    need_obj,
    need_text,
    obj,
    objects,
    rejected,
    text,
)
from orderguard.statemachine.couplings import next_refund_states

NEXT_REFUND_STATES: dict[str, frozenset[str]] = {
    state.value: frozenset(target.value for target in next_refund_states(state))
    for state in RefundState
}
"""For each refund state, the states the merchant's next update may report (the refund table)."""


@attrs.frozen(slots=True)
class RefundUpdate:
    """One ``refunds.details[]`` entry as read; ``refund`` is set once its ID is resolved."""

    path: str
    id: str | None
    amount: str
    currency: str
    state: str | None
    aliases: list[AliasPair]
    has_request_reason: bool


Planned = tuple[RefundUpdate, Refund]


def plan_refunds(
    order: StoredOrder, order_input: dict[str, Any], dialect: Dialect
) -> list[Planned]:
    """Read and check every refund update of the request, paired with its refund; no writes."""
    refunds = obj(order_input, "refunds", "input") or {}
    details = objects(refunds, "details", "input.refunds")
    updates = [_read(d, f"input.refunds.details[{i}]", dialect) for i, d in enumerate(details)]
    planned = _resolve_ids(order, updates)
    if dialect.refund_request_reason:
        _check_request_reasons(updates)
    _check_transitions(planned)
    _check_aliases(order, updates)
    return planned


def apply_refunds(planned: list[Planned]) -> None:
    """Write checked updates: running total, state, aliases (a known aliasType is overwritten)."""
    for update, refund in planned:
        refund.amount, refund.currency = update.amount, update.currency
        refund.state = update.state or refund.state
        for alias_type, alias_id in update.aliases:
            kept = [pair for pair in refund.aliases if pair[0] != alias_type]
            refund.aliases = (*kept, (alias_type, alias_id))


def _read(detail: dict[str, Any], path: str, dialect: Dialect) -> RefundUpdate:
    total = need_obj(need_obj(detail, "refundTotal", path), "totalAmount", f"{path}.refundTotal")
    where = f"{path}.refundTotal.totalAmount"
    decimal(total, "amount", where)
    return RefundUpdate(
        path=path,
        id=text(detail, "id", path),
        amount=str(total["amount"]),
        currency=need_text(total, "currencyCode", where),
        state=choice(detail, "state", dialect.refund_states, path),
        aliases=aliases(detail, "aliases", path),
        has_request_reason=detail.get("refundRequestReason") is not None,
    )


def _resolve_ids(order: StoredOrder, updates: list[RefundUpdate]) -> list[Planned]:
    """``MissingRefundId``, ``DuplicateRefundId``, ``InvalidRefundId``; then attach refunds."""
    for update in updates:
        if not update.id:
            raise rejected("MissingRefundId", f"{update.path} has no Buy with Prime refund ID")
    ids = [update.id for update in updates]
    for index, refund_id in enumerate(ids):
        if refund_id in ids[:index]:
            raise rejected("DuplicateRefundId", f"refund {refund_id!r} is updated twice")
    known = {refund.id: refund for refund in order.refunds}
    for update in updates:
        if update.id not in known:
            raise rejected("InvalidRefundId", f"order {order.id} has no refund {update.id!r}")
    return [(update, known[str(update.id)]) for update in updates]


def _check_request_reasons(updates: list[RefundUpdate]) -> None:
    for update in updates:
        if update.has_request_reason:
            raise rejected(
                "InvalidRefundRequestReasonUpdate",
                f"refund {update.id!r} was requested by Buy with Prime; it takes no "
                "refundRequestReason",
            )


def _check_transitions(planned: list[Planned]) -> None:
    for update, refund in planned:
        if update.state is not None and update.state not in NEXT_REFUND_STATES[refund.state]:
            raise rejected(
                "InvalidRefundStateTransition",
                f"refund {update.id!r} cannot move from {refund.state} to {update.state}",
            )


def _check_aliases(order: StoredOrder, updates: list[RefundUpdate]) -> None:
    """``DuplicateAliasId`` within the request, then ``InvalidAliasId`` against other refunds."""
    owners: dict[str, str | None] = {}
    for update in updates:
        for _, alias_id in update.aliases:
            if owners.setdefault(alias_id, update.id) != update.id:
                raise rejected("DuplicateAliasId", f"two refunds carry aliasId {alias_id!r}")
    for update in updates:
        for _, alias_id in update.aliases:
            holder = _alias_holder(order, alias_id)
            if holder is not None and holder != update.id:
                raise rejected(
                    "InvalidAliasId", f"aliasId {alias_id!r} belongs to refund {holder!r}"
                )


def _alias_holder(order: StoredOrder, alias_id: str) -> str | None:
    return next(
        (r.id for r in order.refunds if any(pair[1] == alias_id for pair in r.aliases)), None
    )
