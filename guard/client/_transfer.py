"""One HTTP exchange within its bound: the request sent, the answer read whole, or httpx's error.

httpx's timeouts are per read, so a server that sends a byte now and then never trips them. Here
the answer is streamed and the bound checked between chunks; the sync client also shuts the
socket of a connection it opened once the bound passes (a watchdog timer: a blocked read cannot
be interrupted otherwise), and the async one runs the exchange in an anyio cancel scope. Past
the bound the failure is ``httpx.ReadTimeout``, whatever broke first.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterable, Mapping
from typing import Any

import anyio
import attrs
import httpx

from orderguard.client._deadline import Deadline


@attrs.frozen(slots=True)
class Answer:
    """An HTTP response read whole: its status, headers and body."""

    status_code: int
    headers: httpx.Headers
    content: bytes

    @property
    def text(self) -> str:
        """The body as text (undecodable bytes replaced)."""
        return self.content.decode("utf-8", "replace")


@attrs.frozen(slots=True)
class Outgoing:
    """What one attempt POSTs, and when it must be over."""

    url: str
    content: bytes
    headers: Mapping[str, str]
    auth: httpx.Auth | None
    bound: Deadline

    def options(self) -> dict[str, Any]:
        """httpx's arguments: each read, write and connect waits at most the time left."""
        return {
            "content": self.content,
            "headers": self.headers,
            "auth": self.auth or httpx.USE_CLIENT_DEFAULT,
            "timeout": httpx.Timeout(max(self.bound.remaining(), 0.001)),
        }


def post(http: httpx.Client, request: Outgoing) -> Answer:
    """POST ``request`` and read the answer, all before its bound; httpx's error otherwise."""
    watchdog = _Watchdog(request.bound)
    try:
        options = request.options()
        options["extensions"] = {"trace": watchdog.trace}
        with http.stream("POST", request.url, **options) as response:
            content = b"".join(_before(response.iter_bytes(), request.bound))
            return Answer(response.status_code, response.headers, content)
    except httpx.TransportError as error:
        if request.bound.passed() and not isinstance(error, httpx.TimeoutException):
            raise _late(request.bound) from error
        raise
    finally:
        watchdog.stop()


async def apost(http: httpx.AsyncClient, request: Outgoing) -> Answer:
    """``post`` for asyncio (or trio): the exchange is cancelled when its bound passes."""
    try:
        with anyio.fail_after(request.bound.remaining()):
            async with http.stream("POST", request.url, **request.options()) as response:
                chunks = [chunk async for chunk in response.aiter_bytes()]
                return Answer(response.status_code, response.headers, b"".join(chunks))
    except TimeoutError as cut:
        raise _late(request.bound) from cut


def _before(chunks: Iterable[bytes], bound: Deadline) -> Iterable[bytes]:
    for chunk in chunks:
        if bound.passed():
            raise _late(bound)
        yield chunk


def _late(bound: Deadline) -> httpx.ReadTimeout:
    return httpx.ReadTimeout(f"the answer did not arrive within {bound.seconds:g} s")


class _Watchdog:
    """Shuts the socket of the connection an exchange opened once its bound passes.

    httpcore reports each new connection's stream through the ``trace`` extension; a reused
    keep-alive connection is not reported, so there only the checks between chunks apply.
    """

    def __init__(self, bound: Deadline) -> None:
        self._bound = bound
        self._timer: threading.Timer | None = None

    def trace(self, event: str, info: Mapping[str, Any]) -> None:
        """httpcore's trace callback: arm the timer when a connection is made."""
        if event != "connection.connect_tcp.complete":
            return
        stream = info.get("return_value")
        sock = stream.get_extra_info("socket") if stream is not None else None
        if isinstance(sock, socket.socket):
            self._timer = threading.Timer(self._bound.remaining(), _shut, (sock,))
            self._timer.daemon = True
            self._timer.start()

    def stop(self) -> None:
        """Disarm the timer (the exchange is over)."""
        if self._timer is not None:
            self._timer.cancel()


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
