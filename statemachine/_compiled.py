"""Lookup tables compiled from the machine tables, for the hot path.

``compiled(table)`` turns a ``MachineTable`` into dicts keyed by ``(state, event)``; keys are the
states' and events' string values, and since the enums are ``StrEnum`` a lookup works with an
enum member or its string alike. ``may_start`` answers "may this order start?" with one frozenset
lookup, and ``start_error`` names the refusal with one dict lookup, both precomputed from
``start_decision`` (so from the execution table's refusals) over every combination of plain
states.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Mapping
from typing import Generic

import attrs

from orderguard.enums import CancellationState, ExecutionState, PackageState
from orderguard.errors import ErrorSpec
from orderguard.statemachine._decisions import start_decision
from orderguard.statemachine._events import Event, NoRequest
from orderguard.statemachine._table import MachineTable, Move, S

Key = tuple[str, str]


@attrs.frozen(slots=True)
class CompiledTable(Generic[S]):
    """A table as dicts: the move and the refusal for each (state, event), events per state.

    ``refusals`` holds the unconditional refusals only: a conditional one depends on the whole
    order, which a component lookup does not see (``start_decision`` and ``cancel_decision`` do).
    """

    name: str
    moves: Mapping[Key, Move[S]]
    refusals: Mapping[Key, ErrorSpec]
    allowed: Mapping[str, tuple[Event, ...]]

    def dest(self, state: str, event: str) -> S | None:
        """Where ``event`` takes ``state``, or ``None`` if the table has no such move."""
        move = self.moves.get((state, event))
        return None if move is None else move.dest


@functools.cache
def compiled(table: MachineTable[S]) -> CompiledTable[S]:
    """The compiled form of ``table`` (built once per table and process)."""
    return CompiledTable(
        name=table.name,
        moves={(m.source.value, m.event.value): m for m in table.moves},
        refusals={
            (f.source.value, f.event.value): f.spec for f in table.forbidden if f.when is None
        },
        allowed={
            state.value: tuple(m.event for m in table.moves if m.source == state)
            for state in table.states
        },
    )


StartKey = tuple[str, str | None, str | None]


def _start_errors() -> dict[StartKey, ErrorSpec | None]:
    combinations = itertools.product(
        ExecutionState, (*PackageState, None), (*CancellationState, NoRequest.NONE, None)
    )
    return {key: start_decision(*key) for key in combinations}


_START_ERRORS = _start_errors()
_STARTABLE = frozenset(key for key, spec in _START_ERRORS.items() if spec is None)


def start_error(
    execution: ExecutionState,
    delivery: PackageState | None,
    cancellation: CancellationState | NoRequest | None,
) -> ErrorSpec | None:
    """``start_decision`` as one dict lookup, precomputed from the execution table's refusals."""
    key = (execution, delivery, cancellation)
    if key in _START_ERRORS:
        return _START_ERRORS[key]
    return start_decision(execution, delivery, cancellation)


def may_start(
    execution: ExecutionState | str,
    delivery: PackageState | str | None,
    cancellation: CancellationState | NoRequest | str | None,
) -> bool:
    """Whether ``desiredExecutionState: STARTED`` would be accepted: one frozenset lookup.

    Arguments as in ``start_decision`` (enum members or their strings); ``delivery`` is the
    rolled-up delivery summary, ``None`` when no package is known.
    """
    return (execution, delivery, cancellation) in _STARTABLE
