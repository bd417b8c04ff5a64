"""Amazon's moves on an order, as values: what the scheduler picks and what the fake applies."""

from __future__ import annotations

import enum

import attrs


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
