"""What the service tests share: the proxy in front of the emulator, both on 127.0.0.1.

``guarding(emulator, ...)`` starts the service's app on uvicorn in a background thread, with a
fresh ``MemorySource`` (unless given one), a decision log in memory and the request log in a
list. The documents are written out as a client in any language would write them.
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from typing import IO, Any

import attrs
import httpx

from orderguard import samples
from orderguard.emulator import EmulatorServer
from orderguard.service import EventCredentials, ServiceConfig, ServiceServer, create_app
from orderguard.store import OrderStore, open_store

JSON = dict[str, Any]

SECRET = "s3cret-shared-value"
BASIC = ("bwp-webhooks", "basic-pa55word")
CREDENTIALS = EventCredentials(secret=SECRET, secret_header="x-webhook-secret", basic=BASIC)

ORDER_FIELDS = """
  id
  aliases { aliasType aliasId }
  metadata { executionState }
  packageInformation { summary { state } details { id state } }
  cancellations { details { id state } }
"""

CREATE = "mutation Create($input: CreateOrderInput!) { createOrder(input: $input) { order {%s} } }"
START = (
    "mutation Start($id: OrderIdentifierInput!, $input: UpdateOrderInput!) "
    "{ updateOrder(orderIdentifier: $id, input: $input) { order {%s} } }"
)
START_INLINE = (
    'mutation { updateOrder(orderIdentifier: {orderId: "%s"}, '
    "input: {desiredExecutionState: STARTED}) { order { id metadata { executionState } } } }"
)
CANCEL = (
    "mutation Cancel($id: ID!) { cancelOrder(orderIdentifier: {orderId: $id}, "
    "input: {reason: OUT_OF_STOCK}) { cancellation { id state } } }"
)
QUERY = "query Order($id: ID!) { order(orderIdentifier: {orderId: $id}) {%s} }"


@attrs.define
class Proxy:
    """A running proxy: its server, store, decision log and request log."""

    server: ServiceServer
    store: OrderStore
    decision_log: io.StringIO
    requests: list[str]

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>``."""
        return self.server.url

    @property
    def graphql_url(self) -> str:
        """The proxy's ``/graphql``."""
        return self.server.graphql_url

    def shown(self, order_id: str) -> JSON | None:
        """The order as the store shows it (``order`` query names), or ``None``."""
        stored = self.store.get(order_id)
        return None if stored is None else stored.to_json()

    def decisions(self) -> list[JSON]:
        """Every decision line logged so far."""
        return [json.loads(line) for line in self.decision_log.getvalue().splitlines()]

    def post(self, query: str, variables: JSON | None = None, **headers: str) -> httpx.Response:
        """POST one GraphQL request to the proxy."""
        body = {"query": query, "variables": variables or {}}
        return send(self.graphql_url, body, headers)

    def create(self, order_ref: str = "1001") -> str:
        """Create an order through the proxy; its ID."""
        variables = samples.create_variables(1, order_ref=order_ref)
        answer = self.post(CREATE % ORDER_FIELDS, variables).json()
        return str(answer["data"]["createOrder"]["order"]["id"])

    def start(self, order_id: str) -> httpx.Response:
        """Start the order through the proxy (variables)."""
        variables = {"id": {"orderId": order_id}, "input": {"desiredExecutionState": "STARTED"}}
        return self.post(START % ORDER_FIELDS, variables)


def send(url: str, body: JSON, headers: dict[str, str] | None = None) -> httpx.Response:
    """POST ``body`` as JSON with ``headers`` (underscores become dashes)."""
    extra = {name.replace("_", "-"): value for name, value in (headers or {}).items()}
    content = json.dumps(body).encode()
    sent = {"content-type": "application/json", "authorization": "Bearer client-token", **extra}
    return httpx.post(url, content=content, headers=sent, timeout=30.0)


@contextlib.contextmanager
def guarding(
    upstream: EmulatorServer | str, store: OrderStore | None = None, **config: Any
) -> Iterator[Proxy]:
    """The proxy in front of ``upstream`` (an emulator or a URL) for the block.

    ``store``: default a fresh ``memory://`` one; ``config``: further ``ServiceConfig`` fields.
    """
    url = upstream if isinstance(upstream, str) else upstream.graphql_url
    store = store if store is not None else open_store("memory://")
    config.setdefault("events", CREDENTIALS)
    decisions, requests = io.StringIO(), []
    app = create_app(
        ServiceConfig(upstream=url, **config),
        store,
        decision_log=decisions,
        log=requests.append,
    )
    with ServiceServer(app) as server:
        yield Proxy(server, store, decisions, requests)


def dead_url() -> str:
    """A loopback URL where nothing listens (a port bound, then released)."""
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/graphql"


def graphql_sent(emulator: EmulatorServer) -> list[tuple[str, ...]]:
    """The root fields of every /graphql request the emulator received, in order."""
    return [r.fields for r in emulator.emulator.received if r.path == "/graphql"]


def basic(user: str, password: str) -> str:
    """An ``Authorization`` header value for HTTP basic credentials."""
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


@attrs.define
class ProxyProcess:
    """``orderguard proxy`` running in a child process, its output collected by two threads."""

    process: subprocess.Popen[str]
    graphql_url: str
    stdout: list[str]
    stderr: list[str]
    readers: tuple[threading.Thread, ...]

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>``."""
        return self.graphql_url.removesuffix("/graphql")

    def stop(self) -> tuple[int, str, str]:
        """SIGTERM it; its exit status, standard output and standard error."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)
        for reader in self.readers:
            reader.join(timeout=30)  # every line read
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()
        return self.process.returncode, "".join(self.stdout), "".join(self.stderr)


def _reader(stream: IO[str] | None, lines: list[str]) -> threading.Thread:
    reader = threading.Thread(target=lambda: lines.extend(stream or ()), daemon=True)
    reader.start()
    return reader


@contextlib.contextmanager
def proxy_process(*args: str, env: dict[str, str] | None = None) -> Iterator[ProxyProcess]:
    """``orderguard proxy ARGS`` on a free port; yields once it has said where it listens.

    Without ``--store`` in ``ARGS`` the proxy keeps its orders in memory (not in the default
    ``orderguard.db`` of the working directory).
    """
    store = () if "--store" in args else ("--store", "memory://")
    command = [
        sys.executable,
        "-m",
        "orderguard",
        "proxy",
        "--listen",
        "127.0.0.1:0",
        *store,
        *args,
    ]
    environment = {k: v for k, v in os.environ.items() if not k.startswith("ORDERGUARD_EVENTS")}
    pipe = subprocess.PIPE
    process = subprocess.Popen(
        command, stdout=pipe, stderr=pipe, text=True, env={**environment, **(env or {})}
    )
    assert process.stderr is not None
    first = process.stderr.readline()
    stdout: list[str] = []
    stderr = [first]
    readers = (_reader(process.stdout, stdout), _reader(process.stderr, stderr))
    found = re.search(r"(http://\S+/graphql)", first)
    running = ProxyProcess(process, found.group(1) if found else "", stdout, stderr, readers)
    try:
        assert found, f"orderguard proxy did not start: {first}"
        yield running
    finally:
        running.stop()
