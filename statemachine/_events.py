"""The vocabulary the tables share: who moves a machine, the events, and the "no request" state.

States are the API's own enums (``orderguard.enums``). Events are ours: one ``Event`` enum for
every machine, each event belonging to one actor and, for the merchant's, to the GraphQL operation
that carries it (so a forbidden move can name the catalog entry the API would answer with).
"""

from __future__ import annotations

from orderguard.enums import HashedStrEnum, Operation, PackageCancelReason, RefundState


class Actor(HashedStrEnum):
    """Who makes a move: the merchant through the API, or Amazon (fulfilment, carrier, BwP)."""

    MERCHANT = "MERCHANT"
    AMAZON = "AMAZON"


class NoRequest(HashedStrEnum):
    """The state of a cancellation or refund that does not exist yet (``None`` on a snapshot)."""

    NONE = "NONE"


class Event(HashedStrEnum):
    """Every event of every machine; ``actor`` and ``operation`` say who sends it and how."""

    START = "start"
    """Merchant: ``updateOrder`` with ``desiredExecutionState: STARTED``."""
    SHIP = "ship"
    """Amazon: a package leaves (``PACKAGE_DELIVERY_IN_TRANSIT``)."""
    DELIVER = "deliver"
    """Amazon: a package arrives (``PACKAGE_DELIVERED``)."""
    CANCEL_UNFULFILLABLE = "cancel_unfulfillable"
    """Amazon: a pending package is cancelled, reason ``UNFULFILLABLE``."""
    CANCEL_CUSTOMER_REQUESTED = "cancel_customer_requested"
    """Amazon: a pending package is cancelled, reason ``CUSTOMER_REQUESTED``."""
    CANCEL_UNDELIVERABLE = "cancel_undeliverable"
    """Amazon: a package in transit is cancelled, reason ``UNDELIVERABLE``."""
    CANCEL = "cancel"
    """Merchant: ``cancelOrder`` (creates a ``PENDING`` cancellation request)."""
    SUCCEED = "succeed"
    """Amazon: the cancellation request succeeded."""
    REJECT = "reject"
    """Amazon: the cancellation request was rejected."""
    REQUEST_REFUND = "request_refund"
    """Amazon: a refund is requested (``REFUND_REQUESTED``); it starts ``PENDING``."""
    SET_PENDING = "set_PENDING"
    """Merchant: ``updateOrder.refunds`` asks for state ``PENDING``."""
    SET_PARTIAL = "set_PARTIAL"
    """Merchant: ``updateOrder.refunds`` asks for state ``PARTIAL``."""
    SET_FAILURE = "set_FAILURE"
    """Merchant: ``updateOrder.refunds`` asks for state ``FAILURE``."""
    SET_SUCCESS = "set_SUCCESS"
    """Merchant: ``updateOrder.refunds`` asks for state ``SUCCESS``."""
    SET_REJECTED = "set_REJECTED"
    """Merchant: ``updateOrder.refunds`` asks for state ``REJECTED`` (2024-11-01 only)."""

    @property
    def actor(self) -> Actor:
        """Who sends this event."""
        return Actor.MERCHANT if self in _OPERATIONS else Actor.AMAZON

    @property
    def operation(self) -> Operation | None:
        """The GraphQL operation a merchant event is sent with; ``None`` for Amazon's events."""
        return _OPERATIONS.get(self)

    @property
    def cancel_reason(self) -> PackageCancelReason | None:
        """The reason a package-cancelling event gives (``None`` for every other event)."""
        return _REASON_BY_CANCEL.get(self)

    @classmethod
    def package_cancel(cls, reason: PackageCancelReason) -> Event:
        """The package event that cancels a package for ``reason``."""
        return _CANCEL_BY_REASON[reason]

    @classmethod
    def refund_target(cls, state: RefundState) -> Event:
        """The merchant event that asks for refund state ``state``."""
        return cls(f"set_{state.value}")


_OPERATIONS: dict[Event, Operation] = {
    Event.START: Operation.UPDATE_ORDER,
    Event.CANCEL: Operation.CANCEL_ORDER,
    **{Event.refund_target(state): Operation.UPDATE_ORDER for state in RefundState},
}

_CANCEL_BY_REASON: dict[PackageCancelReason, Event] = {
    PackageCancelReason.UNFULFILLABLE: Event.CANCEL_UNFULFILLABLE,
    PackageCancelReason.CUSTOMER_REQUESTED: Event.CANCEL_CUSTOMER_REQUESTED,
    PackageCancelReason.UNDELIVERABLE: Event.CANCEL_UNDELIVERABLE,
}
_REASON_BY_CANCEL = {event: reason for reason, event in _CANCEL_BY_REASON.items()}
