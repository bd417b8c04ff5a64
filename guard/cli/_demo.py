"""``orderguard demo``: play the guided walk through orderguard (scenes in ``_demo_scenes``)."""

from __future__ import annotations

import argparse
from pathlib import Path

from orderguard.cli._util import EXIT_OK

DEFAULT_OUT = "orderguard-demo"


def register(parser: argparse.ArgumentParser) -> None:
    """Give ``parser`` the ``demo`` subcommand's description, arguments and handler."""
    parser.description = (
        "Play the demo's scenes in order, printing what each shows and saving "
        "the files it makes under --out."
    )
    parser.add_argument(
        "--out",
        default=DEFAULT_OUT,
        metavar="DIR",
        help=f"folder for the files the demo writes (default: {DEFAULT_OUT})",
    )
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    """Play every scene."""
    from orderguard.cli._demo_scenes import run_demo

    run_demo(Path(args.out))
    return EXIT_OK
