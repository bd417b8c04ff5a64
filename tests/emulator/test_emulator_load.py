"""A bounded load test: thousands of requests from threads against the emulator on 127.0.0.1."""

from __future__ import annotations

import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from orderguard.client import OrderClient, RetrySettings
from orderguard.emulator import Emulator, EmulatorServer
from orderguard.fake import Faults
from orderguard.samples import create_variables, update_variables

THREADS = 8
ORDERS_PER_THREAD = 125
"""Three calls per order (create, start, query): 3,000 calls in all, plus retries."""

FAULTS = Faults(throttle_rate=0.03, conflict_rate=0.03, lost_response_rate=0.02, seed=11)
RETRY = RetrySettings(attempts=8, timeout=20.0, wait_initial=0.001, wait_max=0.01, wait_jitter=0.0)


def one_order(client: OrderClient, worker: int, number: int) -> tuple[str, bool]:
    """Create, start and query one order; its ID and whether its creation was recovered."""
    created = client.create_order(create_variables(order_ref=f"w{worker}-{number}"))
    assert created.order_id is not None
    start = update_variables(created.order_id, {"desiredExecutionState": "STARTED"})
    client.update_order(start)
    found = client.order(created.order_id)
    assert found.data["metadata"]["executionState"] == "STARTED"
    return created.order_id, created.recovered


def worker_run(client: OrderClient, worker: int) -> list[tuple[str, bool]]:
    """One thread's orders, one after the other."""
    return [one_order(client, worker, number) for number in range(ORDERS_PER_THREAD)]


@pytest.mark.slow
def test_emulator_under_load_loses_no_order(capsys: pytest.CaptureFixture[str]) -> None:
    """8 threads, 1,000 orders, seeded faults: every call is answered and no order is lost."""
    emulator = Emulator(seed=3, faults=FAULTS)
    with (
        EmulatorServer(emulator) as server,
        OrderClient(endpoint=server.graphql_url, retry=RETRY) as client,
    ):
        started = time.perf_counter()
        with ThreadPoolExecutor(THREADS) as pool:
            runs = list(pool.map(lambda w: worker_run(client, w), range(THREADS)))
        elapsed = time.perf_counter() - started
    results = [result for run in runs for result in run]
    created = [order_id for order_id, _ in results]
    statuses = Counter(r.status for r in emulator.received)
    assert len(set(created)) == THREADS * ORDERS_PER_THREAD
    assert sorted(emulator.fake.order_ids()) == sorted(created)
    assert set(statuses) <= {200, 0}, statuses
    requests = sum(statuses.values())
    with capsys.disabled():
        print(
            f"\nload: {requests} HTTP requests ({THREADS * ORDERS_PER_THREAD * 3} calls, "
            f"{statuses[0]} answers dropped on purpose, "
            f"{sum(recovered for _, recovered in results)} creates recovered by alias) "
            f"from {THREADS} threads in {elapsed:.1f} s: {requests / elapsed:.0f} requests/s, "
            "0 errors, 0 orders lost"
        )
