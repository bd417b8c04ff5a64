"""Where a package event leaves a package: reachability in the package table (DESIGN §4).

A package event names the state the package has reached (and, for a cancellation, the reason,
which names the move that got it there). Against the stored state it is:

- ``applied`` when that state is reachable from the stored one through the table's moves, the
  last move being the one the event names (``PENDING -> DELIVERED`` applies: the package passed
  ``IN_TRANSIT``; ``PENDING -> CANCELLED`` for ``UNDELIVERABLE`` applies the same way);
- ``duplicate`` when the package already has that state;
- ``stale`` when the stored state is already past it (reachable from it);
- ``conflict`` otherwise: in the package table, two different terminal states (``DELIVERED``
  against ``CANCELLED``), or a cancellation whose reason rules out the stored state (an
  ``UNFULFILLABLE`` cancellation of a package stored ``IN_TRANSIT``). The stored state is kept.

Everything is read from ``TABLES.package``; there is no second list of which state comes first.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

import attrs

from orderguard.enums import HashedStrEnum, PackageCancelReason, PackageState
from orderguard.statemachine._events import Event
from orderguard.statemachine._table import MachineTable, Move
from orderguard.statemachine._tables import PACKAGE


class Outcome(HashedStrEnum):
    """What an event did to the snapshot."""

    APPLIED = "applied"
    DUPLICATE = "duplicate"
    STALE = "stale"
    CONFLICT = "conflict"
    """The event contradicts the snapshot (e.g. DELIVERED against CANCELLED); the snapshot is
    kept: query the order to learn which is true."""
    IGNORED = "ignored"
    """An event of a type orderguard does not model, or one that changes no state."""


@attrs.frozen(slots=True)
class Reached:
    """What an event does to one package: the outcome, and its state and reason if applied."""

    outcome: Outcome
    state: PackageState
    reason: PackageCancelReason | None


def _closure(table: MachineTable[PackageState]) -> Mapping[PackageState, frozenset[PackageState]]:
    """Each state -> every state reachable from it, itself included."""
    reach: dict[PackageState, frozenset[PackageState]] = {}
    for start in table.states:
        seen, frontier = {start}, [start]
        while frontier:
            state = frontier.pop()
            for move in table.moves:
                if move.source == state and move.dest not in seen:
                    seen.add(move.dest)
                    frontier.append(move.dest)
        reach[start] = frozenset(seen)
    return reach


_REACH = _closure(PACKAGE)


def _last_moves(
    stored: PackageState, target: PackageState, reason: PackageCancelReason | None
) -> list[Move[PackageState]]:
    """The moves into ``target`` that a path from ``stored`` can end with, fitting ``reason``."""
    into = [m for m in PACKAGE.moves if m.dest == target and m.source in _REACH[stored]]
    if reason is not None and any(m.event.cancel_reason for m in into):
        into = [m for m in into if m.event.cancel_reason is reason]
    return into


@functools.cache
def reach(
    stored: PackageState | None,
    target: PackageState,
    reason: PackageCancelReason | None = None,
    prefer: Event | None = None,
) -> Reached:
    """What an event naming ``target`` (with ``reason``) does to a package stored ``stored``.

    ``None`` is a package not seen yet: it starts in the table's initial state. When several
    last moves fit (a cancellation without a stated reason), the one straight from the stored
    state is taken, ``prefer`` first if it is among them, else the first in table order; its
    event gives the reason recorded.
    """
    source = PACKAGE.initial if stored is None else stored
    if stored is not None and target == stored:
        return Reached(Outcome.DUPLICATE, stored, reason)
    moves = _last_moves(source, target, reason)
    if moves:
        moves.sort(key=lambda m: (m.source != source, m.event is not prefer))
        return Reached(Outcome.APPLIED, target, moves[0].event.cancel_reason)
    arrival = Outcome.STALE if source in _REACH[target] else Outcome.CONFLICT
    return Reached(arrival, source, None)
