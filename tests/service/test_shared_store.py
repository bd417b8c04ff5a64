"""Proxies on a PostgreSQL store: two processes share it; an outage of it fails closed.

PostgreSQL comes from ``ORDERGUARD_TEST_POSTGRES`` (default the local trust-auth server), one
schema per test; without a server these tests skip locally and fail under CI.
"""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Iterator

import httpx
import psycopg
import pytest

from orderguard import samples
from orderguard.emulator import EmulatorServer
from orderguard.store import OrderStore, StoreUnavailableError, open_store
from tests.service.support import graphql_sent, guarding, proxy_process
from tests.service.test_race import Gate, outcomes, race
from tests.store.support import POSTGRES_DSN, drop_schema, postgres_url, require_postgres

pytestmark = pytest.mark.slow


@pytest.fixture
def store_url() -> Iterator[str]:
    """A PostgreSQL store URL in a schema of its own, dropped afterwards."""
    url = postgres_url()
    yield url
    drop_schema(url)


def test_two_proxy_processes_racing_to_start_one_order_send_started_once(
    emulator: EmulatorServer, store_url: str
) -> None:
    """Two ``orderguard proxy`` processes on one store: one start goes upstream, one conflicts."""
    upstream = ("--upstream", emulator.graphql_url, "--store", store_url)
    with (
        proxy_process(*upstream, "--owner", "proxy-a") as first,
        proxy_process(*upstream, "--owner", "proxy-b") as second,
    ):
        body = {
            "query": "mutation C($input: CreateOrderInput!) { createOrder(input: $input) "
            "{ order { id } } }",
            "variables": {"input": _create_input()},
        }
        created = httpx.post(first.graphql_url, json=body, timeout=30).json()
        order_id = created["data"]["createOrder"]["order"]["id"]
        gate = Gate()
        stop = emulator.emulator.fake.watch(gate)
        try:
            answers = race(gate, [first.graphql_url, second.graphql_url], order_id)
        finally:
            stop()
        shown = httpx.get(f"{second.url}/v1/orders/{order_id}", timeout=30).json()
    assert len(gate.starts) == 1
    assert outcomes(answers) == ["ConflictException", "STARTED"]
    holders = [
        a.json()["errors"][0]["extensions"]["holder"] for a in answers if "errors" in a.json()
    ]
    assert holders[0].split("/")[0] in ("proxy-a", "proxy-b")
    assert shown["order"]["metadata"]["executionState"] == "STARTED"
    assert [entry["ref"] for entry in shown["history"]] == ["createOrder", "updateOrder"]


def _create_input() -> dict[str, object]:
    return dict(samples.create_variables(1, order_ref="raced")["input"])


@contextlib.contextmanager
def own_role() -> Iterator[tuple[str, str]]:
    """A login role owning a fresh schema: ``(store URL as that role, role name)``."""
    require_postgres()
    role = f"og_outage_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(POSTGRES_DSN, autocommit=True) as admin:
        database = admin.info.dbname
        admin.execute(f'CREATE ROLE "{role}" LOGIN')
        admin.execute(f'GRANT CREATE ON DATABASE "{database}" TO "{role}"')
        admin.execute(f'CREATE SCHEMA "{role}" AUTHORIZATION "{role}"')
    netloc = POSTGRES_DSN.split("://", 1)[1].split("@", 1)[-1]
    try:
        yield f"postgresql://{role}@{netloc}?schema={role}", role
    finally:
        with psycopg.connect(POSTGRES_DSN, autocommit=True) as admin:
            admin.execute(f'ALTER ROLE "{role}" LOGIN')
            admin.execute(f'DROP SCHEMA IF EXISTS "{role}" CASCADE')
            admin.execute(f'DROP OWNED BY "{role}"')
            admin.execute(f'DROP ROLE "{role}"')


def outage(role: str, down: bool) -> None:
    """Cut the role off the server (its sessions ended, no new ones), or let it back in."""
    with psycopg.connect(POSTGRES_DSN, autocommit=True) as admin:
        admin.execute(f'ALTER ROLE "{role}" {"NOLOGIN" if down else "LOGIN"}')
        if down:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s",
                (role,),
            )


def back_up(store: OrderStore) -> None:
    """Wait (at most a minute) until the store's pool has reconnected after an outage."""
    deadline = time.monotonic() + 60
    while True:
        try:
            store.order_ids()
            return
        except StoreUnavailableError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_a_store_outage_fails_closed_and_the_proxy_recovers_with_the_store(
    emulator: EmulatorServer,
) -> None:
    """Store down: a start is refused (503) and not sent; store back: the same start is sent."""
    with (
        own_role() as (url, role),
        open_store(url, timeout=1.0) as store,
        guarding(emulator, store) as proxy,
    ):
        order_id = proxy.create()
        outage(role, down=True)
        try:
            refused = proxy.start(order_id)
            sent = {field for fields in graphql_sent(emulator) for field in fields}
            shown = httpx.get(f"{proxy.url}/v1/orders/{order_id}", timeout=30)
        finally:
            outage(role, down=False)
        back_up(store)
        started = proxy.start(order_id)
    assert refused.status_code == 503
    [error] = refused.json()["errors"]
    assert error["extensions"]["errorType"] == "InternalServerError"
    assert "StoreUnavailableError" in error["message"]
    assert "updateOrder" not in sent
    assert shown.status_code == 503
    assert started.json()["data"]["updateOrder"]["order"]["metadata"]["executionState"] == (
        "STARTED"
    )
