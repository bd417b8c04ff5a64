"""Tests that the compiled lookup agrees with the tables and with the transitions machines."""

from __future__ import annotations

import itertools
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given

from orderguard.enums import CancellationState, ExecutionState, PackageState
from orderguard.errors.exceptions import TransitionNotAllowedError
from orderguard.statemachine import TABLES, Event, MachineTable
from orderguard.statemachine._compiled import compiled, start_error
from orderguard.statemachine._machine import Machine, engine
from orderguard.statemachine.couplings import cancel_decision, may_start, start_decision
from orderguard.statemachine.records import NoRequest
from tests.helpers.strategies import CANCELLATIONS, DELIVERY_SUMMARIES, EXECUTION_STATES

PAIRS = [
    (table, state, event)
    for table in TABLES
    for state, event in itertools.product(table.states, table.events)
]
IDS = [f"{t.name}:{s}:{e}" for t, s, e in PAIRS]


def engine_dest(table: MachineTable[Any], state: Any, event: Event) -> str | None:
    """Where the transitions machine itself says ``event`` leads from ``state``."""
    found = engine(table).events[event.value].transitions.get(state.value, [])
    return found[0].dest if found else None


def fired_dest(table: MachineTable[Any], state: Any, event: Event) -> Any:
    """The state an object is in after firing ``event`` through the transitions machine."""
    order = SimpleNamespace(state=state)
    try:
        return Machine(table).fire(order, event)
    except TransitionNotAllowedError:
        return None


@pytest.mark.parametrize(("table", "state", "event"), PAIRS, ids=IDS)
def test_compiled_and_transitions_agree(table: MachineTable[Any], state: Any, event: Event) -> None:
    """For every (state, event) of every table, the compiled dest is the machine's dest."""
    dest = compiled(table).dest(state, event)
    assert engine_dest(table, state, event) == (dest.value if dest else None)
    assert fired_dest(table, state, event) == dest
    move = table.move(state, event)
    assert dest == (move.dest if move else None)


@pytest.mark.parametrize(("table", "state", "event"), PAIRS, ids=IDS)
def test_compiled_refusals_are_the_table_refusals(
    table: MachineTable[Any], state: Any, event: Event
) -> None:
    """The compiled refusal of each (state, event) is the catalog entry the table names."""
    refusal = table.refusal(state, event)
    expected = refusal.spec if refusal else None
    assert compiled(table).refusals.get((state, event)) == expected


def test_compiled_lists_allowed_events_per_state() -> None:
    """Each state's allowed events are exactly the events of its moves."""
    for table in TABLES:
        for state in table.states:
            events = {m.event for m in table.moves if m.source == state}
            assert set(compiled(table).allowed[state]) == events


def test_compiled_is_built_once_per_table() -> None:
    """compiled(table) returns the same object on every call."""
    assert compiled(TABLES.refund) is compiled(TABLES.refund)


def test_lookup_takes_members_or_strings() -> None:
    """A compiled lookup answers the same for an enum member and its string."""
    table = compiled(TABLES.package)
    assert table.dest("PENDING", "ship") is table.dest(PackageState.PENDING, Event.SHIP)


@given(EXECUTION_STATES, DELIVERY_SUMMARIES, CANCELLATIONS)
def test_may_start_is_start_decision(
    execution: ExecutionState, delivery: PackageState | None, cancellation: CancellationState | None
) -> None:
    """may_start is True exactly when start_decision names no error."""
    expected = start_decision(execution, delivery, cancellation) is None
    assert may_start(execution, delivery, cancellation) is expected
    as_strings = (execution.value, delivery and delivery.value, cancellation and cancellation.value)
    assert may_start(*as_strings) is expected


def test_may_start_refuses_unknown_values() -> None:
    """A combination of values no API state spells is not startable."""
    assert may_start("RUNNING", None, None) is False


@given(EXECUTION_STATES, DELIVERY_SUMMARIES)
def test_no_request_reads_like_none(
    execution: ExecutionState, delivery: PackageState | None
) -> None:
    """NoRequest.NONE and None both mean "no cancellation request" to may_start and decisions."""
    assert may_start(execution, delivery, NoRequest.NONE) is may_start(execution, delivery, None)
    none_spec = start_decision(execution, delivery, None)
    assert start_decision(execution, delivery, NoRequest.NONE) == none_spec
    packages = [delivery] if delivery else []
    assert cancel_decision(packages, NoRequest.NONE) == cancel_decision(packages, None)


@given(EXECUTION_STATES, DELIVERY_SUMMARIES, CANCELLATIONS)
def test_compiled_start_error_is_start_decision(
    execution: ExecutionState, delivery: PackageState | None, cancellation: CancellationState | None
) -> None:
    """The precomputed start_error names the same refusal as start_decision, for any state."""
    assert start_error(execution, delivery, cancellation) == start_decision(
        execution, delivery, cancellation
    )
