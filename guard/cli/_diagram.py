"""``orderguard diagram``: draw a state machine as Mermaid, DOT, SVG or PNG.

Text formats (``mermaid``, ``dot``, ``svg``) go to standard output without ``--out``. PNG is
binary: without ``--out`` it is written only when standard output is not a terminal (a pipe or
a redirect), otherwise the command exits 2. Without ``--format`` the format follows the ``--out``
file's extension (``.mmd``, ``.dot``/``.gv``, ``.svg``, ``.png``; another extension exits 2),
else Mermaid. ``--all --out DIR`` writes every machine's ``.mmd``, ``.dot`` and ``.svg`` into
DIR, and a ``-forbidden`` variant of each machine that has refused moves (``make diagrams`` uses
it); without Graphviz it still writes every text format, names the images it skipped on
standard error and exits 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from orderguard.cli._input import INPUT_HELP
from orderguard.cli._output import shown
from orderguard.cli._util import EXIT_OK, UsageError, read_json, write_file
from orderguard.diagrams import MACHINES, Graph, graph, render, to_dot, to_mermaid
from orderguard.enums import DEFAULT_API_VERSION, ApiVersion
from orderguard.errors.exceptions import GraphvizNotFoundError, GraphvizPackageError
from orderguard.statemachine import OrderSnapshot

FORMATS = ("mermaid", "dot", "svg", "png")
"""What ``--format`` accepts."""

DEFAULT_MACHINE = "overview"

_EXTENSIONS = {".mmd": "mermaid", ".dot": "dot", ".gv": "dot", ".svg": "svg", ".png": "png"}
_SUFFIX = {"mermaid": ".mmd", "dot": ".dot", "svg": ".svg"}
"""The formats ``--all`` writes, and their file extensions."""
EXIT_INCOMPLETE = 1
"""Exit status of ``--all`` when images were skipped (every text format was written)."""
_MISSING_TOOL = (GraphvizNotFoundError, GraphvizPackageError)
"""What ``--all`` skips a format for: Graphviz or its Python package is not installed."""


def register(parser: argparse.ArgumentParser) -> None:
    """Give ``parser`` the ``diagram`` subcommand's description, arguments and handler."""
    parser.description = (
        "Draw one of the order's state machines from the tables the guard enforces. "
        "SVG and PNG need Graphviz's dot program; DOT needs the graphviz Python package. "
        "--out FILE picks the format from its extension (.mmd, .dot, .gv, .svg, .png) unless "
        "--format says. --all writes every text format even without Graphviz, then names the "
        "images it skipped and exits 1. " + INPUT_HELP
    )
    parser.add_argument(
        "machine",
        nargs="?",
        metavar="MACHINE",
        help=f"one of {', '.join(MACHINES)} (default: {DEFAULT_MACHINE})",
    )
    parser.add_argument("--format", metavar="FORMAT", help=f"one of {', '.join(FORMATS)}")
    parser.add_argument("--out", metavar="FILE", help="write here instead of standard output")
    parser.add_argument("--order", metavar="FILE", help="order query JSON: highlight its state")
    parser.add_argument(
        "--api-version",
        default=DEFAULT_API_VERSION.value,
        choices=[v.value for v in ApiVersion],
        help=f"API version of --order (default: {DEFAULT_API_VERSION.value})",
    )
    parser.add_argument(
        "--forbidden", action="store_true", help="add the moves the API refuses, with their error"
    )
    parser.add_argument(
        "--all", action="store_true", help="write every machine's drawings into the folder --out"
    )
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    """Draw one machine, or every machine with ``--all``."""
    snapshot = _snapshot(args.order, args.api_version) if args.order else None
    if args.all:
        _check_all(args)
        return _write_all(Path(args.out), snapshot)
    machine = args.machine or DEFAULT_MACHINE
    fmt = _format(args.format, args.out)
    if fmt == "png" and not args.out and sys.stdout.isatty():
        raise UsageError("PNG is binary: give --out FILE or redirect standard output")
    drawing = draw(graph(machine, forbidden=args.forbidden, snapshot=snapshot), fmt)
    _emit(drawing, args.out)
    return EXIT_OK


def _write_all(folder: Path, snapshot: OrderSnapshot | None) -> int:
    """``--all``: write, print each path, say on standard error what was skipped and why."""
    written, skipped = write_all(folder, snapshot)
    for path in written:
        print(shown(str(path), None))
    for fmt, (count, reason) in skipped.items():
        print(f"orderguard: skipped {count} .{fmt} files: {reason}", file=sys.stderr)
    return EXIT_INCOMPLETE if skipped else EXIT_OK


def _snapshot(source: str, api_version: str) -> OrderSnapshot:
    """The order in file ``source`` (``-``: standard input) as a snapshot."""
    return OrderSnapshot.from_json(read_json(source), api_version)


def _check_all(args: argparse.Namespace) -> None:
    """``--all`` needs a folder and takes no machine, format or ``--forbidden``."""
    if not args.out:
        raise UsageError("--all needs --out DIR, the folder to write the drawings into")
    given = (("MACHINE", args.machine), ("--format", args.format), ("--forbidden", args.forbidden))
    clashing = [flag for flag, value in given if value]
    if clashing:
        raise UsageError(
            f"--all draws every machine as .mmd, .dot and .svg, with and without refused "
            f"moves; drop {', '.join(clashing)}"
        )


def _format(fmt: str | None, out: str | None) -> str:
    """The requested format, else the one ``out``'s extension names, else Mermaid."""
    if fmt is None:
        suffix = Path(out).suffix.lower() if out else ""
        if suffix and suffix not in _EXTENSIONS:
            raise UsageError(
                f"cannot write a {shown(suffix)} file; name --out with one of "
                f"{', '.join(_EXTENSIONS)}, or give --format"
            )
        return _EXTENSIONS.get(suffix, "mermaid")
    if fmt.lower() not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return fmt.lower()


def draw(drawing: Graph, fmt: str) -> bytes:
    """``drawing`` in format ``fmt``, as bytes (UTF-8 for the text formats)."""
    if fmt == "mermaid":
        return to_mermaid(drawing).encode()
    if fmt == "dot":
        return to_dot(drawing).encode()
    return render(drawing, fmt)


def _emit(data: bytes, out: str | None) -> None:
    """Write ``data`` to ``out``, or to standard output."""
    if out:
        write_file(out, data)
        return
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def all_drawings(snapshot: OrderSnapshot | None = None) -> dict[str, Graph]:
    """Every machine's drawing by file stem, plus ``<machine>-forbidden`` where it differs."""
    drawings: dict[str, Graph] = {}
    for machine in MACHINES:
        drawings[machine] = graph(machine, snapshot=snapshot)
        strict = graph(machine, forbidden=True, snapshot=snapshot)
        if strict != drawings[machine]:
            drawings[f"{machine}-forbidden"] = strict
    return drawings


Skipped = dict[str, tuple[int, str]]
"""Format -> how many files of it were not written, and why (the tool that is missing)."""


def write_all(folder: Path, snapshot: OrderSnapshot | None = None) -> tuple[list[Path], Skipped]:
    """Write each of ``all_drawings`` as ``.mmd``, ``.dot`` and ``.svg`` into ``folder``.

    Format by format, so a missing Graphviz (or graphviz package) costs only the formats that
    need it. Returns the paths written, in order, and what was skipped.
    """
    _make_folder(folder)
    drawings = all_drawings(snapshot)
    written: list[Path] = []
    skipped: Skipped = {}
    for fmt, suffix in _SUFFIX.items():
        try:
            for stem, drawing in drawings.items():
                path = folder / f"{stem}{suffix}"
                write_file(path, draw(drawing, fmt))
                written.append(path)
        except _MISSING_TOOL as missing:
            done = sum(path.suffix == suffix for path in written)
            skipped[suffix.lstrip(".")] = (len(drawings) - done, str(missing))
    return written, skipped


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"cannot make the folder {folder}: {error.strerror or error}") from None
