"""``orderguard demo``: play the guided walk through orderguard (scenes in ``_demo_scenes``)."""

from __future__ import annotations

import argparse
from pathlib import Path

from orderguard.cli._util import EXIT_OK, Subparsers

DEFAULT_OUT = "orderguard-demo"


def register(subparsers: Subparsers) -> None:
    """Add the ``demo`` subcommand."""
    parser = subparsers.add_parser(
        "demo",
        help="a short guided walk through orderguard",
        description="Play the demo's scenes in order, printing what each shows and saving "
        "the files it makes under --out.",
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
