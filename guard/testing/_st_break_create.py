"""createOrder requests that break exactly one rule: one breaker per way of breaking it.

A breaker gets a valid request (and the context it was written in) and breaks one rule, in the
request or in the context, returning the JSON path the violation names. Request breakers run
before the context is derived from the request; context breakers after, on that context.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from orderguard.api import Dialect
from orderguard.testing._st_create import is_amazon
from orderguard.testing._st_values import alias_lists, order_links, sandbox_token

JSON = dict[str, Any]
Breaker = Callable[[st.DrawFn, JSON, Dialect], str]
"""Breaks one rule in place (request or context) and returns the violation's path."""

ADDRESS = "input.recipient.deliveryAddress"
_PRICE = {"amount": "1.50", "currencyCode": "USD"}
_ADDRESS_FIELDS = ("name", "streetAddress", "locality", "region", "countryCode", "postalCode")


def _lines(variables: JSON) -> list[JSON]:
    lines: list[JSON] = variables["input"]["lineItems"]
    return lines


def _pick(draw: st.DrawFn, variables: JSON, test: Callable[[JSON], bool]) -> int:
    """The index of a line passing ``test`` (the caller knows one exists)."""
    found = [i for i, line in enumerate(_lines(variables)) if test(line)]
    return draw(st.sampled_from(found))


def _is_prime(line: JSON) -> bool:
    details = line["selectedDeliveryOffer"].get("details") or {}
    terms = details.get("deliveryTerms") or {}
    return is_amazon(line) and terms.get("isPrimeEligible") is not False


def _units(variables: JSON, prime: bool) -> int:
    return sum(
        int(line["amount"]["value"]) for line in _lines(variables) if _is_prime(line) == prime
    )


def too_many_units(draw: st.DrawFn, variables: JSON, dialect: Dialect) -> str:
    """OrderQuantityLimitExceeded: Prime units over the cap, or non-Prime ones where capped."""
    cap = dialect.max_non_prime_units
    prime = cap is None or draw(st.booleans())
    limit = dialect.max_prime_units if prime else cap
    extra = (limit or 0) + 1 + draw(st.integers(0, 4)) - _units(variables, prime)
    if prime:
        line = _lines(variables)[_pick(draw, variables, _is_prime)]
        line["amount"]["value"] += extra
    else:
        offer = {"details": {"deliveryProvider": "MERCHANT"}}
        product = {"identifier": {"sku": "SKU-EXTRA"}, "title": "Gift wrap", "price": _PRICE}
        extra_line = {"amount": {"value": extra}, "selectedDeliveryOffer": offer}
        _lines(variables).append(extra_line | {"product": product})
    return "input.lineItems"


def too_many_links(draw: st.DrawFn, variables: JSON, dialect: Dialect) -> str:
    """OrderLinkLimitExceeded: 6 to 8 order links."""
    variables["input"]["orderLinks"] = draw(order_links(6, 8))
    return "input.orderLinks"


def too_many_aliases(draw: st.DrawFn, variables: JSON, dialect: Dialect) -> str:
    """AliasValueAlreadyExists: 6 to 8 distinct aliases."""
    variables["input"]["aliases"] = draw(alias_lists("order-", 6, 8))
    return "input.aliases"


def alias_twice(draw: st.DrawFn, variables: JSON, dialect: Dialect) -> str:
    """AliasValueAlreadyExists: one alias sent twice."""
    aliases = variables["input"]["aliases"] = draw(alias_lists("order-", 1, 5))
    aliases.append(dict(draw(st.sampled_from(aliases))))
    return f"input.aliases[{len(aliases) - 1}]"


def missing_attribute(draw: st.DrawFn, variables: JSON, dialect: Dialect) -> str:
    """MissingItemAttributes: an Amazon line without its title, price, identifier or product.

    Where every line needs a product (2024-04-01), a missing one misfits the schema instead.
    """
    index = _pick(draw, variables, is_amazon)
    line = _lines(variables)[index]
    fields = ["title", "blank title", "price", "identifier"]
    field = draw(
        st.sampled_from(fields if dialect.merchant_lines_need_product else [*fields, "product"])
    )
    if field == "product":
        del line["product"]
        return f"input.lineItems[{index}].product"
    if field == "blank title":
        line["product"]["title"], field = " ", "title"
    elif field == "identifier" and draw(st.booleans()):
        line["product"]["identifier"] = {}
    else:
        del line["product"][field]
    return f"input.lineItems[{index}].product.{field}"


def bad_address(draw: st.DrawFn, variables: JSON, dialect: Dialect) -> str:
    """InvalidRecipientAddressInput: a blank field, no address, a non-US place or a bad ZIP."""
    address = variables["input"]["recipient"]["deliveryAddress"]
    how = draw(st.sampled_from(["blank", "none", "country", "territory", "zip"]))
    if how == "none":
        del variables["input"]["recipient"]
        return ADDRESS
    field, value = {
        "blank": (draw(st.sampled_from(_ADDRESS_FIELDS)), draw(st.sampled_from(["", "  "]))),
        "country": ("countryCode", draw(st.sampled_from(["CA", "MX", "GB", "USA", "us", "U"]))),
        "territory": ("region", draw(st.sampled_from(["PR", "GU", "VI", "AS", "MP", "AA", "AE"]))),
        "zip": ("postalCode", draw(st.sampled_from(["ABCDE", "9810", "981091", "98109-12"]))),
    }[how]
    address[field] = value
    return f"{ADDRESS}.{field}"


_BAD_PHONES = st.sampled_from(["call me", "12345", "555-01", "+1 (206) 555-0142 ext 99 9999"])


def bad_recipient_phone(draw: st.DrawFn, variables: JSON, dialect: Dialect) -> str:
    """InvalidRecipientContactInput: a contact number that is no phone number."""
    phone = draw(_BAD_PHONES | st.integers(16, 19).map(lambda n: "1" * n))
    variables["input"]["recipient"]["deliveryAddress"]["contactNumber"] = phone
    return f"{ADDRESS}.contactNumber"


def bad_shopper_contact(draw: st.DrawFn, variables: JSON, dialect: Dialect) -> str:
    """InvalidShopperContactInput: a malformed e-mail or phone number, or neither."""
    contact = variables["input"]["customer"]["contact"]
    how = draw(st.sampled_from(["email", "phone", "neither"]))
    if how == "email":
        bad = draw(st.sampled_from(["jordan", "jordan@", "@example.com", "jo rdan@example.com"]))
        contact.setdefault("emailData", {"name": "Jordan Rivera"})["email"] = bad
        return "input.customer.contact.emailData.email"
    if how == "phone":
        contact["phoneNumber"] = draw(_BAD_PHONES)
        return "input.customer.contact.phoneNumber"
    contact.pop("emailData", None)
    contact.pop("phoneNumber", None)
    return "input.customer.contact"


_EMPTY_OR_LONG = st.sampled_from(["", "   "]) | st.integers(2049, 2100).map(lambda n: "A" * n)


def _bad_identity(draw: st.DrawFn, kind: str) -> tuple[JSON, str]:
    """A ``shopperIdentity`` whose ``kind`` string is wrong, and the path below it."""
    if kind in ("lwaAccessToken", "sandbox"):
        if kind == "lwaAccessToken":
            token = draw(_EMPTY_OR_LONG)
        else:
            token = draw(st.sampled_from(["sandbox-mocked-test-lwa", sandbox_token("COOKIE", 1)]))
        return {"lwaAccessToken": {"value": token}}, "lwaAccessToken.value"
    if kind == "idPToken":
        return {"idPToken": draw(_EMPTY_OR_LONG)}, "idPToken"
    if kind == "deprecated externalId":
        external = "E" * draw(st.integers(513, 600))
        return {"idPToken": "Atza|token", "externalId": external}, "externalId"
    if kind == "no token":
        return {}, ""
    value, external = "session-1", "checkout-1"
    if kind == "session":
        value = "S" * draw(st.integers(257, 300))
    else:
        external = "E" * draw(st.integers(513, 600))
    identity = {"apayCheckoutSessionId": {"value": value, "externalId": external}}
    return identity, f"apayCheckoutSessionId.{'value' if kind == 'session' else 'externalId'}"


def bad_token(draw: st.DrawFn, variables: JSON, dialect: Dialect) -> str:
    """InvalidIdpToken: an empty, over-long or decoded token, a bad external ID, or no token."""
    kinds = ["lwaAccessToken", "sandbox", "idPToken", "deprecated externalId", "no token"]
    kind = draw(st.sampled_from([*kinds, "session", "apay externalId"]))
    identity, below = _bad_identity(draw, kind)
    variables["input"]["shopperIdentity"] = identity
    return ".".join(filter(None, ("input.shopperIdentity", below)))


def missing_offer_id(draw: st.DrawFn, variables: JSON, dialect: Dialect) -> str:
    """SchemaError: a Prime line without the delivery preview's offer ID or preview ID."""
    index = _pick(draw, variables, _is_prime)
    field = draw(st.sampled_from(["id", "deliveryPreviewId"]))
    del _lines(variables)[index]["selectedDeliveryOffer"]["details"][field]
    return f"input.lineItems[{index}].selectedDeliveryOffer.details.{field}"


def _is_amazon_without_prime(line: JSON) -> bool:
    return is_amazon(line) and not _is_prime(line)


def missing_line_field(draw: st.DrawFn, variables: JSON, dialect: Dialect) -> str:
    """SchemaError: no line, a line without a product the version requires, no deliverySpeed.

    The last is for a non-Prime Amazon line, which only versions with ``deliveryTerms`` have.
    """
    hows = ["no lines"]
    if dialect.merchant_lines_need_product:
        hows.append("product")
    if any(map(_is_amazon_without_prime, _lines(variables))):
        hows.append("speed")
    how = draw(st.sampled_from(hows))
    if how == "no lines":
        variables["input"]["lineItems"] = []
        return "input.lineItems"
    if how == "product":
        index = draw(st.integers(0, len(_lines(variables)) - 1))
        del _lines(variables)[index]["product"]
        return f"input.lineItems[{index}].product"
    index = _pick(draw, variables, _is_amazon_without_prime)
    details = _lines(variables)[index]["selectedDeliveryOffer"]["details"]
    del details["deliveryTerms"]["deliverySpeed"]
    return f"input.lineItems[{index}].selectedDeliveryOffer.details.deliveryTerms.deliverySpeed"


def schema_misfit(draw: st.DrawFn, variables: JSON, dialect: Dialect) -> str:
    """SchemaError: an unknown enum value, a missing required field or a zero quantity."""
    data = variables["input"]
    how = draw(st.sampled_from(["state", "quantity", "url", "destination"]))
    if how == "state":
        data["desiredExecutionState"] = "GO"
        return "input.desiredExecutionState"
    if how == "quantity":
        index = draw(st.integers(0, len(_lines(variables)) - 1))
        _lines(variables)[index]["amount"]["value"] = 0
        return f"input.lineItems[{index}].amount.value"
    data["orderLinks"] = data.get("orderLinks") or draw(order_links(1, 1))
    link = data["orderLinks"][0]
    if how == "url":
        del link["url"]
        return "input.orderLinks[0].url"
    link["destinationType"] = "SOCIAL_MEDIA"
    return "input.orderLinks[0].destinationType"


REQUEST_BREAKERS: dict[str, tuple[Breaker, ...]] = {
    "OrderQuantityLimitExceeded": (too_many_units,),
    "OrderLinkLimitExceeded": (too_many_links,),
    "AliasValueAlreadyExists": (too_many_aliases, alias_twice),
    "MissingItemAttributes": (missing_attribute,),
    "InvalidRecipientAddressInput": (bad_address,),
    "InvalidRecipientContactInput": (bad_recipient_phone,),
    "InvalidShopperContactInput": (bad_shopper_contact,),
    "InvalidIdpToken": (bad_token,),
    "SchemaError": (missing_offer_id, missing_line_field, schema_misfit),
}
"""createOrder codes broken in the request alone, with the ways to break each."""
