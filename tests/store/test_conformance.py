"""The conformance suite of ``OrderStore``: every backend (memory, SQLite, PostgreSQL) passes it."""

from __future__ import annotations

import threading

import attrs
import pytest

from orderguard.enums import CancellationState, ExecutionState, PackageState
from orderguard.errors.exceptions import MalformedEventError
from orderguard.samples import order_json
from orderguard.statemachine import OrderSnapshot, Outcome
from orderguard.statemachine.records import PackageSnapshot
from orderguard.store import (
    ClaimHeldError,
    OrderStore,
    Source,
    VersionConflictError,
    open_store,
)
from tests.store.support import package_event, refund_event

SEEN = "delivery already seen"


def test_unknown_order_is_none_and_first_put_is_version_1(store: OrderStore) -> None:
    """get() of an order never stored is None; put(expected 0) creates it at version 1."""
    assert store.get("O-1") is None
    snapshot = OrderSnapshot("O-1", packages=(PackageSnapshot("P1", PackageState.PENDING),))
    stored = store.put(snapshot, 0)
    assert stored.version == 1
    assert store.get("O-1") == stored
    assert store.order_ids() == ["O-1"]


def test_stale_put_is_refused_with_the_current_version(store: OrderStore) -> None:
    """A compare-and-set on an old version raises with the current one and writes nothing."""
    first = store.put(OrderSnapshot("O-1"), 0)
    second = store.put(attrs.evolve(first.snapshot, execution=ExecutionState.STARTED), 1)
    with pytest.raises(VersionConflictError) as raised:
        store.put(OrderSnapshot("O-1", order_links=("https://x",)), 1)
    assert raised.value.current == second and raised.value.expected == 1
    with pytest.raises(VersionConflictError):
        store.put(OrderSnapshot("O-1"), 0)
    assert store.get("O-1") == second


def test_event_applies_once_and_redelivery_is_duplicate(store: OrderStore) -> None:
    """An event advances the snapshot and the version; its redelivery changes nothing."""
    event = package_event("O-1", "P1", "IN_TRANSIT", "k-1")
    first = store.apply_event(event)
    assert first.outcome is Outcome.APPLIED
    again = store.apply_event(event)
    assert (again.outcome, again.detail) == (Outcome.DUPLICATE, SEEN)
    stored = store.get("O-1")
    assert stored is not None and stored.version == 1
    assert stored.snapshot.package("P1") == PackageSnapshot("P1", PackageState.IN_TRANSIT)
    assert [entry.ref for entry in store.history("O-1")] == ["k-1"]


def test_redelivery_after_a_restart_is_duplicate(store_url: str) -> None:
    """A delivery key outlives the process: reopened, the store still calls it duplicate."""
    if store_url.startswith("memory"):
        pytest.skip("memory:// lives as long as its process")
    event = package_event("O-1", "P1", "DELIVERED", "k-1")
    with open_store(store_url) as store:
        assert store.apply_event(event).outcome is Outcome.APPLIED
    with open_store(store_url) as store:
        result = store.apply_event(event)
        assert (result.outcome, result.detail) == (Outcome.DUPLICATE, SEEN)
        stored = store.get("O-1")
        assert stored is not None and stored.version == 1


def test_batch_results_follow_the_events_order(store: OrderStore) -> None:
    """A batch applies in one transaction; results come back in the order given."""
    events = [
        package_event("O-2", "P1", "IN_TRANSIT", "a"),
        package_event("O-1", "P1", "IN_TRANSIT", "b"),
        package_event("O-2", "P1", "DELIVERED", "c"),
        package_event("O-1", "P1", "IN_TRANSIT", "b"),
    ]
    results = store.apply_events(events)
    assert [r.event.event_id for r in results] == ["a", "b", "c", "b"]
    assert [r.outcome for r in results] == [Outcome.APPLIED] * 3 + [Outcome.DUPLICATE]
    two = store.get("O-2")
    assert two is not None and two.snapshot.package("P1") is not None
    assert two.snapshot.package("P1").state is PackageState.DELIVERED  # type: ignore[union-attr]


def test_failing_batch_writes_nothing(store: OrderStore) -> None:
    """A batch with an event apply_event refuses rolls back whole: no key, no snapshot."""
    good = package_event("O-1", "P1", "IN_TRANSIT", "good")
    bad = refund_event("O-1", "R1", "bad")
    bad["resources"], bad["data"] = [], {"order": {"id": "O-1"}}
    with pytest.raises(MalformedEventError):
        store.apply_events([good, bad])
    assert store.get("O-1") is None and store.history("O-1") == []
    assert store.apply_event(good).outcome is Outcome.APPLIED


def test_keys_past_their_retention_are_forgotten(store_url: str) -> None:
    """With retention 0 the keys are purged: a redelivery is judged by state, not by key."""
    events = [package_event(f"O-{i}", "P1", "IN_TRANSIT", f"k-{i}") for i in range(1000)]
    with open_store(store_url, retention=0.0) as store:
        store.apply_events(events)
        again = store.apply_event(events[0])
    assert again.outcome is Outcome.DUPLICATE and again.detail != SEEN


def test_response_merges_without_regressing(store: OrderStore) -> None:
    """An order query answer older than an event moves nothing back; newer facts are taken."""
    store.apply_event(package_event("O-1", "pkg-0", "DELIVERED", "k-1"))
    answer = order_json("O-1", execution="STARTED", packages=("PENDING", "PENDING"))
    stored = store.record_response(answer)
    snapshot = stored.snapshot
    assert snapshot.package("pkg-0").state is PackageState.DELIVERED  # type: ignore[union-attr]
    assert snapshot.package("pkg-1").state is PackageState.PENDING  # type: ignore[union-attr]
    assert snapshot.execution is ExecutionState.STARTED and stored.version == 2
    assert store.history("O-1")[-1].source is Source.RESPONSE


def test_response_that_changes_nothing_keeps_the_version(store: OrderStore) -> None:
    """Recording the same answer twice writes once: same version, one history row."""
    answer = order_json("O-1", cancellation="PENDING")
    first = store.record_response(answer)
    assert store.record_response(answer) == first
    assert first.snapshot.cancellation is CancellationState.PENDING
    assert len(store.history("O-1")) == 1


def test_history_is_oldest_first_with_what_moved(store: OrderStore) -> None:
    """History lists each event and answer, oldest first, with from -> to of each change."""
    store.record_response(order_json("O-1"))
    store.apply_event(package_event("O-1", "pkg-0", "IN_TRANSIT", "k-1"))
    store.apply_event(package_event("O-1", "pkg-0", "IN_TRANSIT", "k-1"))
    entries = store.history("O-1")
    assert [e.source for e in entries] == [Source.RESPONSE, Source.EVENT]
    assert entries[0].seq < entries[1].seq and [e.version for e in entries] == [1, 2]
    moved = [(c.what, c.before, c.after) for c in entries[1].changes]
    assert moved == [("package pkg-0", "PENDING", "IN_TRANSIT")]
    line = entries[1].to_json()
    assert line["outcome"] == "applied" and line["changes"][0]["from"] == "PENDING"


def test_claim_is_exclusive_and_names_the_holder(store: OrderStore) -> None:
    """A second claim on the order fails after its bounded wait, naming the first's owner."""
    held = store.claim("O-1", "start", owner="worker-a")
    with pytest.raises(ClaimHeldError) as raised:
        store.claim("O-1", "cancel", owner="worker-b", wait=0.05)
    assert raised.value.holder.owner == "worker-a" and raised.value.holder.token == held.token
    assert "worker-a" in str(raised.value) and "'start'" in str(raised.value)
    store.release(held)
    assert store.claim("O-1", "cancel", owner="worker-b").owner == "worker-b"


def test_expired_claim_is_listed_and_taken_over(store: OrderStore) -> None:
    """A claim whose lease lapsed is listed, and the next claim replaces it (and says so)."""
    crashed = store.claim(None, "createOrder", alias=("EXTERNAL_ID", "a-1"), owner="dead", lease=0)
    assert [c.token for c in store.expired_claims()] == [crashed.token]
    taken = store.claim(None, "createOrder", alias=("EXTERNAL_ID", "a-1"), owner="alive")
    assert taken.replaced is not None and taken.replaced.token == crashed.token
    assert taken.replaced.alias == ("EXTERNAL_ID", "a-1") and store.expired_claims() == []


def test_settle_records_the_answer_and_frees_the_order(store: OrderStore) -> None:
    """settle merges the answer, logs the action and drops the claim, all at once."""
    store.record_response(order_json("O-1"))
    claim = store.claim("O-1", "start", owner="worker-a")
    stored = store.settle(claim, order_json("O-1", execution="STARTED"), detail="sent")
    assert stored is not None and stored.snapshot.execution is ExecutionState.STARTED
    last = store.history("O-1")[-1]
    assert (last.source, last.ref, last.detail) == (
        Source.ACTION,
        "start",
        "settled by worker-a: sent",
    )
    assert store.claim("O-1", "cancel", owner="worker-b").replaced is None


def test_late_settle_keeps_the_new_holders_claim(store: OrderStore) -> None:
    """Settling a claim another worker took over records the answer but not over its claim."""
    late = store.claim("O-1", "start", owner="slow", lease=0)
    holder = store.claim("O-1", "start", owner="fast")
    store.settle(late, order_json("O-1", execution="STARTED"))
    assert "lease lapsed" in store.history("O-1")[-1].detail
    with pytest.raises(ClaimHeldError) as raised:
        store.claim("O-1", "start", owner="third")
    assert raised.value.holder.token == holder.token


def test_create_claim_settles_onto_the_new_order(store: OrderStore) -> None:
    """A createOrder claim (by alias) settled with the answer stores the order, found by alias."""
    claim = store.claim(None, "createOrder", alias=("EXTERNAL_ID", "oms-O-9"))
    assert claim.subject == "alias EXTERNAL_ID/oms-O-9"
    store.settle(claim, order_json("O-9"))
    found = store.get_by_alias(("EXTERNAL_ID", "oms-O-9"))
    assert found is not None and found.snapshot.id == "O-9"
    assert store.history("O-9")[-1].ref == "createOrder"
    assert store.claim(None, "createOrder", alias=("EXTERNAL_ID", "oms-O-9")).replaced is None


def test_threads_lose_no_update(store: OrderStore) -> None:
    """8 threads applying events to the same orders at once: every event is kept."""
    orders, packages = 5, 8
    events = [
        package_event(f"O-{o}", f"P{p}", "IN_TRANSIT", f"k-{o}-{p}")
        for o in range(orders)
        for p in range(packages)
    ]

    def deliver(worker: int) -> None:
        for event in events[worker::8] + events:  # each its own share first, then everything
            store.apply_event(event)

    threads = [threading.Thread(target=deliver, args=(w,)) for w in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for o in range(orders):
        stored = store.get(f"O-{o}")
        assert stored is not None and len(stored.snapshot.packages) == packages
        assert stored.version == packages
