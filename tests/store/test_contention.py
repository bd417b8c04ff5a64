"""Many workers, one store: 8 processes apply the shuffled, redelivered events of 1,000 orders.

Each order's packages follow one lifecycle (``IN_TRANSIT`` then maybe ``DELIVERED`` or
``CANCELLED``) and refunds are requested, so the order's final state does not depend on the
order its events arrive in: it must equal the sequential model (the events applied one by one,
in lifecycle order, with ``apply_event``). Every event is delivered two or three times; exactly
one delivery of each key may count, every other one must be reported ``duplicate``.
The test relaxes durability (SQLite ``synchronous=normal``, PostgreSQL
``synchronous_commit=off``) only to stay fast; locking is what it exercises.
"""

from __future__ import annotations

import random
import threading
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import pytest

from orderguard.statemachine import OrderSnapshot, apply_event
from orderguard.store import OrderStore, open_store
from tests.store.support import BACKENDS, JSON, drop_schema, package_event, refund_event, url_for

ORDERS = 1_000
WORKERS = 8
SEEN = "delivery already seen"
_ENDINGS = ((), ("DELIVERED", None), ("CANCELLED", "UNDELIVERABLE"))


def order_events(order_id: str, rng: random.Random) -> list[JSON]:
    """One order's events in lifecycle order: its packages' moves and its refund requests."""
    events: list[JSON] = []
    for package in range(rng.randint(1, 3)):
        pid = f"P{package}"
        steps = [("IN_TRANSIT", None), *([rng.choice(_ENDINGS)] if rng.random() < 0.7 else [])]
        for state, reason in (s for s in steps if s):
            key = f"{order_id}/{pid}/{state}"
            events.append(package_event(order_id, pid, state, key, reason))
    for refund in range(rng.randint(0, 2)):
        events.append(refund_event(order_id, f"R{refund}", f"{order_id}/R{refund}"))
    return events


def summary(snapshot: OrderSnapshot) -> tuple[Any, ...]:
    """The order's state, independent of the order packages and refunds were first seen in."""
    return (
        snapshot.execution,
        sorted((p.id, p.state, p.reason) for p in snapshot.packages),
        snapshot.cancellation,
        sorted((r.id, r.state) for r in snapshot.refunds),
    )


def apply_share(url: str, share: list[JSON]) -> list[tuple[str, str, str]]:
    """A worker: open the store, apply its deliveries one per transaction, report outcomes."""
    with open_store(url) as store:
        return [
            (str(r.event.event_id), r.outcome.value, r.detail)
            for r in map(store.apply_event, share)
        ]


def run_workers(store: OrderStore, shares: list[list[JSON]]) -> list[tuple[str, str, str]]:
    """Each share in its own process (for memory://, its own thread sharing ``store``)."""
    if store.url.startswith("memory"):
        results: list[list[tuple[str, str, str]]] = [[] for _ in shares]

        def work(index: int) -> None:
            results[index] = [
                (str(r.event.event_id), r.outcome.value, r.detail)
                for r in map(store.apply_event, shares[index])
            ]

        threads = [threading.Thread(target=work, args=(i,)) for i in range(len(shares))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return [line for lines in results for line in lines]
    with ProcessPoolExecutor(len(shares), mp_context=get_context("spawn")) as pool:
        futures = [pool.submit(apply_share, store.url, share) for share in shares]
        return [line for future in futures for line in future.result()]


def relaxed(backend: str, url: str) -> str:
    """The URL with fsync per commit turned off (speed only; the locking stays the same)."""
    if backend == "sqlite":
        return f"{url}?synchronous=normal"
    if backend == "postgres":
        return f"{url}&options=-c%20synchronous_commit%3Doff"
    return url


@pytest.mark.slow
@pytest.mark.parametrize("backend", BACKENDS)
def test_eight_workers_lose_nothing_and_report_every_redelivery(
    backend: str, tmp_path: Path
) -> None:
    """8 workers, 1,000 shuffled redelivered orders: model states, 0 lost, repeats duplicate."""
    rng = random.Random(20261120)
    histories = {f"O-{n:04d}": order_events(f"O-{n:04d}", rng) for n in range(ORDERS)}
    deliveries = [
        e for events in histories.values() for e in events for _ in range(rng.randint(2, 3))
    ]
    rng.shuffle(deliveries)
    url = relaxed(backend, url_for(backend, tmp_path))
    try:
        with open_store(url) as store:
            outcomes = run_workers(store, [deliveries[w::WORKERS] for w in range(WORKERS)])
            counted = Counter(key for key, _, detail in outcomes if detail != SEEN)
            sent = Counter(str(e["idempotencyKey"]) for e in deliveries)
            assert counted == Counter(dict.fromkeys(sent, 1)), "each key counted exactly once"
            repeats = [o for o in outcomes if o[2] == SEEN]
            assert len(repeats) == len(deliveries) - len(sent)
            assert all(outcome == "duplicate" for _, outcome, _ in repeats)
            every_key = [e for events in histories.values() for e in events]
            again = store.apply_events(every_key)
            assert {(r.outcome.value, r.detail) for r in again} == {("duplicate", SEEN)}
            lost = defaultdict(list)
            for order_id, events in histories.items():
                model = OrderSnapshot(order_id)
                for event in events:
                    model = apply_event(model, event).snapshot
                stored = store.get(order_id)
                if stored is None or summary(stored.snapshot) != summary(model):
                    lost[order_id].append((stored, model))
            assert not lost, f"{len(lost)} orders differ from the sequential model"
    finally:
        if backend == "postgres":
            drop_schema(url.partition("&options")[0])
