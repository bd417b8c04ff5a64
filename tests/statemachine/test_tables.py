"""Tests of the four component tables against the documented lifecycle (reference §4)."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orderguard.enums import (
    CancellationState,
    ExecutionState,
    PackageCancelReason,
    PackageState,
    RefundState,
)
from orderguard.statemachine import TABLES, Actor, Event, MachineTable
from orderguard.statemachine.records import NoRequest
from tests.helpers.strategies import machine_tables, table_events

E, P, C, R = ExecutionState, PackageState, CancellationState, RefundState
NONE = NoRequest.NONE

ALLOWED: dict[str, set[tuple[Any, Event, Any]]] = {
    "execution": {
        (E.NOT_STARTED, Event.START, E.STARTED),
        (E.STARTED, Event.START, E.STARTED),
    },
    "package": {
        (P.PENDING, Event.SHIP, P.IN_TRANSIT),
        (P.IN_TRANSIT, Event.DELIVER, P.DELIVERED),
        (P.PENDING, Event.CANCEL_UNFULFILLABLE, P.CANCELLED),
        (P.PENDING, Event.CANCEL_CUSTOMER_REQUESTED, P.CANCELLED),
        (P.IN_TRANSIT, Event.CANCEL_UNDELIVERABLE, P.CANCELLED),
    },
    "cancellation": {
        (NONE, Event.CANCEL, C.PENDING),
        (C.PENDING, Event.CANCEL, C.PENDING),
        (C.REJECTED, Event.CANCEL, C.PENDING),
        (C.PENDING, Event.SUCCEED, C.SUCCESS),
        (C.PENDING, Event.REJECT, C.REJECTED),
    },
    "refund": {
        (NONE, Event.REQUEST_REFUND, R.PENDING),
        *((R.PENDING, Event.refund_target(t), t) for t in (R.PENDING, R.PARTIAL, R.FAILURE)),
        (R.PENDING, Event.SET_SUCCESS, R.SUCCESS),
        (R.PENDING, Event.SET_REJECTED, R.REJECTED),
        *((R.FAILURE, Event.refund_target(t), t) for t in (R.PARTIAL, R.FAILURE, R.SUCCESS)),
        (R.PARTIAL, Event.SET_PARTIAL, R.PARTIAL),
        (R.PARTIAL, Event.SET_SUCCESS, R.SUCCESS),
        (R.SUCCESS, Event.SET_SUCCESS, R.SUCCESS),
    },
}
"""Every allowed move, written from the reference, independently of the tables."""

REFUND_REFUSED = sorted(
    set(itertools.product(RefundState, RefundState))
    - {(source, dest) for source, _, dest in ALLOWED["refund"] if source is not NONE},
    key=str,
)
"""Every (current, requested) refund pair the reference does not allow."""

ALL_MOVES = [(name, *move) for name, moves in ALLOWED.items() for move in sorted(moves, key=str)]


def by_name(name: str) -> MachineTable[Any]:
    return next(t for t in TABLES if t.name == name)


@pytest.mark.parametrize(("name", "source", "event", "dest"), ALL_MOVES)
def test_documented_move_is_allowed(name: str, source: Any, event: Event, dest: Any) -> None:
    """Each documented move is in its table, with the right destination."""
    move = by_name(name).move(source, event)
    assert move is not None
    assert move.dest == dest


@pytest.mark.parametrize("name", ALLOWED)
def test_tables_allow_nothing_else(name: str) -> None:
    """No table allows a move beyond the documented ones (and our stated decisions)."""
    assert {(m.source, m.event, m.dest) for m in by_name(name).moves} == ALLOWED[name]


@pytest.mark.parametrize(("source", "target"), REFUND_REFUSED)
def test_undocumented_refund_move_is_invalid_refund_state_transition(
    source: RefundState, target: RefundState
) -> None:
    """Every refund move outside the table is refused with InvalidRefundStateTransition."""
    refusal = TABLES.refund.refusal(source, Event.refund_target(target))
    assert refusal is not None
    assert refusal.spec.code == "InvalidRefundStateTransition"
    assert refusal.spec.operation == "updateOrder"


@pytest.mark.parametrize("target", RefundState)
def test_setting_a_refund_that_does_not_exist_is_invalid_refund_id(target: RefundState) -> None:
    """Asking for any state of a refund that does not exist is refused with InvalidRefundId."""
    refusal = TABLES.refund.refusal(NONE, Event.refund_target(target))
    assert refusal is not None
    assert refusal.spec.code == "InvalidRefundId"


def test_every_merchant_refund_pair_is_allowed_or_refused() -> None:
    """Each (refund state, merchant event) is either a move or a refusal, never unspecified."""
    merchant = [e for e in TABLES.refund.events if e.actor is Actor.MERCHANT]
    for state, event in itertools.product(TABLES.refund.states, merchant):
        table = TABLES.refund
        assert (table.move(state, event) is None) != (table.refusal(state, event) is None)


def test_cancel_after_a_successful_cancellation_is_refused() -> None:
    """cancel on a SUCCESS cancellation is CancellationRequiresPendingPackages on cancelOrder."""
    refusal = TABLES.cancellation.refusal(C.SUCCESS, Event.CANCEL)
    assert refusal is not None
    assert (refusal.spec.operation, refusal.spec.name) == (
        "cancelOrder",
        "CancellationRequiresPendingPackages",
    )


def test_terminal_states_are_the_documented_ones() -> None:
    """Terminal states: STARTED; DELIVERED, CANCELLED; cancellation SUCCESS; SUCCESS, REJECTED."""
    assert TABLES.execution.terminal == {E.STARTED}
    assert TABLES.package.terminal == {P.DELIVERED, P.CANCELLED}
    assert TABLES.cancellation.terminal == {C.SUCCESS}
    assert TABLES.refund.terminal == {R.SUCCESS, R.REJECTED}


def test_packages_are_moved_by_amazon_only() -> None:
    """Every package move is Amazon's; the merchant has no package event."""
    assert {m.actor for m in TABLES.package.moves} == {Actor.AMAZON}


def test_cancel_events_carry_the_reason() -> None:
    """Event.package_cancel maps each reason to the event that cancels with it."""
    for reason in PackageCancelReason:
        assert Event.package_cancel(reason).value == f"cancel_{reason.value.lower()}"


def walk(table: MachineTable[Any], events: list[Event]) -> list[Any]:
    """The states a table goes through on ``events``, skipping those it does not allow."""
    states = [table.initial]
    for event in events:
        move = table.move(states[-1], event)
        states.append(move.dest if move else states[-1])
    return states


@given(machine_tables().flatmap(lambda t: st.tuples(st.just(t), table_events(t))))
def test_terminal_states_stay_terminal(case: tuple[MachineTable[Any], list[Event]]) -> None:
    """Once a walk reaches a terminal state it never leaves it."""
    table, events = case
    path = walk(table, events)
    for before, after in itertools.pairwise(path):
        assert before not in table.terminal or after == before


@given(table_events(TABLES.execution))
def test_started_never_reverts(events: list[Event]) -> None:
    """No sequence of events takes execution from STARTED back to NOT_STARTED."""
    path = walk(TABLES.execution, events)
    first = path.index(E.STARTED) if E.STARTED in path else len(path)
    assert all(state is E.STARTED for state in path[first:])


@given(machine_tables().flatmap(lambda t: st.tuples(st.just(t), table_events(t))))
def test_no_walk_makes_a_refused_move(case: tuple[MachineTable[Any], list[Event]]) -> None:
    """Walking a table never makes a move the table also refuses."""
    table, events = case
    for state, event in zip(walk(table, events), events, strict=False):
        assert table.move(state, event) is None or table.refusal(state, event) is None
