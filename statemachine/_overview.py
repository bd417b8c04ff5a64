"""The order at a glance: the product of the component tables, derived, never written by hand.

A combined state is (execution, delivery, cancellation). The overview draws the order as if its
packages moved together, so its delivery is the one package state and every merchant decision
in a combined state has one answer. Mixed packages (some shipped, some pending) are the roll-up's
business (``delivery_summary``) and are tested there.

Moves are found by exploring from (``NOT_STARTED``, ``PENDING``, no request), reading only the
tables and the couplings:

- merchant ``start`` and ``cancel``: the component move, unless a conditional refusal of the
  execution or cancellation table holds (then a ``Forbidden`` naming its error);
- Amazon: every package move and every cancellation outcome of the component tables that the
  couplings' gates allow (``amazon_may``), followed by its consequences on the packages (a
  successful cancellation cancels the pending ones).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

import attrs

from orderguard.enums import CancellationState, ExecutionState, PackageState
from orderguard.errors.exceptions import TableDefinitionError
from orderguard.statemachine._conditions import OrderView
from orderguard.statemachine._couplings import amazon_may, consequences_of
from orderguard.statemachine._decisions import refusal_for
from orderguard.statemachine._events import Actor, Event, NoRequest
from orderguard.statemachine._table import Forbidden, MachineTable, Move, S
from orderguard.statemachine._tables import CANCELLATION, EXECUTION, PACKAGE

_P = PackageState


@attrs.frozen(slots=True)
class OrderState:
    """A combined state: execution, delivery (the packages' state) and cancellation request."""

    execution: ExecutionState
    delivery: PackageState
    cancellation: CancellationState | None = None

    @property
    def label(self) -> str:
        """A short label for diagrams, e.g. ``STARTED / IN_TRANSIT / cancel REJECTED``."""
        parts = [self.execution.value, self.delivery.value]
        if self.cancellation is not None:
            parts.append(f"cancel {self.cancellation.value}")
        return " / ".join(parts)


@attrs.frozen(slots=True)
class Overview:
    """The reachable combined states, with Amazon's moves and the merchant's moves and refusals."""

    states: tuple[OrderState, ...]
    initial: OrderState
    moves: tuple[Move[OrderState], ...]
    forbidden: tuple[Forbidden[OrderState], ...]


def _request(state: OrderState) -> CancellationState | NoRequest:
    return state.cancellation or NoRequest.NONE


def _with_request(state: OrderState, request: CancellationState | NoRequest) -> OrderState:
    cancellation = None if request is NoRequest.NONE else CancellationState(request)
    return attrs.evolve(state, cancellation=cancellation)


def _dest(table: MachineTable[S], state: S, event: Event) -> S:
    move = table.move(state, event)
    if move is None:
        raise TableDefinitionError(f"a decision allows {event} from {state}; {table.name} does not")
    return move.dest


def _view(state: OrderState) -> OrderView:
    return OrderView(state.execution, (state.delivery,), state.cancellation)


def _merchant(state: OrderState) -> Iterator[Move[OrderState] | Forbidden[OrderState]]:
    view = _view(state)
    refusal = refusal_for(EXECUTION, state.execution, Event.START, view)
    if refusal is not None:
        yield Forbidden(state, Event.START, refusal.name)
    else:
        started = _dest(EXECUTION, state.execution, Event.START)
        yield Move(state, Event.START, attrs.evolve(state, execution=started))
    refusal = refusal_for(CANCELLATION, _request(state), Event.CANCEL, view)
    if refusal is not None:
        yield Forbidden(state, Event.CANCEL, refusal.name)
    else:
        request = _dest(CANCELLATION, _request(state), Event.CANCEL)
        yield Move(state, Event.CANCEL, _with_request(state, request))


def _followed(state: OrderState, event: Event) -> OrderState:
    """``state`` after the consequences of Amazon's ``event`` on the packages."""
    for consequence in consequences_of(event):
        if consequence.machine == PACKAGE.name and state.delivery in consequence.each:
            state = attrs.evolve(state, delivery=_dest(PACKAGE, state.delivery, consequence.then))
    return state


def _amazon(state: OrderState) -> Iterator[Move[OrderState]]:
    view = _view(state)
    for move in PACKAGE.moves:
        if move.source is state.delivery and amazon_may(move.event, view):
            moved = attrs.evolve(state, delivery=move.dest)
            yield Move(state, move.event, _followed(moved, move.event))
    for outcome in CANCELLATION.moves:
        ours = outcome.actor is Actor.AMAZON and outcome.source is _request(state)
        if ours and amazon_may(outcome.event, view):
            dest = _with_request(state, outcome.dest)
            yield Move(state, outcome.event, _followed(dest, outcome.event))


@functools.cache
def overview() -> Overview:
    """The overview of the order lifecycle (derived once per process)."""
    initial = OrderState(ExecutionState.NOT_STARTED, _P.PENDING)
    seen, frontier = [initial], [initial]
    moves: list[Move[OrderState]] = []
    forbidden: list[Forbidden[OrderState]] = []
    while frontier:
        state = frontier.pop(0)
        for step in (*_merchant(state), *_amazon(state)):
            if isinstance(step, Forbidden):
                forbidden.append(step)
                continue
            moves.append(step)
            if step.dest not in seen:
                seen.append(step.dest)
                frontier.append(step.dest)
    return Overview(tuple(seen), initial, tuple(moves), tuple(forbidden))
