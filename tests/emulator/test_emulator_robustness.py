"""Malformed HTTP over raw loopback sockets: a JSON 4xx or a clean close, never a 500 or a hang.

Each case from issue 10 is sent as bytes; hypothesis then sends arbitrary request lines,
headers and bodies. After every case the server still serves a good request. The servers here
have short read deadlines and small connection caps, so nothing waits long.
"""

from __future__ import annotations

import collections
import json
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orderguard.emulator import EmulatorServer
from orderguard.samples import create_variables
from tests.helpers.http import graphql

READ_TIMEOUT = 0.5
"""The test servers' deadline for a request to arrive (seconds)."""

CLIENT_WAIT = 10.0
"""How long the client waits for an answer before calling it a hang (20 deadlines)."""


class Answer:
    """The first HTTP response read from a connection (``status`` 0: closed without one)."""

    def __init__(self, raw: bytes) -> None:
        head, _, rest = raw.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        self.raw = raw
        self.status = int(lines[0].split(b" ")[1]) if raw else 0
        fields = dict(line.split(b": ", 1) for line in lines[1:] if b": " in line)
        self.headers = {name.lower(): value for name, value in fields.items()}
        self.body = rest[: int(self.headers.get(b"content-length", b"0"))]

    def json(self) -> Any:
        """The body, decoded (fails the test if it is not JSON)."""
        return json.loads(self.body)


def exchange(server: EmulatorServer, data: bytes) -> Answer:
    """Send ``data``, close the sending side, read until the server closes; fail on a hang."""
    with socket.create_connection((server.host, server.port), timeout=CLIENT_WAIT) as conn:
        try:
            conn.sendall(data)
            conn.shutdown(socket.SHUT_WR)
        except OSError:  # the server refused and closed before reading all of it
            pass
        chunks = []
        try:
            while chunk := conn.recv(65536):
                chunks.append(chunk)
        except ConnectionResetError:
            pass
        except TimeoutError:
            pytest.fail(f"no answer within {CLIENT_WAIT} s to {data[:80]!r}")
    return Answer(b"".join(chunks))


def assert_refused_as_json(answer: Answer, status: int | None = None) -> None:
    """A 4xx (or ``status``) whose body is a GraphQL error list."""
    assert 400 <= answer.status < 500 or answer.status == status, answer.raw[:300]
    assert status is None or answer.status == status, answer.raw[:300]
    assert answer.json()["errors"][0]["message"]


def assert_still_serving(server: EmulatorServer) -> None:
    """A good request on a new connection is answered 200."""
    assert httpx.get(f"{server.url}/health", timeout=CLIENT_WAIT).status_code == 200


def post(path: str, body: bytes, *headers: str) -> bytes:
    """A POST of ``body`` as JSON, with a correct Content-Length unless ``headers`` give one."""
    lines = [f"POST {path} HTTP/1.1", "Host: x", "Content-Type: application/json", *headers]
    if not any(h.lower().startswith("content-length") for h in headers):
        lines.append(f"Content-Length: {len(body)}")
    return "\r\n".join(lines).encode("latin-1") + b"\r\n\r\n" + body


@pytest.fixture(scope="module")
def logged() -> Iterator[tuple[EmulatorServer, list[str]]]:
    """A server with a short read deadline, and the lines it logged."""
    lines: list[str] = []
    with EmulatorServer(log=lines.append, read_timeout=READ_TIMEOUT) as server:
        yield server, lines


@pytest.fixture
def server(logged: tuple[EmulatorServer, list[str]]) -> Iterator[EmulatorServer]:
    """The module's server, checked to still serve after the test."""
    logged[1].clear()
    yield logged[0]
    assert_still_serving(logged[0])


STDLIB_REFUSALS = {
    "quote-in-version": (b'GET / HTTP/1.1"\r\n\r\n', 400),
    "quote-in-request-line": (b'GET /a "b" c HTTP/1.1\r\n\r\n', 400),
    "control-characters": (b"GET / \x1b[2J\x07HTTP\r\n\r\n", 400),
    "version-2": (b"GET / HTTP/2.0\r\n\r\n", 505),
    "unknown-method": (b'BREW /"pot" HTTP/1.1\r\nHost: x\r\n\r\n', 501),
    "http-0.9": (b"GET /health\r\n\r\n", 400),
    "uri-too-long": (b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n", 414),
    "too-many-headers": (
        b"GET / HTTP/1.1\r\n" + b"".join(b"X-%d: y\r\n" % n for n in range(120)) + b"\r\n",
        431,
    ),
}


@pytest.mark.parametrize("case", STDLIB_REFUSALS, ids=list(STDLIB_REFUSALS))
def test_stdlib_refusals_are_json(server: EmulatorServer, case: str) -> None:
    """What the stdlib refuses by itself (quotes in the line included) has a JSON body."""
    data, status = STDLIB_REFUSALS[case]
    answer = exchange(server, data)
    assert_refused_as_json(answer, status)
    assert answer.headers[b"content-type"] == b"application/json"


@pytest.mark.parametrize(
    "length",
    ["\u00b2", "9" * 5000, "1e3", "-1", "0x10", "12, 13", " "],
    ids=["superscript", "5000-digits", "exponent", "negative", "hex", "list", "blank"],
)
def test_unusable_content_length_is_400(server: EmulatorServer, length: str) -> None:
    """A Content-Length that is not one ASCII whole number gets 400 with JSON, not a drop."""
    data = post("/graphql", b"{}", f"Content-Length: {length}")
    assert_refused_as_json(exchange(server, data), 400)


def test_disagreeing_content_lengths_are_400(server: EmulatorServer) -> None:
    """Two Content-Length headers that differ are refused (which one to trust is unknowable)."""
    data = post("/graphql", b"{}", "Content-Length: 2", "Content-Length: 3")
    assert_refused_as_json(exchange(server, data), 400)


@pytest.mark.parametrize("since", ["%C2%B2", "9" * 5000, "-1", "%EF%BC%91"])
def test_unusable_since_is_400(server: EmulatorServer, since: str) -> None:
    """/events?since= takes ASCII digits only: ², fullwidth digits, huge numbers are 400."""
    answer = exchange(server, f"GET /events?since={since} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    assert_refused_as_json(answer, 400)


_REQUEST = b'{"query": "{ __typename }", "extensions": %s}'
"""A valid request whose ``extensions`` (which the emulator ignores) carries the case."""

BAD_BODIES = {
    "huge-integer": _REQUEST % (b"7" * 5000),
    "deep-array": b"[" * 100_000 + b"]" * 100_000,
    "deep-object": _REQUEST % (b'{"a": ' * 200 + b"1" + b"}" * 200),
    "nan": _REQUEST % b"NaN",
    "huge-float": _REQUEST % b"1e999",
    "not-utf8": b'{"query": "\xff"}',
}


@pytest.mark.parametrize("case", BAD_BODIES, ids=list(BAD_BODIES))
def test_unusable_json_bodies_are_400(server: EmulatorServer, case: str) -> None:
    """Huge integers, deep nesting, NaN and undecodable bytes in the body get 400, not 500."""
    assert_refused_as_json(exchange(server, post("/graphql", BAD_BODIES[case])), 400)


def test_nesting_within_the_bound_is_served(server: EmulatorServer) -> None:
    """A body nested 50 levels (under the bound of 64) is still answered 200."""
    body = _REQUEST % (b"[" * 49 + b"]" * 49)
    assert exchange(server, post("/graphql", body)).status == 200


def test_log_escapes_what_the_client_sent(logged: tuple[EmulatorServer, list[str]]) -> None:
    """Control characters in a request line reach the log escaped, never raw."""
    server, lines = logged
    lines.clear()
    exchange(server, b"GET /\x1b[31mred\x07 HTTP/1.1\r\nHost: x\r\n\r\n")
    exchange(server, b"GET /\x1b]0;owned\x07 x HTTP/1.1\r\n\r\n")
    text = "\n".join(lines)
    assert len(lines) == 2 and "\\u001b[31mred\\u0007" in text and "\\u001b]0;owned" in text
    assert not any(char < " " and char != "\n" for char in text), text


def test_log_leaves_out_query_strings(logged: tuple[EmulatorServer, list[str]]) -> None:
    """A query string (which may hold a secret) is not logged; the path and a marker are."""
    server, lines = logged
    lines.clear()
    exchange(server, b"GET /events?client_secret=hunter2 HTTP/1.1\r\nHost: x\r\n\r\n")
    exchange(server, b"GET /x?client_secret=hunter2 HTTP/9\r\n\r\n")
    assert len(lines) == 2 and '"GET /events?..." 200' in lines[0]
    assert "hunter2" not in "\n".join(lines)


def test_injected_throttle_is_logged_with_its_type(
    logged: tuple[EmulatorServer, list[str]],
) -> None:
    """A 200 that carries GraphQL errors logs their errorType (ThrottlingError), not just 200."""
    server, lines = logged
    lines.clear()
    document = (
        "mutation C($input: CreateOrderInput!) { createOrder(input: $input) { order { id } } }"
    )
    graphql(server.graphql_url, document, create_variables(), x_orderguard_fault="throttle")
    (line,) = lines
    assert '"POST /graphql" 200 createOrder ThrottlingError' in line


def test_a_trickling_client_is_cut_off_at_the_deadline(server: EmulatorServer) -> None:
    """One byte at a time, each within the read timeout: closed once the request's deadline passes.

    The deadline is half a second; the client would need twenty quarter-second sends.
    """
    data = post("/graphql", b'{"query": "{ __typename }"}')
    with socket.create_connection((server.host, server.port), timeout=CLIENT_WAIT) as conn:
        sent = 0
        try:
            for byte in data[:20]:
                conn.sendall(bytes([byte]))
                sent += 1
                time.sleep(READ_TIMEOUT / 2)
        except OSError:  # reset by the server
            pass
        conn.settimeout(CLIENT_WAIT)
        try:
            answered = conn.recv(65536)
        except ConnectionResetError:
            answered = b""
    assert answered == b"", answered
    assert sent < 20


def test_connections_over_the_cap_get_503_without_threads() -> None:
    """Cap 4: ten idle connections make at most four threads; the rest are 503 and closed."""
    with EmulatorServer(read_timeout=1.0, max_connections=4) as server:
        threads_before = threading.active_count()
        idle = [socket.create_connection((server.host, server.port)) for _ in range(10)]
        try:
            refused = [Answer(recv_all(conn)) for conn in idle[4:]]
            assert [answer.status for answer in refused] == [503] * 6
            assert all(answer.json()["errors"] for answer in refused)
            assert threading.active_count() - threads_before <= 4
            assert health_once_served(server)
        finally:
            for conn in idle:
                conn.close()


def recv_all(conn: socket.socket) -> bytes:
    """Everything until the server closes ``conn``."""
    conn.settimeout(CLIENT_WAIT)
    chunks = []
    while chunk := conn.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def health_once_served(server: EmulatorServer) -> bool:
    """Ask /health until the idle connections time out and it is answered 200 (or give up)."""
    for _ in range(100):
        answer = exchange(server, b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        if answer.status == 200:
            return True
        assert answer.status == 503
        time.sleep(0.1)
    return False


FUZZ_LOG: collections.deque[str] = collections.deque(maxlen=20)
"""The latest lines the fuzzed server logged."""


@pytest.fixture(scope="module")
def fuzzed() -> Iterator[EmulatorServer]:
    """A server for the fuzz test, logging to FUZZ_LOG."""
    with EmulatorServer(log=FUZZ_LOG.append, read_timeout=READ_TIMEOUT) as server:
        yield server


PROTOCOL_REFUSALS = (501, 505)
"""HTTP's own answers to an unknown method and an unknown version (JSON bodies too)."""

_TOKEN = st.binary(min_size=0, max_size=40)
_HEADER_NAMES = st.sampled_from(
    [
        *(b"Content-Length", b"Content-Type", b"Transfer-Encoding", b"Expect", b"Host"),
        *(b"X-Api-Version", b"X-Orderguard-Fault", b"Connection", b"Authorization"),
    ]
)
_HEADERS = st.lists(st.tuples(st.one_of(_HEADER_NAMES, _TOKEN), _TOKEN), max_size=6)
_REQUEST_LINES = st.one_of(
    st.binary(max_size=120),
    st.builds(
        lambda method, path, version: b" ".join([method, path, version]),
        st.sampled_from([b"GET", b"POST", b"PUT", b"HEAD", b"OPTIONS"]) | _TOKEN,
        st.sampled_from([b"/graphql", b"/events?since=", b"/token", b"/health"]) | _TOKEN,
        st.sampled_from([b"HTTP/1.1", b"HTTP/1.0", b"HTTP/0.9"]) | _TOKEN,
    ),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(line=_REQUEST_LINES, headers=_HEADERS, body=st.binary(max_size=200))
def test_arbitrary_bytes_get_json_4xx_or_a_close(
    fuzzed: EmulatorServer, line: bytes, headers: list[Any], body: bytes
) -> None:
    """Whatever bytes arrive: no 500, any body is JSON, the log is escaped, serving goes on."""
    server = fuzzed
    FUZZ_LOG.clear()
    head = b"".join(name + b": " + value + b"\r\n" for name, value in headers)
    answer = exchange(server, line + b"\r\n" + head + b"\r\n" + body)
    if answer.status:
        assert answer.status < 500 or answer.status in PROTOCOL_REFUSALS, answer.raw[:300]
        if answer.body:
            json.loads(answer.body)
    assert_still_serving(server)
    assert not any(char < " " for entry in FUZZ_LOG for char in entry), list(FUZZ_LOG)
