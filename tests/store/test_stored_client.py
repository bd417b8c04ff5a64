"""``OrderClient(store=...)`` / ``AsyncOrderClient``: stored decisions, claims, recorded answers."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from orderguard import RequestRejectedError
from orderguard.client import AsyncOrderClient, OrderClient
from orderguard.emulator import EmulatorServer
from orderguard.enums import ExecutionState
from orderguard.samples import create_variables, refund_update, update_variables
from orderguard.store import ClaimHeldError, OrderStore, Source
from tests.helpers.http import QUICK, reset_emulator, serve_emulator

emulator = pytest.fixture(scope="module")(serve_emulator)
server = pytest.fixture(reset_emulator)
START = {"desiredExecutionState": "STARTED"}


@pytest.fixture
def sent(server: EmulatorServer) -> Iterator[list[tuple[str, Any]]]:
    """Every call the emulator's fake executed: (operation, variables)."""
    calls: list[tuple[str, Any]] = []
    lock = threading.Lock()

    def seen(call: Any) -> None:
        with lock:
            calls.append((call.operation, call.variables))

    stop = server.emulator.fake.watch(seen)
    yield calls
    stop()


def client(server: EmulatorServer, store: OrderStore, **options: Any) -> OrderClient:
    return OrderClient(endpoint=server.graphql_url, store=store, retry=QUICK, **options)


def mutations(calls: list[tuple[str, Any]], name: str) -> int:
    return sum(1 for operation, _ in calls if operation == name)


def test_second_worker_does_not_resend_a_start(
    store: OrderStore, server: EmulatorServer, sent: list[tuple[str, Any]]
) -> None:
    """Two clients on one store: the second start is answered from the store, not sent."""
    with client(server, store) as first, client(server, store) as second:
        order_id = first.create_order(create_variables()).order_id
        assert order_id is not None
        assert first.update_order(update_variables(order_id, START)).attempts == 1
        again = second.update_order(update_variables(order_id, START))
    assert again.attempts == 0 and again.snapshot is not None
    assert again.snapshot.execution is ExecutionState.STARTED
    assert mutations(sent, "updateOrder") == 1


def test_decisions_use_the_stored_snapshot(store: OrderStore, server: EmulatorServer) -> None:
    """A worker that never queried the order still refuses a cancel the store rules out."""
    with client(server, store) as first:
        order_id = first.create_order(create_variables()).order_id
        assert order_id is not None
        first.update_order(update_variables(order_id, START))
        for event in server.emulator.fake.ship(order_id):
            first.apply_event(event)
    cancel = {"orderIdentifier": {"orderId": order_id}, "input": {"reason": "OTHER"}}
    with client(server, store) as second, pytest.raises(RequestRejectedError) as refused:
        second.cancel_order(cancel)
    assert [v.spec.name for v in refused.value.violations] == [
        "CancellationRequiresPendingPackages"
    ]
    assert store.claim(order_id, "check", wait=0).replaced is None  # the refusal released it


def test_refund_update_settles_once_and_is_in_history(
    store: OrderStore, server: EmulatorServer, sent: list[tuple[str, Any]]
) -> None:
    """A refund moved to SUCCESS is sent once; history shows the response and the action."""
    with client(server, store) as worker:
        order_id = worker.create_order(create_variables()).order_id
        assert order_id is not None
        server.emulator.fake.request_refund(order_id)
        refund_id = worker.order(order_id).data["refunds"]["details"][0]["id"]
        update = update_variables(
            order_id, {"refunds": {"details": [refund_update(refund_id, "SUCCESS")]}}
        )
        assert worker.update_order(update).attempts == 1
        assert worker.update_order(update).attempts == 0
    assert mutations(sent, "updateOrder") == 1
    actions = [e for e in store.history(order_id) if e.source is Source.ACTION]
    assert [e.ref for e in actions] == ["createOrder"] + [f"refund {refund_id} -> SUCCESS"] * 2
    assert "settled" in actions[1].detail and "not sent" in actions[2].detail


def test_claim_held_elsewhere_fails_naming_the_holder(
    store: OrderStore, server: EmulatorServer, sent: list[tuple[str, Any]]
) -> None:
    """While another worker holds the order, a mutation waits claim_wait, then says who."""
    with client(server, store, claim_wait=0.05) as worker:
        order_id = worker.create_order(create_variables()).order_id
        assert order_id is not None
        store.claim(order_id, "cancel", owner="worker-7")
        with pytest.raises(ClaimHeldError, match="worker-7"):
            worker.update_order(update_variables(order_id, START))
    assert mutations(sent, "updateOrder") == 0


def test_async_client_claims_and_records_too(
    store: OrderStore, server: EmulatorServer, sent: list[tuple[str, Any]]
) -> None:
    """AsyncOrderClient on the store: recorded create, one start sent, the repeat answered."""

    async def work() -> tuple[str | None, int, int]:
        async with AsyncOrderClient(endpoint=server.graphql_url, store=store, retry=QUICK) as c:
            order_id = (await c.create_order(create_variables())).order_id
            assert order_id is not None
            first = await c.update_order(update_variables(order_id, START))
            again = await c.update_order(update_variables(order_id, START))
            return order_id, first.attempts, again.attempts

    order_id, first, again = asyncio.run(work())
    assert (first, again) == (1, 0) and mutations(sent, "updateOrder") == 1
    stored = store.get(str(order_id))
    assert stored is not None and stored.snapshot.execution is ExecutionState.STARTED
