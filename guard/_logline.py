"""What a client sent, made safe for a one-line request log (the emulator's and the service's).

A request line, a path or a header is the client's text: written raw, an escape sequence moves
the reader's terminal cursor or changes its colours, and a newline forges a second log line.
"""

from __future__ import annotations

import json


def printable(text: str) -> str:
    """``text`` with control characters, quotes, backslashes and non-ASCII escaped as in JSON."""
    return json.dumps(text)[1:-1]


def path_for_log(path: str) -> str:
    """The request path without its query string (which may carry secrets), marked ``?...``."""
    route, mark, _ = path.partition("?")
    return printable(route) + ("?..." if mark else "")
