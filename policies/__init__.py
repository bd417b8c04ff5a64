"""orderguard.policies: the pre-flight checker and its rules.

A rule is a small frozen callable (see ``Rule``) made by a factory such as
``max_order_links(5)``; the built-in ones are in ``orderguard.policies.rules``, one module per
operation each ending in its registry, and ``default_rules(dialect)`` makes all of them for an
API version. ``Checker`` parses a request, runs every rule for its operation and returns a
``Decision`` holding every ``Violation``, each naming the API error it prevents.
"""

from typing import Any

from orderguard.policies import rules
from orderguard.policies._checker import Checker
from orderguard.policies._context import Context, DeliveryPreview, InventoryItem, PreviewOffer
from orderguard.policies._decision import Decision
from orderguard.policies._rule import CheckedRequest, FunctionRule, LineView, Rule
from orderguard.policies.rules import default_rules

__all__ = [
    "CheckedRequest",
    "Checker",
    "Context",
    "Decision",
    "DeliveryPreview",
    "FunctionRule",
    "InventoryItem",
    "LineView",
    "PreviewOffer",
    "Rule",
    "default_rules",
    "rules",
]

_PUBLIC_TYPES = (CheckedRequest, Checker, Context, Decision, DeliveryPreview, FunctionRule)
for _public in (*_PUBLIC_TYPES, InventoryItem, LineView, PreviewOffer, Rule):
    _public.__module__ = __name__
del _public


def __getattr__(name: str) -> Any:
    """The rule factories' former home: ``orderguard.policies.max_order_links`` still resolves.

    They live in ``orderguard.policies.rules``; this keeps the README's example working until it
    imports from there.
    """
    if name in rules.__all__ and name.islower():
        return getattr(rules, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
