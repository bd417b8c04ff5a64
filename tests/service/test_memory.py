"""``MemorySource``: answers merged without losing what they did not select, events, claims."""

from __future__ import annotations

import pytest

from orderguard import samples
from orderguard.enums import ApiVersion
from orderguard.errors import MalformedEventError, PayloadError
from orderguard.service import MemorySource, OrderBusyError, OrderRef, OrderSource
from orderguard.statemachine import Outcome

V = ApiVersion.V2024_11_01
ORDER = samples.order_json("322-M", packages=("IN_TRANSIT",), execution="STARTED")


def test_memory_source_is_an_order_source() -> None:
    """It offers every method of the protocol the service reads orders through."""
    assert isinstance(MemorySource(), OrderSource)


def test_an_answer_selecting_few_fields_keeps_the_rest() -> None:
    """An updateOrder answer with only ``id`` and ``metadata`` keeps the packages and aliases."""
    source = MemorySource()
    source.record_order(ORDER["data"]["order"], V, "order query")
    source.record_order({"id": "322-M", "metadata": {"executionState": "STARTED"}}, V, "update")
    held = source.snapshot(OrderRef("322-M"))
    assert held is not None
    assert [p.state.value for p in held.packages] == ["IN_TRANSIT"]
    assert held.aliases == (("EXTERNAL_ID", "oms-322-M"),)
    assert source.show("322-M")["version"] == 2  # type: ignore[index]


def test_metadata_without_an_execution_state_keeps_the_state() -> None:
    """``metadata { createdAt }`` alone does not turn a STARTED order back to NOT_STARTED."""
    source = MemorySource()
    source.record_order(ORDER["data"]["order"], V, "order query")
    source.record_order({"id": "322-M", "metadata": {"createdAt": "2026-11-20T10:00:00Z"}}, V, "q")
    held = source.snapshot(OrderRef("322-M"))
    assert held is not None and held.execution.value == "STARTED"


def test_an_order_is_found_by_any_of_its_aliases() -> None:
    """An order recorded with an alias is found by it."""
    source = MemorySource()
    source.record_order(ORDER, V, "order query")
    held = source.snapshot(OrderRef(alias=("EXTERNAL_ID", "oms-322-M")))
    assert held is not None and held.id == "322-M"


def test_a_cancellation_answer_sets_the_orders_cancellation_state() -> None:
    """A cancelOrder answer's state lands on the held order; an unknown order is left alone."""
    source = MemorySource()
    source.record_order(samples.order_json("322-C"), V, "order query")
    source.record_cancellation("322-C", "PENDING", "cancelOrder answer")
    source.record_cancellation("322-NONE", "PENDING", "cancelOrder answer")
    held = source.snapshot(OrderRef("322-C"))
    assert held is not None and held.cancellation is not None
    assert held.cancellation.value == "PENDING"
    assert source.show("322-NONE") is None


def test_what_is_not_an_order_is_refused_and_changes_nothing() -> None:
    """Order JSON that does not fit raises PayloadError; the store is unchanged."""
    source = MemorySource()
    with pytest.raises(PayloadError):
        source.record_order({"id": []}, V, "query")
    assert source.history("322-M") == []


def test_events_apply_once_per_delivery() -> None:
    """An event applies; its redelivery is a duplicate; both leave one history entry."""
    source = MemorySource()
    source.record_order(samples.order_json("322-E"), V, "order query")
    event = {
        "idempotencyKey": "k-1",
        "eventDescriptor": "PACKAGE_DELIVERY_IN_TRANSIT",
        "resources": ["businessProduct/s/order/322-E/delivery/pkg-0"],
        "data": {"order": {"id": "322-E"}},
    }
    assert source.apply_event(event).outcome is Outcome.APPLIED
    assert source.apply_event(event).outcome is Outcome.DUPLICATE
    assert [entry["cause"] for entry in source.history("322-E")] == [
        "order query",
        "event PACKAGE_DELIVERY_IN_TRANSIT",
    ]
    with pytest.raises(MalformedEventError):
        source.apply_event({"eventDescriptor": "PACKAGE_DELIVERED"})


def test_a_claim_holds_until_settled_or_expired() -> None:
    """A second claim fails naming the holder; after settle, or the lease, it succeeds."""
    source = MemorySource(lease=30.0)
    first = source.claim("322-K", "updateOrder", "worker-a")
    with pytest.raises(OrderBusyError) as busy:
        source.claim("322-K", "cancelOrder", "worker-b")
    assert busy.value.holder == "worker-a" and "updateOrder" in str(busy.value)
    source.settle(first)
    assert source.claim("322-K", "cancelOrder", "worker-b").owner == "worker-b"
    lapsing = MemorySource(lease=0.0)
    lapsing.claim("322-L", "updateOrder", "crashed-worker")
    assert lapsing.claim("322-L", "updateOrder", "worker-c").owner == "worker-c"
