"""Tests of OrderSnapshot: built from order JSON of either version, derived facts kept in step."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from orderguard import samples
from orderguard.enums import (
    ApiVersion,
    CancellationState,
    ExecutionState,
    PackageState,
    RefundState,
)
from orderguard.errors import PayloadError
from orderguard.statemachine import OrderSnapshot
from orderguard.statemachine.couplings import delivery_summary
from orderguard.statemachine.records import PackageSnapshot


@pytest.mark.parametrize("version", list(ApiVersion))
def test_snapshot_from_either_version(version: ApiVersion) -> None:
    """packageInformation and deliveryInformation both become the snapshot's packages."""
    data = samples.order_json(
        execution="STARTED",
        packages=("IN_TRANSIT", "DELIVERED"),
        refunds=(("r-1", "PARTIAL"),),
        cancellation="REJECTED",
        links=2,
        version=version,
    )
    snap = OrderSnapshot.from_json(data, version)
    assert snap.execution is ExecutionState.STARTED
    assert [p.state for p in snap.packages] == [PackageState.IN_TRANSIT, PackageState.DELIVERED]
    assert snap.delivery_summary is PackageState.IN_TRANSIT
    assert snap.refund("r-1") is not None and snap.refund("r-1").state is RefundState.PARTIAL  # type: ignore[union-attr]
    assert snap.cancellation is CancellationState.REJECTED
    assert len(snap.order_links) == 2
    assert snap.aliases == (("EXTERNAL_ID", "oms-322-ABC1-AAAAAA"),)


def test_missing_execution_state_means_not_started() -> None:
    """An order without metadata has not started."""
    snap = OrderSnapshot.from_json({"id": "322-X"})
    assert (snap.execution, snap.packages, snap.delivery_summary) == (
        ExecutionState.NOT_STARTED,
        (),
        None,
    )


def test_reported_summary_is_used_only_without_details() -> None:
    """The API's summary stands in only when no package detail is known."""
    bare = {"id": "o", "packageInformation": {"summary": {"state": "DELIVERED"}}}
    assert OrderSnapshot.from_json(bare).delivery_summary is PackageState.DELIVERED
    both = {
        "id": "o",
        "packageInformation": {
            "summary": {"state": "DELIVERED"},
            "details": [{"id": "p", "state": "PENDING"}],
        },
    }
    snap = OrderSnapshot.from_json(both)
    assert snap.reported_summary is None
    assert snap.delivery_summary is PackageState.PENDING


@pytest.mark.parametrize(
    ("listed", "counted"),
    [
        (["REJECTED", "PENDING"], "PENDING"),
        (["PENDING", "REJECTED"], "PENDING"),
        (["SUCCESS", "REJECTED"], "SUCCESS"),
        (["REJECTED", "REJECTED"], "REJECTED"),
    ],
)
def test_the_cancellation_request_that_counts_is_the_orders(
    listed: list[str], counted: str
) -> None:
    """GAP: of several requests, in any listing order, a SUCCESS, else a PENDING one counts."""
    data = {"id": "o", "cancellations": {"details": [{"state": state} for state in listed]}}
    snap = OrderSnapshot.from_json(data)
    assert snap.cancellation is CancellationState(counted)
    assert snap.may_start is (counted == "REJECTED")


def test_external_refunds_are_recognised() -> None:
    """A refund carrying a request reason was added by the merchant (external)."""
    data = {
        "id": "o",
        "refunds": {
            "details": [
                {"id": "a", "state": "PENDING"},
                {"id": "b", "state": "SUCCESS", "refundRequestReason": "BILLING_ERROR"},
            ]
        },
    }
    snap = OrderSnapshot.from_json(data)
    assert [r.external for r in snap.refunds] == [False, True]


def test_not_an_order_raises_payload_error() -> None:
    """JSON that is not an order is refused with a typed error."""
    with pytest.raises(PayloadError):
        OrderSnapshot.from_json({"data": {"orders": []}})


def test_start_and_cancel_errors_follow_the_seed() -> None:
    """In transit refuses start and cancel; all pending allows both."""
    moving = OrderSnapshot.from_json(samples.order_json(packages=("IN_TRANSIT",)))
    assert moving.start_error is not None and moving.start_error.name == "ExecutionAlreadyStarted"
    assert moving.cancel_error is not None
    assert not moving.may_start
    pending = OrderSnapshot.from_json(samples.order_json(packages=("PENDING",)))
    assert (pending.start_error, pending.cancel_error, pending.may_start) == (None, None, True)


PACKAGE_STATES = st.lists(st.sampled_from(PackageState), max_size=5)


@given(
    PACKAGE_STATES, st.sampled_from(ExecutionState), st.none() | st.sampled_from(CancellationState)
)
def test_derived_fields_track_the_packages(
    states: list[PackageState], execution: ExecutionState, cancellation: CancellationState | None
) -> None:
    """delivery_summary is the roll-up and may_start agrees with start_error, even after evolve."""
    packages = tuple(PackageSnapshot(f"p{i}", s) for i, s in enumerate(states))
    snap = OrderSnapshot("o", execution, packages, cancellation)
    assert snap.delivery_summary == delivery_summary(states)
    assert snap.may_start is (snap.start_error is None)
    moved = attrs.evolve(snap, packages=packages[:1])
    assert moved.delivery_summary == delivery_summary(states[:1])
    assert moved.may_start is (moved.start_error is None)


def test_cancel_uses_the_reported_summary_when_details_are_unknown() -> None:
    """An order known only by an IN_TRANSIT summary cannot be cancelled; a PENDING one can."""
    moving = OrderSnapshot.from_json(
        {"id": "o", "packageInformation": {"summary": {"state": "IN_TRANSIT"}}}
    )
    assert moving.cancel_error is not None
    waiting = OrderSnapshot.from_json(
        {"id": "o", "packageInformation": {"summary": {"state": "PENDING"}}}
    )
    assert waiting.cancel_error is None
