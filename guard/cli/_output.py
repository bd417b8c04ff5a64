r"""Writing what a command prints: values echoed safely and briefly, streams that never choke.

Values that came from the user's input (a path, an e-mail address, a message quoting one) pass
through :func:`shown` before they are printed: control characters and lone surrogates are
escaped (``\x1b``, ``\ud800``), so no input can move the terminal's cursor or break the
encoder, and a long value is cut in the middle to :data:`ECHO_LIMIT` characters, saying how
many were left out. :func:`tolerant_streams` makes standard output and error write what their
encoding cannot hold as backslash escapes instead of raising; :func:`print_json` falls back to
ASCII escapes when standard output is not UTF-8, so its JSON stays valid.
"""

from __future__ import annotations

import codecs
import io
import json
import sys

ECHO_LIMIT = 120
"""The most characters of one echoed value that text output shows."""


def shown(value: str, limit: int | None = ECHO_LIMIT) -> str:
    """``value`` as text output echoes it: cut to ``limit`` characters, unprintables escaped.

    A cut keeps the first two thirds and the last third (``…(N characters left out)…``), so a
    message's end (``'...' is not an e-mail address``) still reads. ``limit=None``: no cut.
    """
    if limit is not None and len(value) > limit:
        head, tail = value[: limit * 2 // 3], value[len(value) - limit // 3 :]
        left_out = len(value) - len(head) - len(tail)
        return f"{_escaped(head)}…({left_out:,} characters left out)…{_escaped(tail)}"
    return _escaped(value)


def _escaped(text: str) -> str:
    """``text`` with every character that is not printable written as its Python escape."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


def tolerant_streams() -> None:
    """Make standard output and error escape what their encoding cannot write (never raise)."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")


def _stdout_is_utf8() -> bool:
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        return codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False


def print_json(document: object) -> None:
    r"""Write ``document`` to standard output as indented JSON, valid in any output encoding.

    Characters are written as themselves on a UTF-8 output, and as ``\u`` escapes on any
    other or when the document holds a lone surrogate (which UTF-8 cannot).
    """
    utf8 = _stdout_is_utf8()
    text = json.dumps(document, indent=2, ensure_ascii=not utf8)
    if utf8 and not _encodes(text):
        text = json.dumps(document, indent=2)  # a lone surrogate: escape everything instead
    print(text)


def _encodes(text: str) -> bool:
    """Whether UTF-8 can hold ``text`` (it cannot hold a lone surrogate)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
