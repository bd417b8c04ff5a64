"""The emulator's bounds: a request's time to arrive, its length header and JSON, its log line.

``DeadlineReader`` is the socket reader under a connection's ``rfile``: before each ``recv`` it
sets the socket's timeout to what is left of the request's deadline, so a client sending one
byte every few seconds cannot hold a connection past it (a per-read timeout alone would let it).
"""

from __future__ import annotations

import io
import json
import math
import re
import socket
import time
from collections.abc import Callable
from typing import Any

MAX_JSON_DEPTH = 64
"""How deep arrays and objects may nest in a request body (the API's inputs nest about 8)."""

MAX_INTEGER_DIGITS = 100
"""The most digits an integer in a request body may have."""

_COUNT = re.compile(r"[0-9]{1,15}")
"""A count (``Content-Length``, ``?since=``): ASCII digits only (``str.isdigit`` takes ``²``)."""


class JsonBodyError(ValueError):
    """A request body that is not JSON, or not JSON within the bounds; the message says which."""


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


def bounded_json(body: bytes) -> Any:
    """``body`` decoded as JSON nested at most ``MAX_JSON_DEPTH`` levels, with bounded numbers.

    Raises ``JsonBodyError`` (never ``RecursionError``, or the ``ValueError`` of an integer
    over the interpreter's digit limit) naming the problem.
    """
    try:
        value = json.loads(body, parse_int=_integer, parse_float=_float, parse_constant=_constant)
    except RecursionError:
        raise JsonBodyError(f"the body nests deeper than {MAX_JSON_DEPTH} levels") from None
    except JsonBodyError:
        raise
    except ValueError as error:  # JSONDecodeError, UnicodeDecodeError
        raise JsonBodyError(f"the body is not JSON: {error}") from None
    if _deeper_than(value, MAX_JSON_DEPTH):
        raise JsonBodyError(f"the body nests deeper than {MAX_JSON_DEPTH} levels")
    return value


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether arrays and objects in ``value`` nest more than ``limit`` levels (no recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item
        if isinstance(item, dict | list):
            if depth > limit:
                return True
            stack.extend((child, depth + 1) for child in children)
    return False


def _integer(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise JsonBodyError(f"an integer in the body has over {MAX_INTEGER_DIGITS} digits")
    return int(digits)


def _float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise JsonBodyError(f"the number {text[:40]} in the body is too large")
    return number


def _constant(name: str) -> Any:
    raise JsonBodyError(f"{name} is not a JSON number")


def printable(text: str) -> str:
    """``text`` with control characters, quotes, backslashes and non-ASCII escaped as in JSON.

    What a client sends goes into the log through this, so it cannot move a terminal's cursor,
    change its colours or forge a log line.
    """
    return json.dumps(text)[1:-1]


def path_for_log(path: str) -> str:
    """The request path without its query string (which may carry secrets), marked ``?...``."""
    route, mark, _ = path.partition("?")
    return printable(route) + ("?..." if mark else "")
