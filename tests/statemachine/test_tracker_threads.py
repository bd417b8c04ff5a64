"""Tests that ``OrderTracker`` keeps every update when several threads deliver events at once."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from orderguard.enums import PackageState
from orderguard.statemachine import OrderSnapshot, OrderTracker, Outcome
from orderguard.statemachine.records import PackageSnapshot

THREADS, ORDERS, PACKAGES = 8, 300, 3


def package_event(order_id: str, package_id: str, name: str) -> dict[str, Any]:
    """A webhook event about one package of one order, with its own delivery key."""
    return {
        "idempotencyKey": f"{order_id}/{package_id}/{name}",
        "eventDescriptor": name,
        "resources": [f"businessProduct/b/order/{order_id}/delivery/{package_id}"],
        "data": {"order": {"id": order_id}},
    }


def orders() -> list[OrderSnapshot]:
    """ORDERS orders of PACKAGES pending packages each."""
    return [
        OrderSnapshot(
            f"322-{n:04d}",
            packages=tuple(PackageSnapshot(f"p{k}", PackageState.PENDING) for k in range(PACKAGES)),
        )
        for n in range(ORDERS)
    ]


def deliveries(thread: int) -> Iterator[dict[str, Any]]:
    """The events one thread delivers: its share of the packages, shipped then delivered.

    Every thread works on every order (so threads race on the same snapshots), each on its own
    packages where it has some, and redelivers the others' events (duplicates).
    """
    for n in range(ORDERS):
        for k in range(PACKAGES):
            order_id, package_id = f"322-{n:04d}", f"p{k}"
            if (n + k) % THREADS == thread or k == thread % PACKAGES:
                yield package_event(order_id, package_id, "PACKAGE_DELIVERY_IN_TRANSIT")
                yield package_event(order_id, package_id, "PACKAGE_DELIVERED")


@pytest.fixture
def fast_switching() -> Iterator[None]:
    """Switch threads as often as the interpreter allows, to make interleavings likely."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        yield
    finally:
        sys.setswitchinterval(before)


@pytest.mark.usefixtures("fast_switching")
def test_concurrent_deliveries_lose_no_update() -> None:
    """8 threads delivering events for 300 orders leave every package DELIVERED, none lost."""
    tracker = OrderTracker()
    for snapshot in orders():
        tracker.track(snapshot)
    outcomes: list[Outcome] = []
    start = threading.Barrier(THREADS)

    def work(thread: int) -> None:
        start.wait()
        outcomes.extend(tracker.apply(event).outcome for event in deliveries(thread))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    states = [package.state for snapshot in tracker for package in snapshot.packages]
    assert len(states) == ORDERS * PACKAGES
    assert set(states) == {PackageState.DELIVERED}
    assert outcomes.count(Outcome.APPLIED) <= 2 * ORDERS * PACKAGES


@pytest.mark.usefixtures("fast_switching")
def test_iterating_while_another_thread_tracks_does_not_fail() -> None:
    """Iterating the tracker while another thread adds orders walks a consistent copy."""
    tracker, added, done = OrderTracker(), 20 * ORDERS, threading.Event()

    def add() -> None:
        for n in range(added):
            tracker.track(OrderSnapshot(f"322-{n:05d}"))
        done.set()

    writer = threading.Thread(target=add)
    writer.start()
    counts = []
    while not done.is_set():
        counts.append(sum(1 for _ in tracker))
    writer.join()
    assert counts == sorted(counts) and len(list(tracker)) == added
