"""createOrder as the fake's reference model: checks in a fixed order, then the new order.

Check order (the first failure is the answer): the input schema; aliases (``ConflictError`` for an
identical retry of the request that created the alias's order, else ``AliasValueAlreadyExists``);
``OrderLinkLimitExceeded``; ``MissingItemAttributes``; ``OrderQuantityLimitExceeded``; the
recipient's address and phone; the shopper's contact; the identity token (``InvalidIdpToken``);
``ShopperNotPrime``; inventory. Address and contact rules are deliberately simple: an order
with a line Amazon delivers needs a recipient address (a merchant-only order may omit it);
an address needs a non-blank name, streetAddress, locality, region and postalCode, and must be
in the US (countryCode ``US``, a ZIP or ZIP+4 code in ASCII digits (``orderguard.api``'s
``US_ZIP``, the form the guard's address rule reads), not a territory or military region: Buy
with Prime ships to the US only, reference section 5); a phone number starts with a digit
(after an optional ``+`` and ``(``) and holds digits, spaces and ``()-.`` with 7 to 15 digits
(E.164 numbers have at most 15); an e-mail is ``x@y.tld``; the shopper needs an e-mail or a
phone number for notifications (the API documents neither as required alone).

The shopper's identity (section 1.3 and 5): every token it carries (an LWA token, an Amazon Pay
checkout session, the deprecated ``idPToken``) is non-blank and at most 2048 characters (a
session value 256), and is not a sandbox mock token sent decoded or with the wrong type; every
external ID is 1 to 512 characters; an identity without any token is no identity. Each failure
is ``InvalidIdpToken``.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Collection, Iterator, Mapping
from typing import Any

import attrs

from orderguard.api.schema import US_ZIP
from orderguard.fake._checks import check_link_count, check_new_aliases, read_links
from orderguard.fake._dialect import Dialect
from orderguard.fake._lines import (
    LineIn,
    check_inventory,
    check_item_attributes,
    check_unit_limits,
    demand,
    price_of,
    read_lines,
)
from orderguard.fake._model import Line, Package, Store, StoredOrder
from orderguard.fake._reader import (
    JSON,
    AliasPair,
    Rejection,
    aliases,
    choice,
    need_obj,
    need_text,
    obj,
    rejected,
    text,
)

_PHONE = re.compile(r"^\+?\(?[0-9][0-9 ()\-.]*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_NOT_SHIPPED_TO = frozenset({"AS", "FM", "GU", "MH", "MP", "PR", "PW", "VI", "AA", "AE", "AP"})
"""US territories and military regions: Buy with Prime does not ship there."""
_ADDRESS_FIELDS = ("name", "streetAddress", "locality", "region", "postalCode")
_MAX_TOKEN = 2048
_MAX_SESSION = 256
_MAX_EXTERNAL_ID = 512
_SANDBOX = "sandbox-mocked-"
_SANDBOX_KINDS = {"lwaAccessToken": "ACCESS_TOKEN", "apayCheckoutSessionId": "CHECKOUT_SESSION_ID"}


def create_order(
    store: Store,
    variables: Mapping[str, Any],
    dialect: Dialect,
    prime_shoppers: Collection[str] | None,
) -> StoredOrder:
    """Validate a createOrder request against the store and, if it passes, store the order."""
    order_input = need_obj(variables, "input", "")
    lines = read_lines(order_input, dialect)
    pairs = aliases(order_input, "aliases", "input")
    links = read_links(order_input, "input")
    execution = choice(order_input, "desiredExecutionState", {"NOT_STARTED", "STARTED"}, "input")
    identity = _read_identity(order_input)
    fingerprint = json.dumps(order_input, sort_keys=True, default=str)
    _check_retry(store, pairs, fingerprint)
    check_new_aliases(store, [], pairs)
    check_link_count(0, len(links))
    check_item_attributes(lines)
    check_unit_limits(lines, dialect)
    _check_recipient(order_input, any(line.amazon for line in lines))
    _check_customer(order_input)
    _check_prime(lines, _shopper_token(identity), prime_shoppers)
    check_inventory(store.inventory, demand(lines))
    order = _new_order(store, lines, pairs, links, fingerprint)
    order.execution = execution or "NOT_STARTED"
    _take_stock(store, demand(lines))
    store.add(order)
    return order


def _check_retry(store: Store, pairs: list[AliasPair], fingerprint: str) -> None:
    """``ConflictError``: this exact request already created the order holding its alias."""
    for pair in pairs:
        owner = store.alias_owner.get(pair)
        if owner is not None and store.orders[owner].fingerprint == fingerprint:
            raise Rejection(
                "ConflictError", None, f"an order with alias {pair} was already created"
            )


def _check_recipient(order_input: JSON, amazon_delivers: bool) -> None:
    """The delivery address, required when Amazon delivers a line; checked whenever given."""
    recipient = obj(order_input, "recipient", "input") or {}
    address = obj(recipient, "deliveryAddress", "input.recipient")
    if address is None and not amazon_delivers:
        return
    if address is None or not _address_ok(address):
        raise rejected("InvalidRecipientAddressInput", "the delivery address is incomplete")
    phone = address.get("contactNumber")
    if phone is not None and not _phone_ok(phone):
        raise rejected("InvalidRecipientContactInput", f"bad recipient phone {phone!r}")


def _address_ok(address: JSON) -> bool:
    filled = all(isinstance(address.get(f), str) and address[f].strip() for f in _ADDRESS_FIELDS)
    country = address.get("countryCode")
    if not filled or not isinstance(country, str) or country.strip() != "US":
        return False
    region = address["region"].strip().upper()
    return US_ZIP.fits(address["postalCode"].strip()) and region not in _NOT_SHIPPED_TO


def _phone_ok(phone: object) -> bool:
    if not isinstance(phone, str) or not _PHONE.match(phone.strip()):
        return False
    return 7 <= sum(char.isdigit() for char in phone) <= 15


def _check_customer(order_input: JSON) -> None:
    customer = need_obj(order_input, "customer", "input")
    contact = obj(customer, "contact", "input.customer") or {}
    email = (obj(contact, "emailData", "input.customer.contact") or {}).get("email")
    phone = contact.get("phoneNumber")
    if email is None and phone is None:
        raise rejected("InvalidShopperContactInput", "the shopper has no e-mail or phone number")
    if email is not None and not (isinstance(email, str) and _EMAIL.match(email.strip())):
        raise rejected("InvalidShopperContactInput", f"bad shopper e-mail {email!r}")
    if phone is not None and not _phone_ok(phone):
        raise rejected("InvalidShopperContactInput", f"bad shopper phone {phone!r}")


@attrs.frozen(slots=True)
class _Identity:
    """``shopperIdentity`` as read: its tokens (value, longest, sandbox type), its external IDs."""

    tokens: list[tuple[str, int, str | None]]
    external_ids: list[str]


def _read_identity(order_input: JSON) -> _Identity | None:
    """The shopper identity's strings; a misfit for a wrong shape or an unknown provider."""
    identity = obj(order_input, "shopperIdentity", "input")
    if identity is None:
        return None
    choice(identity, "identityProvider", {"APAY", "LWA"}, "input.shopperIdentity")
    return _Identity(list(_tokens(identity)), list(_external_ids(identity)))


def _shopper_token(identity: _Identity | None) -> str | None:
    """The shopper's first token (LWA, Amazon Pay session, ``idPToken``); ``InvalidIdpToken``."""
    if identity is None:
        return None
    if not identity.tokens:
        raise rejected("InvalidIdpToken", "the shopper identity carries no token")
    for token, longest, kind in identity.tokens:
        _check_token(token, longest, kind)
    for external in identity.external_ids:
        if not 1 <= len(external) <= _MAX_EXTERNAL_ID:
            raise rejected("InvalidIdpToken", "an externalId must be 1-512 characters")
    return identity.tokens[0][0]


def _tokens(identity: JSON) -> Iterator[tuple[str, int, str | None]]:
    """(token, longest allowed, sandbox type) for each token the identity carries."""
    base = "input.shopperIdentity"
    lwa = obj(identity, "lwaAccessToken", base)
    apay = obj(identity, "apayCheckoutSessionId", base)
    if lwa is not None:
        value = need_text(lwa, "value", f"{base}.lwaAccessToken")
        yield value, _MAX_TOKEN, _SANDBOX_KINDS["lwaAccessToken"]
    if apay is not None:
        value = need_text(apay, "value", f"{base}.apayCheckoutSessionId")
        yield value, _MAX_SESSION, _SANDBOX_KINDS["apayCheckoutSessionId"]
    idp_token = text(identity, "idPToken", base)
    if idp_token is not None:
        yield idp_token, _MAX_TOKEN, None


def _external_ids(identity: JSON) -> Iterator[str]:
    base = "input.shopperIdentity"
    apay = obj(identity, "apayCheckoutSessionId", base)
    if apay is not None:
        yield need_text(apay, "externalId", f"{base}.apayCheckoutSessionId")
    external = text(identity, "externalId", base)
    if external is not None:
        yield external


def _check_token(token: str, longest: int, kind: str | None) -> None:
    if not token.strip() or len(token) > longest:
        raise rejected("InvalidIdpToken", f"a shopper token must be 1-{longest} characters")
    if token.startswith(_SANDBOX):
        raise rejected("InvalidIdpToken", "a sandbox token is sent base64-encoded")
    decoded = _decoded_sandbox(token)
    if decoded is None:
        return
    found = decoded.get("type")
    if found not in _SANDBOX_KINDS.values() or (kind is not None and found != kind):
        raise rejected("InvalidIdpToken", f"a sandbox token of type {found!r} does not go here")
    value = decoded.get("value")
    if not (isinstance(value, str) and value.startswith(_SANDBOX)):
        raise rejected("InvalidIdpToken", "a sandbox token's value starts with sandbox-mocked-")


def _decoded_sandbox(token: str) -> dict[str, Any] | None:
    """The JSON object inside a base64 sandbox token, ``None`` for any other token."""
    try:
        decoded = json.loads(base64.b64decode(token + "=" * (-len(token) % 4), validate=True))
    except (binascii.Error, ValueError):
        return None
    return decoded if isinstance(decoded, dict) and ({"type", "value"} & decoded.keys()) else None


def _check_prime(
    lines: list[LineIn], token: str | None, prime_shoppers: Collection[str] | None
) -> None:
    """``ShopperNotPrime``: a Prime line for a shopper token outside ``prime_shoppers``."""
    wants_prime = any(line.prime for line in lines)
    if prime_shoppers is not None and wants_prime and token not in (None, *prime_shoppers):
        raise rejected("ShopperNotPrime", "the shopper has no Prime membership")


def _new_order(
    store: Store, lines: list[LineIn], pairs: list[AliasPair], links: list[JSON], fingerprint: str
) -> StoredOrder:
    now = store.now()
    order = StoredOrder(
        id=store.new_id("322", 4, 6),
        fingerprint=fingerprint,
        aliases=tuple(pairs),
        links=links,
        execution="NOT_STARTED",
        created_at=now,
        updated_at=now,
        lines=[_stored_line(store, line) for line in lines],
    )
    if any(line.amazon for line in lines):
        order.packages += (Package(store.new_id("PKG", 10)),)
    return order


def _stored_line(store: Store, line: LineIn) -> Line:
    price, currency = price_of(line)
    return Line(
        id=store.new_id("LI", 10),
        value=line.value,
        unit=line.unit,
        amazon=line.amazon,
        price=price,
        currency=currency,
        aliases=tuple(line.aliases),
    )


def _take_stock(store: Store, wanted: dict[str, Any]) -> None:
    if store.inventory is not None:
        for identifier, units in wanted.items():
            store.inventory[identifier] -= units
