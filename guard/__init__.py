"""orderguard: know before you call the Buy with Prime Order API whether it will say no.

``Guard`` checks the GraphQL variables of ``createOrder``, ``updateOrder`` and ``cancelOrder``
against the order as last seen (``OrderSnapshot``) and what the merchant knows (``Context``),
and returns a ``Decision`` listing every ``Violation``, each naming the API error it prevents.
Subpackages: ``orderguard.api`` (the API's JSON), ``orderguard.errors`` (the error catalog and
exceptions), ``orderguard.statemachine`` (the order's lifecycle), ``orderguard.policies``
(the rules and the checker).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from orderguard.enums import ApiVersion, Operation

if TYPE_CHECKING:
    from orderguard._guard import Guard
    from orderguard.errors import OrderGuardError, RequestRejectedError, Severity, Violation
    from orderguard.policies import Context, Decision, Rule
    from orderguard.statemachine import OrderSnapshot

__version__ = "0.1.0"

__all__ = [
    "ApiVersion",
    "Context",
    "Decision",
    "Guard",
    "Operation",
    "OrderGuardError",
    "OrderSnapshot",
    "RequestRejectedError",
    "Rule",
    "Severity",
    "Violation",
    "__version__",
]

# The checker's names load pydantic and every model and rule (a few hundred milliseconds), so
# they are imported on first use: ``orderguard --version`` and ``orderguard errors`` never pay
# for them. ``orderguard.Guard`` and ``from orderguard import Guard`` work as if eager.
_LAZY = {
    "Guard": "orderguard._guard",
    "Context": "orderguard.policies",
    "Decision": "orderguard.policies",
    "Rule": "orderguard.policies",
    "OrderSnapshot": "orderguard.statemachine",
    "OrderGuardError": "orderguard.errors",
    "RequestRejectedError": "orderguard.errors",
    "Severity": "orderguard.errors",
    "Violation": "orderguard.errors",
}
"""Public name -> the module it is imported from on first access."""

_SUBPACKAGES = frozenset({"api", "errors", "policies", "statemachine"})
"""Subpackages that ``import orderguard`` used to load eagerly: still attributes, loaded on use."""


def __getattr__(name: str) -> object:
    """Import a lazy public name, or one of :data:`_SUBPACKAGES`, on first access."""
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        if name == "Guard":  # documented as orderguard.Guard, defined in orderguard._guard
            value.__module__ = __name__
        globals()[name] = value
        return value
    if name in _SUBPACKAGES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    """Every public name, loaded or not."""
    return sorted({*globals(), *__all__})


for _public in (ApiVersion, Operation):
    _public.__module__ = __name__
del _public
