"""Tests of Amazon's side of the couplings: the gates, the consequences and their read-back."""

from __future__ import annotations

import pytest

from orderguard.enums import CancellationState, ExecutionState, PackageState
from orderguard.statemachine import TABLES, Event
from orderguard.statemachine._couplings import (
    CANCELLATION_CANCELS_PACKAGES,
    amazon_may,
    cancelling_event,
    consequences_of,
    gate_of,
    settled_cancellation,
)
from orderguard.statemachine.couplings import COUPLINGS, OrderView
from orderguard.statemachine.records import NoRequest

E, P, C = ExecutionState, PackageState, CancellationState
PACKAGE_EVENTS = [move.event for move in TABLES.package.moves]


def test_packages_do_not_ship_before_the_order_starts() -> None:
    """ship waits for STARTED; Amazon may still cancel a pending package of an order on hold."""
    on_hold = OrderView(E.NOT_STARTED, (P.PENDING,))
    assert not amazon_may(Event.SHIP, on_hold)
    assert amazon_may(Event.SHIP, OrderView(E.STARTED, (P.PENDING,)))
    assert amazon_may(Event.CANCEL_UNFULFILLABLE, on_hold)


@pytest.mark.parametrize("event", PACKAGE_EVENTS)
def test_no_package_moves_while_a_cancellation_is_pending(event: Event) -> None:
    """GAP: while a request is PENDING no package event happens; after REJECTED they may."""
    packages = (P.PENDING, P.IN_TRANSIT)
    assert not amazon_may(event, OrderView(E.STARTED, packages, C.PENDING))
    assert amazon_may(event, OrderView(E.STARTED, packages, C.REJECTED))


def test_a_cancellation_succeeds_only_while_nothing_is_under_way() -> None:
    """succeed waits for no package in transit or delivered; reject never waits."""
    shipped = OrderView(E.STARTED, (P.PENDING, P.IN_TRANSIT), C.PENDING)
    assert not amazon_may(Event.SUCCEED, shipped)
    assert amazon_may(Event.REJECT, shipped)
    assert amazon_may(Event.SUCCEED, OrderView(E.STARTED, (P.PENDING, P.CANCELLED), C.PENDING))


def test_every_gate_names_events_of_amazon_moves() -> None:
    """Gates only ever hold back Amazon's moves (merchant refusals are table rows)."""
    amazon = {m.event for table in TABLES for m in table.moves if m.actor.value == "AMAZON"}
    for gate in COUPLINGS.gates:
        assert gate.events <= amazon and gate.why


def test_gate_of_joins_the_gates_of_an_event() -> None:
    """ship's one condition reads as both of its gates; deliver's as the pending hold only."""
    assert repr(gate_of(Event.SHIP)) == "execution_in(STARTED) and not cancellation_in(PENDING)"
    assert repr(gate_of(Event.DELIVER)) == "not cancellation_in(PENDING)"
    assert gate_of(Event.REQUEST_REFUND) is None


def test_a_successful_cancellation_cancels_pending_packages_at_the_shoppers_request() -> None:
    """succeed is followed by cancel_customer_requested on each PENDING package."""
    (consequence,) = consequences_of(Event.SUCCEED)
    assert consequence is CANCELLATION_CANCELS_PACKAGES
    assert (consequence.machine, consequence.then, consequence.each) == (
        "package",
        Event.CANCEL_CUSTOMER_REQUESTED,
        (P.PENDING,),
    )


@pytest.mark.parametrize("event", [m.event for m in TABLES.package.moves if m.dest is P.CANCELLED])
def test_every_cancelled_package_is_refunded(event: Event) -> None:
    """Each package cancellation is followed by a new refund (request_refund from NONE)."""
    (consequence,) = consequences_of(event)
    assert (consequence.machine, consequence.then, consequence.each) == (
        "refund",
        Event.REQUEST_REFUND,
        (NoRequest.NONE,),
    )


@pytest.mark.parametrize(
    ("cancellation", "packages", "settled"),
    [
        (C.PENDING, (P.CANCELLED, P.CANCELLED), C.SUCCESS),
        (C.PENDING, (P.CANCELLED, P.PENDING), C.PENDING),
        (C.PENDING, (), C.PENDING),
        (C.REJECTED, (P.CANCELLED,), C.REJECTED),
        (None, (P.CANCELLED,), None),
    ],
)
def test_a_pending_request_whose_packages_are_all_cancelled_has_succeeded(
    cancellation: CancellationState | None,
    packages: tuple[PackageState, ...],
    settled: CancellationState | None,
) -> None:
    """The success's consequence read backwards settles only a PENDING request with packages."""
    assert settled_cancellation(cancellation, packages) is settled


def test_a_pending_request_explains_an_unexplained_package_cancellation() -> None:
    """While a request is PENDING, a package cancelled without reason was the shopper's."""
    assert cancelling_event(C.PENDING) is Event.CANCEL_CUSTOMER_REQUESTED
    assert cancelling_event(C.REJECTED) is None and cancelling_event(None) is None
