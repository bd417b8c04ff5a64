"""The ``orderguard`` command: a thin argparse front over one module per subcommand.

Start-up matters (``orderguard check`` runs once per request in shell pipelines), so a command's
module is imported only when that command runs: :data:`COMMANDS` names each command, its module
and its ``--help`` line, and the parser of a command that is not chosen stays an empty stub.
To add a subcommand, write ``guard/cli/_<name>.py`` with ``register(parser)`` (see ``_util`` for
the contract and the shared helpers) and add a :class:`Command` to :data:`COMMANDS`.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Sequence
from typing import Any, NamedTuple

from orderguard import __version__
from orderguard.cli._util import Parser, Subparsers, run


class Command(NamedTuple):
    """A subcommand: its name, the module that implements it and the line ``--help`` lists.

    A NamedTuple rather than an attrs class: ``orderguard --version`` imports no attrs here.
    """

    name: str
    module: str
    help: str

    def register(self, subparsers: Subparsers) -> None:
        """Add the command's complete parser to ``subparsers`` (imports its module now)."""
        self.load(subparsers.add_parser(self.name, help=self.help))

    def load(self, parser: argparse.ArgumentParser) -> None:
        """Import the command's module and let it add its arguments and handler to ``parser``."""
        importlib.import_module(self.module).register(parser)


COMMANDS = (
    Command("check", "orderguard.cli._check", "check a request before sending it"),
    Command("explain", "orderguard.cli._explain", "explain an error code or type"),
    Command("errors", "orderguard.cli._errors", "list every error in the catalog"),
    Command("diagram", "orderguard.cli._diagram", "draw a state machine (Mermaid, DOT, SVG, PNG)"),
    Command("demo", "orderguard.cli._demo", "a short guided walk through orderguard"),
    Command("samples", "orderguard.cli._samples", "list or print the sample files (--path)"),
    Command("serve", "orderguard.cli._serve", "run a local emulator of the Order API over HTTP"),
    Command("events", "orderguard.cli._events", "feed Buy with Prime events to the order store"),
    Command("orders", "orderguard.cli._orders", "record and read orders in the order store"),
    Command("proxy", "orderguard.cli._proxy", "run the guard as a GraphQL proxy and decision API"),
)
"""Every subcommand, in the order ``--help`` lists them."""


class CommandParser(Parser):
    """A subcommand's parser that loads its :class:`Command` the first time it parses."""

    def __init__(self, *args: Any, command: Command, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._unloaded: Command | None = command

    def parse_known_args(  # type: ignore[override]  # typeshed overloads on namespace
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        """Load the command's arguments (once), then parse as usual."""
        if self._unloaded is not None:
            command, self._unloaded = self._unloaded, None
            command.load(self)
        return super().parse_known_args(args, namespace)

    def add_subparsers(self, **kwargs: Any) -> Any:
        """A command's own subcommands (``orders show``) are plain parsers, loaded with it."""
        kwargs.setdefault("parser_class", Parser)
        return super().add_subparsers(**kwargs)


def build_parser() -> Parser:
    """The ``orderguard`` parser: every subcommand listed, each loaded only when chosen."""
    parser = Parser(
        prog="orderguard",
        description="Know before you call the Buy with Prime Order API whether it will say no, "
        "and what to do when it does.",
    )
    parser.add_argument("--version", action="version", version=f"orderguard {__version__}")
    subparsers = parser.add_subparsers(metavar="COMMAND", required=True, parser_class=CommandParser)
    for command in COMMANDS:
        subparsers.add_parser(command.name, help=command.help, command=command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``orderguard`` with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    return run(build_parser(), argv)
