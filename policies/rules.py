"""orderguard.policies.rules: the built-in rules, one factory each, and their registries.

Each operation's module ends in its registry, a tuple of ``RuleEntry`` (the factory, the
catalog names it prevents, the ``Dialect`` fields of its limits): ``ORDER_RULES`` (createOrder
and updateOrder), ``CREATE_RULES``, ``UPDATE_RULES`` and ``CANCEL_RULES``. ``default_rules``
makes every registered rule for one API version; ``REGISTRY`` is all of them in running order;
``NEEDS`` says which of them cannot run without the order as last seen or the context (``Need``).

Use a factory to change a built-in rule: ``Guard(extra_rules=[max_order_links(3)])`` replaces
``max_order_links(5)``.
"""

from __future__ import annotations

from orderguard.api import Dialect, dialect_for
from orderguard.enums import DEFAULT_API_VERSION
from orderguard.policies._cancel import CANCEL_RULES, cancel_precondition, max_cancellation_aliases
from orderguard.policies._create import (
    CREATE_RULES,
    identity_token,
    inventory,
    item_attributes,
    known_address,
    max_order_units,
    preview_address,
    preview_offers,
    prime_membership,
    prime_offer_ids,
    recipient_address,
    recipient_contact,
    required_line_fields,
    shopper_contact,
    token_expiry,
)
from orderguard.policies._order import ORDER_RULES, max_order_links, order_aliases
from orderguard.policies._rule import Need, Rule, RuleEntry
from orderguard.policies._update import (
    UPDATE_RULES,
    execution_start,
    refund_aliases,
    refund_ids,
    refund_request_reason,
    refund_transitions,
)

__all__ = [
    "CANCEL_RULES",
    "CREATE_RULES",
    "NEEDS",
    "ORDER_RULES",
    "REGISTRY",
    "UPDATE_RULES",
    "Need",
    "RuleEntry",
    "cancel_precondition",
    "default_rules",
    "execution_start",
    "identity_token",
    "inventory",
    "item_attributes",
    "known_address",
    "max_cancellation_aliases",
    "max_order_links",
    "max_order_units",
    "order_aliases",
    "preview_address",
    "preview_offers",
    "prime_membership",
    "prime_offer_ids",
    "recipient_address",
    "recipient_contact",
    "refund_aliases",
    "refund_ids",
    "refund_request_reason",
    "refund_transitions",
    "required_line_fields",
    "shopper_contact",
    "token_expiry",
]

REGISTRY: tuple[RuleEntry, ...] = (*ORDER_RULES, *CREATE_RULES, *UPDATE_RULES, *CANCEL_RULES)
"""Every built-in rule, in the order the checker runs them."""

NEEDS: dict[str, frozenset[Need]] = {entry.name: entry.needs for entry in REGISTRY if entry.needs}
"""What each built-in rule that needs more than the request cannot run without, by rule name."""


def default_rules(dialect: Dialect | None = None) -> tuple[Rule, ...]:
    """Every built-in rule, with the limits of ``dialect`` (default: 2024-11-01)."""
    chosen = dialect or dialect_for(DEFAULT_API_VERSION)
    return tuple(entry.make(chosen) for entry in REGISTRY)


for _public in (Need, RuleEntry, *(globals()[name] for name in __all__ if name.islower())):
    _public.__module__ = __name__
del _public
