"""Memory the emulator keeps: objects per stored order, the parse cache, the request record."""

from __future__ import annotations

import gc
import json
import tracemalloc

from orderguard.emulator import Emulator, EmulatorServer
from orderguard.emulator._graphql import MAX_QUERY_BYTES
from orderguard.fake import FakeOrderApi
from orderguard.samples import create_variables
from tests.helpers.http import graphql

TRACKED_PER_ORDER = 4
"""GC-tracked objects one stored two-line order may add (the order, its packages, its package)."""

BUDGET = 64 * 1024
"""The test server's cache budget (a quarter of the default, to keep the test quick)."""

LARGE_QUERIES = 12
"""Distinct queries of a quarter of the budget each: three times what the cache may hold."""

HELD_BOUND = 100 * BUDGET
"""Memory the server may keep after them: the cache's documents (about 67 bytes per byte of
text) and slack; the twelve documents held about 13 MB when all were kept."""


def tracked_objects() -> int:
    """How many objects the garbage collector tracks, after collections that untrack tuples."""
    for _ in range(3):  # a tuple is untracked once its items are; nested ones take a pass each
        gc.collect()
    return len(gc.get_objects())


def test_a_stored_order_adds_few_tracked_objects() -> None:
    """1,000 stored orders add at most four GC-tracked objects each."""
    fake = FakeOrderApi(seed=4)
    fake.execute("createOrder", create_variables(order_ref="warm-up", lines=2))
    before = tracked_objects()
    for number in range(1000):
        fake.execute("createOrder", create_variables(order_ref=f"o-{number}", lines=2))
    per_order = (tracked_objects() - before) / 1000
    assert len(fake.order_ids()) == 1001
    assert per_order <= TRACKED_PER_ORDER, per_order


def large_query(number: int, size: int) -> str:
    """A valid query of at most ``size`` bytes, distinct per ``number`` (aliased fields)."""
    field = f"q{number}f{{:06}}: __typename "
    count = (size - 4) // len(field.format(0))
    return "{ " + "".join(field.format(i) for i in range(count)) + "}"


def test_parse_cache_is_bounded_by_query_bytes() -> None:
    """Distinct large queries over loopback: the cache holds at most its budget of query text."""
    with EmulatorServer(Emulator(document_cache_bytes=BUDGET)) as server:
        cache = server.emulator.documents
        tracemalloc.start()
        try:
            baseline = tracemalloc.get_traced_memory()[0]
            for number in range(LARGE_QUERIES):
                answer = graphql(server.graphql_url, large_query(number, BUDGET // 4))
                assert answer.status_code == 200, answer.text
                assert cache.size <= cache.budget
            gc.collect()
            held = tracemalloc.get_traced_memory()[0] - baseline
        finally:
            tracemalloc.stop()
    assert held < HELD_BOUND, f"{held:,} bytes held after {LARGE_QUERIES} distinct queries"
    assert 0 < len(cache) < LARGE_QUERIES


def test_a_query_over_the_cap_is_refused_unparsed() -> None:
    """A query longer than MAX_QUERY_BYTES gets 400 with a GraphQL error and is not cached."""
    with EmulatorServer() as server:
        answer = graphql(server.graphql_url, large_query(0, MAX_QUERY_BYTES + 100))
        (error,) = answer.json()["errors"]
        assert answer.status_code == 400 and "at most" in error["message"]
        assert error["extensions"]["errorType"] == "ValidationError"
        assert len(server.emulator.documents) == 0


def test_failures_are_not_cached() -> None:
    """Queries that do not parse or validate leave the cache empty; a valid one is kept once."""
    app = Emulator()
    for query in ("{", "{ nothing }", "{ __typename }", "{ __typename }"):
        body = json.dumps({"query": query}).encode()
        app.handle("POST", "/graphql", {"content-type": "application/json"}, body)
    assert len(app.documents) == 1 and app.documents.size == len("{ __typename }")


def test_deep_selections_are_400_not_500() -> None:
    """A selection nested past the interpreter's stack is a request error, not a failure."""
    app = Emulator()
    for depth in (300, 3000):
        query = "{ __schema { types " + "{ ofType " * depth + "{ name" + " }" * (depth + 3)
        body = json.dumps({"query": query}).encode()
        reply = app.handle("POST", "/graphql", {"content-type": "application/json"}, body)
        assert reply.status == 400, reply.body


def test_the_request_record_is_a_bounded_ring() -> None:
    """With record_limit 3, five requests leave the latest three in received, oldest first."""
    app = Emulator(record_limit=3)
    for path in ("/a", "/b", "/c", "/d", "/health"):
        app.handle("GET", path, {}, b"")
    assert [r.path for r in app.received] == ["/c", "/d", "/health"]


def test_the_event_log_is_a_bounded_ring_numbered_from_the_first_event() -> None:
    """With event_limit 4 the fake keeps the latest four events; /events counts every one.

    ``?since=N`` gives the kept events from number N on: the unbounded log's tail.
    """
    bounded, unbounded = FakeOrderApi(event_limit=4), FakeOrderApi()
    for fake in (bounded, unbounded):
        for n in range(3):
            answer = fake.execute("createOrder", create_variables(order_ref=f"R-{n}"))
            order_id = answer["data"]["createOrder"]["order"]["id"]
            fake.execute(
                "updateOrder",
                {
                    "orderIdentifier": {"orderId": order_id},
                    "input": {"desiredExecutionState": "STARTED"},
                },
            )
            fake.ship(order_id)
            fake.deliver(order_id)
    everything = unbounded.events
    assert bounded.events_emitted == unbounded.events_emitted == len(everything) > 4
    assert bounded.events == everything[-4:]
    app = Emulator(bounded)
    for since in (0, len(everything) - 2, len(everything), len(everything) + 5):
        page = json.loads(app.handle("GET", f"/events?since={since}", {}, b"").body)
        assert page["total"] == len(everything)
        assert page["events"] == everything[max(since, len(everything) - 4) :]
