"""What the operations share: reading an order identifier, order aliases and order links."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from orderguard.fake._dialect import MAX_ORDER_ALIASES, MAX_ORDER_LINKS, Dialect
from orderguard.fake._model import Store, StoredOrder
from orderguard.fake._reader import (
    JSON,
    AliasPair,
    choice,
    join,
    misfit,
    need_obj,
    need_text,
    obj,
    objects,
    rejected,
    text,
)

LINK_DESTINATIONS = frozenset(
    {"EXTERNAL_ORDER_MANAGEMENT", "EXTERNAL_ORDER_TRACKING", "BWP_STOREFRONT", "AMAZON_STOREFRONT"}
)


def read_links(order_input: dict[str, Any], path: str) -> list[JSON]:
    """The ``orderLinks`` of an input, each with a known ``destinationType`` and a ``url``."""
    links = []
    for index, link in enumerate(objects(order_input, "orderLinks", path)):
        where = join(join(path, "orderLinks"), index)
        need_text(link, "destinationType", where)
        destination = choice(link, "destinationType", LINK_DESTINATIONS, where)
        entry: JSON = {"destinationType": destination, "url": need_text(link, "url", where)}
        if link.get("displayMessage") is not None:
            entry["displayMessage"] = need_text(link, "displayMessage", where)
        links.append(entry)
    return links


def check_link_count(existing: int, new: int) -> None:
    """``OrderLinkLimitExceeded`` when the order would hold more than five links."""
    if existing + new > MAX_ORDER_LINKS:
        raise rejected(
            "OrderLinkLimitExceeded",
            f"the order would hold {existing + new} order links; at most {MAX_ORDER_LINKS}",
        )


def check_new_aliases(store: Store, held: Sequence[AliasPair], new: Sequence[AliasPair]) -> None:
    """``AliasValueAlreadyExists`` for more than five aliases, or an alias already in use.

    An alias counts as in use when any order of the store holds it, this one included, or when
    the request sends it twice.
    """
    if len(held) + len(new) > MAX_ORDER_ALIASES:
        raise rejected(
            "AliasValueAlreadyExists",
            f"the order would hold {len(held) + len(new)} aliases; at most {MAX_ORDER_ALIASES}",
        )
    seen: set[AliasPair] = set()
    for pair in new:
        if pair in seen or pair in store.alias_owner:
            raise rejected("AliasValueAlreadyExists", f"an order already has the alias {pair}")
        seen.add(pair)


def find_order(
    store: Store, parent: dict[str, Any], key: str, path: str, dialect: Dialect
) -> StoredOrder:
    """The order an ``OrderIdentifierInput`` names: ``orderId`` or the version's alias field.

    2024-11-01 spells the alias field ``alias``, older versions ``orderAlias``; the input schema
    has already refused the other spelling (``coerce_arguments``).
    """
    ident, where = need_obj(parent, key, path), join(path, key)
    order_id, alias = text(ident, "orderId", where), obj(ident, dialect.alias_key, where)
    if (order_id is None) == (alias is None):
        raise misfit(where, f"give exactly one of 'orderId' or '{dialect.alias_key}'")
    if alias is None:
        return store.find(order_id, None)
    alias_where = join(where, dialect.alias_key)
    pair = (need_text(alias, "aliasType", alias_where), need_text(alias, "aliasId", alias_where))
    return store.find(None, pair)
