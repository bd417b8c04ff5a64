"""The ``orderguard`` command: a thin argparse front over one module per subcommand.

To add a subcommand, write ``guard/cli/_<name>.py`` with ``register(subparsers)`` (see
``_util`` for the contract and the shared helpers) and list the module in :data:`COMMANDS`.
"""

from __future__ import annotations

from collections.abc import Sequence

from orderguard import __version__
from orderguard.cli import _check, _demo, _diagram, _errors, _events, _explain, _orders, _serve
from orderguard.cli._util import Parser, run

COMMANDS = (_check, _explain, _errors, _diagram, _demo, _serve, _events, _orders)
"""Every subcommand module, in the order ``--help`` lists them."""


def build_parser() -> Parser:
    """The ``orderguard`` parser with every subcommand registered."""
    parser = Parser(
        prog="orderguard",
        description="Know before you call the Buy with Prime Order API whether it will say no, "
        "and what to do when it does.",
    )
    parser.add_argument("--version", action="version", version=f"orderguard {__version__}")
    subparsers = parser.add_subparsers(metavar="COMMAND", required=True)
    for command in COMMANDS:
        command.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``orderguard`` with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    return run(build_parser(), argv)
