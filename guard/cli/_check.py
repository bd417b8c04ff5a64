"""``orderguard check OPERATION --request FILE``: whether the API would accept a request.

Exit 0 when it would, 1 when it would not (with every violation), 2 when the input cannot be
used: an unreadable file, text that is not JSON (or beyond ``_input``'s limits), an unknown
operation or version, a request that is not a JSON object, an order that is not an order, or a
context that does not fit. Rules that could not run for lack of ``--order`` or ``--context``
are named (``skipped``). Text output echoes values through ``_output.shown``.
"""

from __future__ import annotations

import argparse
import textwrap
from typing import Any

from orderguard._guard import Guard
from orderguard.cli._input import INPUT_HELP, input_name
from orderguard.cli._output import shown
from orderguard.cli._util import (
    EXIT_OK,
    EXIT_REJECTED,
    UsageError,
    add_format_option,
    labelled,
    print_json,
    read_json,
)
from orderguard.enums import DEFAULT_API_VERSION, Operation
from orderguard.errors import PayloadError, Severity, Violation
from orderguard.policies import Decision
from orderguard.policies.rules import NEEDS, Need

_OPTION = {Need.SNAPSHOT: "--order", Need.CONTEXT: "--context"}
"""The option that gives what a rule needs."""
MESSAGE_LIMIT = 240
"""The most characters of a violation's message text output shows (values: ECHO_LIMIT)."""

_MUTATIONS = (Operation.CREATE_ORDER, Operation.UPDATE_ORDER, Operation.CANCEL_ORDER)


def register(parser: argparse.ArgumentParser) -> None:
    """Give ``parser`` the ``check`` subcommand's description, arguments and handler."""
    parser.description = (
        "Check the GraphQL variables of a createOrder, updateOrder or cancelOrder "
        "request against the API's rules, the order as last seen (--order) and what you know "
        "(--context). Exit 0: the API would accept it; 1: it would reject it (every violation "
        "is listed); 2: the input is unusable. Rules that need --order or --context and were "
        "not given them are listed as skipped. FILE may be '-' for standard input. " + INPUT_HELP
    )
    parser.add_argument(
        "operation", metavar="OPERATION", type=_mutation, nargs="?", help=", ".join(_MUTATIONS)
    )
    parser.add_argument("--request", metavar="FILE", help="the variables JSON (required)")
    parser.add_argument("--order", metavar="FILE", help="the order query's JSON (bare or whole)")
    parser.add_argument("--context", metavar="FILE", help="the merchant's facts as JSON")
    parser.add_argument(
        "--api-version",
        default=DEFAULT_API_VERSION.value,
        metavar="V",
        help=f"the API version the request is written for (default: {DEFAULT_API_VERSION})",
    )
    add_format_option(parser)
    parser.add_argument(
        "--batch",
        nargs="?",
        const="-",
        metavar="FILE",
        help="judge JSON lines from FILE (default '-': standard input), one answer line each; "
        "OPERATION and the file options are then not given",
    )
    parser.set_defaults(handler=_run)


def _mutation(text: str) -> Operation:
    """A mutation of the Order API by name (case-insensitive); argparse type."""
    for mutation in _MUTATIONS:
        if mutation.value.casefold() == text.casefold():
            return mutation
    known = ", ".join(_MUTATIONS)
    raise argparse.ArgumentTypeError(f"{text!r} is not a mutation; expected one of {known}")


def _run(args: argparse.Namespace) -> int:
    """Check the request and print the decision; the exit status says whether it passes."""
    if args.batch is not None:
        # Imported here: the batch loop reads the service's judge, which one check never needs.
        from orderguard.cli._batch import run_batch

        return run_batch(args)
    if args.operation is None or args.request is None:
        raise UsageError("check needs OPERATION and --request FILE (or --batch)")
    sources = [name for name in (args.request, args.order, args.context) if name == "-"]
    if len(sources) > 1:
        raise UsageError("only one of --request, --order and --context can read standard input")
    guard = Guard(args.api_version)
    request = read_json(args.request)
    if not isinstance(request, dict):
        raise UsageError(f"{input_name(args.request)} is not a JSON object of GraphQL variables")
    order, context = _optional(args.order), _optional(args.context)
    try:
        decision = guard.check(args.operation, request, order, context)
    except PayloadError as error:
        is_order = error.what.startswith("order")
        source, what = (args.order, "an order") if is_order else (args.context, "a context")
        problems = "; ".join(str(issue) for issue in error.issues[:3])
        raise UsageError(f"{input_name(source)} is not {what}: {problems}") from None
    if args.format == "json":
        print_json(decision.to_json())
    else:
        print(render(decision))
    return EXIT_OK if decision.allowed else EXIT_REJECTED


def _optional(source: str | None) -> Any:
    """The JSON in ``source``, or ``None`` when the option was not given."""
    return None if source is None else read_json(source)


def render(decision: Decision) -> str:
    """A decision for people: a verdict line, what was skipped, then one block per violation."""
    count = len(decision.violations)
    verdict = "allowed" if decision.allowed else "REJECTED"
    head = f"{decision.operation.value} ({decision.api_version.value}): {verdict}, "
    head += f"{count} violation{'' if count == 1 else 's'}"
    head = "\n".join([head, *_skipped_lines(decision.skipped)])
    return "\n\n".join([head, *map(_block, decision.violations)])


def _skipped_lines(skipped: tuple[str, ...]) -> list[str]:
    """``  not checked without --order: execution_start, ...``, one line per missing option."""
    lines = []
    for need, option in _OPTION.items():
        names = [name for name in skipped if need in NEEDS.get(name, ())]
        if names:
            label = f"  not checked without {option}: "
            lines.append(
                textwrap.fill(", ".join(names), 88, initial_indent=label, subsequent_indent="    ")
            )
    return lines


def _block(violation: Violation) -> str:
    """One violation: what the API would answer and where, why, and what to do."""
    spec = violation.spec
    code = spec.code or ("" if spec.error_type == "SchemaError" else f"[{spec.name}]")
    label = f"{spec.error_type}/{code}" if code else spec.error_type
    lines = [f"{label} at {shown(violation.path) or '(the whole request)'}"]
    message = shown(violation.message, MESSAGE_LIMIT)
    lines.append(textwrap.fill(message, 88, initial_indent="  ", subsequent_indent="  "))
    for name, value in (("expected", violation.expected), ("found", violation.found)):
        if value is not None:
            lines.append(labelled(name, shown(value)))
    lines.append(labelled("what to do", violation.suggested_action))
    if violation.severity is Severity.WARNING:
        lines.append("  (a warning: reported, not blocking)")
    return "\n".join(lines)
