"""What every ``orderguard`` subcommand shares: parser, JSON in and out, failing in one line.

A subcommand is a module ``orderguard.cli._<name>``, listed in ``_main.COMMANDS`` with its
``--help`` line, whose ``register(parser) -> None`` sets the parser's description, adds its
arguments and sets ``handler``: a function ``(argparse.Namespace) -> int`` returning the exit
status. The module is imported only when its command runs, so its top-level imports may be as
heavy as the command needs. Handlers raise instead of printing errors: :class:`UsageError`, any
:class:`~orderguard.errors.OrderGuardError` or ``OSError`` becomes one line on standard error and
exit status 2 (:data:`EXIT_UNUSABLE`), never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import textwrap
from collections.abc import Callable, Sequence
from typing import Any, NoReturn, TypeAlias

from orderguard.enums import Operation

EXIT_OK = 0
"""Exit status for success (for ``check``: the request is allowed)."""

EXIT_REJECTED = 1
"""Exit status for ``check`` when the request would be rejected."""

EXIT_UNUSABLE = 2
"""Exit status for unusable input: unreadable file, bad JSON, unknown name, bad usage."""

Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
"""The object whose ``add_parser`` adds a subcommand (what ``_main.Command.register`` takes)."""

Handler: TypeAlias = Callable[[argparse.Namespace], int]
"""A subcommand's handler: parsed arguments in, exit status out."""

TRACEBACK_ENV = "ORDERGUARD_TRACEBACK"
"""Set to ``1`` to let an unexpected exception (a bug) show its traceback."""


class UsageError(Exception):
    """A command line or input the command cannot use; its message is printed as one line."""


class Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` raising :class:`UsageError` instead of printing usage and exiting."""

    def error(self, message: str) -> NoReturn:
        """Raise the usage error; :func:`run` prints it as one line."""
        raise UsageError(f"{message} (see '{self.prog} --help')")


def run(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> int:
    """Parse ``argv``, call the chosen handler, and turn failures into one line and exit 2."""
    try:
        args = parser.parse_args(argv)
        handler: Handler = args.handler
        return handler(args)
    except SystemExit as done:  # --help and --version exit through argparse
        return done.code if isinstance(done.code, int) else EXIT_UNUSABLE
    except (UsageError, OSError) as error:
        return fail(str(error))
    except KeyboardInterrupt:
        return fail("interrupted")
    except Exception as error:
        if _is_library_error(error):
            return fail(str(error))
        if os.environ.get(TRACEBACK_ENV) == "1":
            raise
        return fail(f"internal error, please report it: {type(error).__name__}: {error}")


def _is_library_error(error: Exception) -> bool:
    """Whether ``error`` is an ``OrderGuardError``, without importing ``orderguard.errors``.

    ``orderguard --version`` should not load the errors (and attrs) just to name their base
    class; no ``OrderGuardError`` can exist before its module has been imported.
    """
    errors = sys.modules.get("orderguard.errors")
    return errors is not None and isinstance(error, errors.OrderGuardError)


def fail(message: str) -> int:
    """Print ``orderguard: error: message`` on one line of standard error; return exit 2."""
    print(f"orderguard: error: {' '.join(message.split())}", file=sys.stderr)
    return EXIT_UNUSABLE


def read_json(source: str) -> Any:
    """The JSON value in file ``source`` (``-`` for standard input); UsageError naming it if not."""
    name = "standard input" if source == "-" else source
    try:
        if source == "-":
            return json.loads(sys.stdin.read())
        with open(source, encoding="utf-8") as handle:
            return json.load(handle)
    except OSError as error:
        raise UsageError(f"cannot read {name}: {error.strerror or error}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UsageError(f"{name} is not JSON: {error}") from None


def print_json(document: object) -> None:
    """Write ``document`` to standard output as indented JSON."""
    print(json.dumps(document, indent=2, ensure_ascii=False))


def add_format_option(parser: argparse.ArgumentParser, default: str = "text") -> None:
    """Add ``--format json|text``."""
    parser.add_argument(
        "--format",
        choices=("json", "text"),
        default=default,
        help=f"output format (default: {default})",
    )


def add_operation_option(parser: argparse.ArgumentParser, *, help_text: str) -> None:
    """Add ``--operation OP``, parsed into an :class:`~orderguard.enums.Operation`."""
    parser.add_argument("--operation", type=operation, metavar="OP", help=help_text)


def operation(text: str) -> Operation:
    """An operation name (``createOrder``, case-insensitive) as an Operation; argparse type."""
    for op in Operation:
        if op.value.casefold() == text.casefold():
            return op
    known = ", ".join(op.value for op in Operation)
    raise argparse.ArgumentTypeError(f"unknown operation {text!r}; expected one of {known}")


def labelled(label: str, value: str, width: int = 88, label_width: int = 12) -> str:
    """``  label:  value`` wrapped to ``width``, continuation lines indented under the value."""
    return textwrap.fill(
        value,
        width,
        initial_indent=f"  {label + ':':<{label_width}}",
        subsequent_indent=" " * (label_width + 2),
    )
