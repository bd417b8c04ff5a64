"""What every ``orderguard`` subcommand shares: parser, JSON in and out, failing in one line.

A subcommand is a module ``orderguard.cli._<name>``, listed in ``_main.COMMANDS`` with its
``--help`` line, whose ``register(parser) -> None`` sets the parser's description, adds its
arguments and sets ``handler``: a function ``(argparse.Namespace) -> int`` returning the exit
status. The module is imported only when its command runs, so its top-level imports may be as
heavy as the command needs. Handlers raise instead of printing errors: :class:`UsageError`, any
:class:`~orderguard.errors.OrderGuardError` or ``OSError`` becomes one line on standard error
and exit status 2 (:data:`EXIT_UNUSABLE`), never a traceback.
Input is read through :func:`read_json` (bounded, see ``_input``); values echoed from it pass
through ``_output.shown``. A reader that closes the pipe early (``orderguard errors | head``)
ends the command quietly with :data:`EXIT_CLOSED_PIPE`, as standard tools end.
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn, TypeAlias

from orderguard.cli import _input
from orderguard.cli._input import InputError
from orderguard.cli._output import print_json, shown, tolerant_streams
from orderguard.enums import Operation

__all__ = [
    "EXIT_CLOSED_PIPE",
    "EXIT_OK",
    "EXIT_REJECTED",
    "EXIT_UNUSABLE",
    "Handler",
    "Parser",
    "Subparsers",
    "UsageError",
    "add_format_option",
    "add_operation_option",
    "fail",
    "labelled",
    "operation",
    "print_json",
    "read_json",
    "run",
    "write_file",
]

EXIT_OK = 0
"""Exit status for success (for ``check``: the request is allowed)."""

EXIT_REJECTED = 1
"""Exit status for ``check`` when the request would be rejected."""

EXIT_UNUSABLE = 2
"""Exit status for unusable input: unreadable file, bad JSON, unknown name, bad usage."""

EXIT_CLOSED_PIPE = 141
"""Exit status when the reader of standard output closed it early: 128 + SIGPIPE, as the
shell reports a standard tool that a closed pipe ended."""

Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
"""The object whose ``add_parser`` adds a subcommand (what ``_main.Command.register`` takes)."""

Handler: TypeAlias = Callable[[argparse.Namespace], int]
"""A subcommand's handler: parsed arguments in, exit status out."""

TRACEBACK_ENV = "ORDERGUARD_TRACEBACK"
"""Set to ``1`` to let an unexpected exception (a bug) show its traceback."""


class UsageError(Exception):
    """A command line or input the command cannot use; its message is printed as one line."""


class Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` raising :class:`UsageError` instead of printing usage and exiting.

    An option it does not know is named first, with the nearest known one: ``--reqest`` is
    "unrecognized option '--reqest'; did you mean '--request'?", not a missing ``--request``.
    """

    _given: Sequence[str] = ()

    def parse_known_args(  # type: ignore[override]  # typeshed overloads on namespace
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        """Parse as usual, but refuse an option this parser does not know, naming the nearest.

        The arguments are remembered so that :meth:`error` can name a misspelt option that
        argparse would report as a missing required one.
        """
        self._given = list(sys.argv[1:] if args is None else args)
        parsed, extras = super().parse_known_args(args, namespace)
        unknown = self._unknown_option(extras)
        if unknown is not None:
            raise UsageError(f"{unknown} (see '{self.prog} --help')")
        return parsed, extras

    def error(self, message: str) -> NoReturn:
        """Raise the usage error; :func:`run` prints it as one line."""
        unknown = self._unknown_option(self._given) if "arguments are required" in message else None
        raise UsageError(f"{unknown or message} (see '{self.prog} --help')")

    def _unknown_option(self, args: Sequence[str]) -> str | None:
        """``unrecognized option ...`` for the first of ``args`` that is an option unknown here."""
        known = list(self._option_string_actions)
        for arg in args:
            if arg == "--":
                break
            option = arg.split("=", 1)[0]
            if _looks_like_option(option) and not any(name.startswith(option) for name in known):
                near = difflib.get_close_matches(option, known, n=1)
                hint = f"; did you mean {near[0]!r}?" if near else ""
                return f"unrecognized option {option!r}{hint}"
        return None


def _looks_like_option(arg: str) -> bool:
    """Whether ``arg`` is spelt like an option (``-x``, ``--name``), not ``-`` or ``-5``."""
    return arg.startswith("-") and arg != "-" and not arg.lstrip("-")[:1].isdigit()


def run(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> int:
    """Parse ``argv``, call the chosen handler, and turn failures into one line and exit 2."""
    tolerant_streams()
    try:
        args = parser.parse_args(argv)
        handler: Handler = args.handler
        status = handler(args)
        sys.stdout.flush()  # a closed pipe shows here, not after main() has returned
        return status
    except SystemExit as done:  # --help and --version exit through argparse
        return done.code if isinstance(done.code, int) else EXIT_UNUSABLE
    except BrokenPipeError:
        return _closed_pipe()
    except UsageError as error:
        return fail(str(error))
    except OSError as error:
        return fail(_os_message(error))
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


FAIL_LIMIT = 600
"""The most characters of a failure's message printed (its one line stays readable)."""


def fail(message: str) -> int:
    """Print ``orderguard: error: message`` on one line of standard error; return exit 2."""
    print(f"orderguard: error: {shown(' '.join(message.split()), FAIL_LIMIT)}", file=sys.stderr)
    return EXIT_UNUSABLE


def _closed_pipe() -> int:
    """End quietly after the reader closed standard output: no message, no flush error."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # what is still buffered goes nowhere at exit
    except (OSError, ValueError, AttributeError):
        pass  # a standard output without a file descriptor (tests) has nothing to flush
    return EXIT_CLOSED_PIPE


def _os_message(error: OSError) -> str:
    """``PATH: reason`` for an ``OSError``, without Python's ``[Errno N]`` prefix."""
    reason = error.strerror or str(error)
    return f"{error.filename}: {reason}" if error.filename else reason


def read_json(source: str) -> Any:
    """The JSON value in file ``source`` (``-``: standard input), read within ``_input``'s limits.

    ``UsageError`` naming the input and the problem if it cannot be used.
    """
    try:
        return _input.read_json(source)
    except InputError as error:
        raise UsageError(str(error)) from None


def write_file(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path``; ``UsageError("cannot write PATH: reason")`` if it cannot."""
    try:
        Path(path).write_bytes(data)
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror or error}") from None


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
