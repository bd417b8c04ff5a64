"""orderguard.cli: the ``orderguard`` command, one module per subcommand; ``main()`` runs it."""

from orderguard.cli._main import main

__all__ = ["main"]
