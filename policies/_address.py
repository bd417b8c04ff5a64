"""What the createOrder rules know about addresses, phone numbers and e-mail addresses.

The form of a US shipping address (reference §5: Buy with Prime ships to the US only, not to
the territories or military regions), of a phone number (7 to 15 digits, as E.164 allows, with
the usual punctuation) and of an e-mail address; and how two addresses are compared (case and
spacing ignored, the recipient's name not compared).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from orderguard.api.models import Address, Contact
from orderguard.api.schema import COUNTRY_CODE, US_ZIP

NOT_SHIPPED_TO = frozenset({"AS", "FM", "GU", "MH", "MP", "PR", "PW", "VI", "AA", "AE", "AP"})
"""US territories and military regions: Buy with Prime does not deliver there."""
REQUIRED_FIELDS = ("name", "street_address", "locality", "region", "country_code", "postal_code")
"""The ``AddressInput`` fields every shipping address fills."""
COMPARED_FIELDS = (
    "street_address",
    "extended_address",
    "locality",
    "region",
    "country_code",
    "postal_code",
)
"""The fields two addresses are compared on (the recipient's name is not one)."""

_PHONE = re.compile(r"(?=(?:[^0-9]*[0-9]){7,15}[^0-9]*\Z)\+?[(]?[0-9][0-9 ().\-]*")
"""The usual punctuation around 7 to 15 digits (the lookahead counts them)."""
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")


def camel(name: str) -> str:
    """``street_address`` -> ``streetAddress``: the API's spelling of a model field."""
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def address_problems(address: Address) -> Iterator[tuple[str, str, str]]:
    """(field, problem, expected) for each thing wrong with a US shipping address."""
    for field in REQUIRED_FIELDS:
        if not (getattr(address, field) or "").strip():
            yield field, "is missing", "a non-empty value"
    country = (address.country_code or "").strip()
    if country and country != "US":  # "US" is a two-letter code: no need to ask the regex
        yield "country_code", *_country_problem(country)
    region = (address.region or "").strip().upper()
    if region in NOT_SHIPPED_TO:
        yield "region", f"{region!r} is a US territory or military region", "a US state"
    postal = (address.postal_code or "").strip()
    if postal and country == "US" and not US_ZIP.fits(postal):
        yield "postal_code", f"{postal!r} is not a US ZIP code", US_ZIP.expected


def _country_problem(country: str) -> tuple[str, str]:
    """(problem, expected) for a country code other than ``US``."""
    upper = country.upper()
    if upper != country and COUNTRY_CODE.fits(upper):
        return f"{country!r} must be upper case", upper
    if not COUNTRY_CODE.fits(country):
        return f"{country!r} is not a two-letter code", COUNTRY_CODE.expected
    return f"{country!r}: Buy with Prime ships to the US only", "US"


def bad_phone(number: str) -> bool:
    """Whether ``number`` is not a plausible phone number (7 to 15 digits, usual punctuation)."""
    return not _PHONE.fullmatch(number.strip())


def bad_email(email: str) -> bool:
    """Whether ``email`` is not of the form ``name@domain.tld``."""
    return not _EMAIL.fullmatch(email.strip())


def contact_problems(contact: Contact | None) -> Iterator[tuple[str, str, str | None]]:
    """(path, problem, found) for each thing wrong with the customer's contact details."""
    base = "input.customer.contact"
    email = contact.email_data.email if contact and contact.email_data else None
    phone = contact.phone_number if contact else None
    if email is None and phone is None:
        yield base, "the customer has no e-mail address or phone number", None
    if email is not None and bad_email(email):
        yield f"{base}.emailData.email", f"{email!r} is not an e-mail address", email
    if phone is not None and bad_phone(phone):
        yield f"{base}.phoneNumber", f"{phone!r} is not a phone number", phone


def _normal(value: str | None) -> str:
    """A field's value as compared: case-folded, whitespace collapsed."""
    return " ".join((value or "").casefold().split())


def _differs(given: str | None, reference: str | None) -> bool:
    """Whether a field set in the reference has another value (exact matches decided fast)."""
    return bool(reference) and given != reference and _normal(given) != _normal(reference)


def address_differences(given: Address, reference: Address) -> list[str]:
    """The fields ``reference`` sets that ``given`` has with another value (name ignored)."""
    return [
        field
        for field in COMPARED_FIELDS
        if _differs(getattr(given, field), getattr(reference, field))
    ]
