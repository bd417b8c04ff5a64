"""Tests of applying Buy with Prime events to snapshots, and of the deduplicating tracker."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orderguard.enums import (
    CancellationState,
    PackageCancelReason,
    PackageState,
    RefundState,
    ReturnState,
)
from orderguard.errors.exceptions import MalformedEventError
from orderguard.statemachine import TABLES, OrderSnapshot, OrderTracker, Outcome, apply_event
from orderguard.statemachine._apply import _HANDLERS
from orderguard.statemachine.records import EventKind, PackageSnapshot
from orderguard.testing.strategies import OrderHistory, order_histories

ORDER = "322-A"
P, C = PackageState, CancellationState
_key = iter(range(10**9))


def event(name: str, resource: str = "", reason: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"id": ORDER}
    if reason is not None:
        body["packageInformation"] = {
            "details": [{"id": "p1", "state": "CANCELLED", "reason": reason}]
        }
    return {
        "idempotencyKey": f"k-{next(_key)}",
        "eventDescriptor": name,
        "resources": [f"businessProduct/b/order/{ORDER}{resource}"],
        "data": {"order": body},
    }


def snapshot(*states: PackageState, cancellation: CancellationState | None = None) -> OrderSnapshot:
    packages = tuple(PackageSnapshot(f"p{i + 1}", s) for i, s in enumerate(states))
    return OrderSnapshot(ORDER, packages=packages, cancellation=cancellation)


def test_ship_then_deliver() -> None:
    """A package goes PENDING -> IN_TRANSIT -> DELIVERED through the two events."""
    snap = snapshot(P.PENDING)
    shipped = apply_event(snap, event("PACKAGE_DELIVERY_IN_TRANSIT", "/delivery/p1"))
    assert shipped.outcome is Outcome.APPLIED
    delivered = apply_event(shipped.snapshot, event("PACKAGE_DELIVERED", "/delivery/p1"))
    assert delivered.snapshot.packages[0].state is P.DELIVERED
    assert delivered.snapshot.delivery_summary is P.DELIVERED


def test_old_event_names_apply_the_same() -> None:
    """DELIVERY_IN_TRANSIT (2024-04-01) moves the package like its 2024-11-01 name."""
    result = apply_event(snapshot(P.PENDING), event("DELIVERY_IN_TRANSIT"))
    assert result.snapshot.packages[0].state is P.IN_TRANSIT


def test_delivered_before_in_transit_ends_delivered() -> None:
    """PACKAGE_DELIVERED first applies (reachable); the late IN_TRANSIT is then stale."""
    first = apply_event(snapshot(P.PENDING), event("PACKAGE_DELIVERED", "/delivery/p1"))
    assert (first.outcome, first.snapshot.packages[0].state) == (Outcome.APPLIED, P.DELIVERED)
    late = apply_event(first.snapshot, event("PACKAGE_DELIVERY_IN_TRANSIT", "/delivery/p1"))
    assert (late.outcome, late.snapshot) == (Outcome.STALE, first.snapshot)
    assert "DELIVERED" in late.detail


def test_same_state_again_is_a_duplicate() -> None:
    """A second PACKAGE_DELIVERED for a delivered package is a duplicate."""
    snap = snapshot(P.DELIVERED)
    result = apply_event(snap, event("PACKAGE_DELIVERED", "/delivery/p1"))
    assert (result.outcome, result.snapshot) == (Outcome.DUPLICATE, snap)


@pytest.mark.parametrize(
    ("stored", "name", "reason"),
    [
        (P.CANCELLED, "PACKAGE_DELIVERED", None),
        (P.DELIVERED, "PACKAGE_DELIVERY_CANCELLED", "UNDELIVERABLE"),
        (P.IN_TRANSIT, "PACKAGE_DELIVERY_CANCELLED", "UNFULFILLABLE"),
    ],
)
def test_contradicting_facts_are_a_conflict_and_keep_the_stored_state(
    stored: PackageState, name: str, reason: str | None
) -> None:
    """Two different terminal states, or a reason the stored state rules out: conflict, kept."""
    snap = snapshot(stored)
    result = apply_event(snap, event(name, "/delivery/p1", reason))
    assert (result.outcome, result.snapshot) == (Outcome.CONFLICT, snap)
    assert "conflict" in result.detail


def test_a_cancellation_for_undeliverable_reaches_past_in_transit() -> None:
    """PENDING -> CANCELLED (UNDELIVERABLE) applies: the package passed IN_TRANSIT on the way."""
    result = apply_event(
        snapshot(P.PENDING), event("PACKAGE_DELIVERY_CANCELLED", "", "UNDELIVERABLE")
    )
    assert result.outcome is Outcome.APPLIED
    assert result.snapshot.packages[0].reason is PackageCancelReason.UNDELIVERABLE


def test_cancellation_reason_defaults_by_state() -> None:
    """A cancelled in-transit package is UNDELIVERABLE; a pending one UNFULFILLABLE."""
    snap = snapshot(P.PENDING, P.IN_TRANSIT)
    result = apply_event(snap, event("PACKAGE_DELIVERY_CANCELLED"))
    reasons = [p.reason for p in result.snapshot.packages]
    assert reasons == [PackageCancelReason.UNFULFILLABLE, PackageCancelReason.UNDELIVERABLE]


def test_an_unexplained_cancellation_during_a_pending_request_is_the_shoppers() -> None:
    """While a cancellation is PENDING, a reasonless package cancellation is CUSTOMER_REQUESTED."""
    snap = snapshot(P.PENDING, cancellation=C.PENDING)
    result = apply_event(snap, event("PACKAGE_DELIVERY_CANCELLED"))
    assert result.snapshot.packages[0].reason is PackageCancelReason.CUSTOMER_REQUESTED


def test_pending_cancellation_succeeds_when_all_packages_are_cancelled() -> None:
    """PACKAGE_DELIVERY_CANCELLED for every package settles a pending cancellation."""
    snap = snapshot(P.PENDING, P.PENDING, cancellation=C.PENDING)
    half = apply_event(snap, event("PACKAGE_DELIVERY_CANCELLED", "/delivery/p1"))
    assert half.snapshot.cancellation is C.PENDING
    done = apply_event(half.snapshot, event("PACKAGE_DELIVERY_CANCELLED", "/delivery/p2"))
    assert done.snapshot.cancellation is C.SUCCESS


def test_unknown_package_is_added_in_the_event_state() -> None:
    """An event naming an unseen package records it as the event says."""
    result = apply_event(snapshot(P.PENDING), event("PACKAGE_DELIVERY_IN_TRANSIT", "/delivery/p9"))
    assert [(p.id, p.state) for p in result.snapshot.packages] == [
        ("p1", P.PENDING),
        ("p9", P.IN_TRANSIT),
    ]


def test_refund_requested_adds_a_pending_refund_once() -> None:
    """REFUND_REQUESTED adds the refund PENDING; the same refund again is a duplicate."""
    first = apply_event(snapshot(), event("REFUND_REQUESTED", "/refund/r-1"))
    assert [(r.id, r.state) for r in first.snapshot.refunds] == [("r-1", RefundState.PENDING)]
    again = apply_event(first.snapshot, event("REFUND_REQUESTED", "/refund/r-1"))
    assert again.outcome is Outcome.DUPLICATE


def test_refund_requested_without_an_id_is_malformed() -> None:
    """A refund request that names no refund raises MalformedEventError."""
    with pytest.raises(MalformedEventError, match="refund"):
        apply_event(snapshot(), event("REFUND_REQUESTED"))


def test_returns_start_and_complete_without_regressing() -> None:
    """RETURN_STARTED then RETURN_COMPLETED; a late RETURN_STARTED is stale."""
    started = apply_event(snapshot(), event("RETURN_STARTED", "/return/t-1"))
    done = apply_event(started.snapshot, event("RETURN_COMPLETED", "/return/t-1"))
    assert done.snapshot.returns[0].state is ReturnState.COMPLETED
    late = apply_event(done.snapshot, event("RETURN_STARTED", "/return/t-1"))
    assert (late.outcome, late.snapshot) == (Outcome.STALE, done.snapshot)


@pytest.mark.parametrize(
    "name",
    [
        "PACKAGE_TRACKER_MILESTONE_CHANGED",
        "RETURN_ITEM_GRADED",
        "RETURN_PACKAGE_DELIVERED",
        "RETURN_DELIVERY_FAILED",
        "SOMETHING_AMAZON_ADDS_IN_2027",
    ],
)
def test_unmodelled_and_unknown_events_are_ignored_with_their_name(name: str) -> None:
    """Tracker, return-package, grading and unknown events change nothing and name their type."""
    snap = snapshot(P.PENDING)
    result = apply_event(snap, event(name))
    assert (result.outcome, result.snapshot) == (Outcome.IGNORED, snap)
    assert result.detail.startswith(name)


def test_every_modelled_kind_has_a_handler() -> None:
    """The kinds apply_event handles are exactly the ones EventKind calls modelled."""
    assert set(_HANDLERS) == {kind for kind in EventKind if kind.modelled}


def test_event_for_another_order_is_refused() -> None:
    """Applying an event to the wrong order's snapshot raises MalformedEventError."""
    with pytest.raises(MalformedEventError, match="not 322-Z"):
        apply_event(OrderSnapshot("322-Z"), event("PACKAGE_DELIVERED"))


def test_tracker_deduplicates_deliveries() -> None:
    """The same idempotencyKey twice changes nothing the second time."""
    tracker = OrderTracker()
    tracker.track(snapshot(P.PENDING))
    shipped = event("PACKAGE_DELIVERY_IN_TRANSIT")
    assert tracker.apply(shipped).outcome is Outcome.APPLIED
    tracker.apply(event("PACKAGE_DELIVERED"))
    assert tracker.apply(shipped).outcome is Outcome.DUPLICATE
    assert tracker[ORDER].packages[0].state is P.DELIVERED


def test_tracker_forgets_the_oldest_keys() -> None:
    """Only the last ``remember`` delivery keys are kept."""
    tracker = OrderTracker(remember=1)
    first = event("PACKAGE_DELIVERY_IN_TRANSIT")
    tracker.apply(first)
    tracker.apply(event("PACKAGE_TRACKER_MILESTONE_CHANGED"))
    assert tracker.apply(first).outcome is Outcome.DUPLICATE  # by state now, not by key
    assert tracker.apply(first).detail == "delivery already seen"
    assert len(tracker) == 1 and ORDER in tracker


def test_tracker_adds_no_order_for_an_ignored_event() -> None:
    """An unknown event for an order the tracker does not hold leaves the tracker empty."""
    tracker = OrderTracker()
    assert tracker.apply(event("SOMETHING_NEW")).outcome is Outcome.IGNORED
    assert len(tracker) == 0


def _reachable(state: PackageState) -> set[PackageState]:
    """Every state the package table reaches from ``state`` (itself included)."""
    seen, frontier = {state}, [state]
    while frontier:
        current = frontier.pop()
        for move in TABLES.package.moves:
            if move.source == current and move.dest not in seen:
                seen.add(move.dest)
                frontier.append(move.dest)
    return seen


PACKAGE_EVENTS = ["PACKAGE_DELIVERY_IN_TRANSIT", "PACKAGE_DELIVERED", "PACKAGE_DELIVERY_CANCELLED"]


@given(
    st.lists(
        st.tuples(
            st.sampled_from(PACKAGE_EVENTS), st.sampled_from(["/delivery/p1", "/delivery/p2", ""])
        ),
        max_size=20,
    )
)
def test_random_event_sequences_only_move_packages_forward(steps: list[tuple[str, str]]) -> None:
    """Packages move only to states the table reaches from theirs; the rest change nothing."""
    snap = snapshot(P.PENDING, P.PENDING)
    for name, resource in steps:
        before = {p.id: p.state for p in snap.packages}
        result = apply_event(snap, event(name, resource))
        for package in result.snapshot.packages:
            old = before.get(package.id)
            assert old is None or package.state in _reachable(old)
        if result.outcome is not Outcome.APPLIED:
            assert result.snapshot == snap
        snap = result.snapshot


def _start(history: OrderHistory) -> OrderSnapshot:
    """The order as created: its packages PENDING, nothing else known."""
    packages = tuple(p for p in history.snapshot.packages if p.id == "PKG-0")
    return OrderSnapshot(
        history.order_id, packages=tuple(PackageSnapshot(p.id, P.PENDING) for p in packages)
    )


def _facts(snap: OrderSnapshot) -> tuple[dict[str, tuple[Any, Any]], dict[str, RefundState]]:
    """Each package's (state, reason) and each refund's state, whatever order they came in."""
    return {p.id: (p.state, p.reason) for p in snap.packages}, {r.id: r.state for r in snap.refunds}


def _applied(
    start: OrderSnapshot, events: list[dict[str, Any]] | tuple[dict[str, Any], ...]
) -> OrderSnapshot:
    snap = start
    for item in events:
        snap = apply_event(snap, item).snapshot
    return snap


@settings(max_examples=60)
@given(data=st.data())
def test_any_delivery_order_ends_where_in_order_delivery_does(data: st.DataObject) -> None:
    """An order's events applied in any order leave every package and refund as in order."""
    history = data.draw(order_histories(max_steps=10))
    shuffled = data.draw(st.permutations(history.events))
    in_order = _applied(_start(history), history.events)
    assert _facts(_applied(_start(history), shuffled)) == _facts(in_order)
    predicted, _ = _facts(history.snapshot)
    for package_id, facts in _facts(in_order)[0].items():
        assert predicted[package_id] == facts  # the tables' prediction, from the events alone
    unheard = set(predicted) - set(_facts(in_order)[0])
    assert all(predicted[package_id] == (P.PENDING, None) for package_id in unheard)


@settings(max_examples=40)
@given(order_histories(max_steps=10))
def test_a_redelivered_event_is_a_duplicate(history: OrderHistory) -> None:
    """Every event applied a second time, right after the first, is a duplicate."""
    snap = _start(history)
    for item in history.events:
        snap = apply_event(snap, item).snapshot
        again = apply_event(snap, item)
        assert (again.outcome, again.snapshot) == (Outcome.DUPLICATE, snap)
