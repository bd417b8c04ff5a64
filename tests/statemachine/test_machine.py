"""Tests of the Machine facade: driving the user's own objects through the transitions engine."""

from __future__ import annotations

import dataclasses
import doctest
import enum
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from transitions import MachineError

from orderguard.enums import CancellationState, ExecutionState, PackageState, RefundState
from orderguard.errors.exceptions import TransitionNotAllowedError, UnknownStateError
from orderguard.statemachine import TABLES, Event, Machine, MachineTable, Move, _machine
from orderguard.statemachine.records import NoRequest
from tests.helpers.strategies import machine_tables, table_events, table_states


@dataclasses.dataclass
class Refund:
    """A user's refund row, with its own attribute name."""

    id: str
    status: RefundState | str | None = None


def test_fire_moves_the_users_object_and_returns_the_new_state() -> None:
    """fire writes the destination into the object's attribute and returns it."""
    refund = Refund("r-1", RefundState.PENDING)
    machine = Machine(TABLES.refund, attribute="status")
    assert machine.fire(refund, Event.SET_PARTIAL) is RefundState.PARTIAL
    assert refund.status is RefundState.PARTIAL
    assert machine.state(refund) is RefundState.PARTIAL


def test_string_attributes_stay_strings() -> None:
    """An object holding the state as a plain string gets a plain string back."""
    order = SimpleNamespace(state="NOT_STARTED")
    Machine(TABLES.execution).fire(order, "start")
    assert order.state == "STARTED"
    assert type(order.state) is str


def test_none_stands_for_no_request() -> None:
    """None reads as NONE in the cancellation and refund tables, and is replaced on a move."""
    order = SimpleNamespace(cancellation=None)
    machine = Machine(TABLES.cancellation, attribute="cancellation")
    assert machine.state(order) is NoRequest.NONE
    assert machine.allowed_events(order) == (Event.CANCEL,)
    assert machine.fire(order, Event.CANCEL) is CancellationState.PENDING
    assert order.cancellation is CancellationState.PENDING


def test_can_and_allowed_events_follow_the_table() -> None:
    """can answers per (state, event); allowed_events lists the state's events in table order."""
    refund = Refund("r-1", "PARTIAL")
    machine = Machine(TABLES.refund, attribute="status")
    assert machine.allowed_events(refund) == (Event.SET_PARTIAL, Event.SET_SUCCESS)
    assert machine.can(refund, "set_SUCCESS")
    assert not machine.can(refund, Event.SET_FAILURE)


def test_forbidden_move_raises_with_state_event_allowed_and_spec() -> None:
    """A refused move raises TransitionNotAllowedError carrying the API error; obj unchanged."""
    refund = Refund("r-1", RefundState.SUCCESS)
    machine = Machine(TABLES.refund, attribute="status")
    with pytest.raises(TransitionNotAllowedError) as caught:
        machine.fire(refund, Event.SET_FAILURE)
    error = caught.value
    assert (error.machine, error.state, error.event) == ("refund", "SUCCESS", "set_FAILURE")
    assert error.allowed_events == ("set_SUCCESS",)
    assert error.spec is not None
    assert error.spec.code == "InvalidRefundStateTransition"
    assert error.__cause__ is None
    assert error.__suppress_context__
    assert refund.status is RefundState.SUCCESS


def test_amazon_only_move_is_refused_without_a_spec() -> None:
    """An event the table neither allows nor refuses raises with no API error attached."""
    package = SimpleNamespace(state=PackageState.DELIVERED)
    with pytest.raises(TransitionNotAllowedError, match="none \\(terminal state\\)") as caught:
        Machine(TABLES.package).fire(package, Event.SHIP)
    assert caught.value.spec is None


def test_unknown_state_and_event_are_typed_errors() -> None:
    """A state the table lacks, or an event of another machine, raises UnknownStateError."""
    machine = Machine(TABLES.execution)
    with pytest.raises(UnknownStateError, match="not one of NOT_STARTED, STARTED"):
        machine.state(SimpleNamespace(state="RUNNING"))
    with pytest.raises(UnknownStateError, match="state=None is not one of"):
        machine.state(SimpleNamespace(state=None))
    with pytest.raises(UnknownStateError, match="event 'ship' is not one of start"):
        machine.can(SimpleNamespace(state="STARTED"), Event.SHIP)


@pytest.mark.parametrize(
    ("state", "event"),
    [(["PENDING"], Event.SET_PARTIAL), ({"s": 1}, "setPartial"), ("PENDING", ["setPartial"])],
    ids=["list-state", "dict-state", "list-event"],
)
def test_unhashable_state_or_event_is_an_unknown_state_error(state: object, event: Any) -> None:
    """fire, can and allowed_events raise UnknownStateError for an unhashable state or event."""
    machine, refund = Machine(TABLES.refund), SimpleNamespace(state=state)
    with pytest.raises(UnknownStateError, match="is not one of"):
        machine.fire(refund, event)
    with pytest.raises(UnknownStateError, match="is not one of"):
        machine.can(refund, event)
    assert refund.state == state


@given(st.from_type(object).filter(lambda value: not isinstance(value, str | enum.Enum)))
def test_any_foreign_value_as_state_is_an_unknown_state_error(value: object) -> None:
    """Whatever a user's attribute holds, reading it gives a state or UnknownStateError."""
    try:
        found = Machine(TABLES.refund).state(SimpleNamespace(state=value))
    except UnknownStateError as error:
        assert "is not one of" in str(error)
    else:
        assert found in TABLES.refund.states


def test_other_enum_types_are_read_by_value() -> None:
    """An ORM enum of the user's own, spelled like the API, is read by its value."""
    Stored = enum.Enum("Stored", {"NOT_STARTED": "NOT_STARTED", "STARTED": "STARTED"})
    order = SimpleNamespace(state=Stored.NOT_STARTED)
    assert Machine(TABLES.execution).state(order) is ExecutionState.NOT_STARTED


def test_callbacks_run_through_the_engine_with_the_move() -> None:
    """on_enter and after callbacks get the user's object (already moved) and the Move."""
    seen: list[tuple[str, Any, Move[Any]]] = []
    machine = Machine(TABLES.refund, attribute="status")
    machine.on_enter(
        RefundState.SUCCESS, lambda obj, move: seen.append(("enter", obj.status, move))
    )
    machine.after(Event.SET_SUCCESS, lambda obj, move: seen.append(("after", obj.status, move)))
    machine.fire(Refund("r-1", RefundState.PENDING), Event.SET_SUCCESS)
    move = TABLES.refund.move(RefundState.PENDING, Event.SET_SUCCESS)
    assert seen == [("enter", RefundState.SUCCESS, move), ("after", RefundState.SUCCESS, move)]


def test_callbacks_belong_to_one_facade() -> None:
    """Two facades over the same shared engine do not see each other's callbacks."""
    calls: list[str] = []
    first, second = Machine(TABLES.execution), Machine(TABLES.execution)
    first.after(Event.START, lambda obj, move: calls.append("first"))
    second.fire(SimpleNamespace(state="NOT_STARTED"), Event.START)
    assert calls == []
    assert _machine.engine(TABLES.execution) is _machine.engine(first.table)


def test_engine_has_no_models_and_no_auto_transitions() -> None:
    """The shared engine binds no model and offers no to_<STATE> trigger."""
    for table in TABLES:
        engine = _machine.engine(table)
        assert engine.models == []
        assert set(engine.events) == {e.value for e in table.events}
        assert not engine.ignore_invalid_triggers


def test_repr_names_table_and_attribute() -> None:
    """The facade's repr says which table and attribute it drives."""
    assert (
        repr(Machine(TABLES.refund, attribute="status")) == "Machine('refund', attribute='status')"
    )


def test_docstring_example_runs() -> None:
    """The example in Machine's docstring runs as written."""
    runner = doctest.DocTestRunner()
    for example in doctest.DocTestFinder().find(Machine, globs={}):
        runner.run(example)
    assert runner.tries > 0
    assert runner.failures == 0


@given(
    machine_tables().flatmap(
        lambda t: st.tuples(st.just(t), table_states(t), table_events(t, max_size=12))
    )
)
def test_machine_error_never_escapes(case: tuple[MachineTable[Any], Any, list[Event]]) -> None:
    """Random events never leak a MachineError; every move matches can() and the table."""
    table, start, events = case
    obj, machine = SimpleNamespace(state=start), Machine(table)
    for event in events:
        before, allowed = machine.state(obj), machine.can(obj, event)
        try:
            after = machine.fire(obj, event)
        except MachineError:  # pragma: no cover - the property under test
            pytest.fail("transitions.MachineError escaped")
        except TransitionNotAllowedError as error:
            assert not allowed
            assert error.state == before.value
            refusal = table.refusal(before, event)
            assert error.spec == (refusal.spec if refusal else None)
            assert machine.state(obj) is before
        else:
            assert allowed
            move = table.move(before, event)
            assert move is not None
            assert after is move.dest
