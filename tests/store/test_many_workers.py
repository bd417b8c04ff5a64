"""Many ``OrderClient(store=...)`` processes against one emulator (what ``orderguard serve`` runs).

The emulator's fake records every call it executes, independently of the clients, so the
tests count what was really sent.
"""

from __future__ import annotations

import sys
import threading
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import pytest

from orderguard.client import OrderClient
from orderguard.emulator import EmulatorServer
from orderguard.samples import create_variables
from orderguard.store import Source, open_store
from tests.helpers.http import reset_emulator, serve_emulator
from tests.store.support import sigkill_after
from tests.store.workers import drive_orders

emulator = pytest.fixture(scope="module")(serve_emulator)
server = pytest.fixture(reset_emulator)
ROOT = Path(__file__).resolve().parents[2]
ORDERS, WORKERS = 12, 8


@pytest.fixture
def executed(server: EmulatorServer) -> Iterator[list[tuple[str, Any]]]:
    """Every mutation the emulator's fake executed: (operation, variables)."""
    calls: list[tuple[str, Any]] = []
    lock = threading.Lock()

    def seen(call: Any) -> None:
        if call.operation != "order":
            with lock:
                calls.append((call.operation, call.variables))

    stop = server.emulator.fake.watch(seen)
    yield calls
    stop()


def action_sent(operation: str, variables: dict[str, Any]) -> tuple[str, str]:
    """(order ID, action) of one executed mutation."""
    order_id = variables["orderIdentifier"]["orderId"]
    if operation == "cancelOrder":
        return order_id, "cancel"
    if "desiredExecutionState" in variables["input"]:
        return order_id, "start"
    return order_id, "refund " + variables["input"]["refunds"]["details"][0]["id"]


@pytest.mark.slow
def test_each_merchant_action_is_sent_at_most_once(
    sql_url: str, server: EmulatorServer, executed: list[tuple[str, Any]]
) -> None:
    """8 processes start, cancel and settle refunds of the same orders: each sent at most once."""
    refunds = {}
    with (
        open_store(sql_url) as store,
        OrderClient(endpoint=server.graphql_url, store=store) as c,
    ):
        for n in range(ORDERS):
            order_id = c.create_order(create_variables(order_ref=f"80{n:02d}")).order_id
            assert order_id is not None
            server.emulator.fake.request_refund(order_id)
            refunds[order_id] = c.order(order_id).data["refunds"]["details"][0]["id"]
    executed.clear()
    with ProcessPoolExecutor(WORKERS, mp_context=get_context("spawn")) as pool:
        jobs = [
            pool.submit(drive_orders, sql_url, server.graphql_url, refunds, seed)
            for seed in range(WORKERS)
        ]
        reports = [line for job in jobs for line in job.result()]
    sent = Counter(action_sent(operation, variables) for operation, variables in executed)
    assert max(sent.values()) == 1, [key for key, count in sent.items() if count > 1]
    for order_id, refund_id in refunds.items():
        assert sent[(order_id, "cancel")] == 1 and sent[(order_id, f"refund {refund_id}")] == 1
    assert sum(1 for _, action in sent if action == "start") >= 1
    said_sent = Counter((order, action) for order, action, how in reports if how == "sent")
    assert sum(said_sent.values()) == len(executed)  # the clients agree with the server
    assert {how for _, _, how in reports} <= {"sent", "repeat", "RequestRejectedError"}


def run_killed(url: str, endpoint: str, order_ref: str, send: bool) -> None:
    """A worker process whose OrderClient(store=...) createOrder is SIGKILLed mid-call."""
    how = "send" if send else "hold"
    command = [sys.executable, "-m", "tests.store.workers", "client", url, endpoint, order_ref, how]
    sigkill_after(command, "answered" if send else "claimed", ROOT)


@pytest.mark.slow
@pytest.mark.parametrize("sent", [True, False], ids=["killed-after-answer", "killed-before-send"])
def test_client_recovers_a_killed_workers_create_by_alias(
    sql_url: str, server: EmulatorServer, sent: bool
) -> None:
    """A worker SIGKILLed between its claim and the answer: the next create finds or makes one."""
    run_killed(sql_url, server.graphql_url, "9001", sent)
    with open_store(sql_url) as store:
        with OrderClient(endpoint=server.graphql_url, store=store, claim_wait=30) as client:
            result = client.create_order(create_variables(order_ref="9001"))
        assert server.emulator.fake.order_ids() == (result.order_id,)
        assert result.recovered is sent
        first = store.history(str(result.order_id))
        assert any(e.source is Source.ACTION and e.ref == "createOrder" for e in first)
        assert store.expired_claims() == []
