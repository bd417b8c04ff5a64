"""Tests of merchant_actions: what the merchant may do now, and the error when not."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from orderguard import samples
from orderguard.enums import ApiVersion, RefundState
from orderguard.statemachine import OrderSnapshot, merchant_actions
from orderguard.statemachine.records import MerchantAction, RefundSnapshot


def test_pending_order_may_start_and_cancel() -> None:
    """A fresh order offers start and cancel, both allowed."""
    snap = OrderSnapshot.from_json(samples.order_json())
    checks = merchant_actions(snap)
    assert [(c.action, c.allowed) for c in checks] == [
        (MerchantAction.START, True),
        (MerchantAction.CANCEL, True),
    ]


def test_in_transit_order_refuses_with_codes_and_actions() -> None:
    """Start and cancel on an in-transit order are refused with the API error and advice."""
    snap = OrderSnapshot.from_json(samples.order_json(packages=("IN_TRANSIT",)))
    start, cancel = merchant_actions(snap)
    assert start.refusal is not None and start.refusal.name == "ExecutionAlreadyStarted"
    assert (
        cancel.refusal is not None and cancel.refusal.name == "CancellationRequiresPendingPackages"
    )
    assert "ExecutionAlreadyStarted" in start.describe()
    assert start.describe().startswith("refused: start fulfilment")


def test_refund_targets_follow_the_table() -> None:
    """A PARTIAL refund may go to PARTIAL or SUCCESS only."""
    snap = OrderSnapshot("o", refunds=(RefundSnapshot("r-1", RefundState.PARTIAL),))
    refund_checks = [c for c in merchant_actions(snap) if c.action is MerchantAction.UPDATE_REFUND]
    allowed = {c.target for c in refund_checks if c.allowed}
    assert allowed == {RefundState.PARTIAL, RefundState.SUCCESS}
    refused = [c for c in refund_checks if not c.allowed]
    assert all(c.refusal and c.refusal.name == "InvalidRefundStateTransition" for c in refused)
    assert (
        refund_checks[0]
        .describe()
        .startswith(("allowed: set refund r-1", "refused: set refund r-1"))
    )


def test_older_version_offers_no_rejected_target() -> None:
    """REJECTED is not a refund state on 2024-04-01, so it is never offered there."""
    snap = OrderSnapshot("o", refunds=(RefundSnapshot("r-1"),))
    targets = {c.target for c in merchant_actions(snap, ApiVersion.V2024_04_01)}
    assert RefundState.REJECTED not in targets


@given(st.sampled_from(RefundState))
def test_every_refund_target_is_either_allowed_or_explained(state: RefundState) -> None:
    """Each target state is allowed, or refused with a catalog entry."""
    snap = OrderSnapshot("o", refunds=(RefundSnapshot("r", state),))
    for check in merchant_actions(snap):
        assert check.allowed or check.refusal is not None
