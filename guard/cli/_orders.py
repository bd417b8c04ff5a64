"""``orderguard orders record|show|history``: the order store's view of each order.

- ``record --store URL [FILE|-]``: merge an ``order`` query response (either API version, bare
  or ``{"data": {"order": ...}}``) into the store; no state moves backwards. Prints the stored
  order as ``show`` does.
- ``show ORDER_ID --store URL``: the stored snapshot in the 2024-11-01 ``order`` query's names
  plus ``"version"``.
- ``history ORDER_ID --store URL``: JSON lines, oldest first.

An order the store does not hold: exit 1 with one line on standard error.
"""

from __future__ import annotations

import argparse
import json
import sys

from orderguard.cli._events import add_store_option, needs_subcommand
from orderguard.cli._util import EXIT_OK, print_json, read_json
from orderguard.enums import DEFAULT_API_VERSION
from orderguard.store import open_store

EXIT_UNKNOWN_ORDER = 1
"""Exit status of ``show`` and ``history`` for an order the store does not hold."""


def register(parser: argparse.ArgumentParser) -> None:
    """Add the ``orders`` command and its ``record``, ``show`` and ``history`` subcommands."""
    parser.description = (
        "Record and read orders in the order store: 'record' merges an order query response, "
        "'show' prints the stored order, 'history' its moves as JSON lines, oldest first."
    )
    commands = parser.add_subparsers(metavar="SUBCOMMAND", required=True)
    parser.set_defaults(handler=needs_subcommand(commands))
    record = commands.add_parser(
        "record",
        help="merge an order query response into the store",
        description='Merge the order query\'s response (bare or {"data": {"order": ...}}, '
        "either API version) into the store without moving any state backwards, and print the "
        "stored order. FILE may be '-' for standard input.",
    )
    add_store_option(record)
    record.add_argument("source", metavar="FILE", nargs="?", default="-", help="'-' for stdin")
    record.add_argument(
        "--api-version",
        default=DEFAULT_API_VERSION.value,
        metavar="V",
        help=f"the API version of the response (default: {DEFAULT_API_VERSION})",
    )
    record.set_defaults(handler=_record)
    for name, handler, text in (
        ("show", _show, "print the stored order (2024-11-01 order query names, plus version)"),
        ("history", _history, "print the order's history as JSON lines, oldest first"),
    ):
        command = commands.add_parser(name, help=text, description=f"{text[0].upper()}{text[1:]}.")
        command.add_argument("order_id", metavar="ORDER_ID")
        add_store_option(command)
        command.set_defaults(handler=handler)


def _record(args: argparse.Namespace) -> int:
    response = read_json(args.source)
    with open_store(args.store) as store:
        stored = store.record_response(response, api_version=args.api_version)
    print_json(stored.to_json())
    return EXIT_OK


def _show(args: argparse.Namespace) -> int:
    with open_store(args.store) as store:
        stored = store.get(args.order_id)
        if stored is None:
            return _unknown(args.order_id, store.url)
    print_json(stored.to_json())
    return EXIT_OK


def _history(args: argparse.Namespace) -> int:
    with open_store(args.store) as store:
        entries = store.history(args.order_id)
        if not entries and store.get(args.order_id) is None:
            return _unknown(args.order_id, store.url)
    for entry in entries:
        print(json.dumps(entry.to_json(), ensure_ascii=False))
    return EXIT_OK


def _unknown(order_id: str, url: str) -> int:
    print(f"orderguard: error: order {order_id!r} is not in the store {url}", file=sys.stderr)
    return EXIT_UNKNOWN_ORDER
