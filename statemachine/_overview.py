"""The order at a glance: the product of the component tables, derived, never written by hand.

A combined state is (execution, delivery, cancellation). The overview draws the order as if its
packages moved together, so its delivery is the one package state and every merchant decision
in a combined state has one answer. Mixed packages (some shipped, some pending) are the roll-up's
business (``delivery_summary``) and are tested there.

Moves are found by exploring from (``NOT_STARTED``, ``PENDING``, no request):

- merchant ``start`` and ``cancel``: the component move, if ``start_decision`` or
  ``cancel_decision`` allows it; otherwise a ``Forbidden`` naming the error;
- Amazon: every package move and every cancellation outcome of the component tables, under two
  documented couplings: packages do not ship while execution is ``NOT_STARTED`` (fulfilment is on
  hold, §4.1), and a cancellation succeeds only while no package has shipped, cancelling them.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

import attrs

from orderguard.enums import CancellationState, ExecutionState, PackageState
from orderguard.errors import TableDefinitionError
from orderguard.statemachine._decisions import cancel_decision, start_decision
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


def _merchant(state: OrderState) -> Iterator[Move[OrderState] | Forbidden[OrderState]]:
    refusal = start_decision(state.execution, state.delivery, state.cancellation)
    if refusal is not None:
        yield Forbidden(state, Event.START, refusal.name)
    else:
        started = _dest(EXECUTION, state.execution, Event.START)
        yield Move(state, Event.START, attrs.evolve(state, execution=started))
    refusal = cancel_decision([state.delivery], state.cancellation)
    if refusal is not None:
        yield Forbidden(state, Event.CANCEL, refusal.name)
    else:
        request = _dest(CANCELLATION, _request(state), Event.CANCEL)
        yield Move(state, Event.CANCEL, _with_request(state, request))


def _amazon(state: OrderState) -> Iterator[Move[OrderState]]:
    for move in PACKAGE.moves:
        on_hold = move.event is Event.SHIP and state.execution is ExecutionState.NOT_STARTED
        if move.source is state.delivery and not on_hold:
            yield Move(state, move.event, attrs.evolve(state, delivery=move.dest))
    for outcome in CANCELLATION.moves:
        if outcome.actor is Actor.AMAZON and outcome.source is _request(state):
            dest = _with_request(state, outcome.dest)
            if outcome.event is not Event.SUCCEED:
                yield Move(state, outcome.event, dest)
            elif state.delivery in (_P.PENDING, _P.CANCELLED):
                yield Move(state, outcome.event, attrs.evolve(dest, delivery=_P.CANCELLED))


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
