"""A state machine as data: ``MachineTable`` and its records, ``Move`` and ``Forbidden``.

A table is the one source of truth for a machine: the ``transitions`` machine, the compiled
lookup and the diagrams are all derived from it. It checks itself when it is built and raises
``TableDefinitionError`` saying what to fix.

"Terminal" means no move leads out to another state; a terminal state may keep a self-loop (a
harmless repeat such as refund ``SUCCESS -> SUCCESS``).

A refusal may carry a condition on the whole order (``when``, see ``_conditions``): the move is
then refused only while the condition holds and is allowed otherwise, so it sits beside a move of
the same (state, event). Several refusals of one (state, event) are tried in ``precedence`` order
(lowest first); the first whose condition holds answers. This is how the couplings between
machines that refuse a merchant's move (start, cancel) are written as rows of the tables.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable
from typing import Generic, TypeVar

import attrs

from orderguard.errors import CATALOG, ErrorSpec
from orderguard.errors.exceptions import TableDefinitionError
from orderguard.statemachine._conditions import Condition, OrderView
from orderguard.statemachine._events import Actor, Event

S = TypeVar("S", bound=enum.StrEnum)
N = TypeVar("N")


def _actor_of(move: Move[N]) -> Actor:
    return move.event.actor


@attrs.frozen(slots=True)
class Move(Generic[N]):
    """An allowed move: from ``source`` on ``event`` to ``dest``, made by ``actor``."""

    source: N
    event: Event
    dest: N
    actor: Actor = attrs.field(default=attrs.Factory(_actor_of, takes_self=True))


@attrs.frozen(slots=True)
class Forbidden(Generic[N]):
    """A merchant move the API refuses, with the name of the catalog entry it answers with.

    ``when`` (``None``: always) is the condition on the whole order under which the move is
    refused; ``precedence`` orders the refusals of one (state, event), lowest first.
    """

    source: N
    event: Event
    error_name: str
    when: Condition | None = None
    precedence: int = 0

    def applies(self, view: OrderView | None) -> bool:
        """Whether this row refuses the move for ``view`` (a conditional row needs a view)."""
        if self.when is None:
            return True
        return view is not None and self.when(view)

    @property
    def spec(self) -> ErrorSpec:
        """The catalog entry, looked up on the operation that carries ``event``."""
        if self.event.operation is None:
            raise TableDefinitionError(
                f"{self.event} is Amazon's event; only merchants are refused"
            )
        return CATALOG.get_spec(self.event.operation, self.error_name)


@attrs.frozen(slots=True)
class MachineTable(Generic[S]):
    """One machine: its states, initial and terminal states, events, moves and refusals.

    Built tables are valid: one initial state, no move out of a terminal state, every state
    reachable from the initial one, at most one move per (state, event), no (state, event) both
    allowed and forbidden, and every refusal naming a catalog entry of the event's operation.
    """

    name: str
    states: tuple[S, ...]
    initial: S
    terminal: frozenset[S]
    events: tuple[Event, ...]
    moves: tuple[Move[S], ...]
    forbidden: tuple[Forbidden[S], ...] = ()

    def __attrs_post_init__(self) -> None:
        for check in _CHECKS:
            problem = check(self)
            if problem:
                raise TableDefinitionError(f"table {self.name!r}: {problem}")

    def move(self, state: S, event: Event) -> Move[S] | None:
        """The move from ``state`` on ``event``, if the table allows one."""
        return next((m for m in self.moves if (m.source, m.event) == (state, event)), None)

    def refusals(self, state: S, event: Event) -> tuple[Forbidden[S], ...]:
        """Every refusal row of ``event`` from ``state``, in precedence order."""
        rows = [f for f in self.forbidden if (f.source, f.event) == (state, event)]
        return tuple(sorted(rows, key=lambda row: row.precedence))

    def refusal(self, state: S, event: Event, view: OrderView | None = None) -> Forbidden[S] | None:
        """The row refusing ``event`` from ``state`` for the order ``view``, if one does.

        Without ``view`` only unconditional rows can answer.
        """
        return next((f for f in self.refusals(state, event) if f.applies(view)), None)


def _duplicates(items: Iterable[object]) -> list[str]:
    return sorted(str(item) for item, count in Counter(items).items() if count > 1)


def _check_listing(table: MachineTable[S]) -> str:
    if twice := _duplicates([*table.states, *table.events]):
        return f"{twice} listed twice; list each state and event once"
    if table.initial not in table.states:
        return f"initial state {table.initial} is not in states; add it or pick one of them"
    if stray := table.terminal - set(table.states):
        return f"terminal states {sorted(stray)} are not in states; list them in states"
    return ""


def _check_records(table: MachineTable[S]) -> str:
    states, events = set(table.states), set(table.events)
    for move in table.moves:
        if {move.source, move.dest} - states or move.event not in events:
            return f"{move} uses a state or event the table does not list; list it or drop it"
    for refusal in table.forbidden:
        if refusal.source not in states or refusal.event not in events:
            return f"{refusal} uses a state or event the table does not list; list it or drop it"
    for move in table.moves:
        if move.actor is not move.event.actor:
            return f"{move} says {move.actor}, but {move.event} is sent by {move.event.actor}"
    return ""


def _check_deterministic(table: MachineTable[S]) -> str:
    if twice := _duplicates((m.source, m.event) for m in table.moves):
        return f"more than one move for (state, event) {twice}; keep exactly one"
    if twice := _duplicates((f.source, f.event, f.precedence) for f in table.forbidden):
        return f"refusals of (state, event, precedence) {twice} tie; give each its own precedence"
    allowed = {(m.source, m.event) for m in table.moves}
    always = [f for f in table.forbidden if f.when is None]
    if both := allowed & {(f.source, f.event) for f in always}:
        return f"{sorted(both)} both allowed and forbidden; drop the move or the refusal"
    if fallback := [f for f in table.forbidden if f.when and (f.source, f.event) not in allowed]:
        return f"{fallback[0]} is conditional but has no move to allow otherwise; add the move"
    return ""


def _check_terminal(table: MachineTable[S]) -> str:
    escapes = [m for m in table.moves if m.source in table.terminal and m.dest != m.source]
    if escapes:
        return f"{escapes[0]} leaves terminal state {escapes[0].source}; drop it or unmark it"
    return ""


def _check_reachable(table: MachineTable[S]) -> str:
    seen, frontier = {table.initial}, [table.initial]
    while frontier:
        state = frontier.pop()
        for move in table.moves:
            if move.source == state and move.dest not in seen:
                seen.add(move.dest)
                frontier.append(move.dest)
    if unreachable := [s for s in table.states if s not in seen]:
        return f"{unreachable} cannot be reached from {table.initial}; add a move or drop them"
    return ""


def _check_errors(table: MachineTable[S]) -> str:
    for refusal in table.forbidden:
        if refusal.event.actor is not Actor.MERCHANT:
            return f"{refusal} refuses Amazon's event; only merchant events can be refused"
        try:
            refusal.spec  # noqa: B018 - looked up to prove the entry exists
        except KeyError as missing:
            return f"{refusal} names {missing}; use a name from orderguard.errors.CATALOG"
    return ""


_CHECKS = (
    _check_listing,
    _check_records,
    _check_deterministic,
    _check_terminal,
    _check_reachable,
    _check_errors,
)
