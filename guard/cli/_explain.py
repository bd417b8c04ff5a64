"""``orderguard explain CODE``: what an API error means and what to do about it."""

from __future__ import annotations

import argparse
import difflib

from orderguard.cli._util import EXIT_OK, UsageError, add_operation_option, labelled
from orderguard.errors import CATALOG, ErrorSpec


def register(parser: argparse.ArgumentParser) -> None:
    """Give ``parser`` the ``explain`` subcommand's description, arguments and handler."""
    parser.description = (
        "Print every catalog entry whose error code, error type or name is CODE "
        "(case-insensitive): operation, type, code, meaning, what to do and the retry policy."
    )
    parser.add_argument("code", metavar="CODE", help="e.g. DuplicateRefundId or ThrottlingError")
    add_operation_option(parser, help_text="only entries of this operation, e.g. updateOrder")
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    """Print the matching entries, or fail naming near matches."""
    named = CATALOG.named(args.code)
    specs = [spec for spec in named if args.operation in (None, spec.operation)]
    if not named:
        raise UsageError(_unknown(args.code))
    if not specs:
        where = ", ".join(dict.fromkeys(spec.operation.value for spec in named))
        raise UsageError(
            f"{args.code!r} is not an error of {args.operation.value}, only of {where}"
        )
    print("\n\n".join(describe(spec) for spec in specs))
    return EXIT_OK


def describe(spec: ErrorSpec) -> str:
    """A catalog entry as a labelled block of text, wrapped to 88 columns."""
    origin = "" if spec.documented_code else " (orderguard's name; the API documents no code)"
    fields = (
        ("operation", spec.operation.value),
        ("type", spec.error_type),
        ("code", (spec.code or "N/A") + origin),
        ("meaning", spec.description),
        ("what to do", spec.suggested_action),
        ("retry", spec.retry.value),
    )
    return "\n".join([f"{spec.name} ({spec.operation.value})"] + [labelled(*f) for f in fields])


def _unknown(code: str) -> str:
    """``no catalog entry 'X'; did you mean ...?`` with up to three near names."""
    known = {text.casefold(): text for spec in CATALOG.specs() for text in _words(spec)}
    near = difflib.get_close_matches(code.casefold(), known, n=3, cutoff=0.6)
    hint = (
        f"did you mean {', '.join(known[n] for n in near)}?" if near else "see 'orderguard errors'"
    )
    return f"no catalog entry for {code!r}; {hint}"


def _words(spec: ErrorSpec) -> tuple[str, ...]:
    """The names an entry answers to in ``explain``."""
    return tuple(text for text in (spec.name, spec.error_type, spec.code) if text)
