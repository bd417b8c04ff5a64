"""What drawing diagrams can fail with (raised by ``orderguard.diagrams``).

Hierarchy::

    OrderGuardError
    └── DiagramError                              base of the diagram errors
        ├── UnknownDiagramError (ValueError)      a machine or format name we do not draw
        ├── GraphvizPackageError (ImportError)    DOT needs the graphviz Python package
        ├── GraphvizNotFoundError (RuntimeError)  SVG/PNG need Graphviz's ``dot`` program
        └── RenderError (RuntimeError)            ``dot`` ran and failed

Every message is one line that says what to do.
"""

from __future__ import annotations

from orderguard.errors._exceptions import OrderGuardError

INSTALL_GRAPHVIZ = (
    "install Graphviz (Debian/Ubuntu: apt-get install graphviz; macOS: brew install graphviz)"
)
"""How to get Graphviz's ``dot`` program."""

INSTALL_PACKAGE = "pip install 'orderguard[diagrams]'"
"""How to get the graphviz Python package."""


class DiagramError(OrderGuardError):
    """Base class of the errors ``orderguard.diagrams`` raises."""


class UnknownDiagramError(DiagramError, ValueError):
    """A machine or format name that is not drawn; the message lists the valid ones."""


class GraphvizPackageError(DiagramError, ImportError):
    """DOT output needs the ``graphviz`` Python package, which is not installed."""

    def __init__(self) -> None:
        super().__init__(f"DOT output needs the graphviz Python package: {INSTALL_PACKAGE}")


class GraphvizNotFoundError(DiagramError, RuntimeError):
    """SVG and PNG need Graphviz's ``dot`` program, which was not found."""

    def __init__(self, fmt: str, where: str) -> None:
        self.fmt = fmt
        super().__init__(
            f"{fmt.upper()} output needs Graphviz's dot program, not found ({where}): "
            f"{INSTALL_GRAPHVIZ}, or set ORDERGUARD_DOT to its path"
        )


class RenderError(DiagramError, RuntimeError):
    """Graphviz's ``dot`` ran and failed; the message holds the first line it printed."""
