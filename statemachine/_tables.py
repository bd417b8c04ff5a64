"""The order's four component machines, as tables (reference: bwp-order-api.md §4).

Decisions the documentation leaves open, taken here and tested:

- Execution: ``start`` on ``STARTED`` is an allowed self-loop (a harmless repeat). Whether the
  repeat is really harmless depends on the packages, so the composite ``start_decision`` decides.
- Package: the cancellation reason is part of the event (``cancel_unfulfillable``,
  ``cancel_customer_requested`` from ``PENDING``; ``cancel_undeliverable`` from ``IN_TRANSIT``),
  so the table alone says which reason fits which state. Only Amazon moves packages.
- Cancellation: ``NONE`` is "no request yet". ``cancel`` on a ``PENDING`` request is an allowed
  self-loop (a retried ``cancelOrder``); on ``REJECTED`` it files a new request (``PENDING``
  again); on ``SUCCESS`` (terminal) it is refused with ``CancellationRequiresPendingPackages``,
  since a cancelled order has no pending package left. Every ``cancel`` also needs every package
  ``PENDING``: the composite ``cancel_decision`` checks that.
- Refund: ``NONE`` is "no such refund"; Amazon's ``request_refund`` creates it ``PENDING``. The
  merchant's events name the requested state. GAP (no documented move into ``REJECTED``): we allow
  ``PENDING -> REJECTED`` only (a merchant declining a refund it never paid) and keep ``REJECTED``
  terminal with no self-loop. ``REJECTED`` exists only from API 2024-11-01; on 2024-04-01 the
  request schema refuses the value before any machine is asked. Every other merchant move is
  ``InvalidRefundStateTransition``; any merchant move on a refund that does not exist is
  ``InvalidRefundId``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import attrs

from orderguard.enums import CancellationState, ExecutionState, PackageState, RefundState
from orderguard.statemachine._events import Event, NoRequest
from orderguard.statemachine._table import Forbidden, MachineTable, Move

_E = ExecutionState
_P = PackageState
_C = CancellationState
_R = RefundState
_NONE = NoRequest.NONE

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
    forbidden=(Forbidden(_C.SUCCESS, Event.CANCEL, "CancellationRequiresPendingPackages"),),
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
