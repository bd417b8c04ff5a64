"""createOrder rules decided from the request alone: quantities, item data, address, contacts.

"Prime lines" are lines asking for Prime delivery by Amazon (``DeliveryOffer.is_prime``); the
unit caps count ``amount.value`` over them, and on 2024-11-01 separately over the other lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

import attrs

from orderguard.api import Address, Product
from orderguard.errors import Violation
from orderguard.policies._rule import CREATE, CheckedRequest, FunctionRule, LineView, Rule, RuleBase

_US_TERRITORIES_AND_MILITARY = frozenset(
    {"AS", "FM", "GU", "MH", "MP", "PR", "PW", "VI", "AA", "AE", "AP"}
)
_REQUIRED_ADDRESS_FIELDS = (
    "name",
    "street_address",
    "locality",
    "region",
    "country_code",
    "postal_code",
)
_COUNTRY = re.compile(r"[A-Z]{2}")
_US_ZIP = re.compile(r"\d{5}(-\d{4})?")
_PHONE = re.compile(r"\+?[(]?[0-9][0-9 ().\-]*")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")


def _camel(name: str) -> str:
    """``street_address`` -> ``streetAddress``: the API's spelling of a model field."""
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _units(lines: tuple[LineView, ...]) -> tuple[Decimal, Decimal]:
    """Total quantity over the Prime lines and over the other lines."""
    prime = other = Decimal(0)
    for line in lines:
        if line.prime:
            prime += line.item.amount.value
        else:
            other += line.item.amount.value
    return prime, other


@attrs.frozen(slots=True, repr=False)
class _MaxOrderUnits(RuleBase):
    name = "max_order_units"
    operations = CREATE
    prime: int
    other: int | None

    def __call__(self, request: CheckedRequest) -> Iterator[Violation]:
        prime_units, other_units = _units(request.lines)
        for units, limit, kind in (
            (prime_units, self.prime, "Prime"),
            (other_units, self.other, "non-Prime"),
        ):
            if limit is not None and units > limit:
                yield request.violation(
                    "OrderQuantityLimitExceeded",
                    "input.lineItems",
                    f"the {kind} lines add up to {units} units; a cart holds at most {limit}",
                    expected=f"at most {limit} {kind} units",
                    found=units,
                )


def max_order_units(prime: int = 20, other: int | None = 20) -> Rule:
    """At most ``prime`` units on Prime lines and ``other`` (``None``: no cap) on the rest."""
    return _MaxOrderUnits(prime, other)


def _missing_item_attributes(product: Product | None) -> list[str]:
    """The product fields an Amazon-fulfilled line lacks, as paths below the line."""
    if product is None:
        return ["product"]
    missing = []
    if not product.title or product.title.isspace():
        missing.append("product.title")
    if product.price is None:
        missing.append("product.price")
    if product.identifier is None or not product.identifier.value:
        missing.append("product.identifier")
    return missing


def _item_attributes(request: CheckedRequest) -> Iterator[Violation]:
    for line in request.lines:
        for field in _missing_item_attributes(line.item.product) if line.amazon else ():
            yield request.violation(
                "MissingItemAttributes",
                f"{line.path}.{field}",
                f"an Amazon-fulfilled line needs {field}",
                expected="product title, price and identifier",
                found="missing",
            )


def item_attributes() -> Rule:
    """Every Amazon-fulfilled line names its product: title, price and identifier."""
    return FunctionRule("item_attributes", CREATE, _item_attributes)


def _prime_offer_ids(request: CheckedRequest) -> Iterator[Violation]:
    for line in request.lines:
        details = line.item.selected_delivery_offer.details
        if not line.prime or details is None or (details.id and details.delivery_preview_id):
            continue
        ids = (("id", details.id), ("deliveryPreviewId", details.delivery_preview_id))
        for field, value in ids:
            if not value:
                yield request.violation(
                    "SchemaError",
                    f"{line.path}.selectedDeliveryOffer.details.{field}",
                    f"Prime delivery by Amazon requires {field} from the deliveryPreview",
                    expected=f"the deliveryPreview's {field}",
                    found="missing",
                )


def prime_offer_ids() -> Rule:
    """A Prime line by Amazon carries the delivery preview's offer ID and preview ID."""
    return FunctionRule("prime_offer_ids", CREATE, _prime_offer_ids)


def _address_problems(address: Address) -> Iterator[tuple[str, str, str]]:
    """(field, problem, expected) for each thing wrong with a US shipping address."""
    for field in _REQUIRED_ADDRESS_FIELDS:
        if not (getattr(address, field) or "").strip():
            yield field, "is missing", "a non-empty value"
    country = (address.country_code or "").strip()
    if country and not _COUNTRY.fullmatch(country):
        yield "country_code", f"{country!r} is not a two-letter code", "ISO 3166 alpha-2, e.g. US"
    elif country and country != "US":
        yield "country_code", f"{country!r}: Buy with Prime ships to the US only", "US"
    region = (address.region or "").strip().upper()
    if region in _US_TERRITORIES_AND_MILITARY:
        yield "region", f"{region!r} is a US territory or military region", "a US state"
    postal = (address.postal_code or "").strip()
    if postal and country == "US" and not _US_ZIP.fullmatch(postal):
        yield "postal_code", f"{postal!r} is not a US ZIP code", "12345 or 12345-6789"


def _recipient_address(request: CheckedRequest) -> Iterator[Violation]:
    order = request.create
    address = order.recipient.delivery_address if order.recipient else None
    base = "input.recipient.deliveryAddress"
    if address is None:
        if any(line.amazon for line in request.lines):
            yield request.violation(
                "InvalidRecipientAddressInput",
                base,
                "Amazon-fulfilled lines need the recipient's delivery address",
                expected="a US delivery address",
                found="missing",
            )
        return
    for field, problem, expected in _address_problems(address):
        yield request.violation(
            "InvalidRecipientAddressInput",
            f"{base}.{_camel(field)}",
            f"{_camel(field)} {problem}",
            expected=expected,
            found=getattr(address, field) or "missing",
        )


def recipient_address() -> Rule:
    """The recipient's address is complete, in the US (no territories) with a valid ZIP code."""
    return FunctionRule("recipient_address", CREATE, _recipient_address)


def _bad_phone(number: str) -> bool:
    """Whether ``number`` is not a plausible phone number (7 to 15 digits, usual punctuation)."""
    digits = sum(map(str.isdigit, number))
    return not (_PHONE.fullmatch(number.strip()) and 7 <= digits <= 15)


def _recipient_contact(request: CheckedRequest) -> Iterator[Violation]:
    recipient = request.create.recipient
    address = recipient.delivery_address if recipient else None
    number = address.contact_number if address else None
    if number is not None and _bad_phone(number):
        yield request.violation(
            "InvalidRecipientContactInput",
            "input.recipient.deliveryAddress.contactNumber",
            f"{number!r} is not a phone number",
            expected="7 to 15 digits, optionally with +, spaces, dashes or parentheses",
            found=number,
        )


def recipient_contact() -> Rule:
    """The recipient's contact number, when given, is a plausible phone number."""
    return FunctionRule("recipient_contact", CREATE, _recipient_contact)


def _shopper_contact_problems(request: CheckedRequest) -> Iterator[tuple[str, str, str | None]]:
    """(path, problem, found) for each thing wrong with the customer's contact details."""
    contact = request.create.customer.contact
    base = "input.customer.contact"
    email = contact.email_data.email if contact and contact.email_data else None
    phone = contact.phone_number if contact else None
    if email is None and phone is None:
        yield base, "the customer has no e-mail address or phone number", None
    if email is not None and not _EMAIL.fullmatch(email.strip()):
        yield f"{base}.emailData.email", f"{email!r} is not an e-mail address", email
    if phone is not None and _bad_phone(phone):
        yield f"{base}.phoneNumber", f"{phone!r} is not a phone number", phone


def _shopper_contact(request: CheckedRequest) -> Iterator[Violation]:
    for path, problem, found in _shopper_contact_problems(request):
        yield request.violation(
            "InvalidShopperContactInput",
            path,
            problem,
            expected="a well-formed e-mail address or phone number",
            found=found or "missing",
        )


def shopper_contact() -> Rule:
    """The customer can be reached: a well-formed e-mail address or phone number."""
    return FunctionRule("shopper_contact", CREATE, _shopper_contact)
