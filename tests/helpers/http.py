"""Helpers for the tests of the client and the emulator: loopback only, nothing else."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import stamina
from stamina.instrumentation import RetryDetails, get_on_retry_hooks, set_on_retry_hooks

from orderguard.client import OrderClient, RetrySettings
from orderguard.emulator import FAULT_HEADER, EmulatorServer

JSON = dict[str, Any]

QUICK = RetrySettings(attempts=4, timeout=5.0, wait_initial=0.001, wait_max=0.01, wait_jitter=0.0)
"""Retries that wait milliseconds, so retrying tests stay fast."""


def serve_emulator() -> Iterator[EmulatorServer]:
    """An emulator on a free 127.0.0.1 port, in a background thread (a module fixture)."""
    with EmulatorServer() as server:
        yield server


def reset_emulator(emulator: EmulatorServer) -> EmulatorServer:
    """The module's emulator, emptied of orders, events and requests (a test fixture)."""
    emulator.emulator.reset()
    return emulator


def fault_once(fault: str, field: str) -> Callable[[httpx.Request], None]:
    """An httpx request hook asking the emulator for ``fault`` on the first call of ``field``."""
    pending = [True]

    def hook(request: httpx.Request) -> None:
        if pending[0] and f"{field}(".encode() in request.content:
            request.headers[FAULT_HEADER] = fault
            pending[0] = False

    return hook


@contextlib.contextmanager
def client_for(
    server: EmulatorServer,
    *hooks: Callable[[httpx.Request], None],
    **options: Any,
) -> Iterator[OrderClient]:
    """An ``OrderClient`` of the emulator, with quick retries and request ``hooks``."""
    options.setdefault("retry", QUICK)
    with httpx.Client(event_hooks={"request": list(hooks)}, timeout=10.0) as http:
        yield OrderClient(endpoint=server.graphql_url, http=http, **options)


def graphql_fields(server: EmulatorServer) -> list[tuple[str, ...]]:
    """The GraphQL fields of every /graphql request the emulator received, in order."""
    return [r.fields for r in server.emulator.received if r.path == "/graphql"]


@contextlib.contextmanager
def retries_seen() -> Iterator[list[RetryDetails]]:
    """Collect stamina's scheduled retries (and the waits it chose) inside the block."""
    seen: list[RetryDetails] = []
    before = get_on_retry_hooks()
    set_on_retry_hooks([seen.append])
    try:
        yield seen
    finally:
        set_on_retry_hooks(before)


@contextlib.contextmanager
def stamina_testing(attempts: int) -> Iterator[None]:
    """stamina's testing mode: no waits, exactly ``attempts`` tries."""
    with stamina.set_testing(True, attempts=attempts):
        yield


def post_raw(url: str, body: bytes, content_type: str = "application/json") -> httpx.Response:
    """POST ``body`` as is."""
    return httpx.post(url, content=body, headers={"content-type": content_type}, timeout=10.0)


def graphql(url: str, query: str, variables: JSON | None = None, **headers: str) -> httpx.Response:
    """POST one GraphQL request."""
    body = json.dumps({"query": query, "variables": variables or {}}).encode()
    extra = {name.replace("_", "-"): value for name, value in headers.items()}
    return httpx.post(
        url, content=body, headers={"content-type": "application/json", **extra}, timeout=10.0
    )
