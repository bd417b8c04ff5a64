"""``orderguard events apply --store URL [FILE|-]``: Buy with Prime events into the order store.

Input: JSON lines, one webhook or EventBridge event each (blank lines skipped). Output: one
line per event, ``{"orderId", "eventId", "outcome", "detail"}`` (``eventId`` is the delivery
key), in input order. A line that is not a usable event gives ``{"line": N, "error": ...}``;
the other lines are still applied and the exit status is 1. Events are applied in batches of
up to :data:`BATCH` lines, one transaction each; a batch that meets a bad event is applied one
event at a time, so only that line fails.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Iterable, Iterator
from typing import Any

from orderguard._json import JsonError, loads
from orderguard.cli._util import EXIT_OK, Handler, Subparsers, UsageError
from orderguard.errors.exceptions import MalformedEventError
from orderguard.statemachine import EventResult, OrderEvent, parse_event
from orderguard.store import DEFAULT_STORE_URL, CorruptRecordError, OrderStore, open_store

BATCH = 500
"""Events applied per transaction."""

EXIT_BAD_LINES = 1
"""Exit status when at least one line was not a usable event (the others were applied)."""

Line = tuple[int, OrderEvent | str]
"""A numbered input line: its event, or why it is not one."""


def add_store_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--store URL`` (default ``sqlite:///orderguard.db``)."""
    parser.add_argument(
        "--store",
        metavar="URL",
        default=DEFAULT_STORE_URL,
        help=f"memory://, sqlite:///PATH or postgresql://... (default: {DEFAULT_STORE_URL})",
    )


def needs_subcommand(commands: Subparsers) -> Handler:
    """A group's own handler: it runs only if no subcommand was parsed, and says which exist."""

    def handler(args: argparse.Namespace) -> int:
        raise UsageError(f"choose a subcommand: {', '.join(commands.choices)}")

    return handler


def register(parser: argparse.ArgumentParser) -> None:
    """Add the ``events`` command and its ``apply`` subcommand."""
    parser.description = (
        "Feed Buy with Prime events (webhook or EventBridge JSON) to the order store: "
        "'orderguard events apply' applies JSON lines of events, one outcome line each."
    )
    commands = parser.add_subparsers(metavar="SUBCOMMAND", required=True)
    parser.set_defaults(handler=needs_subcommand(commands))
    apply = commands.add_parser(
        "apply",
        help="apply JSON lines of events, one outcome line each",
        description="Apply Buy with Prime events (JSON lines, webhook or EventBridge) to the "
        "store: one output line per event with its outcome (applied, duplicate, stale, "
        "conflict, ignored). Exit 0 when every line was an event, 1 when some were not "
        '(each reported as {"line": N, "error": ...}), 2 when the store is unusable.',
    )
    add_store_option(apply)
    apply.add_argument("source", metavar="FILE", nargs="?", default="-", help="'-' for stdin")
    apply.set_defaults(handler=_apply)


def _apply(args: argparse.Namespace) -> int:
    bad = 0
    with _lines(args.source) as stream, open_store(args.store) as store:
        for batch in _batches(_numbered(stream)):
            for line in _outcomes(store, batch):
                bad += "error" in line
                print(json.dumps(line, ensure_ascii=False))
            sys.stdout.flush()
    return EXIT_BAD_LINES if bad else EXIT_OK


@contextlib.contextmanager
def _lines(source: str) -> Iterator[Iterable[str]]:
    """Standard input or the named file, as text lines; UsageError when it cannot be read."""
    if source == "-":
        yield sys.stdin
        return
    try:
        handle = open(source, encoding="utf-8")  # noqa: SIM115 - closed by the with below
    except OSError as error:
        raise UsageError(f"cannot read {source}: {error.strerror or error}") from None
    with handle:
        yield handle


def _numbered(stream: Iterable[str]) -> Iterator[Line]:
    """Each non-blank line with its number: the parsed event, or what is wrong with it."""
    for number, text in enumerate(stream, start=1):
        if not text.strip():
            continue
        try:
            yield number, parse_event(loads(text))
        except JsonError as error:
            yield number, f"the line {error}"
        except MalformedEventError as error:
            yield number, str(error)


def _batches(lines: Iterator[Line]) -> Iterator[list[Line]]:
    batch: list[Line] = []
    for line in lines:
        batch.append(line)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _outcomes(store: OrderStore, batch: list[Line]) -> list[dict[str, Any]]:
    """The output line of each input line of ``batch``, in order."""
    events = [item for _, item in batch if isinstance(item, OrderEvent)]
    applied: Iterator[EventResult | str]
    try:
        applied = iter(store.apply_events(events))
    except (MalformedEventError, CorruptRecordError):
        applied = _one_by_one(store, events)
    lines = []
    for number, item in batch:
        result = item if isinstance(item, str) else next(applied)
        lines.append(
            {"line": number, "error": result} if isinstance(result, str) else _outcome(result)
        )
    return lines


def _one_by_one(store: OrderStore, events: list[OrderEvent]) -> Iterator[EventResult | str]:
    for event in events:
        try:
            yield store.apply_event(event)
        except (MalformedEventError, CorruptRecordError) as error:
            yield str(error)


def _outcome(result: EventResult) -> dict[str, Any]:
    return {
        "orderId": result.event.order_id,
        "eventId": result.event.event_id,
        "outcome": result.outcome.value,
        "detail": result.detail,
    }
