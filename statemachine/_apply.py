"""Applying Buy with Prime events to a snapshot: the new snapshot and what happened.

Amazon's events are facts, but they can arrive twice or out of order. ``apply_event`` never lets
one move a package backwards or out of a terminal state: such an event leaves the snapshot as it
was and is reported ``STALE``. An event that asks for the state a package already has is a
``DUPLICATE`` and changes nothing.

Inferences (the docs do not say them in so many words):

- an event naming a package the snapshot has never seen adds that package in the event's state;
- an event naming no package applies to every package it can legally move;
- a ``PENDING`` cancellation becomes ``SUCCESS`` once every package is ``CANCELLED`` (Amazon
  announces a successful cancellation with ``PACKAGE_DELIVERY_CANCELLED``);
- a package cancelled without a stated reason gets the only reason its state allows
  (``UNDELIVERABLE`` in transit; ``UNFULFILLABLE`` while pending).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import attrs

from orderguard.enums import (
    CancellationState,
    HashedStrEnum,
    PackageCancelReason,
    PackageState,
    RefundState,
    ReturnState,
)
from orderguard.errors import FieldIssue, MalformedEventError
from orderguard.statemachine._compiled import compiled
from orderguard.statemachine._event_parse import EventKind, OrderEvent, parse_event
from orderguard.statemachine._events import Event
from orderguard.statemachine._snapshot import (
    OrderSnapshot,
    PackageSnapshot,
    RefundSnapshot,
    ReturnSnapshot,
)
from orderguard.statemachine._tables import PACKAGE

_PACKAGE_MOVES = compiled(PACKAGE)
_TARGET = {
    EventKind.PACKAGE_IN_TRANSIT: PackageState.IN_TRANSIT,
    EventKind.PACKAGE_DELIVERED: PackageState.DELIVERED,
    EventKind.PACKAGE_CANCELLED: PackageState.CANCELLED,
}
_DEFAULT_REASON = {
    PackageState.PENDING: PackageCancelReason.UNFULFILLABLE,
    PackageState.IN_TRANSIT: PackageCancelReason.UNDELIVERABLE,
}


class Outcome(HashedStrEnum):
    """What an event did to the snapshot."""

    APPLIED = "applied"
    DUPLICATE = "duplicate"
    STALE = "stale"
    IGNORED = "ignored"


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
    if parsed.order_id != snapshot.id:
        raise MalformedEventError(
            "event",
            [FieldIssue("order.id", f"event is for order {parsed.order_id}, not {snapshot.id}")],
        )
    return _HANDLERS[parsed.kind](snapshot, parsed)


def _package_event(snapshot: OrderSnapshot, event: OrderEvent) -> EventResult:
    target = _TARGET[event.kind]
    known = {p.id: p for p in snapshot.packages}
    ids = event.package_ids or tuple(known) or ("",)
    moved = [_move_package(known.get(pid), pid, target, event.reason) for pid in ids]
    changed = {p.id: p for p, outcome in moved if outcome is Outcome.APPLIED}
    if not changed:
        outcome = (
            Outcome.DUPLICATE if all(o is Outcome.DUPLICATE for _, o in moved) else Outcome.STALE
        )
        return EventResult(snapshot, event, outcome, _describe(moved, target))
    packages = tuple(changed.pop(p.id, p) for p in snapshot.packages) + tuple(changed.values())
    return EventResult(_settle_cancellation(snapshot, packages), event, Outcome.APPLIED)


def _move_package(
    package: PackageSnapshot | None,
    package_id: str,
    target: PackageState,
    reason: PackageCancelReason | None,
) -> tuple[PackageSnapshot, Outcome]:
    """One package moved toward ``target`` if its table allows, with the outcome."""
    if package is None:
        return PackageSnapshot(
            package_id, target, _reason_for(target, reason, None)
        ), Outcome.APPLIED
    if package.state == target:
        return package, Outcome.DUPLICATE
    cancel_reason = _reason_for(target, reason, package.state)
    event = Event.package_cancel(cancel_reason) if cancel_reason else _plain_event(target)
    dest = _PACKAGE_MOVES.dest(package.state, event)
    if dest is None:
        return package, Outcome.STALE
    return PackageSnapshot(package.id, dest, cancel_reason), Outcome.APPLIED


def _reason_for(
    target: PackageState, reason: PackageCancelReason | None, source: PackageState | None
) -> PackageCancelReason | None:
    if target is not PackageState.CANCELLED:
        return None
    return reason or _DEFAULT_REASON.get(source or PackageState.PENDING)


def _plain_event(target: PackageState) -> Event:
    return Event.SHIP if target is PackageState.IN_TRANSIT else Event.DELIVER


def _describe(moved: list[tuple[PackageSnapshot, Outcome]], target: PackageState) -> str:
    stale = [p for p, outcome in moved if outcome is Outcome.STALE]
    if not stale:
        return f"every package is already {target.value}"
    states = ", ".join(f"{p.id or 'package'} is {p.state.value}" for p in stale)
    return f"cannot move to {target.value}: {states}"


def _settle_cancellation(
    snapshot: OrderSnapshot, packages: tuple[PackageSnapshot, ...]
) -> OrderSnapshot:
    """The snapshot with new packages; a pending cancellation succeeds once all are cancelled."""
    cancellation = snapshot.cancellation
    all_cancelled = all(p.state is PackageState.CANCELLED for p in packages)
    if cancellation is CancellationState.PENDING and all_cancelled:
        cancellation = CancellationState.SUCCESS
    return attrs.evolve(snapshot, packages=packages, cancellation=cancellation)


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


def _milestone(snapshot: OrderSnapshot, event: OrderEvent) -> EventResult:
    return EventResult(snapshot, event, Outcome.IGNORED, "tracker milestones change no state")


_HANDLERS: dict[EventKind, Callable[[OrderSnapshot, OrderEvent], EventResult]] = {
    EventKind.PACKAGE_IN_TRANSIT: _package_event,
    EventKind.PACKAGE_DELIVERED: _package_event,
    EventKind.PACKAGE_CANCELLED: _package_event,
    EventKind.TRACKER_MILESTONE: _milestone,
    EventKind.REFUND_REQUESTED: _refund_requested,
    EventKind.RETURN_STARTED: _return_event,
    EventKind.RETURN_COMPLETED: _return_event,
}
