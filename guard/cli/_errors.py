"""``orderguard errors``: the whole error catalog, as a table or as JSON."""

from __future__ import annotations

import argparse

from orderguard.cli._util import (
    EXIT_OK,
    add_format_option,
    add_operation_option,
    print_json,
)
from orderguard.errors import CATALOG, ErrorSpec

_COLUMNS = ("OPERATION", "TYPE", "CODE", "RETRY")


def register(parser: argparse.ArgumentParser) -> None:
    """Give ``parser`` the ``errors`` subcommand's description, arguments and handler."""
    parser.description = (
        "List the error catalog: every (operation, error type, error code) the API "
        "documents, plus orderguard's own names in [brackets] for rules the API states without "
        'a code. JSON output is one object: {"errors": [...]}.'
    )
    add_format_option(parser)
    add_operation_option(parser, help_text="only this operation's errors, e.g. createOrder")
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    """Print the (filtered) catalog."""
    specs = [spec for spec in CATALOG.specs() if args.operation in (None, spec.operation)]
    if args.format == "json":
        print_json({"errors": [spec.to_json() for spec in specs]})
    else:
        print(_table([_row(spec) for spec in specs]))
    return EXIT_OK


def _table(rows: list[tuple[str, ...]]) -> str:
    """``rows`` under the column headings, each column padded to its widest cell."""
    lines = [_COLUMNS, *rows]
    widths = [max(len(line[i]) for line in lines) for i in range(len(_COLUMNS))]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip()
        for line in lines
    )


def _row(spec: ErrorSpec) -> tuple[str, ...]:
    """One entry's cells: operation, type, code (N/A, or [orderguard's name]) and retry policy."""
    code = spec.code or ("N/A" if spec.documented_code else f"[{spec.name}]")
    return (spec.operation.value, spec.error_type, code, spec.retry.value)
