"""Applying Buy with Prime events to a snapshot: the new snapshot and what happened.

Amazon's events are facts, delivered at least once and in any order. A package event is applied
by reachability in the package table (``_reach``): ``APPLIED`` when the state it names is
reachable from the stored one, ``DUPLICATE`` when the package already has it, ``STALE`` when the
stored state is past it, ``CONFLICT`` when the two contradict (the stored state is kept). So the
events of one package end in the same state whatever order they arrive in. Events of a type
orderguard does not model (return-package progress, item grading, tracker milestones, any
unknown type) are ``IGNORED`` with their type in the detail, never an error.

Inferences (the docs do not say them in so many words):

- an event naming a package the snapshot has never seen adds that package in the event's state;
- an event naming no package applies to every package it can reach;
- read back from the couplings (``_couplings``): a ``PENDING`` cancellation becomes ``SUCCESS``
  once every package is ``CANCELLED``, and a pending package cancelled without a stated reason
  while a cancellation is ``PENDING`` was cancelled ``CUSTOMER_REQUESTED``; otherwise the reason
  is the one of the table's first move into ``CANCELLED`` (``UNFULFILLABLE`` while pending,
  ``UNDELIVERABLE`` in transit).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import attrs

from orderguard.enums import PackageState, RefundState, ReturnState
from orderguard.errors import FieldIssue
from orderguard.errors.exceptions import MalformedEventError
from orderguard.statemachine._couplings import cancelling_event, settled_cancellation
from orderguard.statemachine._event_parse import EventKind, OrderEvent, parse_event
from orderguard.statemachine._reach import Outcome, Reached, reach
from orderguard.statemachine._snapshot import (
    OrderSnapshot,
    PackageSnapshot,
    RefundSnapshot,
    ReturnSnapshot,
)

__all__ = ["EventResult", "Outcome", "apply_event"]


@attrs.frozen(slots=True)
class EventResult:
    """The snapshot after an event, the event, and whether it changed anything."""

    snapshot: OrderSnapshot
    event: OrderEvent
    outcome: Outcome
    detail: str = ""


def apply_event(snapshot: OrderSnapshot, event: OrderEvent | Mapping[str, object]) -> EventResult:
    """The snapshot after ``event`` (an ``OrderEvent`` or the raw event JSON of either envelope).

    Raises ``MalformedEventError`` when the event is malformed or is about another order.
    """
    parsed = event if isinstance(event, OrderEvent) else parse_event(event)
    if parsed.order_id not in (snapshot.id, "") or (parsed.kind.modelled and not parsed.order_id):
        raise MalformedEventError(
            "event",
            [FieldIssue("order.id", f"event is for order {parsed.order_id}, not {snapshot.id}")],
        )
    return _HANDLERS.get(parsed.kind, _ignored)(snapshot, parsed)


def _package_event(snapshot: OrderSnapshot, event: OrderEvent) -> EventResult:
    target = event.kind.package_state
    if target is None:
        return _ignored(snapshot, event)
    known = {p.id: p for p in snapshot.packages}
    prefer = cancelling_event(snapshot.cancellation)
    ids = event.package_ids or tuple(known) or ("",)
    results = {pid: reach(_state(known.get(pid)), target, event.reason, prefer) for pid in ids}
    changed = {
        pid: PackageSnapshot(pid, r.state, r.reason)
        for pid, r in results.items()
        if r.outcome is Outcome.APPLIED
    }
    detail = _describe(known, results, target)
    if not changed:
        return EventResult(snapshot, event, _overall(results), detail)
    packages = tuple(changed.pop(p.id, p) for p in snapshot.packages) + tuple(changed.values())
    cancellation = settled_cancellation(snapshot.cancellation, tuple(p.state for p in packages))
    moved = attrs.evolve(snapshot, packages=packages, cancellation=cancellation)
    return EventResult(moved, event, Outcome.APPLIED, detail)


def _state(package: PackageSnapshot | None) -> PackageState | None:
    return None if package is None else package.state


def _overall(results: Mapping[str, Reached]) -> Outcome:
    """Nothing changed: a duplicate if every package was, a conflict if one was, else stale."""
    outcomes = {r.outcome for r in results.values()}
    if outcomes == {Outcome.DUPLICATE}:
        return Outcome.DUPLICATE
    return Outcome.CONFLICT if Outcome.CONFLICT in outcomes else Outcome.STALE


def _describe(
    known: Mapping[str, PackageSnapshot], results: Mapping[str, Reached], target: PackageState
) -> str:
    """What happened to each package the event did not move (empty when it moved them all)."""
    parts = []
    for pid, result in results.items():
        stored = known.get(pid)
        if result.outcome is Outcome.APPLIED or stored is None:
            continue
        name = pid or "package"
        parts.append(f"{name} is {stored.state.value}: {result.outcome.value} ({target.value})")
    return "; ".join(parts)


def _refund_requested(snapshot: OrderSnapshot, event: OrderEvent) -> EventResult:
    if not event.refund_ids:
        raise MalformedEventError(
            "event", [FieldIssue("resources", "REFUND_REQUESTED names no refund ID")]
        )
    new = [rid for rid in dict.fromkeys(event.refund_ids) if snapshot.refund(rid) is None]
    if not new:
        return EventResult(snapshot, event, Outcome.DUPLICATE, "refund already known")
    refunds = snapshot.refunds + tuple(RefundSnapshot(rid, RefundState.PENDING) for rid in new)
    return EventResult(attrs.evolve(snapshot, refunds=refunds), event, Outcome.APPLIED)


def _return_event(snapshot: OrderSnapshot, event: OrderEvent) -> EventResult:
    target = (
        ReturnState.COMPLETED if event.kind is EventKind.RETURN_COMPLETED else ReturnState.CREATED
    )
    return_id = event.return_id or ""
    current = next((r for r in snapshot.returns if r.id == return_id), None)
    if current is not None and current.state is target:
        return EventResult(snapshot, event, Outcome.DUPLICATE, f"return already {target.value}")
    if current is not None and current.state is ReturnState.COMPLETED:
        return EventResult(snapshot, event, Outcome.STALE, "return already COMPLETED")
    others = tuple(r for r in snapshot.returns if r.id != return_id)
    returns = (*others, ReturnSnapshot(return_id, target))
    return EventResult(attrs.evolve(snapshot, returns=returns), event, Outcome.APPLIED)


_WHY_IGNORED = {
    EventKind.TRACKER_MILESTONE: "tracker milestones change no state",
    EventKind.RETURN_PACKAGE: "return-package progress is not modelled",
    EventKind.RETURN_ITEM_GRADED: "return grading is not modelled",
    EventKind.UNKNOWN: "unknown event type",
}


def _ignored(snapshot: OrderSnapshot, event: OrderEvent) -> EventResult:
    why = _WHY_IGNORED.get(event.kind, "not modelled")
    return EventResult(snapshot, event, Outcome.IGNORED, f"{event.name or 'event'}: {why}")


_HANDLERS: dict[EventKind, Callable[[OrderSnapshot, OrderEvent], EventResult]] = {
    EventKind.PACKAGE_IN_TRANSIT: _package_event,
    EventKind.PACKAGE_DELIVERED: _package_event,
    EventKind.PACKAGE_CANCELLED: _package_event,
    EventKind.REFUND_REQUESTED: _refund_requested,
    EventKind.RETURN_STARTED: _return_event,
    EventKind.RETURN_COMPLETED: _return_event,
}
"""The kinds that can change a snapshot (``EventKind.modelled``); every other is ``_ignored``."""
