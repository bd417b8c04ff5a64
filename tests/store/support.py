"""Shared pieces of the store tests: backend URLs, events, and the PostgreSQL test server.

PostgreSQL comes from ``ORDERGUARD_TEST_POSTGRES`` (default the local trust-auth server); each
store gets a schema of its own (``og_test_<pid>_<random>``) so parallel runs never collide.
Without a server the PostgreSQL cases skip locally and fail under CI (``CI`` set).
"""

from __future__ import annotations

import contextlib
import functools
import os
import signal
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

JSON = dict[str, Any]

POSTGRES_DSN = os.environ.get("ORDERGUARD_TEST_POSTGRES", "postgresql://root@127.0.0.1:5432/test")
BACKENDS = ("memory", "sqlite", "postgres")
SQL_BACKENDS = ("sqlite", "postgres")
"""The backends other processes can open too."""


@functools.cache
def postgres_problem() -> str | None:
    """Why the PostgreSQL test server cannot be used, or ``None`` when it can."""
    try:
        with psycopg.connect(POSTGRES_DSN, connect_timeout=3):
            return None
    except psycopg.Error as error:
        return " ".join(str(error).split())


def require_postgres() -> None:
    """Skip (locally) or fail (under CI) when the PostgreSQL test server is unreachable."""
    problem = postgres_problem()
    if problem is None:
        return
    message = f"PostgreSQL test server {POSTGRES_DSN} unreachable: {problem}"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def postgres_url() -> str:
    """A store URL on the test server in a schema of its own."""
    require_postgres()
    schema = f"og_test_{os.getpid()}_{uuid.uuid4().hex[:10]}"
    joiner = "&" if "?" in POSTGRES_DSN else "?"
    return f"{POSTGRES_DSN}{joiner}schema={schema}"


def drop_schema(url: str) -> None:
    """Drop the schema a ``postgres_url`` made (tests clean up after themselves)."""
    schema = url.rpartition("schema=")[2]
    with psycopg.connect(POSTGRES_DSN, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def url_for(backend: str, folder: Path) -> str:
    """A fresh store URL of ``backend`` (``sqlite`` files go in ``folder``)."""
    if backend == "memory":
        return "memory://"
    if backend == "sqlite":
        return f"sqlite:///{folder / f'store-{uuid.uuid4().hex[:8]}.db'}"
    return postgres_url()


@contextlib.contextmanager
def fresh_url(backend: str, folder: Path) -> Iterator[str]:
    """A fresh store URL of ``backend`` for the block; a PostgreSQL schema is dropped after."""
    url = url_for(backend, folder)
    try:
        yield url
    finally:
        if backend == "postgres":
            drop_schema(url)


def package_event(
    order_id: str, package_id: str, state: str, key: str, reason: str | None = None
) -> JSON:
    """A webhook event: package ``package_id`` of ``order_id`` reached ``state``."""
    names = {
        "IN_TRANSIT": "PACKAGE_DELIVERY_IN_TRANSIT",
        "DELIVERED": "PACKAGE_DELIVERED",
        "CANCELLED": "PACKAGE_DELIVERY_CANCELLED",
    }
    detail: JSON = {"id": package_id, "state": state}
    if reason is not None:
        detail["reason"] = reason
    return {
        "idempotencyKey": key,
        "eventId": key,
        "eventDescriptor": names[state],
        "resources": [f"businessProduct/test/order/{order_id}/delivery/{package_id}"],
        "data": {"order": {"id": order_id, "packageInformation": {"details": [detail]}}},
    }


def refund_event(order_id: str, refund_id: str, key: str) -> JSON:
    """A webhook ``REFUND_REQUESTED`` for refund ``refund_id`` of ``order_id``."""
    return {
        "idempotencyKey": key,
        "eventId": key,
        "eventDescriptor": "REFUND_REQUESTED",
        "resources": [f"businessProduct/test/order/{order_id}/refund/{refund_id}"],
        "data": {"order": {"id": order_id, "refunds": {"details": [{"id": refund_id}]}}},
    }


def sigkill_after(command: list[str], line: str, cwd: Path) -> None:
    """Start ``command``, wait until it prints ``line``, then SIGKILL it (a worker crash)."""
    child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    try:
        assert child.stdout.readline().strip() == line
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL
