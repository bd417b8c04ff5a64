"""Hypothesis strategies for the values inside requests: people, addresses, tokens, aliases, links.

Every value is one the API accepts, written from the reference's rules (US addresses outside the
territories and military regions, ZIP codes, 7 to 15 digit phone numbers, tokens of 1 to 2048
characters, the published sandbox token format), never from orderguard's own checks.
"""

from __future__ import annotations

import base64
import functools
import json
import random
from typing import Any

from hypothesis import strategies as st

JSON = dict[str, Any]

FIRST_NAMES = ("Jordan", "Avery", "Sam", "Riley", "Noor", "Kai", "Mateo", "Yuki", "Ada", "Priya")
LAST_NAMES = ("Rivera", "Chen", "Okafor", "Nguyen", "Larsen", "Haddad", "Kowalski", "Baptiste")
CITIES = (
    ("Seattle", "WA", "981"),
    ("Portland", "OR", "972"),
    ("Austin", "TX", "787"),
    ("Brooklyn", "NY", "112"),
    ("Chicago", "IL", "606"),
    ("Denver", "CO", "802"),
    ("Miami", "FL", "331"),
    ("Boston", "MA", "021"),
    ("Honolulu", "HI", "968"),
    ("Anchorage", "AK", "995"),
    ("Washington", "DC", "200"),
)
"""(locality, state, ZIP prefix) of real US places, so addresses look like addresses."""

STREET_NAMES = ("Terry Ave N", "Pine St", "Main St", "Elm Rd", "Lakeview Blvd", "2nd Ave")
MAIL_DOMAINS = ("example.com", "mail.example.org", "shop.example.co.uk")


def _opaque(size: int, seed: int) -> str:
    """``size`` token characters, reproducible from ``seed`` (cheap to draw, unlike st.text)."""
    return "".join(random.Random(seed).choices(_TOKEN_CHARS, k=size))


def _opaque_texts(low: int, high: int) -> st.SearchStrategy[str]:
    return st.builds(_opaque, st.integers(low, high), st.integers(0, 2**32 - 1))


_TOKEN_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_PERSON_NAMES = st.builds("{} {}".format, st.sampled_from(FIRST_NAMES), st.sampled_from(LAST_NAMES))
_PHONES = st.builds(
    "{}{}{}{:04d}".format,
    st.sampled_from(["+1 ", "", "1-"]),
    st.integers(201, 989).map("({}) ".format) | st.integers(201, 989).map("{}-".format),
    st.integers(200, 999).map("{}-".format),
    st.integers(0, 9999),
)
_EMAILS = st.builds(
    "{}.{}{}@{}".format,
    st.sampled_from(FIRST_NAMES).map(str.lower),
    st.sampled_from(LAST_NAMES).map(str.lower),
    st.integers(0, 999),
    st.sampled_from(MAIL_DOMAINS),
)
_EMAIL_DATA = st.builds(lambda name, mail: {"name": name, "email": mail}, _PERSON_NAMES, _EMAILS)
_CUSTOMERS = (
    st.fixed_dictionaries({"emailData": _EMAIL_DATA}, optional={"phoneNumber": _PHONES})
    | st.fixed_dictionaries({"phoneNumber": _PHONES})
).map(lambda contact: {"contact": contact})
_LWA_TOKENS = _opaque_texts(16, 400).map("Atza|{}".format)


def person_names() -> st.SearchStrategy[str]:
    """A first and last name."""
    return _PERSON_NAMES


def phone_numbers() -> st.SearchStrategy[str]:
    """A US phone number in one of the usual spellings (10 or 11 digits)."""
    return _PHONES


def emails() -> st.SearchStrategy[str]:
    """An e-mail address ``first.last123@domain``."""
    return _EMAILS


@st.composite
def us_addresses(draw: st.DrawFn) -> JSON:
    """A complete US delivery address (a state or DC, never a territory or military region)."""
    locality, region, zip_prefix = draw(_CITIES)
    postal = f"{zip_prefix}{draw(_TWO_DIGITS):02d}{draw(_ZIP_PLUS_FOUR)}"
    address = {
        "name": draw(_PERSON_NAMES),
        "streetAddress": draw(_STREETS),
        "locality": locality,
        "region": region,
        "countryCode": "US",
        "postalCode": postal,
    }
    if draw(st.booleans()):
        address["extendedAddress"] = f"Apt {draw(_TWO_DIGITS) + 1}"
    if draw(st.booleans()):
        address["contactNumber"] = draw(_PHONES)
    return address


_CITIES = st.sampled_from(CITIES)
_TWO_DIGITS = st.integers(0, 99)
_ZIP_PLUS_FOUR = st.just("") | st.integers(0, 9999).map("-{:04d}".format)
_STREETS = st.builds("{} {}".format, st.integers(1, 9999), st.sampled_from(STREET_NAMES))


def customers() -> st.SearchStrategy[JSON]:
    """``CustomerInput``: the shopper's name and e-mail, a phone number, or both."""
    return _CUSTOMERS


def lwa_tokens() -> st.SearchStrategy[str]:
    """A Login with Amazon access token as issued: ``Atza|`` and 16 to 400 opaque characters."""
    return _LWA_TOKENS


def sandbox_token(kind: str, suffix: int) -> str:
    """The sandbox mock token of ``kind`` number ``suffix``, encoded as published."""
    payload = {"type": kind, "value": f"sandbox-mocked-test-{suffix}"}
    return base64.b64encode(json.dumps(payload).encode()).decode()


@functools.cache
def sandbox_tokens(kind: str) -> st.SearchStrategy[str]:
    """A sandbox mock token as published: base64 of ``{"type": kind, "value": "sandbox-..."}``."""
    return st.integers(0, 10**6).map(lambda suffix: sandbox_token(kind, suffix))


def _session(value: str, external: str) -> JSON:
    return {"apayCheckoutSessionId": {"value": value, "externalId": external}}


_IDENTITIES = st.one_of(
    (_LWA_TOKENS | sandbox_tokens("ACCESS_TOKEN")).map(
        lambda token: {"lwaAccessToken": {"value": token}}
    ),
    st.builds(
        _session,
        _opaque_texts(1, 256) | sandbox_tokens("CHECKOUT_SESSION_ID"),
        _opaque_texts(1, 512),
    ),
    _LWA_TOKENS.map(lambda token: {"idPToken": token}),
)


def shopper_identities() -> st.SearchStrategy[JSON]:
    """``IdentityTokenInput`` with one valid token: LWA, Amazon Pay, or the deprecated idPToken."""
    return _IDENTITIES


_ALIAS_KINDS = st.sampled_from(["EXTERNAL_ID", "EXTERNAL_DISPLAY_ID", "OMS_ORDER_ID"])


@functools.cache
def alias_lists(prefix: str, min_size: int = 0, max_size: int = 5) -> st.SearchStrategy[list[JSON]]:
    """Distinct aliases whose IDs start with ``prefix`` (types as the API's examples use)."""
    pairs = st.tuples(_ALIAS_KINDS, st.integers(0, 99_999))
    return st.lists(pairs, min_size=min_size, max_size=max_size, unique=True).map(
        lambda found: [{"aliasType": kind, "aliasId": f"{prefix}{n}"} for kind, n in found]
    )


_LINK = st.fixed_dictionaries(
    {
        "destinationType": st.sampled_from(
            [
                "EXTERNAL_ORDER_MANAGEMENT",
                "EXTERNAL_ORDER_TRACKING",
                "BWP_STOREFRONT",
                "AMAZON_STOREFRONT",
            ]
        ),
        "url": st.integers(0, 99_999).map("https://shop.example.com/orders/{}".format),
    },
    optional={"displayMessage": st.sampled_from(["Manage your order", "Track it"])},
)


@functools.cache
def order_links(min_size: int = 0, max_size: int = 5) -> st.SearchStrategy[list[JSON]]:
    """Order links: a known destination type, an https URL, sometimes a display message."""
    return st.lists(_LINK, min_size=min_size, max_size=max_size)


def _usd(cents: int) -> JSON:
    return {"amount": f"{cents // 100}.{cents % 100:02d}", "currencyCode": "USD"}


@functools.cache
def money(low: int = 1, high: int = 500) -> st.SearchStrategy[JSON]:
    """A USD amount with cents, as a string the way the API's examples send it."""
    return st.integers(low * 100, high * 100).map(_usd)
