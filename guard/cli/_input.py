"""Reading a command's JSON input: bounded in size, nesting and number length, never hanging.

A file or standard input is read up to :func:`max_input_bytes` bytes (8 MiB unless
``$ORDERGUARD_MAX_INPUT_BYTES`` says otherwise) and parsed as UTF-8 JSON nested at most
:data:`MAX_DEPTH` levels, with integers of at most :data:`MAX_INTEGER_DIGITS` digits and no
``NaN`` or ``Infinity``. A named pipe is opened without waiting for a writer (one with none
reads as empty) and a directory is refused. Every refusal is an :class:`InputError` whose
message, one line, names the input and the problem; ``orderguard`` prints it and exits 2.
"""

from __future__ import annotations

import os
import stat
import sys
from typing import Any, BinaryIO

from orderguard._json import MAX_DEPTH, MAX_INTEGER_DIGITS, JsonError, loads

MAX_INPUT_ENV = "ORDERGUARD_MAX_INPUT_BYTES"
"""Environment variable: the most bytes one input may have."""

DEFAULT_MAX_INPUT = 8 * 1024 * 1024
"""The default input cap: 8 MiB, some thousand times a maximal createOrder."""

INPUT_HELP = (
    f"Input files are read up to ${MAX_INPUT_ENV} bytes (default {DEFAULT_MAX_INPUT // 2**20} "
    f"MiB): UTF-8 JSON nested at most {MAX_DEPTH} levels, integers of at most "
    f"{MAX_INTEGER_DIGITS} digits."
)
"""What ``--help`` says about the limits on input files."""


class InputError(ValueError):
    """An input that cannot be used: too large, not JSON, too deep, unreadable; one line."""


def max_input_bytes() -> int:
    """The input cap: ``$ORDERGUARD_MAX_INPUT_BYTES`` if set, else :data:`DEFAULT_MAX_INPUT`."""
    configured = os.environ.get(MAX_INPUT_ENV, "").strip()
    if not configured:
        return DEFAULT_MAX_INPUT
    if not configured.isdigit() or int(configured) == 0:
        raise InputError(f"{MAX_INPUT_ENV} must be a positive number of bytes, not {configured!r}")
    return int(configured)


def input_name(source: str) -> str:
    """How messages name an input: the file's name, or ``standard input`` for ``-``."""
    return "standard input" if source == "-" else source


def read_json(source: str) -> Any:
    """The JSON value in file ``source`` (``-``: standard input), within the limits above."""
    name, limit = input_name(source), max_input_bytes()
    data, pipe = _read_stdin(limit) if source == "-" else _read_file(source, limit)
    if len(data) > limit:
        raise _too_large(name, limit)
    if not data.strip():
        empty = " (a named pipe that nothing writes to)" if pipe else ""
        raise InputError(f"{name} is empty{empty}: expected JSON")
    return parse_json(data, name)


def _too_large(name: str, limit: int) -> InputError:
    return InputError(f"{name} is larger than {limit:,} bytes (set {MAX_INPUT_ENV} to allow more)")


def _read_stdin(limit: int) -> tuple[bytes, bool]:
    """Up to ``limit + 1`` bytes of standard input (and ``False``: not a named pipe)."""
    stream = sys.stdin
    if stream is None:
        raise InputError("there is no standard input to read")
    raw: BinaryIO | None = getattr(stream, "buffer", None)
    if raw is None:  # a text stream standing in for stdin (tests)
        return stream.read(limit + 1).encode("utf-8", "surrogatepass"), False
    return raw.read(limit + 1), False


def _read_file(path: str, limit: int) -> tuple[bytes, bool]:
    """Up to ``limit + 1`` bytes of ``path``, and whether it is a named pipe."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror or error}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{path} is a directory, not a JSON file")
        if stat.S_ISREG(info.st_mode) and info.st_size > limit:
            raise _too_large(path, limit)
        os.set_blocking(fd, True)  # opened without waiting for a writer; now read normally
        with open(fd, "rb", closefd=False) as handle:
            return handle.read(limit + 1), stat.S_ISFIFO(info.st_mode)
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror or error}") from None
    finally:
        os.close(fd)


def parse_json(data: bytes, name: str) -> Any:
    """``data`` as JSON within ``orderguard._json``'s bounds; ``InputError`` naming ``name``."""
    try:
        return loads(data)
    except JsonError as error:
        raise InputError(f"{name} {error}") from None
