"""The emulator's bounds: a request's time to arrive, its length header.

A body's JSON is read within ``orderguard._json``'s bounds.

``DeadlineReader`` is the socket reader under a connection's ``rfile``: before each ``recv`` it
sets the socket's timeout to what is left of the request's deadline, so a client sending one
byte every few seconds cannot hold a connection past it (a per-read timeout alone would let it).
"""

from __future__ import annotations

import io
import re
import socket
import time
from collections.abc import Callable

_COUNT = re.compile(r"[0-9]{1,15}")
"""A count (``Content-Length``, ``?since=``): ASCII digits only (``str.isdigit`` takes ``²``)."""


class DeadlineReader(io.RawIOBase):
    """Reads ``sock`` until ``deadline()`` (a ``time.monotonic`` value), then ``TimeoutError``."""

    def __init__(self, sock: socket.socket, deadline: Callable[[], float]) -> None:
        super().__init__()
        self._sock = sock
        self._deadline = deadline

    def readable(self) -> bool:
        """A reader: always."""
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        """Receive into ``buffer`` within what is left of the deadline."""
        left = self._deadline() - time.monotonic()
        if left <= 0:
            raise TimeoutError("the request did not arrive in time")
        self._sock.settimeout(left)
        return self._sock.recv_into(buffer)


def content_length(values: list[str]) -> int | None:
    """The body length the ``Content-Length`` headers say, or ``None`` if they are unusable.

    Unusable: not ASCII digits, more than 15 of them, or several headers that disagree.
    """
    texts = {value.strip(" \t") for value in values}
    if len(texts) != 1:
        return None
    (text,) = texts
    return count(text)


def count(text: str) -> int | None:
    """``text`` as a whole number of at most 15 ASCII digits, or ``None``."""
    return int(text) if _COUNT.fullmatch(text) else None
