"""createOrder requests broken by what the merchant knows: one fact of the context contradicts them.

Each breaker may first adjust the (valid) request so the rule can apply at all (give it a shopper
token, a line of two units), then derives the context the request was written in
(``create_context``) and changes exactly one fact of it. It returns the violation's path and that
context.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from orderguard.api import Dialect
from orderguard.testing._st_break_create import ADDRESS, _is_prime, _lines, _pick, _units
from orderguard.testing._st_create import create_context, identifier_of, is_amazon
from orderguard.testing._st_values import lwa_tokens, us_addresses

JSON = dict[str, Any]
ContextBreaker = Callable[[st.DrawFn, JSON, Dialect], tuple[str, JSON]]
"""Adjusts the request if need be, returns the violation's path and the broken context."""

TOKEN_PATHS = {
    "lwaAccessToken": "input.shopperIdentity.lwaAccessToken.value",
    "idPToken": "input.shopperIdentity.idPToken",
    "apayCheckoutSessionId": "input.shopperIdentity.apayCheckoutSessionId.value",
}


def _token_path(draw: st.DrawFn, variables: JSON) -> str:
    """The path of the request's shopper token, giving it an LWA token if it has none."""
    data = variables["input"]
    if not data.get("shopperIdentity"):
        data["shopperIdentity"] = {"lwaAccessToken": {"value": draw(lwa_tokens())}}
    (kind,) = data["shopperIdentity"]
    return TOKEN_PATHS[kind]


def not_prime(draw: st.DrawFn, variables: JSON, dialect: Dialect) -> tuple[str, JSON]:
    """ShopperNotPrime: the shopper (who sent a token) is not a Prime member."""
    _token_path(draw, variables)
    context = create_context(variables)
    context["shopperPrime"] = False
    return "input.shopperIdentity", context


def expired_token(draw: st.DrawFn, variables: JSON, dialect: Dialect) -> tuple[str, JSON]:
    """ExpiredIdpToken: the shopper's token expired before now."""
    path = _token_path(draw, variables)
    context = create_context(variables)
    del context["tokenAcquiredAt"], context["tokenLifetimeSeconds"]
    context["tokenExpiresAt"] = draw(
        st.sampled_from(["2026-11-20T10:05:00Z", "2026-11-20T09:00:00Z"])
    )
    return path, context


def other_preview_address(draw: st.DrawFn, variables: JSON, dialect: Dialect) -> tuple[str, JSON]:
    """AddressMismatch: the delivery preview was computed for another street or place."""
    context = create_context(variables)
    preview = dict(context["deliveryPreview"]["address"])
    field = draw(st.sampled_from(["streetAddress", "postalCode", "locality"]))
    preview[field] = {"streetAddress": "1 Elsewhere Way", "postalCode": "10001"}.get(
        field, "Nowhere"
    )
    context["deliveryPreview"]["address"] = preview
    return ADDRESS, context


def unknown_address(draw: st.DrawFn, variables: JSON, dialect: Dialect) -> tuple[str, JSON]:
    """ShopperIdMismatch: the address is none of the shopper's known addresses."""
    context = create_context(variables)
    other = draw(us_addresses())
    other["streetAddress"] = f"{draw(st.integers(1, 99))} Elsewhere Way"
    context["knownAddresses"] = [other]
    return ADDRESS, context


def stale_offer(draw: st.DrawFn, variables: JSON, dialect: Dialect) -> tuple[str, JSON]:
    """StaleDeliveryOffer: a Prime line's offer expired, or is not (or no longer) in the preview."""
    context = create_context(variables)
    index = _pick(draw, variables, _is_prime)
    at = f"input.lineItems[{index}].selectedDeliveryOffer.details"
    offer_id = _lines(variables)[index]["selectedDeliveryOffer"]["details"]["id"]
    offers = context["deliveryPreview"]["offers"]
    (offer,) = (o for o in offers if o["id"] == offer_id)
    how = draw(st.sampled_from(["expired", "unknown", "other preview"]))
    if how == "expired":
        offer["expiresAt"] = "2026-11-20T10:00:00Z"
    elif how == "unknown":
        offers.remove(offer)
    else:
        _lines(variables)[index]["selectedDeliveryOffer"]["details"]["deliveryPreviewId"] = "old"
        return f"{at}.deliveryPreviewId", context
    return f"{at}.id", context


def _stock(context: JSON, variables: JSON, index: int) -> JSON:
    item: JSON = context["inventory"][identifier_of(_lines(variables)[index])]
    return item


def _amazon_with_item(line: JSON) -> bool:
    return is_amazon(line) and identifier_of(line) is not None


def not_in_catalog(draw: st.DrawFn, variables: JSON, dialect: Dialect) -> tuple[str, JSON]:
    """InvalidItemIdentifier: the catalog, or the chosen offer, does not know the line's item."""
    context = create_context(variables)
    index = _pick(draw, variables, _is_prime)
    if draw(st.booleans()):
        _stock(context, variables, index)["inCatalog"] = False
    else:
        offer_id = _lines(variables)[index]["selectedDeliveryOffer"]["details"]["id"]
        (offer,) = (o for o in context["deliveryPreview"]["offers"] if o["id"] == offer_id)
        offer["items"][0]["identifier"] = {"sku": "SKU-NOT-OFFERED"}
    return f"input.lineItems[{index}].product.identifier", context


def other_quantity(draw: st.DrawFn, variables: JSON, dialect: Dialect) -> tuple[str, JSON]:
    """SelectedQuantityNotAvailable: the chosen offer was computed for another quantity."""
    context = create_context(variables)
    index = _pick(draw, variables, _is_prime)
    offer_id = _lines(variables)[index]["selectedDeliveryOffer"]["details"]["id"]
    (offer,) = (o for o in context["deliveryPreview"]["offers"] if o["id"] == offer_id)
    offer["items"][0]["quantity"] += draw(st.integers(1, 3))
    return f"input.lineItems[{index}].amount.value", context


def not_prime_enabled(draw: st.DrawFn, variables: JSON, dialect: Dialect) -> tuple[str, JSON]:
    """ItemUnavailableWithPrime: an Amazon line's item is not enabled for Buy with Prime."""
    context = create_context(variables)
    index = _pick(draw, variables, _amazon_with_item)
    _stock(context, variables, index)["primeEnabled"] = False
    return f"input.lineItems[{index}].product.identifier", context


def out_of_stock(draw: st.DrawFn, variables: JSON, dialect: Dialect) -> tuple[str, JSON]:
    """ItemOutOfStock: an Amazon line's item has no stock at all."""
    context = create_context(variables)
    index = _pick(draw, variables, _amazon_with_item)
    _stock(context, variables, index)["available"] = 0
    return f"input.lineItems[{index}]", context


def short_stock(draw: st.DrawFn, variables: JSON, dialect: Dialect) -> tuple[str, JSON]:
    """ReduceQuantityToProceed: fewer units in stock than a Prime line of two or more asks."""
    index = _pick(draw, variables, _is_prime)
    line = _lines(variables)[index]
    if line["amount"]["value"] < 2:
        if _units(variables, True) >= 20:
            index = _pick(
                draw, variables, lambda each: _is_prime(each) and each["amount"]["value"] >= 2
            )
            line = _lines(variables)[index]
        else:
            line["amount"]["value"] = 2
    context = create_context(variables)
    _stock(context, variables, index)["available"] = draw(
        st.integers(1, line["amount"]["value"] - 1)
    )
    return f"input.lineItems[{index}].amount.value", context


def alias_in_use(draw: st.DrawFn, variables: JSON, dialect: Dialect) -> tuple[str, JSON]:
    """AliasValueAlreadyExists: another order of the store already carries one of the aliases."""
    aliases = variables["input"]["aliases"]
    if not aliases:
        aliases.append({"aliasType": "EXTERNAL_ID", "aliasId": "order-in-use"})
    index = draw(st.integers(0, len(aliases) - 1))
    context = create_context(variables)
    context["usedAliases"] = [dict(aliases[index])]
    return f"input.aliases[{index}]", context


CONTEXT_BREAKERS: dict[str, tuple[ContextBreaker, ...]] = {
    "ShopperNotPrime": (not_prime,),
    "ExpiredIdpToken": (expired_token,),
    "AddressMismatch": (other_preview_address,),
    "ShopperIdMismatch": (unknown_address,),
    "StaleDeliveryOffer": (stale_offer,),
    "InvalidItemIdentifier": (not_in_catalog,),
    "SelectedQuantityNotAvailable": (other_quantity,),
    "ItemUnavailableWithPrime": (not_prime_enabled,),
    "ItemOutOfStock": (out_of_stock,),
    "ReduceQuantityToProceed": (short_stock,),
    "AliasValueAlreadyExists": (alias_in_use,),
}
"""createOrder codes broken through the context, with the ways to break each."""
