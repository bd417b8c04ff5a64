"""The order's four component machines, as tables (reference: bwp-order-api.md §4).

The merchant's refusals that depend on the rest of the order are rows of these tables with a
condition (``Forbidden.when``, see ``_conditions``); the couplings only Amazon obeys (when it may
move packages, what a successful cancellation does) are in ``_couplings``.

Decisions the documentation leaves open, taken here and tested:

- Execution: ``start`` on ``STARTED`` is an allowed self-loop (a harmless repeat). ``start`` is
  refused, from either state (the stored execution state never changes the answer: Amazon's
  delivery facts win), by two conditional rows of the seed table, tried in this precedence:

  1. ``ExecutionAlreadyStarted`` while the delivery summary is ``IN_TRANSIT`` or ``DELIVERED``;
  2. ``ExecutionCannotBeStartedDueToCancellation`` while it is ``CANCELLED`` or a cancellation
     request is ``PENDING`` or ``SUCCESS``.

  GAP (no page says which error wins when both hold, e.g. a package in transit while a
  cancellation is pending): delivery facts first, because both seed rows are worded on the
  delivery summary and a shipped order cannot be un-shipped; the cancellation will be rejected.
- Package: the cancellation reason is part of the event (``cancel_unfulfillable``,
  ``cancel_customer_requested`` from ``PENDING``; ``cancel_undeliverable`` from ``IN_TRANSIT``),
  so the table alone says which reason fits which state. Only Amazon moves packages.
- Cancellation: ``NONE`` is "no request yet". ``cancel`` on a ``PENDING`` request is an allowed
  self-loop (a retried ``cancelOrder``); on ``REJECTED`` it files a new request (``PENDING``
  again). Every ``cancel`` needs every package ``PENDING`` (§4.5), else it is refused with
  ``CancellationRequiresPendingPackages``; on ``SUCCESS`` (terminal) it is always refused with
  that error, since a cancelled order has no pending package left. An order with no package
  known yet may be cancelled.
- Refund: ``NONE`` is "no such refund"; Amazon's ``request_refund`` creates it ``PENDING``. The
  merchant's events name the requested state. GAP (no documented move into ``REJECTED``): we allow
  ``PENDING -> REJECTED`` only (a merchant declining a refund it never paid) and keep ``REJECTED``
  terminal with no self-loop. ``REJECTED`` exists only from API 2024-11-01; on 2024-04-01 the
  request schema refuses the value before any machine is asked. Every other merchant move is
  ``InvalidRefundStateTransition``; any merchant move on a refund that does not exist is
  ``InvalidRefundId``. ``next_refund_states`` reads the table for the fake and the strategies.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import attrs

from orderguard.enums import CancellationState, ExecutionState, PackageState, RefundState
from orderguard.statemachine._conditions import cancellation_in, delivery_in, every_package_in
from orderguard.statemachine._events import Actor, Event, NoRequest
from orderguard.statemachine._table import Forbidden, MachineTable, Move

_E = ExecutionState
_P = PackageState
_C = CancellationState
_R = RefundState
_NONE = NoRequest.NONE

UNDER_WAY = delivery_in(_P.IN_TRANSIT, _P.DELIVERED)
"""A package has left: fulfilment cannot be started (again)."""
CANCELLED_OR_CANCELLING = delivery_in(_P.CANCELLED) | cancellation_in(_C.PENDING, _C.SUCCESS)
"""Every package is cancelled, or a cancellation request is live or has succeeded."""


def _start_refusals() -> Iterator[Forbidden[ExecutionState]]:
    for state in ExecutionState:
        yield Forbidden(state, Event.START, "ExecutionAlreadyStarted", UNDER_WAY, 1)
        yield Forbidden(
            state,
            Event.START,
            "ExecutionCannotBeStartedDueToCancellation",
            CANCELLED_OR_CANCELLING,
            2,
        )


EXECUTION: MachineTable[ExecutionState] = MachineTable(
    name="execution",
    states=(_E.NOT_STARTED, _E.STARTED),
    initial=_E.NOT_STARTED,
    terminal=frozenset({_E.STARTED}),
    events=(Event.START,),
    moves=(
        Move(_E.NOT_STARTED, Event.START, _E.STARTED),
        Move(_E.STARTED, Event.START, _E.STARTED),
    ),
    forbidden=tuple(_start_refusals()),
)

PACKAGE: MachineTable[PackageState] = MachineTable(
    name="package",
    states=(_P.PENDING, _P.IN_TRANSIT, _P.DELIVERED, _P.CANCELLED),
    initial=_P.PENDING,
    terminal=frozenset({_P.DELIVERED, _P.CANCELLED}),
    events=(
        Event.SHIP,
        Event.DELIVER,
        Event.CANCEL_UNFULFILLABLE,
        Event.CANCEL_CUSTOMER_REQUESTED,
        Event.CANCEL_UNDELIVERABLE,
    ),
    moves=(
        Move(_P.PENDING, Event.SHIP, _P.IN_TRANSIT),
        Move(_P.PENDING, Event.CANCEL_UNFULFILLABLE, _P.CANCELLED),
        Move(_P.PENDING, Event.CANCEL_CUSTOMER_REQUESTED, _P.CANCELLED),
        Move(_P.IN_TRANSIT, Event.DELIVER, _P.DELIVERED),
        Move(_P.IN_TRANSIT, Event.CANCEL_UNDELIVERABLE, _P.CANCELLED),
    ),
)

_NOT_ALL_PENDING = "CancellationRequiresPendingPackages"

CANCELLATION: MachineTable[CancellationState | NoRequest] = MachineTable(
    name="cancellation",
    states=(_NONE, _C.PENDING, _C.SUCCESS, _C.REJECTED),
    initial=_NONE,
    terminal=frozenset({_C.SUCCESS}),
    events=(Event.CANCEL, Event.SUCCEED, Event.REJECT),
    moves=(
        Move(_NONE, Event.CANCEL, _C.PENDING),
        Move(_C.PENDING, Event.CANCEL, _C.PENDING),
        Move(_C.REJECTED, Event.CANCEL, _C.PENDING),
        Move(_C.PENDING, Event.SUCCEED, _C.SUCCESS),
        Move(_C.PENDING, Event.REJECT, _C.REJECTED),
    ),
    forbidden=(
        *(
            Forbidden(state, Event.CANCEL, _NOT_ALL_PENDING, ~every_package_in(_P.PENDING))
            for state in (_NONE, _C.PENDING, _C.REJECTED)
        ),
        Forbidden(_C.SUCCESS, Event.CANCEL, _NOT_ALL_PENDING),
    ),
)

_REFUND_NEXT: dict[RefundState, tuple[RefundState, ...]] = {
    _R.PENDING: (_R.PENDING, _R.PARTIAL, _R.FAILURE, _R.SUCCESS, _R.REJECTED),
    _R.FAILURE: (_R.PARTIAL, _R.FAILURE, _R.SUCCESS),
    _R.PARTIAL: (_R.PARTIAL, _R.SUCCESS),
    _R.SUCCESS: (_R.SUCCESS,),
    _R.REJECTED: (),
}
"""The documented allowed-next-state table, plus our ``PENDING -> REJECTED`` (see the GAP)."""


def _refund_moves() -> Iterator[Move[RefundState | NoRequest]]:
    yield Move(_NONE, Event.REQUEST_REFUND, _R.PENDING)
    for source, targets in _REFUND_NEXT.items():
        for target in targets:
            yield Move(source, Event.refund_target(target), target)


def _refund_refusals() -> Iterator[Forbidden[RefundState | NoRequest]]:
    for target in RefundState:
        yield Forbidden(_NONE, Event.refund_target(target), "InvalidRefundId")
    for source, target in itertools.product(RefundState, RefundState):
        if target not in _REFUND_NEXT[source]:
            event = Event.refund_target(target)
            yield Forbidden(source, event, "InvalidRefundStateTransition")


REFUND: MachineTable[RefundState | NoRequest] = MachineTable(
    name="refund",
    states=(_NONE, *RefundState),
    initial=_NONE,
    terminal=frozenset({_R.SUCCESS, _R.REJECTED}),
    events=(Event.REQUEST_REFUND, *(Event.refund_target(state) for state in RefundState)),
    moves=tuple(_refund_moves()),
    forbidden=tuple(_refund_refusals()),
)


def next_refund_states(state: RefundState) -> frozenset[RefundState]:
    """The states the merchant's next update may report for a refund in ``state`` (the table)."""
    return frozenset(
        RefundState(move.dest)
        for move in REFUND.moves
        if move.source == state and move.actor is Actor.MERCHANT
    )


@attrs.frozen(slots=True)
class Tables:
    """The four component tables by name; iterating yields them in lifecycle order."""

    execution: MachineTable[ExecutionState] = EXECUTION
    package: MachineTable[PackageState] = PACKAGE
    cancellation: MachineTable[CancellationState | NoRequest] = CANCELLATION
    refund: MachineTable[RefundState | NoRequest] = REFUND

    def __iter__(self) -> Iterator[MachineTable[Any]]:
        return iter((self.execution, self.package, self.cancellation, self.refund))


TABLES = Tables()
"""Every component table: ``TABLES.execution``, ``.package``, ``.cancellation``, ``.refund``."""
