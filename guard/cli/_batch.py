"""``orderguard check --batch [FILE|-]``: JSON lines of checks in, one JSON line of answer each.

Each input line is ``{"id"?, "operation", "request", "order"?, "context"?}``; each output line is
the object ``check --format json`` prints with the ``id`` echoed first, in input order, written
as soon as the line is judged (so the command can sit in a pipe and memory stays constant).
A line that cannot be judged (not JSON, not UTF-8, a field missing or of the wrong type, an
order that is not an order) gives ``{"id", "line", "error"}`` and the batch goes on; blank lines
are skipped. Exit 0 when every line was judged (allowed or not), 2 otherwise, with one line on
standard error counting the unusable lines.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterable, Iterator
from typing import IO, Any

import pydantic_core

from orderguard._guard import Guard
from orderguard.cli._util import EXIT_OK, UsageError, fail
from orderguard.errors import PayloadError
from orderguard.service._judge import answer, unusable


def run_batch(args: argparse.Namespace) -> int:
    """Judge every line of ``args.batch`` and print the answers; the exit status of the batch."""
    given = [flag for flag, value in _single_options(args) if value is not None]
    if given:
        raise UsageError(f"--batch reads everything from its lines; drop {', '.join(given)}")
    guard = Guard(args.api_version)
    with _open(args.batch) as lines:
        judged, unusable_lines = judge_lines(guard, lines, sys.stdout)
    if unusable_lines:
        first = unusable_lines[0]
        count = len(unusable_lines)
        return fail(f"{count} of {judged} lines could not be judged (the first: line {first})")
    return EXIT_OK


def judge_lines(guard: Guard, lines: Iterable[bytes], out: IO[str]) -> tuple[int, list[int]]:
    """Write one answer line to ``out`` per non-blank line; the count and the unusable lines."""
    count, failed = 0, []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        count += 1
        result = judge_line(guard, line)
        if "error" in result:
            result = {"id": result["id"], "line": number, "error": result["error"]}
            failed.append(number)
        out.write(pydantic_core.to_json(result).decode() + "\n")
        out.flush()
    return count, failed


def judge_line(guard: Guard, line: bytes) -> dict[str, Any]:
    """The answer for one line: the decision with its ``id``, or ``{"id", "error"}``."""
    try:
        data = pydantic_core.from_json(line)  # JSON like json.loads, in half the time
    except ValueError as error:
        return {"id": None, "error": f"not JSON: {error}"}
    try:
        return answer(guard, data)
    except PayloadError as error:
        return unusable(data, error)


def _single_options(args: argparse.Namespace) -> Iterator[tuple[str, object]]:
    """The single-check arguments and their values (``None`` when not given)."""
    yield "OPERATION", args.operation
    yield "--request", args.request
    yield "--order", args.order
    yield "--context", args.context


@contextlib.contextmanager
def _open(source: str) -> Iterator[Iterable[bytes]]:
    """The lines of ``source`` as bytes (``-``: standard input); ``UsageError`` if unreadable."""
    if source == "-":
        yield sys.stdin.buffer
        return
    try:
        handle = open(source, "rb")  # noqa: SIM115 - closed below, after the lines are read
    except OSError as error:
        raise UsageError(f"cannot read {source}: {error.strerror or error}") from None
    with handle:
        yield handle
