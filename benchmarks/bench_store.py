"""Order-store benchmarks (DESIGN §8), self-contained: ``python -m benchmarks.bench_store``.

Each row measures its floor in the same run, rounds interleaved (floor, subject, floor, ...),
each round set up afresh and timed from a collected heap (the garbage collector stays on), and
prints medians per event and their ratio:

- intake, memory backend vs a hand-written dict-of-dicts doing the same updates (parse, dedup
  by delivery key, ``apply_event``, snapshot and version kept, history appended); CPU time;
- intake, SQLite and PostgreSQL vs raw INSERTs of the same rows (delivery key, order row,
  history row) through the same driver, with as many events per transaction: 1 (the store's
  ``apply_event``) and 100 (``apply_events``); wall time. SQLite both at its default
  ``synchronous=full`` and at ``normal``;
- claim + settle latency per backend (p50, p90).

Orders come from an ``order`` query (two packages each); events are webhook JSON (the memory
row redelivers a quarter of them). ``ORDERGUARD_BENCH_POSTGRES`` names another server.
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from typing import Any

from orderguard import samples
from orderguard.statemachine import OrderSnapshot, apply_event, parse_event
from orderguard.store import OrderStore, open_store
from orderguard.store._changes import changes_between
from orderguard.store._codec import encode

JSON = dict[str, Any]
Setup = Callable[[], Callable[[], object]]
Rows = list[tuple[tuple[Any, ...], ...]]
POSTGRES_DSN = os.environ.get("ORDERGUARD_BENCH_POSTGRES", "postgresql://root@127.0.0.1:5432/test")
ROUNDS = 7
_NAMES = {"IN_TRANSIT": "PACKAGE_DELIVERY_IN_TRANSIT", "DELIVERED": "PACKAGE_DELIVERED"}


def event(order_id: str, package: str, state: str) -> JSON:
    key = f"{order_id}/{package}/{state}"
    details = [{"id": package, "state": state}]
    return {
        "idempotencyKey": key,
        "eventId": key,
        "eventDescriptor": _NAMES[state],
        "resources": [f"businessProduct/bench/order/{order_id}/delivery/{package}"],
        "data": {"order": {"id": order_id, "packageInformation": {"details": details}}},
    }


def workload(count: int, redeliver: bool) -> tuple[list[JSON], list[JSON]]:
    """``count`` order queries and their events (each package shipped, then delivered)."""
    ids = [f"322-BENCH-{n:06d}" for n in range(count)]
    orders = [samples.order_json(oid, packages=("PENDING", "PENDING")) for oid in ids]
    states = ("IN_TRANSIT", "DELIVERED")
    events = [event(oid, f"pkg-{p}", state) for state in states for oid in ids for p in range(2)]
    return orders, events + (events[::4] if redeliver else [])


class DictOfDicts:
    """The memory row's floor: the same updates in plain dicts, no store around them."""

    def __init__(self, orders: list[JSON]) -> None:
        self.orders: dict[str, dict[str, Any]] = {}
        self.seen: dict[tuple[str, str], float] = {}
        self.history: dict[str, list[tuple[Any, ...]]] = {}
        for document in orders:
            snapshot = OrderSnapshot.from_json(document)
            self.orders[snapshot.id] = {"snapshot": snapshot, "version": 1}

    def apply(self, raw: JSON) -> str:
        parsed = parse_event(raw)
        row = self.orders.get(parsed.order_id)
        before = row["snapshot"] if row else OrderSnapshot(parsed.order_id)
        key = (parsed.order_id, str(parsed.event_id))
        if key in self.seen:
            return "duplicate"
        now = time.time()
        result = apply_event(before, parsed)
        if result.snapshot is not before:
            version = row["version"] + 1 if row else 1
            self.orders[parsed.order_id] = {"snapshot": result.snapshot, "version": version}
        self.seen[key] = now
        entry = (now, parsed.event_id, result.outcome.value, result.detail, before, result.snapshot)
        self.history.setdefault(parsed.order_id, []).append(entry)
        return result.outcome.value


def timed(setup: Setup, clock: Callable[[], float]) -> float:
    run = setup()
    gc.collect()
    start = clock()
    run()
    return clock() - start


def interleaved(
    floor: Setup, subject: Setup, clock: Callable[[], float] = time.perf_counter
) -> tuple[float, float]:
    """Median seconds of floor and subject, rounds interleaved."""
    floors, subjects = [], []
    for _ in range(ROUNDS):
        floors.append(timed(floor, clock))
        subjects.append(timed(subject, clock))
    return statistics.median(floors), statistics.median(subjects)


def report(what: str, events: int, floor: float, subject: float, target: float) -> None:
    ratio = subject / floor
    verdict = "ok" if ratio <= target else "OVER"
    per = f"floor {floor / events * 1e6:7.1f} us  subject {subject / events * 1e6:7.1f} us"
    print(f"{what:<34} {per}  {ratio:5.2f}x (<= {target}x {verdict})")


def memory_intake() -> None:
    orders, events = workload(2_000, redeliver=True)

    def floor() -> Callable[[], object]:
        target = DictOfDicts(orders)
        return lambda: [target.apply(e) for e in events]

    def subject() -> Callable[[], object]:
        store = open_store("memory://")
        for document in orders:
            store.record_response(document)
        return lambda: [store.apply_event(e) for e in events]

    # CPU time: the row does no I/O, and other processes on the machine should not count.
    report("intake, memory://", len(events), *interleaved(floor, subject, time.process_time), 1.5)


ORDER_UPSERT = (
    "INSERT INTO og_orders (order_id, version, snapshot, updated_at) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (order_id) DO UPDATE SET version = excluded.version, "
    "snapshot = excluded.snapshot, updated_at = excluded.updated_at"
)
DELIVERY = (
    "INSERT INTO og_deliveries (order_id, delivery_key, outcome, detail, seen_at) "
    "VALUES (?, ?, ?, ?, ?)"
)
HISTORY = (
    "INSERT INTO og_history (order_id, at, source, ref, outcome, detail, version, changes) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)


def rows_of(orders: list[JSON], events: list[JSON]) -> Rows:
    """The rows the store writes for each event, computed before timing (for the floor)."""
    state = {s.id: (s, 1) for s in map(OrderSnapshot.from_json, orders)}
    rows = []
    for raw in events:
        parsed = parse_event(raw)
        before, version = state[parsed.order_id]
        result = apply_event(before, parsed)
        state[parsed.order_id] = (result.snapshot, version + 1)
        now, outcome = time.time(), result.outcome.value
        moved = json.dumps([c.to_json() for c in changes_between(before, result.snapshot)])
        delivery = (parsed.order_id, parsed.event_id, outcome, result.detail, now)
        order = (parsed.order_id, version + 1, encode(result.snapshot), now)
        history = (parsed.order_id, now, "event", parsed.event_id, outcome, "", version + 1, moved)
        rows.append((delivery, order, history))
    return rows


Writer = Callable[[str, Rows, int], Callable[[], object]]
"""Prepares raw INSERTs of ``rows`` into the store at a URL, ``batch`` events per transaction."""


def sql_intake(
    label: str, new_url: Callable[[], str], writer: Writer, count: int, batch: int
) -> None:
    orders, events = workload(count, redeliver=False)
    rows = rows_of(orders, events)

    def floor() -> Callable[[], object]:
        url = new_url()
        open_store(url).close()  # the store's own tables, empty
        return writer(url, rows, batch)

    def subject() -> Callable[[], object]:
        store = open_store(new_url())
        for document in orders:
            store.record_response(document)
        if batch == 1:
            return lambda: [store.apply_event(e) for e in events]
        chunks = [events[i : i + batch] for i in range(0, len(events), batch)]
        return lambda: [store.apply_events(chunk) for chunk in chunks]

    report(f"intake, {label}, {batch}/txn", len(events), *interleaved(floor, subject), 2.0)


def sqlite_writer(url: str, rows: Rows, batch: int) -> Callable[[], object]:
    import sqlite3

    path, _, options = url.removeprefix("sqlite:///").partition("?")
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(f"PRAGMA synchronous={'NORMAL' if 'normal' in options else 'FULL'}")

    def run() -> None:
        for start in range(0, len(rows), batch):
            conn.execute("BEGIN IMMEDIATE")
            for delivery, order, history in rows[start : start + batch]:
                conn.execute(DELIVERY, delivery)
                conn.execute(ORDER_UPSERT, order)
                conn.execute(HISTORY, history)
            conn.execute("COMMIT")

    return run


def postgres_writer(url: str, rows: Rows, batch: int) -> Callable[[], object]:
    import psycopg

    conn = psycopg.connect(POSTGRES_DSN, options=f"-c search_path={url.rpartition('=')[2]}")
    statements = [s.replace("?", "%s") for s in (DELIVERY, ORDER_UPSERT, HISTORY)]

    def run() -> None:
        for start in range(0, len(rows), batch):
            with conn.cursor() as cur:
                for written in rows[start : start + batch]:
                    for sql, params in zip(statements, written, strict=True):
                        cur.execute(sql, params)
            conn.commit()

    return run


def claim_latency(label: str, store: OrderStore, count: int = 300) -> None:
    """p50 and p90 of one claim followed by its settle with an order query answer."""
    order_id = "322-CLAIM-000001"
    store.record_response(samples.order_json(order_id))
    answer = samples.order_json(order_id, execution="STARTED")
    took = []
    for _ in range(count):
        start = time.perf_counter()
        store.settle(store.claim(order_id, "start"), answer)
        took.append((time.perf_counter() - start) * 1e6)
    p90 = statistics.quantiles(took, n=10)[-1]
    print(
        f"{'claim + settle, ' + label:<34} p50 {statistics.median(took):7.1f} us  p90 {p90:7.1f} us"
    )


def postgres_reachable() -> bool:
    try:
        import psycopg

        with psycopg.connect(POSTGRES_DSN, connect_timeout=3):
            return True
    except Exception:
        return False


def main() -> int:
    """Run every row and print it."""
    print(f"order store benchmarks: medians of {ROUNDS} interleaved rounds, per event")
    memory_intake()
    with tempfile.TemporaryDirectory() as folder:
        for sync, count in (("full", 50), ("normal", 500)):

            def sqlite_url(sync: str = sync) -> str:
                return f"sqlite:///{folder}/{uuid.uuid4().hex}.db?synchronous={sync}"

            for batch in (1, 100):
                sql_intake(f"sqlite {sync}", sqlite_url, sqlite_writer, count, batch)
        claim_latency("memory://", open_store("memory://"))
        with open_store(f"sqlite:///{folder}/claims.db") as store:
            claim_latency("sqlite full", store)
    if not postgres_reachable():
        print(f"PostgreSQL rows skipped: {POSTGRES_DSN} unreachable")
        return 0
    schemas: list[str] = []

    def postgres_url() -> str:
        schemas.append(f"og_bench_{uuid.uuid4().hex[:10]}")
        return f"{POSTGRES_DSN}?schema={schemas[-1]}"

    try:
        for batch in (1, 100):
            sql_intake("postgres", postgres_url, postgres_writer, 250, batch)
        with open_store(postgres_url()) as store:
            claim_latency("postgres", store)
    finally:
        drop_schemas(schemas)
    return 0


def drop_schemas(schemas: list[str]) -> None:
    import psycopg

    with psycopg.connect(POSTGRES_DSN, autocommit=True) as conn:
        for schema in schemas:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


if __name__ == "__main__":
    raise SystemExit(main())
