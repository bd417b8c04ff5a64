"""Hypothesis strategies for valid createOrder variables and the context they were written in.

Line ``i`` sells item ``SKU-<base+i>`` (or product ``B0<base+i>``); Prime lines carry the delivery
preview's offer ID ``offer-<i>`` and preview ID. ``create_context`` derives, from a request, the
facts a merchant would hold when sending it: the delivery preview it was built from (same address,
same items and quantities, offers not yet expired), the shopper's known address, a Prime shopper
with a fresh token and enough stock.
"""

from __future__ import annotations

import copy
import functools
from typing import Any

from hypothesis import strategies as st

from orderguard.api import DIALECTS, Dialect, dialect_for
from orderguard.enums import ApiVersion
from orderguard.testing._st_values import (
    alias_lists,
    customers,
    order_links,
    shopper_identities,
    us_addresses,
)

JSON = dict[str, Any]
NOW = "2026-11-20T10:05:00Z"
"""The time every generated context says it is."""
EXPIRES = "2026-11-20T11:00:00Z"
"""When the generated delivery offers expire (after ``NOW``)."""

_TITLES = ("Trail running socks", "Pour-over kettle", "Desk lamp", "Yoga mat", "Bike light")
_MERCHANT_OFFERS: tuple[JSON, ...] = (
    {"details": {"deliveryProvider": "MERCHANT"}},
    {"summary": {}},
)
_LINE_CHOICES = st.tuples(
    st.booleans(),  # identified by SKU (else by product ID)
    st.sampled_from(_TITLES),
    st.integers(100, 20_000),  # price in cents
    st.sampled_from(_MERCHANT_OFFERS),
    st.booleans(),  # a merchant line names its product
    st.booleans(),  # the line carries an alias
)
"""Every choice one line needs, drawn at once (one draw per line keeps generation fast)."""


def _product(item: int, by_sku: bool, title: str, cents: int) -> JSON:
    key, value = ("sku", f"SKU-{item:05d}") if by_sku else ("productId", f"B0{item:08d}")
    price = {"amount": f"{cents // 100}.{cents % 100:02d}", "currencyCode": "USD"}
    return {"identifier": {key: value}, "title": f"{title}, model {item}", "price": price}


def _amazon_details(dialect: Dialect, prime: bool, line: int, preview: str) -> JSON:
    details: JSON = {"deliveryProvider": dialect.amazon_provider_spelling}
    if prime:
        details.update(id=f"offer-{line}", deliveryPreviewId=preview)
    if dialect.delivery_terms:
        details["deliveryTerms"] = {"isPrimeEligible": prime, "deliverySpeed": "STANDARD"}
    return details


def _line(
    draw: st.DrawFn, kind: str, quantity: int, line: int, ctx: tuple[Dialect, str, int]
) -> JSON:
    dialect, preview, base = ctx
    by_sku, title, cents, merchant_offer, named, aliased = draw(_LINE_CHOICES)
    entry: JSON = {"amount": {"value": quantity, "unit": "ONE"}}
    if kind == "merchant":
        entry["selectedDeliveryOffer"] = copy.deepcopy(merchant_offer)
    else:
        details = _amazon_details(dialect, kind == "prime", line, preview)
        entry["selectedDeliveryOffer"] = {"details": details}
    if kind != "merchant" or named or dialect.merchant_lines_need_product:
        entry["product"] = _product(base + line, by_sku, title, cents)
    if aliased:
        entry["aliases"] = [{"aliasType": "EXTERNAL_ITEM_ID", "aliasId": f"line-{line}"}]
    return entry


def _split(draw: st.DrawFn, units: int, max_lines: int) -> list[int]:
    """``units`` shared among 1 to ``max_lines`` lines, each at least 1 (none for 0 units)."""
    quantities: list[int] = []
    while units > 0:
        quantity = units if len(quantities) == max_lines - 1 else draw(st.integers(1, units))
        quantities.append(quantity)
        units -= quantity
    return quantities


@st.composite
def _line_items(draw: st.DrawFn, dialect: Dialect, max_lines: int) -> list[JSON]:
    per_group = max(1, max_lines // 2)
    prime = _split(draw, draw(st.integers(1, dialect.max_prime_units)), per_group)
    other = _split(draw, draw(st.integers(0, dialect.max_non_prime_units or 20)), per_group)
    kinds = ["merchant", "amazon"] if dialect.delivery_terms else ["merchant"]
    plan = [("prime", q) for q in prime] + [(draw(st.sampled_from(kinds)), q) for q in other]
    plan = draw(st.permutations(plan))
    ctx = (dialect, f"preview-{draw(st.integers(0, 9999)):04d}", draw(st.integers(0, 90_000)))
    return [_line(draw, kind, q, i, ctx) for i, (kind, q) in enumerate(plan)]


@functools.cache
def line_items(
    api_version: ApiVersion | str = ApiVersion.V2024_11_01, max_lines: int = 10
) -> st.SearchStrategy[list[JSON]]:
    """1 to 20 Prime units, and up to 20 other units, over at most ``max_lines`` lines.

    Each line sells a distinct item. Other lines are merchant-fulfilled (naming their product
    where the version requires it), or (2024-11-01, which has ``deliveryTerms``) fulfilled by
    Amazon without Prime.
    """
    return _line_items(dialect_for(api_version), max(max_lines, 2))


@st.composite
def _create_variables(
    draw: st.DrawFn, version: ApiVersion, min_aliases: int, prefix: str, max_lines: int
) -> JSON:
    data: JSON = {
        "lineItems": draw(line_items(version, max_lines)),
        "customer": draw(customers()),
        "recipient": {"deliveryAddress": draw(us_addresses())},
        "aliases": draw(alias_lists(prefix, min_aliases)),
        "orderLinks": draw(order_links()),
    }
    if draw(st.booleans()):
        data["shopperIdentity"] = draw(shopper_identities())
    if draw(st.booleans()):
        data["desiredExecutionState"] = draw(st.sampled_from(["NOT_STARTED", "STARTED"]))
    return {"input": data}


@functools.cache
def create_variables(
    api_version: ApiVersion | str = ApiVersion.V2024_11_01,
    *,
    min_aliases: int = 0,
    alias_prefix: str = "order-",
    max_lines: int = 10,
) -> st.SearchStrategy[JSON]:
    """createOrder variables the API accepts: ``{"input": {...}}`` in ``api_version``'s spelling.

    Up to 5 distinct aliases (at least ``min_aliases``, IDs starting with ``alias_prefix``), up
    to 5 links, 1 to 20 Prime units over at most ``max_lines`` lines (see ``line_items``).
    """
    return _create_variables(ApiVersion(api_version), min_aliases, alias_prefix, max_lines)


def identifier_of(line: JSON) -> str | None:
    """The SKU or product ID a line names, if any."""
    identifier = (line.get("product") or {}).get("identifier") or {}
    value = identifier.get("sku") or identifier.get("productId")
    return str(value) if value else None


_AMAZON_SPELLINGS = frozenset(dialect.amazon_provider_spelling for dialect in DIALECTS.values())


def is_amazon(line: JSON) -> bool:
    """Whether Amazon fulfils the line (in any version's spelling)."""
    details = line["selectedDeliveryOffer"].get("details") or {}
    return details.get("deliveryProvider") in _AMAZON_SPELLINGS


def create_context(variables: JSON) -> JSON:
    """The context (``Context.from_json`` shape) a merchant holds when sending ``variables``."""
    data = variables["input"]
    address = (data.get("recipient") or {}).get("deliveryAddress")
    amazon = [line for line in data["lineItems"] if is_amazon(line)]
    context: JSON = {
        "now": NOW,
        "deliveryPreview": _preview(amazon, address),
        "usedAliases": [],
        "shopperPrime": True,
        "inventory": {
            key: {"available": 100, "primeEnabled": True, "inCatalog": True}
            for key in filter(None, map(identifier_of, amazon))
        },
        "knownAddresses": [address] if address else [],
    }
    if data.get("shopperIdentity"):
        context["tokenAcquiredAt"] = "2026-11-20T09:30:00Z"
        context["tokenLifetimeSeconds"] = 3600
    return context


def _items(line: JSON) -> list[JSON]:
    """What the line's offer was computed for: its item and quantity (if it names them)."""
    quantity = line["amount"]["value"]
    if identifier_of(line) is None or not isinstance(quantity, int) or quantity <= 0:
        return []
    return [{"identifier": line["product"]["identifier"], "quantity": quantity}]


def _preview(amazon: list[JSON], address: JSON | None) -> JSON:
    offers, preview_id = [], "preview-none"
    for line in amazon:
        details = line["selectedDeliveryOffer"]["details"]
        preview_id = details.get("deliveryPreviewId") or preview_id
        if details.get("id"):
            offers.append({"id": details["id"], "expiresAt": EXPIRES, "items": _items(line)})
    preview: JSON = {"id": preview_id, "offers": offers}
    if address:
        preview["address"] = address
    return preview
