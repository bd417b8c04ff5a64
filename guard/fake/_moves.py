"""Amazon's moves on an order, as values: what the scheduler picks and what the fake applies."""

from __future__ import annotations

import enum

import attrs

from orderguard.enums import PackageCancelReason
from orderguard.statemachine import TABLES, Actor, Event


class MoveKind(enum.StrEnum):
    """A kind of move only Amazon makes (fulfilment, cancellation decisions, returns)."""

    SHIP = "ship"
    DELIVER = "deliver"
    CANCEL_PACKAGE = "cancel_package"
    SPLIT_PACKAGE = "split_package"
    REQUEST_REFUND = "request_refund"
    RESOLVE_CANCELLATION = "resolve_cancellation"
    START_RETURN = "start_return"
    COMPLETE_RETURN = "complete_return"


@attrs.frozen(slots=True)
class AmazonMove:
    """One Amazon-side move on one order.

    ``target_id`` is the package (ship, deliver, cancel, split, start a return), cancellation or
    return it acts on (``None`` for a refund request). ``detail`` is the package-cancellation
    reason, ``SUCCESS`` or ``REJECTED`` for a cancellation decision, or a refund's amount.
    """

    kind: MoveKind
    order_id: str
    target_id: str | None = None
    detail: str | None = None

    @property
    def event(self) -> Event | None:
        """The state machine's event this move makes, ``None`` if no table has one.

        Splitting a package and returns are the fake's own; a cancellation decision is
        ``succeed`` or ``reject``; a package cancellation is the event of its reason.
        """
        if self.kind is MoveKind.CANCEL_PACKAGE:
            reason = PackageCancelReason.__members__.get(str(self.detail))
            return None if reason is None else Event.package_cancel(reason)
        if self.kind is MoveKind.RESOLVE_CANCELLATION:
            return _DECISIONS.get(str(self.detail))
        return _EVENTS.get(self.kind)


_EVENTS = {
    MoveKind.SHIP: Event.SHIP,
    MoveKind.DELIVER: Event.DELIVER,
    MoveKind.REQUEST_REFUND: Event.REQUEST_REFUND,
}
_DECISIONS = {
    move.dest.value: move.event for move in TABLES.cancellation.moves if move.actor is Actor.AMAZON
}
"""A cancellation decision's ``detail`` (the request's new state) -> its event."""
