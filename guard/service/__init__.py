"""orderguard.service: the guard over HTTP, for systems not written in Python.

Importing this package loads only the core.
"""

from orderguard.service._judge import CheckItem, Guards

__all__ = ["CheckItem", "Guards"]
