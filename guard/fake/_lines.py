"""createOrder's line items: reading them, item attributes, unit limits and inventory.

Read from the reference, not from orderguard's rules: 2024-11-01 made ``product`` optional on
merchant lines, so before it every line names one (a line without it misfits the schema);
``deliveryTerms`` exists from 2024-11-01, and a line Amazon delivers without Prime sets its
``deliverySpeed`` (section 6.7); a product's ``price`` is a ``MoneyInput`` (amount and
currency).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from orderguard.fake._dialect import MAX_PRIME_UNITS, Dialect
from orderguard.fake._reader import (
    JSON,
    AliasPair,
    aliases,
    choice,
    decimal,
    join,
    misfit,
    need_obj,
    need_text,
    obj,
    objects,
    rejected,
    text,
)


@attrs.frozen(slots=True)
class LineIn:
    """One ``LineItemInput`` as the fake reads it."""

    path: str
    quantity: Decimal
    value: object
    unit: str
    amazon: bool
    prime: bool
    product: JSON
    aliases: list[AliasPair]

    @property
    def identifier(self) -> str | None:
        """The SKU or product ID the line names, if any."""
        ident = self.product.get("identifier")
        if not isinstance(ident, dict):
            return None
        value = ident.get("sku") or ident.get("productId")
        return str(value) if value else None


def read_lines(order_input: Mapping[str, Any], dialect: Dialect) -> list[LineIn]:
    """Every line of a createOrder input; at least one is required."""
    items = objects(order_input, "lineItems", "input")
    if not items:
        raise misfit("input.lineItems", "at least one line item is required")
    return [_read_line(item, f"input.lineItems[{i}]", dialect) for i, item in enumerate(items)]


def _read_line(item: JSON, path: str, dialect: Dialect) -> LineIn:
    amount = need_obj(item, "amount", path)
    quantity = _quantity(amount, join(path, "amount"))
    amazon, prime = _provider(need_obj(item, "selectedDeliveryOffer", path), path, dialect)
    return LineIn(
        path=path,
        quantity=quantity,
        value=amount["value"],
        unit=text(amount, "unit", join(path, "amount")) or "ONE",
        amazon=amazon,
        prime=prime,
        product=_product(item, path, dialect),
        aliases=aliases(item, "aliases", path),
    )


def _product(item: JSON, path: str, dialect: Dialect) -> JSON:
    """The line's product (empty when absent), its price a whole ``MoneyInput`` when given.

    Every line must name one where the version says so (``merchant_lines_need_product``).
    """
    need = need_obj if dialect.merchant_lines_need_product else obj
    product = need(item, "product", path)
    if product is None:
        return {}
    where = join(path, "product")
    obj(product, "identifier", where)
    price = obj(product, "price", where)
    if price is not None:
        decimal(price, "amount", join(where, "price"))
        need_text(price, "currencyCode", join(where, "price"))
    return product


def _quantity(amount: JSON, path: str) -> Decimal:
    """The line's quantity (the schema's ``QUANTITY`` constraint has held it to whole units)."""
    return decimal(amount, "value", path)


def _provider(offer: JSON, path: str, dialect: Dialect) -> tuple[bool, bool]:
    """(fulfilled by Amazon, Prime) for a ``selectedDeliveryOffer``.

    A Prime line must name the delivery preview's offer (``id``) and the preview
    (``deliveryPreviewId``), reference section 3.4; without them it misfits the schema.
    """
    where = join(path, "selectedDeliveryOffer")
    details, summary = obj(offer, "details", where), obj(offer, "summary", where)
    if (details is None) == (summary is None):
        raise misfit(where, "give exactly one of 'details' or 'summary'")
    if details is None:
        return False, False
    where = join(where, "details")
    provider = choice(details, "deliveryProvider", {dialect.amazon_provider, "MERCHANT"}, where)
    if provider is None:
        raise misfit(join(where, "deliveryProvider"), "Field required")
    terms = obj(details, "deliveryTerms", where)
    amazon = provider == dialect.amazon_provider
    prime = amazon and (terms or {}).get("isPrimeEligible") is not False
    if prime:
        _check_offer_ids(details, where)
    elif amazon and not text(terms or {}, "deliverySpeed", join(where, "deliveryTerms")):
        raise misfit(join(where, "deliveryTerms.deliverySpeed"), "required without Prime")
    return amazon, prime


def _check_offer_ids(details: JSON, where: str) -> None:
    """Prime delivery by Amazon needs the delivery preview's offer ``id`` and preview ID."""
    for field in ("id", "deliveryPreviewId"):
        if not text(details, field, where):
            raise misfit(join(where, field), "required for Prime delivery by Amazon")


def check_item_attributes(lines: list[LineIn]) -> None:
    """``MissingItemAttributes``: an Amazon line needs a title, a price and an identifier."""
    for line in lines:
        if line.amazon and _missing(line):
            raise rejected(
                "MissingItemAttributes",
                f"{line.path}.product lacks {', '.join(_missing(line))}",
            )


def _missing(line: LineIn) -> list[str]:
    product = line.product
    missing = []
    if not isinstance(product.get("title"), str) or not product["title"].strip():
        missing.append("title")
    if product.get("price") is None:
        missing.append("price")
    if line.identifier is None:
        missing.append("identifier")
    return missing


def check_unit_limits(lines: list[LineIn], dialect: Dialect) -> None:
    """``OrderQuantityLimitExceeded``: at most 20 Prime units (and 20 others on 2024-11-01)."""
    prime = sum((line.quantity for line in lines if line.prime), Decimal(0))
    other = sum((line.quantity for line in lines if not line.prime), Decimal(0))
    if prime > MAX_PRIME_UNITS:
        raise rejected("OrderQuantityLimitExceeded", f"{prime} Prime units; at most 20")
    cap = dialect.max_non_prime_units
    if cap is not None and other > cap:
        raise rejected("OrderQuantityLimitExceeded", f"{other} non-Prime units; at most {cap}")


def price_of(line: LineIn) -> tuple[Decimal, str]:
    """The line's unit price and currency (zero when a merchant line gives none)."""
    price = line.product.get("price")
    if not isinstance(price, dict):
        return Decimal(0), "USD"
    try:
        return Decimal(str(price.get("amount", 0))), str(price.get("currencyCode") or "USD")
    except ArithmeticError:
        raise misfit(f"{line.path}.product.price.amount", "expected a number") from None


def demand(lines: list[LineIn]) -> dict[str, Decimal]:
    """Units asked of Amazon's inventory per item identifier."""
    wanted: dict[str, Decimal] = {}
    for line in lines:
        if line.amazon and line.identifier is not None:
            wanted[line.identifier] = wanted.get(line.identifier, Decimal(0)) + line.quantity
    return wanted


def check_inventory(inventory: Mapping[str, Decimal] | None, wanted: dict[str, Decimal]) -> None:
    """``InvalidItemIdentifier``, ``ItemOutOfStock`` or ``SelectedQuantityNotAvailable``.

    Without an inventory every identifier exists in unlimited supply.
    """
    if inventory is None:
        return
    for identifier, units in wanted.items():
        if identifier not in inventory:
            raise rejected("InvalidItemIdentifier", f"the catalog has no item {identifier!r}")
        if inventory[identifier] <= 0:
            raise rejected("ItemOutOfStock", f"item {identifier!r} is out of stock")
        if units > inventory[identifier]:
            raise rejected(
                "SelectedQuantityNotAvailable",
                f"{units} units of {identifier!r} requested, {inventory[identifier]} available",
            )
