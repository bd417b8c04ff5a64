"""Tests of the shared event vocabulary: who sends each event, and on which operation."""

from __future__ import annotations

import pytest

from orderguard.enums import Operation, RefundState
from orderguard.statemachine import Actor, Event

MERCHANT_EVENTS = {
    Event.START: Operation.UPDATE_ORDER,
    Event.CANCEL: Operation.CANCEL_ORDER,
    **{Event.refund_target(state): Operation.UPDATE_ORDER for state in RefundState},
}


@pytest.mark.parametrize("event", Event)
def test_each_event_has_one_sender(event: Event) -> None:
    """Merchant events name their GraphQL operation; Amazon's events name none."""
    assert event.operation == MERCHANT_EVENTS.get(event)
    expected = Actor.MERCHANT if event in MERCHANT_EVENTS else Actor.AMAZON
    assert event.actor is expected


@pytest.mark.parametrize("state", RefundState)
def test_refund_target_names_the_requested_state(state: RefundState) -> None:
    """Event.refund_target(S) is the event spelled set_S."""
    assert Event.refund_target(state).value == f"set_{state.value}"


def test_events_compare_equal_to_their_strings() -> None:
    """Events are StrEnum members, so their string works wherever the member does."""
    assert Event.START == "start"
    assert {Event.CANCEL: 1}["cancel"] == 1
