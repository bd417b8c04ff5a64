"""Misbehaving HTTP servers on 127.0.0.1 for the client's tests: stdlib sockets in a thread."""

from __future__ import annotations

import contextlib
import select
import socket
import threading
from collections.abc import Iterator

import attrs

STATUS_AND_HEADERS = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 300\r\n\r\n"
)


@attrs.define
class Trickler:
    """Answers every connection one byte every ``every`` seconds, ``STATUS_AND_HEADERS`` first.

    The answer (headers and 300 body bytes) would take ``every`` times its length to send; when
    the client closes the connection first, ``closed_early`` is set.
    """

    listener: socket.socket
    every: float
    closed_early: threading.Event = attrs.field(factory=threading.Event)
    done: threading.Event = attrs.field(factory=threading.Event)

    @property
    def url(self) -> str:
        """The GraphQL URL to point a client at."""
        host, port = self.listener.getsockname()[:2]
        return f"http://{host}:{port}/graphql"

    def serve(self) -> None:
        """Accept connections until stopped, trickling to each in turn."""
        while not self.done.is_set():
            try:
                connection, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with connection:
                self._trickle(connection)

    def _trickle(self, connection: socket.socket) -> None:
        connection.recv(65536)  # the request (small enough for one read on loopback)
        for byte in STATUS_AND_HEADERS + b" " * 300:
            if self.done.wait(self.every):
                return
            if _peer_closed(connection) or not _sent(connection, bytes([byte])):
                self.closed_early.set()
                return


def _sent(connection: socket.socket, data: bytes) -> bool:
    try:
        connection.sendall(data)
    except OSError:
        return False
    return True


def _peer_closed(connection: socket.socket) -> bool:
    readable, _, _ = select.select([connection], [], [], 0)
    if not readable:
        return False
    try:
        return connection.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True


@contextlib.contextmanager
def trickling_server(every: float = 0.1) -> Iterator[Trickler]:
    """A :class:`Trickler` on a free port, served from a daemon thread until the block ends."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.1)  # accept wakes up to see the stop
    trickler = Trickler(listener, every)
    thread = threading.Thread(target=trickler.serve, daemon=True)
    thread.start()
    try:
        yield trickler
    finally:
        trickler.done.set()
        listener.close()
        thread.join(timeout=5)


def closed_port() -> str:
    """The GraphQL URL of a 127.0.0.1 port nothing listens on (bound, then released)."""
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/graphql"
