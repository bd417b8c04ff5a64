"""``render``: a ``Graph`` as SVG or PNG bytes, by piping its DOT source through Graphviz's ``dot``.

The program is ``$ORDERGUARD_DOT`` when that is set (a path), else ``dot`` on ``PATH``. When it is
missing, ``GraphvizNotFoundError`` says how to install Graphviz.
"""

from __future__ import annotations

import os
import shutil
import subprocess

from orderguard.diagrams._dot import to_dot
from orderguard.diagrams._model import Graph
from orderguard.errors.exceptions import GraphvizNotFoundError, RenderError, UnknownDiagramError

DOT_ENV = "ORDERGUARD_DOT"
"""Environment variable naming the ``dot`` program to run (default: ``dot`` on ``PATH``)."""

IMAGE_FORMATS = ("svg", "png")
"""The image formats ``render`` produces."""

PNG_DPI = "110"
"""Resolution of PNG output: sharp on screen, small enough to commit."""

_TIMEOUT = 60


def dot_program(fmt: str = "svg") -> str:
    """The path of the ``dot`` program to run; ``GraphvizNotFoundError`` if there is none."""
    configured = os.environ.get(DOT_ENV)
    if configured:
        if not (os.path.isfile(configured) and os.access(configured, os.X_OK)):
            raise GraphvizNotFoundError(fmt, f"{DOT_ENV}={configured} is not a program")
        return configured
    found = shutil.which("dot")
    if found is None:
        raise GraphvizNotFoundError(fmt, "no dot on PATH")
    return found


def render(graph: Graph, fmt: str) -> bytes:
    """``graph`` drawn as ``fmt`` (``svg`` or ``png``) by Graphviz's ``dot``.

    Raises ``UnknownDiagramError`` for another format, ``GraphvizPackageError`` without the
    graphviz Python package, ``GraphvizNotFoundError`` without Graphviz, ``RenderError`` when
    ``dot`` fails.
    """
    if fmt not in IMAGE_FORMATS:
        raise UnknownDiagramError(
            f"cannot render {fmt!r}; choose one of {', '.join(IMAGE_FORMATS)}"
        )
    source = to_dot(graph)
    command = [dot_program(fmt), f"-T{fmt}"]
    if fmt == "png":
        command.append(f"-Gdpi={PNG_DPI}")
    try:
        done = subprocess.run(
            command, input=source.encode(), capture_output=True, timeout=_TIMEOUT, check=False
        )
    except OSError as error:
        raise GraphvizNotFoundError(fmt, f"{command[0]}: {error.strerror or error}") from None
    except subprocess.TimeoutExpired:
        raise RenderError(f"dot took more than {_TIMEOUT} s to draw {graph.name}") from None
    if done.returncode != 0:
        first = (done.stderr.decode(errors="replace").strip().splitlines() or ["no message"])[0]
        raise RenderError(f"dot failed to draw {graph.name} (exit {done.returncode}): {first}")
    return done.stdout
