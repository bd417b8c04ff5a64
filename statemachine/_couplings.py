"""The couplings between machines that Amazon obeys, as data: when it may move, what follows.

The merchant's side of the couplings (when ``start`` and ``cancel`` are refused, and in which
precedence) are conditional ``Forbidden`` rows of the execution and cancellation tables
(``_tables``). This module holds Amazon's side:

- ``GATES``: an Amazon move of a component machine happens only while every gate naming its
  event holds of the order (``amazon_may``);
- ``CONSEQUENCES``: what Amazon does to the other machines after one of its moves
  (``consequences_of``).

Every reader follows these records and nothing else: the overview (and so the diagrams), event
application, the fake's Amazon side and the order histories of the strategies. Decisions the
reference leaves open, taken here once:

- GAP: while a cancellation request is ``PENDING`` Amazon moves no package; it decides the
  request first (§4.5: ``PENDING`` is "BwP is trying to cancel"). So a cancellation that
  succeeds finds every package still ``PENDING`` (``cancelOrder`` needed them so), and one that is
  rejected lets fulfilment go on.
- Packages do not ship while the order is ``NOT_STARTED`` (fulfilment is on hold, §4.1); Amazon
  may still cancel a pending package of an order not started (unfulfillable, shopper request).
- A request succeeds only while no package is under way (§4.5: on ``SUCCESS`` "items will not
  ship"); with the hold above this always holds of a reachable order, and says so explicitly.
- INFERENCE: a successful cancellation cancels every ``PENDING`` package with reason
  ``CUSTOMER_REQUESTED`` (§4.5: Amazon then emits ``PACKAGE_DELIVERY_CANCELLED`` and
  ``REFUND_REQUESTED``); every cancelled package gets a new ``PENDING`` refund (§4.9:
  ``PACKAGE_DELIVERY_CANCELLED`` is always followed by ``REFUND_REQUESTED``). Read backwards, by
  event application: a ``PENDING`` request whose packages are all cancelled has succeeded.
"""

from __future__ import annotations

from typing import Any

import attrs

from orderguard.enums import CancellationState, ExecutionState, PackageState
from orderguard.statemachine._conditions import (
    Condition,
    OrderView,
    any_package_in,
    cancellation_in,
    execution_in,
)
from orderguard.statemachine._events import Event, NoRequest
from orderguard.statemachine._table import MachineTable
from orderguard.statemachine._tables import CANCELLATION, PACKAGE, REFUND

_P = PackageState
_PACKAGE_CANCELS = frozenset(m.event for m in PACKAGE.moves if m.dest is _P.CANCELLED)


@attrs.frozen(slots=True)
class Gate:
    """Amazon makes any of ``events`` only while ``when`` holds of the order; ``why`` says why."""

    events: frozenset[Event]
    when: Condition
    why: str


@attrs.frozen(slots=True)
class Consequence:
    """After any of ``after``, Amazon fires ``then`` on each object of ``machine`` in ``each``.

    ``machine`` is a component table's name; ``NONE`` in ``each`` means a new object (one per
    triggering move), as ``request_refund`` creates a refund from ``NONE``.
    """

    after: frozenset[Event]
    machine: str
    then: Event
    each: tuple[Any, ...]
    why: str


GATES: tuple[Gate, ...] = (
    Gate(
        frozenset({Event.SHIP}),
        execution_in(ExecutionState.STARTED),
        "fulfilment is on hold until the order is STARTED",
    ),
    Gate(
        frozenset(m.event for m in PACKAGE.moves),
        ~cancellation_in(CancellationState.PENDING),
        "while a cancellation is PENDING Amazon decides it before moving any package",
    ),
    Gate(
        frozenset({Event.SUCCEED}),
        ~any_package_in(_P.IN_TRANSIT, _P.DELIVERED),
        "a cancellation succeeds only while no package is under way",
    ),
)
"""When Amazon may make each of its moves."""

CANCELLATION_CANCELS_PACKAGES = Consequence(
    frozenset({Event.SUCCEED}),
    PACKAGE.name,
    Event.CANCEL_CUSTOMER_REQUESTED,
    (_P.PENDING,),
    "a successful cancellation cancels every pending package at the shopper's request",
)
CANCELLED_PACKAGE_REFUND = Consequence(
    _PACKAGE_CANCELS,
    REFUND.name,
    Event.REQUEST_REFUND,
    (NoRequest.NONE,),
    "each cancelled package is refunded: Amazon requests a new refund",
)
CONSEQUENCES: tuple[Consequence, ...] = (CANCELLATION_CANCELS_PACKAGES, CANCELLED_PACKAGE_REFUND)
"""What follows Amazon's moves, in the order Amazon makes them."""


@attrs.frozen(slots=True)
class Couplings:
    """Amazon's side of the couplings: ``gates`` and ``consequences``.

    The merchant's side (when ``start`` and ``cancel`` are refused) is the conditional
    ``Forbidden`` rows of ``TABLES.execution`` and ``TABLES.cancellation``.
    """

    gates: tuple[Gate, ...] = GATES
    consequences: tuple[Consequence, ...] = CONSEQUENCES


COUPLINGS = Couplings()
"""Every coupling Amazon obeys: ``COUPLINGS.gates``, ``COUPLINGS.consequences``."""


def amazon_may(event: Event, view: OrderView) -> bool:
    """Whether Amazon may make ``event`` on the order ``view`` now (every gate holds)."""
    return all(gate.when(view) for gate in GATES if event in gate.events)


def gate_of(event: Event) -> Condition | None:
    """The one condition Amazon's ``event`` waits for (the gates joined), ``None`` if none."""
    conditions = [gate.when for gate in GATES if event in gate.events]
    if not conditions:
        return None
    joined = conditions[0]
    for condition in conditions[1:]:
        joined = joined & condition
    return joined


def consequences_of(event: Event) -> tuple[Consequence, ...]:
    """What Amazon does to the other machines after ``event``."""
    return tuple(c for c in CONSEQUENCES if event in c.after)


def _left_by(consequence: Consequence) -> frozenset[Any]:
    """The states ``consequence`` leaves its objects in."""
    tables: dict[str, MachineTable[Any]] = {PACKAGE.name: PACKAGE, REFUND.name: REFUND}
    table = tables[consequence.machine]
    moves = (table.move(state, consequence.then) for state in consequence.each)
    return frozenset(move.dest for move in moves if move is not None)


_SUCCESS = next(m for m in CANCELLATION.moves if m.event in CANCELLATION_CANCELS_PACKAGES.after)
_CANCELLED = _left_by(CANCELLATION_CANCELS_PACKAGES)


def settled_cancellation(
    cancellation: CancellationState | None, packages: tuple[PackageState, ...]
) -> CancellationState | None:
    """The request's state read back from its consequence: ``SUCCESS`` once all are cancelled.

    A ``PENDING`` request of an order with packages, every one in the state a successful
    cancellation leaves them in, has succeeded; any other state is kept.
    """
    if cancellation != _SUCCESS.source or not packages:
        return cancellation
    if all(state in _CANCELLED for state in packages):
        return CancellationState(_SUCCESS.dest)
    return cancellation


def cancelling_event(cancellation: CancellationState | None) -> Event | None:
    """The package event a request in ``cancellation`` would cancel packages with on success.

    ``CUSTOMER_REQUESTED``'s event while a request is ``PENDING`` (event application gives an
    unexplained cancellation of a pending package that reason); ``None`` otherwise.
    """
    return CANCELLATION_CANCELS_PACKAGES.then if cancellation == _SUCCESS.source else None
