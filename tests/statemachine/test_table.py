"""Tests of MachineTable's records and of the checks a table runs on itself when built."""

from __future__ import annotations

from typing import Any

import pytest

from orderguard.enums import Operation, PackageState
from orderguard.errors import CATALOG
from orderguard.errors.exceptions import TableDefinitionError
from orderguard.statemachine import Actor, Event, Forbidden, MachineTable, Move
from orderguard.statemachine._conditions import delivery_in
from orderguard.statemachine.couplings import OrderView

P = PackageState


def table(**changes: Any) -> MachineTable[PackageState]:
    """A small valid table (PENDING -ship-> IN_TRANSIT -deliver-> DELIVERED), with changes."""
    fields: dict[str, Any] = {
        "name": "tiny",
        "states": (P.PENDING, P.IN_TRANSIT, P.DELIVERED),
        "initial": P.PENDING,
        "terminal": frozenset({P.DELIVERED}),
        "events": (Event.SHIP, Event.DELIVER, Event.START),
        "moves": (
            Move(P.PENDING, Event.SHIP, P.IN_TRANSIT),
            Move(P.IN_TRANSIT, Event.DELIVER, P.DELIVERED),
        ),
        "forbidden": (Forbidden(P.DELIVERED, Event.START, "ExecutionAlreadyStarted"),),
    }
    return MachineTable(**{**fields, **changes})


def refused(match: str, **changes: Any) -> None:
    """Assert that building the table with ``changes`` raises a TableDefinitionError."""
    with pytest.raises(TableDefinitionError, match=match):
        table(**changes)


def test_valid_table_builds() -> None:
    """A table that keeps every rule builds and answers move and refusal lookups."""
    tiny = table()
    assert tiny.move(P.PENDING, Event.SHIP) == Move(P.PENDING, Event.SHIP, P.IN_TRANSIT)
    assert tiny.move(P.PENDING, Event.DELIVER) is None
    assert tiny.refusal(P.DELIVERED, Event.START) is not None
    assert tiny.refusal(P.PENDING, Event.START) is None


def test_move_actor_defaults_to_the_events_sender() -> None:
    """A Move made without an actor takes the actor of its event."""
    assert Move(P.PENDING, Event.SHIP, P.IN_TRANSIT).actor is Actor.AMAZON
    assert Move(P.PENDING, Event.START, P.PENDING).actor is Actor.MERCHANT


def test_forbidden_spec_is_the_catalog_entry_of_the_events_operation() -> None:
    """Forbidden.spec looks the error up on the operation that carries the event."""
    refusal = Forbidden(P.PENDING, Event.CANCEL, "CancellationRequiresPendingPackages")
    expected = CATALOG.get_spec(Operation.CANCEL_ORDER, "CancellationRequiresPendingPackages")
    assert refusal.spec == expected


def test_initial_state_must_be_listed() -> None:
    """An initial state missing from the states is refused."""
    refused("initial state", initial=P.CANCELLED)


def test_states_and_events_are_listed_once() -> None:
    """A state or event listed twice is refused."""
    refused("listed twice", states=(P.PENDING, P.PENDING, P.IN_TRANSIT, P.DELIVERED))
    refused("listed twice", events=(Event.SHIP, Event.SHIP, Event.DELIVER, Event.START))


def test_terminal_states_must_be_listed() -> None:
    """A terminal state missing from the states is refused."""
    refused("terminal states", terminal=frozenset({P.CANCELLED}))


def test_records_use_listed_states_and_events() -> None:
    """A move to an unlisted state, or on an unlisted event, is refused."""
    stray = Move(P.IN_TRANSIT, Event.CANCEL_UNDELIVERABLE, P.CANCELLED)
    refused("does not list", moves=(*table().moves, stray))
    refused("does not list", forbidden=(Forbidden(P.PENDING, Event.CANCEL, "x"),))


def test_move_actor_must_match_the_event() -> None:
    """A move claiming the merchant makes Amazon's event is refused."""
    wrong = Move(P.PENDING, Event.SHIP, P.IN_TRANSIT, Actor.MERCHANT)
    refused("is sent by", moves=(wrong, table().moves[1]))


def test_no_move_leaves_a_terminal_state() -> None:
    """A move from a terminal state to another state is refused; a self-loop is not."""
    refused("leaves terminal", terminal=frozenset({P.IN_TRANSIT, P.DELIVERED}))
    loop = Move(P.DELIVERED, Event.DELIVER, P.DELIVERED)
    assert table(moves=(*table().moves, loop)).move(P.DELIVERED, Event.DELIVER) == loop


def test_every_state_is_reachable() -> None:
    """A state no move leads to from the initial state is refused."""
    refused("cannot be reached", moves=table().moves[:1])


def test_moves_are_deterministic() -> None:
    """Two moves for the same (state, event) are refused."""
    twin = Move(P.PENDING, Event.SHIP, P.DELIVERED)
    refused("more than one move", moves=(*table().moves, twin))


def test_refusals_are_unique() -> None:
    """Two refusals of the same (state, event) and precedence are refused."""
    twin = Forbidden(P.DELIVERED, Event.START, "ExecutionCannotBeStartedDueToCancellation")
    refused("give each its own precedence", forbidden=(*table().forbidden, twin))


UNDER_WAY = delivery_in(P.IN_TRANSIT, P.DELIVERED)


def conditional(**changes: Any) -> MachineTable[PackageState]:
    """The tiny table whose PENDING start is allowed, refused by two rows while under way."""
    loop = Move(P.PENDING, Event.START, P.PENDING)
    rows = (
        Forbidden(
            P.PENDING, Event.START, "ExecutionCannotBeStartedDueToCancellation", UNDER_WAY, 2
        ),
        Forbidden(P.PENDING, Event.START, "ExecutionAlreadyStarted", UNDER_WAY, 1),
    )
    return table(moves=(*table().moves, loop), forbidden=rows, **changes)


def test_conditional_refusals_answer_in_precedence_order() -> None:
    """A conditional refusal refuses only while its condition holds; the lowest precedence wins."""
    tiny = conditional()
    shipped, waiting = OrderView(packages=(P.IN_TRANSIT,)), OrderView(packages=(P.PENDING,))
    assert [row.precedence for row in tiny.refusals(P.PENDING, Event.START)] == [1, 2]
    found = tiny.refusal(P.PENDING, Event.START, shipped)
    assert found is not None and found.error_name == "ExecutionAlreadyStarted"
    assert tiny.refusal(P.PENDING, Event.START, waiting) is None
    assert tiny.refusal(P.PENDING, Event.START) is None  # without a view only "always" answers


def test_a_conditional_refusal_needs_a_move_to_fall_back_to() -> None:
    """A conditional refusal of a (state, event) the table never allows is refused."""
    row = Forbidden(P.DELIVERED, Event.START, "ExecutionAlreadyStarted", UNDER_WAY)
    refused("has no move to allow otherwise", forbidden=(row,))


def test_no_pair_is_both_allowed_and_forbidden() -> None:
    """A (state, event) that is both a move and a refusal is refused."""
    both = Forbidden(P.PENDING, Event.SHIP, "ExecutionAlreadyStarted")
    refused("both allowed and forbidden", forbidden=(both,))


def test_refusals_name_catalog_entries_of_the_right_operation() -> None:
    """A refusal naming no catalog entry, or one of another operation, is refused."""
    refused("use a name from", forbidden=(Forbidden(P.DELIVERED, Event.START, "NoSuchError"),))
    other_op = Forbidden(P.DELIVERED, Event.START, "CancellationRequiresPendingPackages")
    refused("use a name from", forbidden=(other_op,))


def test_only_merchant_events_are_refused() -> None:
    """A refusal of one of Amazon's events is refused."""
    amazon = Forbidden(P.DELIVERED, Event.SHIP, "ExecutionAlreadyStarted")
    refused("only merchant events", forbidden=(amazon,))
    with pytest.raises(TableDefinitionError):
        amazon.spec  # noqa: B018
