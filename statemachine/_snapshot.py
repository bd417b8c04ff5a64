"""OrderSnapshot: the order as last seen, built from an ``order`` query response.

Snapshots are frozen, slotted attrs records: cheap to keep a million of, safe to share between
threads, and replaced (never mutated) when an event or a response brings news.
"""

from __future__ import annotations

import attrs

from orderguard.api import Order, parse_order
from orderguard.api.models import Refund
from orderguard.enums import (
    ApiVersion,
    CancellationState,
    ExecutionState,
    PackageCancelReason,
    PackageState,
    RefundState,
    ReturnState,
)
from orderguard.errors import ErrorSpec
from orderguard.statemachine._compiled import may_start, start_error
from orderguard.statemachine._conditions import cancellation_summary, delivery_summary
from orderguard.statemachine._decisions import cancel_decision

AliasPair = tuple[str, str]


@attrs.frozen(slots=True)
class PackageSnapshot:
    """One outbound package: its ID, state and (when cancelled) the reason."""

    id: str
    state: PackageState
    reason: PackageCancelReason | None = None


@attrs.frozen(slots=True)
class RefundSnapshot:
    """One refund of the order: its BwP ID, state and aliases."""

    id: str
    state: RefundState = RefundState.PENDING
    aliases: tuple[AliasPair, ...] = ()
    external: bool = False


@attrs.frozen(slots=True)
class ReturnSnapshot:
    """One return the order's events announced: its ID (``""`` when unnamed) and state."""

    id: str
    state: ReturnState = ReturnState.CREATED


@attrs.frozen(slots=True)
class OrderSnapshot:
    """The order as last seen: execution, packages, cancellation, refunds, aliases and links.

    ``cancellation`` is the state of the request that counts when the order lists several
    (``CANCELLATION_PRECEDENCE``: a success, else a pending one, else a rejected one).

    ``reported_summary`` keeps the API's delivery summary only for orders whose package details
    are unknown; when details are known the summary is always derived from them.
    """

    id: str
    execution: ExecutionState = ExecutionState.NOT_STARTED
    packages: tuple[PackageSnapshot, ...] = ()
    cancellation: CancellationState | None = None
    refunds: tuple[RefundSnapshot, ...] = ()
    aliases: tuple[AliasPair, ...] = ()
    order_links: tuple[str, ...] = ()
    reported_summary: PackageState | None = None
    returns: tuple[ReturnSnapshot, ...] = ()
    delivery_summary: PackageState | None = attrs.field(init=False, eq=False, repr=False)
    """The delivery state rolled up from the packages (the API's summary if none is known).

    Derived when the snapshot is built, never set on its own, so the hot-path checks read it
    without walking the packages again.
    """

    may_start: bool = attrs.field(init=False, eq=False, repr=False)
    """Whether fulfilment may be started now: ``start_error is None``, answered once when the
    snapshot is built (from the compiled table), so the hot path is a plain attribute read."""

    def __attrs_post_init__(self) -> None:
        rolled_up = delivery_summary(p.state for p in self.packages) if self.packages else None
        summary = rolled_up or self.reported_summary
        object.__setattr__(self, "delivery_summary", summary)
        startable = may_start(self.execution, summary, self.cancellation)
        object.__setattr__(self, "may_start", startable)

    @property
    def start_error(self) -> ErrorSpec | None:
        """The API error ``desiredExecutionState: STARTED`` would meet now, or ``None``."""
        return start_error(self.execution, self.delivery_summary, self.cancellation)

    @property
    def cancel_error(self) -> ErrorSpec | None:
        """The API error ``cancelOrder`` would meet now, or ``None``."""
        states = [p.state for p in self.packages]
        if not states and self.reported_summary is not None:
            # Only the API's summary is known: every package is pending only if it says so.
            states = [self.reported_summary]
        return cancel_decision(states, self.cancellation)

    @classmethod
    def from_order(cls, order: Order) -> OrderSnapshot:
        """Build a snapshot from a parsed ``order`` query result."""
        info = order.package_information
        details = (info.details or []) if info else []
        summary = info.summary.state if info and info.summary and not details else None
        return cls(
            id=order.id,
            execution=_execution_of(order),
            packages=tuple(PackageSnapshot(p.id, p.state, p.reason) for p in details),
            cancellation=_cancellation_of(order),
            refunds=tuple(_refund_of(r) for r in order.refunds.details) if order.refunds else (),
            aliases=tuple(a.pair for a in order.aliases),
            order_links=tuple(link.url for link in order.order_links),
            reported_summary=summary,
        )

    @classmethod
    def from_json(
        cls, data: object, api_version: ApiVersion | str = ApiVersion.V2024_11_01
    ) -> OrderSnapshot:
        """Build a snapshot from ``order`` query JSON, bare or as ``{"data": {"order": ...}}``."""
        return cls.from_order(parse_order(data, api_version))

    def refund(self, refund_id: str) -> RefundSnapshot | None:
        """The refund with BwP ID ``refund_id``, if the order has it."""
        return next((r for r in self.refunds if r.id == refund_id), None)

    def package(self, package_id: str) -> PackageSnapshot | None:
        """The package with ID ``package_id``, if the order has it."""
        return next((p for p in self.packages if p.id == package_id), None)


def _execution_of(order: Order) -> ExecutionState:
    """The execution state; an order the API reports without one has not started."""
    state = order.metadata.execution_state if order.metadata else None
    return state or ExecutionState.NOT_STARTED


def _cancellation_of(order: Order) -> CancellationState | None:
    """The state of the request that counts among the order's (``CANCELLATION_PRECEDENCE``)."""
    details = order.cancellations.details if order.cancellations else []
    return cancellation_summary(d.state for d in details)


def _refund_of(refund: Refund) -> RefundSnapshot:
    """A refund as the snapshot keeps it; one with a request reason was added externally."""
    return RefundSnapshot(
        id=refund.id,
        state=refund.state or RefundState.PENDING,
        aliases=tuple(a.pair for a in refund.aliases),
        external=refund.refund_request_reason is not None,
    )
