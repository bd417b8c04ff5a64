"""Tests of the delivery roll-up and of the composite start and cancel decisions."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orderguard.enums import CancellationState, ExecutionState, PackageState
from orderguard.statemachine import TABLES, Event
from orderguard.statemachine.couplings import (
    cancel_decision,
    cancellation_summary,
    delivery_summary,
    start_decision,
)
from tests.helpers.strategies import (
    CANCELLATIONS,
    DELIVERY_SUMMARIES,
    EXECUTION_STATES,
    PACKAGE_LISTS,
)

E, P, C = ExecutionState, PackageState, CancellationState
ALREADY = "ExecutionAlreadyStarted"
CANCELLED = "ExecutionCannotBeStartedDueToCancellation"
NOT_PENDING = "CancellationRequiresPendingPackages"


@pytest.mark.parametrize(
    ("packages", "summary"),
    [
        ([], None),
        ([P.PENDING], P.PENDING),
        ([P.PENDING, P.IN_TRANSIT, P.DELIVERED], P.PENDING),
        ([P.IN_TRANSIT], P.IN_TRANSIT),
        ([P.IN_TRANSIT, P.DELIVERED, P.CANCELLED], P.IN_TRANSIT),
        ([P.DELIVERED, P.CANCELLED], P.DELIVERED),
        ([P.DELIVERED], P.DELIVERED),
        ([P.CANCELLED, P.CANCELLED], P.CANCELLED),
    ],
)
def test_roll_up_examples(packages: list[PackageState], summary: PackageState | None) -> None:
    """The summary follows the documented roll-up rules, None when no package is known."""
    assert delivery_summary(packages) == summary


@given(PACKAGE_LISTS)
def test_roll_up_properties(packages: list[PackageState]) -> None:
    """PENDING iff any pending; CANCELLED iff all cancelled; DELIVERED iff finished + a delivery."""
    summary = delivery_summary(packages)
    finished = all(p in (P.DELIVERED, P.CANCELLED) for p in packages)
    assert (summary is None) == (not packages)
    assert (summary is P.PENDING) == (P.PENDING in packages)
    assert (summary is P.CANCELLED) == (bool(packages) and set(packages) == {P.CANCELLED})
    assert (summary is P.DELIVERED) == (finished and P.DELIVERED in packages)
    assert summary is not P.IN_TRANSIT or P.IN_TRANSIT in packages


@given(PACKAGE_LISTS, PACKAGE_LISTS)
def test_roll_up_ignores_order_and_repeats(
    first: list[PackageState], more: list[PackageState]
) -> None:
    """The summary depends only on which states are present, not on order or counts."""
    both = first + more
    assert delivery_summary(both) == delivery_summary(sorted(set(both), key=str))


@pytest.mark.parametrize("delivery", [P.IN_TRANSIT, P.DELIVERED])
def test_start_after_delivery_began_is_execution_already_started(delivery: PackageState) -> None:
    """STARTED asked while delivery is IN_TRANSIT or DELIVERED is ExecutionAlreadyStarted."""
    spec = start_decision(E.STARTED, delivery, None)
    assert spec is not None
    assert (spec.operation, spec.code) == ("updateOrder", ALREADY)


@pytest.mark.parametrize(
    ("delivery", "cancellation"),
    [(P.CANCELLED, None), (P.PENDING, C.PENDING), (P.PENDING, C.SUCCESS), (None, C.SUCCESS)],
)
def test_start_of_a_cancelled_order_is_refused_due_to_cancellation(
    delivery: PackageState | None, cancellation: CancellationState | None
) -> None:
    """Delivery CANCELLED, or cancellation PENDING or SUCCESS, refuses start."""
    spec = start_decision(E.NOT_STARTED, delivery, cancellation)
    assert spec is not None
    assert spec.code == CANCELLED


@pytest.mark.parametrize("delivery", [P.IN_TRANSIT, P.DELIVERED])
def test_delivery_facts_take_precedence_over_a_cancellation(delivery: PackageState) -> None:
    """GAP: when both apply (in transit, cancellation pending) ExecutionAlreadyStarted wins."""
    spec = start_decision(E.STARTED, delivery, C.PENDING)
    assert spec is not None
    assert spec.code == ALREADY


@pytest.mark.parametrize("cancellation", [None, C.REJECTED])
@pytest.mark.parametrize("execution", ExecutionState)
@pytest.mark.parametrize("delivery", [P.PENDING, None])
def test_start_is_allowed_while_nothing_moved(
    execution: ExecutionState, delivery: PackageState | None, cancellation: CancellationState | None
) -> None:
    """Start is accepted with packages pending or unknown and no live cancellation request."""
    assert start_decision(execution, delivery, cancellation) is None


def test_inconsistent_snapshot_delivery_facts_win() -> None:
    """NOT_STARTED with a package IN_TRANSIT counts as started: ExecutionAlreadyStarted."""
    summary = delivery_summary([P.IN_TRANSIT, P.DELIVERED])
    spec = start_decision(E.NOT_STARTED, summary, None)
    assert spec is not None
    assert spec.code == ALREADY


def test_inconsistent_snapshot_cancel_success_with_pending_packages() -> None:
    """A SUCCESS cancellation refuses start and cancel even if packages still read PENDING."""
    start = start_decision(E.NOT_STARTED, P.PENDING, C.SUCCESS)
    cancel = cancel_decision([P.PENDING], C.SUCCESS)
    assert start is not None
    assert cancel is not None
    assert (start.code, cancel.name) == (CANCELLED, NOT_PENDING)


@given(EXECUTION_STATES, DELIVERY_SUMMARIES, CANCELLATIONS)
def test_execution_state_never_changes_the_start_answer(
    execution: ExecutionState, delivery: PackageState | None, cancellation: CancellationState | None
) -> None:
    """The stored execution state does not change start_decision (Amazon's facts win)."""
    assert start_decision(execution, delivery, cancellation) == start_decision(
        E.NOT_STARTED, delivery, cancellation
    )


def test_start_decision_accepts_strings() -> None:
    """Plain strings work as well as enum members."""
    spec = start_decision("STARTED", "CANCELLED", None)  # type: ignore[arg-type]
    assert spec is not None
    assert spec.code == CANCELLED


@pytest.mark.parametrize("cancellation", [None, C.PENDING, C.REJECTED])
def test_cancel_is_allowed_while_every_package_is_pending(
    cancellation: CancellationState | None,
) -> None:
    """cancelOrder is accepted with all packages PENDING (or none known), unless cancelled."""
    assert cancel_decision([P.PENDING, P.PENDING], cancellation) is None
    assert cancel_decision([], cancellation) is None


@given(PACKAGE_LISTS, CANCELLATIONS)
def test_cancel_requires_every_package_pending(
    packages: list[PackageState], cancellation: CancellationState | None
) -> None:
    """cancelOrder is refused, on cancelOrder, iff a package moved or the order is cancelled."""
    spec = cancel_decision(packages, cancellation)
    refused = any(p is not P.PENDING for p in packages) or cancellation is C.SUCCESS
    assert (spec is not None) == refused
    if spec is not None:
        assert (spec.operation, spec.name) == ("cancelOrder", NOT_PENDING)


@pytest.mark.parametrize(
    ("requests", "counted"),
    [
        ([], None),
        ([C.REJECTED], C.REJECTED),
        ([C.REJECTED, C.PENDING], C.PENDING),
        ([C.PENDING, C.REJECTED], C.PENDING),
        ([C.REJECTED, C.SUCCESS, C.REJECTED], C.SUCCESS),
        ([C.SUCCESS, C.PENDING], C.SUCCESS),
    ],
)
def test_the_cancellation_that_counts(
    requests: list[CancellationState], counted: CancellationState | None
) -> None:
    """GAP: of several requests a SUCCESS counts, else a PENDING one, else a REJECTED one."""
    assert cancellation_summary(requests) is counted


@given(st.lists(st.sampled_from(CancellationState), max_size=5), st.randoms())
def test_the_cancellation_that_counts_ignores_listing_order(
    requests: list[CancellationState], rng: random.Random
) -> None:
    """Which request counts does not depend on the order the API lists them in."""
    shuffled = list(requests)
    rng.shuffle(shuffled)
    assert cancellation_summary(shuffled) == cancellation_summary(requests)


def test_start_refusals_are_the_execution_tables_rows() -> None:
    """start_decision answers with the execution table's rows, lowest precedence first."""
    rows = TABLES.execution.refusals(E.NOT_STARTED, Event.START)
    assert [(row.error_name, row.precedence) for row in rows] == [
        (ALREADY, 1),
        (CANCELLED, 2),
    ]
    assert repr(rows[0].when) == "delivery_in(IN_TRANSIT, DELIVERED)"
    assert repr(rows[1].when) == "delivery_in(CANCELLED) or cancellation_in(PENDING, SUCCESS)"
