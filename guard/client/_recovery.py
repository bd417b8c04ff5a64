"""Safe createOrder: every order carries a merchant alias, and a lost answer is found by it.

The Order mutations take no idempotency token; the order's alias is the key (reference §8).
When a createOrder meets ``ConflictError`` or ``AliasValueAlreadyExists``, the order holding the
alias is fetched: if its line items are the ones sent (same count; per line, same quantity, and
the same line aliases and item identifier wherever both sides show them; INFERENCE: the API keeps
the lines in the order sent), it is this request's order, created by an attempt whose answer was
lost, and is returned; otherwise the alias belongs to another order (``AliasInUseError``).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from orderguard.client._snapshots import AliasPair, alias_pair
from orderguard.errors.exceptions import MissingAliasError

AUTO_ALIAS_TYPE = "ORDERGUARD_REQUEST_ID"
"""The alias type of the alias the client adds when asked to (``auto_alias=True``)."""


def with_alias(
    variables: Mapping[str, Any], auto_alias: bool
) -> tuple[Mapping[str, Any], tuple[AliasPair, ...]]:
    """The createOrder variables to send, and the order aliases they carry.

    Variables without an alias get one when ``auto_alias`` is set (a fresh UUID, kept for every
    attempt of this call), else raise ``MissingAliasError``. Variables without an ``input`` object
    are passed on untouched for the guard to reject.
    """
    order_input = variables.get("input")
    if not isinstance(order_input, Mapping):
        return variables, ()
    pairs = aliases_of(order_input)
    if pairs:
        return variables, pairs
    if not auto_alias:
        raise MissingAliasError
    alias = {"aliasType": AUTO_ALIAS_TYPE, "aliasId": str(uuid.uuid4())}
    extended = {**order_input, "aliases": [*(order_input.get("aliases") or []), alias]}
    return {**variables, "input": extended}, ((alias["aliasType"], alias["aliasId"]),)


def aliases_of(parent: Mapping[str, Any]) -> tuple[AliasPair, ...]:
    """The well-formed ``aliases`` of an input or an order, in order."""
    items = parent.get("aliases")
    if not isinstance(items, list):
        return ()
    return tuple(pair for pair in map(alias_pair, items) if pair is not None)


def lines_match(sent: object, found: object) -> bool:
    """Whether an order's ``lineItems`` are the ones a createOrder sent (see the module doc)."""
    if not isinstance(sent, Sequence) or not isinstance(found, Sequence):
        return False
    if len(sent) != len(found):
        return False
    return all(_line_matches(s, f) for s, f in zip(sent, found, strict=True))


def _line_matches(sent: object, found: object) -> bool:
    if not isinstance(sent, Mapping) or not isinstance(found, Mapping):
        return False
    quantity = _quantity(sent)
    if quantity is None or quantity != _quantity(found):
        return False
    sent_aliases, found_aliases = set(aliases_of(sent)), set(aliases_of(found))
    if sent_aliases and found_aliases and sent_aliases != found_aliases:
        return False
    sent_item, found_item = _item(sent), _item(found)
    return sent_item is None or found_item is None or sent_item == found_item


def _quantity(line: Mapping[str, Any]) -> Decimal | None:
    amount = line.get("amount")
    value = amount.get("value") if isinstance(amount, Mapping) else None
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _item(line: Mapping[str, Any]) -> str | None:
    """The SKU or product ID a line names, if it shows one."""
    product = line.get("product")
    identifier = product.get("identifier") if isinstance(product, Mapping) else None
    if not isinstance(identifier, Mapping):
        return None
    value = identifier.get("sku") or identifier.get("productId")
    return str(value) if value else None
