"""``orderguard samples [NAME] [--path]``: the sample files that ship with orderguard.

Without NAME it lists them; with NAME it prints the file's JSON, or with ``--path`` where it is,
so a shell can hand it to ``check``::

    orderguard check createOrder --request "$(orderguard samples --path create-valid)"
"""

from __future__ import annotations

import argparse

from orderguard.cli._output import shown
from orderguard.cli._util import EXIT_OK, UsageError
from orderguard.samples import REQUESTS, request_path


def register(parser: argparse.ArgumentParser) -> None:
    """Give ``parser`` the ``samples`` subcommand's description, arguments and handler."""
    parser.description = (
        "List the sample requests, orders and contexts installed with orderguard; print one "
        "(NAME), or its path (--path NAME) to pass to 'orderguard check'."
    )
    parser.add_argument("name", nargs="?", metavar="NAME", help=", ".join(REQUESTS))
    parser.add_argument("--path", action="store_true", help="print the file's path, not its JSON")
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    """List the samples, or print one (or its path)."""
    if args.name is None:
        if args.path:
            raise UsageError("--path needs a NAME, e.g. --path create-valid")
        width = max(map(len, REQUESTS))
        print("\n".join(f"{name:<{width}}  {about}" for name, about in REQUESTS.items()))
        return EXIT_OK
    try:
        path = request_path(args.name)
    except KeyError as unknown:
        raise UsageError(shown(unknown.args[0])) from None
    print(path if args.path else path.read_text(encoding="utf-8").rstrip("\n"))
    return EXIT_OK
