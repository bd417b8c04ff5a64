"""Tests of applying Buy with Prime events to snapshots, and of the deduplicating tracker."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orderguard.enums import (
    CancellationState,
    PackageCancelReason,
    PackageState,
    RefundState,
    ReturnState,
)
from orderguard.errors import MalformedEventError
from orderguard.statemachine import (
    TABLES,
    OrderSnapshot,
    OrderTracker,
    Outcome,
    PackageSnapshot,
    apply_event,
)

ORDER = "322-A"
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
    snap = snapshot(PackageState.PENDING)
    shipped = apply_event(snap, event("PACKAGE_DELIVERY_IN_TRANSIT", "/delivery/p1"))
    assert shipped.outcome is Outcome.APPLIED
    delivered = apply_event(shipped.snapshot, event("PACKAGE_DELIVERED", "/delivery/p1"))
    assert delivered.snapshot.packages[0].state is PackageState.DELIVERED
    assert delivered.snapshot.delivery_summary is PackageState.DELIVERED


def test_old_event_names_apply_the_same() -> None:
    """DELIVERY_IN_TRANSIT (2024-04-01) moves the package like its 2024-11-01 name."""
    result = apply_event(snapshot(PackageState.PENDING), event("DELIVERY_IN_TRANSIT"))
    assert result.snapshot.packages[0].state is PackageState.IN_TRANSIT


def test_backwards_event_is_stale_and_changes_nothing() -> None:
    """IN_TRANSIT after DELIVERED does not regress the package."""
    snap = snapshot(PackageState.DELIVERED)
    result = apply_event(snap, event("PACKAGE_DELIVERY_IN_TRANSIT", "/delivery/p1"))
    assert (result.outcome, result.snapshot) == (Outcome.STALE, snap)
    assert "DELIVERED" in result.detail


def test_same_state_again_is_a_duplicate() -> None:
    """A second PACKAGE_DELIVERED for a delivered package is a duplicate."""
    snap = snapshot(PackageState.DELIVERED)
    result = apply_event(snap, event("PACKAGE_DELIVERED", "/delivery/p1"))
    assert (result.outcome, result.snapshot) == (Outcome.DUPLICATE, snap)


def test_cancellation_reason_defaults_by_state() -> None:
    """A cancelled in-transit package is UNDELIVERABLE; a pending one UNFULFILLABLE."""
    snap = snapshot(PackageState.PENDING, PackageState.IN_TRANSIT)
    result = apply_event(snap, event("PACKAGE_DELIVERY_CANCELLED"))
    reasons = [p.reason for p in result.snapshot.packages]
    assert reasons == [PackageCancelReason.UNFULFILLABLE, PackageCancelReason.UNDELIVERABLE]


def test_stated_reason_must_fit_the_source_state() -> None:
    """UNFULFILLABLE cannot cancel a package in transit: the event is stale."""
    snap = snapshot(PackageState.IN_TRANSIT)
    result = apply_event(snap, event("PACKAGE_DELIVERY_CANCELLED", reason="UNFULFILLABLE"))
    assert result.outcome is Outcome.STALE


def test_pending_cancellation_succeeds_when_all_packages_are_cancelled() -> None:
    """PACKAGE_DELIVERY_CANCELLED for every package settles a pending cancellation."""
    snap = snapshot(PackageState.PENDING, cancellation=CancellationState.PENDING)
    result = apply_event(snap, event("PACKAGE_DELIVERY_CANCELLED", reason="CUSTOMER_REQUESTED"))
    assert result.snapshot.cancellation is CancellationState.SUCCESS
    assert result.snapshot.packages[0].reason is PackageCancelReason.CUSTOMER_REQUESTED


def test_unknown_package_is_added_in_the_event_state() -> None:
    """An event naming an unseen package records it as the event says."""
    result = apply_event(
        snapshot(PackageState.PENDING), event("PACKAGE_DELIVERY_IN_TRANSIT", "/delivery/p9")
    )
    assert [(p.id, p.state) for p in result.snapshot.packages] == [
        ("p1", PackageState.PENDING),
        ("p9", PackageState.IN_TRANSIT),
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


def test_tracker_milestones_are_ignored() -> None:
    """PACKAGE_TRACKER_MILESTONE_CHANGED changes no state."""
    snap = snapshot(PackageState.PENDING)
    result = apply_event(snap, event("PACKAGE_TRACKER_MILESTONE_CHANGED"))
    assert (result.outcome, result.snapshot) == (Outcome.IGNORED, snap)


def test_event_for_another_order_is_refused() -> None:
    """Applying an event to the wrong order's snapshot raises MalformedEventError."""
    with pytest.raises(MalformedEventError, match="not 322-Z"):
        apply_event(OrderSnapshot("322-Z"), event("PACKAGE_DELIVERED"))


def test_tracker_deduplicates_deliveries() -> None:
    """The same idempotencyKey twice changes nothing the second time."""
    tracker = OrderTracker()
    tracker.track(snapshot(PackageState.PENDING))
    shipped = event("PACKAGE_DELIVERY_IN_TRANSIT")
    assert tracker.apply(shipped).outcome is Outcome.APPLIED
    tracker.apply(event("PACKAGE_DELIVERED"))
    assert tracker.apply(shipped).outcome is Outcome.DUPLICATE
    assert tracker[ORDER].packages[0].state is PackageState.DELIVERED


def test_tracker_forgets_the_oldest_keys() -> None:
    """Only the last ``remember`` delivery keys are kept."""
    tracker = OrderTracker(remember=1)
    first = event("PACKAGE_TRACKER_MILESTONE_CHANGED")
    tracker.apply(first)
    tracker.apply(event("PACKAGE_TRACKER_MILESTONE_CHANGED"))
    assert tracker.apply(first).outcome is Outcome.IGNORED
    assert len(tracker) == 1 and ORDER in tracker


PACKAGE_EVENTS = ["PACKAGE_DELIVERY_IN_TRANSIT", "PACKAGE_DELIVERED", "PACKAGE_DELIVERY_CANCELLED"]
_RANK = {
    PackageState.PENDING: 0,
    PackageState.IN_TRANSIT: 1,
    PackageState.DELIVERED: 2,
    PackageState.CANCELLED: 2,
}


@given(
    st.lists(
        st.tuples(
            st.sampled_from(PACKAGE_EVENTS), st.sampled_from(["/delivery/p1", "/delivery/p2", ""])
        ),
        max_size=20,
    )
)
def test_random_event_sequences_never_regress(steps: list[tuple[str, str]]) -> None:
    """Packages only move forward along the package table; terminal states stay terminal."""
    snap = snapshot(PackageState.PENDING, PackageState.PENDING)
    for name, resource in steps:
        before = {p.id: p.state for p in snap.packages}
        result = apply_event(snap, event(name, resource))
        for package in result.snapshot.packages:
            old = before.get(package.id)
            if old is None or old == package.state:
                continue
            assert old not in TABLES.package.terminal
            assert _RANK[package.state] > _RANK[old]
        if result.outcome is not Outcome.APPLIED:
            assert result.snapshot == snap
        snap = result.snapshot
