"""Tests of the overview: the combined lifecycle derived from the tables and decisions."""

from __future__ import annotations

import itertools

import pytest

from orderguard.enums import CancellationState, ExecutionState, PackageState
from orderguard.errors.exceptions import TableDefinitionError
from orderguard.statemachine import TABLES, Actor, Event, _overview, overview
from orderguard.statemachine._couplings import amazon_may
from orderguard.statemachine.couplings import OrderView, cancel_decision, start_decision
from orderguard.statemachine.records import OrderState

E, P, C = ExecutionState, PackageState, CancellationState
VIEW = overview()


def test_initial_state_is_a_fresh_order() -> None:
    """The overview starts from NOT_STARTED, packages PENDING, no cancellation request."""
    assert VIEW.initial == OrderState(E.NOT_STARTED, P.PENDING, None)
    assert VIEW.states[0] == VIEW.initial


def test_every_state_is_reached_and_every_move_stays_inside() -> None:
    """Each listed state is reachable, and every move and refusal is between listed states."""
    states = set(VIEW.states)
    reached = {VIEW.initial} | {m.dest for m in VIEW.moves}
    assert reached == states
    assert {m.source for m in VIEW.moves} | {f.source for f in VIEW.forbidden} <= states


def test_merchant_actions_are_decided_in_every_state() -> None:
    """In every state, start and cancel are each either one move or one refusal."""
    for state, event in itertools.product(VIEW.states, (Event.START, Event.CANCEL)):
        moves = [m for m in VIEW.moves if (m.source, m.event) == (state, event)]
        refusals = [f for f in VIEW.forbidden if (f.source, f.event) == (state, event)]
        assert len(moves) + len(refusals) == 1


def test_refusals_are_the_decisions_errors() -> None:
    """Each refusal names what start_decision or cancel_decision says for that state."""
    for refusal in VIEW.forbidden:
        state = refusal.source
        if refusal.event is Event.START:
            spec = start_decision(state.execution, state.delivery, state.cancellation)
        else:
            spec = cancel_decision([state.delivery], state.cancellation)
        assert spec == refusal.spec


def test_seed_codes_appear_as_refusals() -> None:
    """Both start errors and the cancel precondition label some refused merchant action."""
    names = {f.error_name for f in VIEW.forbidden}
    assert names == {
        "ExecutionAlreadyStarted",
        "ExecutionCannotBeStartedDueToCancellation",
        "CancellationRequiresPendingPackages",
    }


def test_moves_respect_the_component_tables() -> None:
    """Every move's actor is its event's, and each component moves only as its table allows."""
    for move in VIEW.moves:
        assert move.actor is move.event.actor
        a, b = move.source, move.dest
        if a.delivery != b.delivery and move.event is not Event.SUCCEED:
            assert TABLES.package.move(a.delivery, move.event) is not None


def test_started_never_reverts_and_terminal_packages_stay() -> None:
    """No move takes execution back to NOT_STARTED or a package out of DELIVERED/CANCELLED."""
    for move in VIEW.moves:
        assert not (move.source.execution is E.STARTED and move.dest.execution is E.NOT_STARTED)
        if move.source.delivery in TABLES.package.terminal:
            assert move.dest.delivery == move.source.delivery


def test_nothing_ships_before_start() -> None:
    """No NOT_STARTED order has a package in transit or delivered."""
    for state in VIEW.states:
        if state.execution is E.NOT_STARTED:
            assert state.delivery in (P.PENDING, P.CANCELLED)


def test_successful_cancellation_cancels_the_packages() -> None:
    """Every state with a SUCCESS cancellation has its packages CANCELLED."""
    for state in VIEW.states:
        if state.cancellation is C.SUCCESS:
            assert state.delivery is P.CANCELLED


def test_only_merchant_moves_loop() -> None:
    """Self-loops are merchant no-ops (start again, cancel again); Amazon always changes state."""
    loops = {(m.source, m.event) for m in VIEW.moves if m.source == m.dest}
    assert loops
    assert {event.actor for _, event in loops} == {Actor.MERCHANT}


def test_labels_are_short_and_unique() -> None:
    """State labels read like "STARTED / IN_TRANSIT / cancel REJECTED" and tell states apart."""
    labels = [state.label for state in VIEW.states]
    assert len(set(labels)) == len(labels)
    assert max(map(len, labels)) <= 45
    assert OrderState(E.STARTED, P.IN_TRANSIT, C.REJECTED).label == (
        "STARTED / IN_TRANSIT / cancel REJECTED"
    )


def test_overview_is_derived_once() -> None:
    """overview() returns the same object on every call."""
    assert overview() is VIEW


def test_a_decision_the_tables_cannot_follow_is_a_definition_error() -> None:
    """Deriving a merchant move the component table lacks raises TableDefinitionError."""
    with pytest.raises(TableDefinitionError, match="does not"):
        _overview._dest(TABLES.package, P.DELIVERED, Event.SHIP)


def test_amazon_moves_no_package_while_a_cancellation_is_pending() -> None:
    """GAP: from a state with a PENDING request Amazon only decides the request."""
    for move in VIEW.moves:
        if move.source.cancellation is C.PENDING and move.actor is Actor.AMAZON:
            assert move.event in (Event.SUCCEED, Event.REJECT)
    pending = OrderState(E.STARTED, P.PENDING, C.PENDING)
    assert {m.event for m in VIEW.moves if m.source == pending and m.actor is Actor.AMAZON} == {
        Event.SUCCEED,
        Event.REJECT,
    }


def test_every_amazon_move_passes_its_gates() -> None:
    """Each Amazon move of the overview is one the couplings' gates allow from its source."""
    for move in VIEW.moves:
        if move.actor is Actor.AMAZON:
            source = move.source
            view = OrderView(source.execution, (source.delivery,), source.cancellation)
            assert amazon_may(move.event, view)
