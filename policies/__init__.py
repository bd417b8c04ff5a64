"""orderguard.policies: the pre-flight checker and its rules.

A rule is a small frozen callable (see ``Rule``) made by a factory such as
``max_order_links(5)``; ``default_rules(limits)`` lists the built-in ones. ``Checker`` parses
a request, runs every rule for its operation and returns a ``Decision`` holding every
``Violation``, each naming the API error it prevents.
"""

from orderguard.policies._cancel_rules import cancel_precondition, max_cancellation_aliases
from orderguard.policies._checker import Checker, default_rules
from orderguard.policies._context import Context, DeliveryPreview, InventoryItem, PreviewOffer
from orderguard.policies._context_rules import (
    inventory,
    known_address,
    preview_address,
    preview_offers,
)
from orderguard.policies._create_rules import (
    item_attributes,
    max_order_units,
    prime_offer_ids,
    recipient_address,
    recipient_contact,
    shopper_contact,
)
from orderguard.policies._decision import Decision
from orderguard.policies._identity_rules import identity_token, prime_membership, token_expiry
from orderguard.policies._order_rules import max_order_links, order_aliases
from orderguard.policies._refund_rules import (
    refund_aliases,
    refund_ids,
    refund_request_reason,
    refund_transitions,
)
from orderguard.policies._rule import CheckedRequest, FunctionRule, LineView, Rule
from orderguard.policies._update_rules import execution_start

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
    "shopper_contact",
    "token_expiry",
]

_PUBLIC_TYPES = (CheckedRequest, Checker, Context, Decision, DeliveryPreview, FunctionRule)
for _public in (*_PUBLIC_TYPES, InventoryItem, LineView, PreviewOffer, Rule):
    _public.__module__ = __name__
del _public
