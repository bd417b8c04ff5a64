"""createOrder rules: the lines, the address and contacts, the shopper's identity, the context.

"Prime lines" are lines asking for Prime delivery by Amazon (``CheckedRequest.lines``); the unit
caps count ``amount.value`` over them, and on 2024-11-01 separately over the other lines. Rules
about the shopper's identity read ``_tokens``; address and contact forms are in ``_address``.
The rules against what the merchant knows (``preview_address``, ``known_address``,
``preview_offers``, ``inventory``, ``token_expiry``, ``prime_membership``) need one fact of the
``Context`` each and do not fire without it; see ``_preview`` for the comparisons.

Decisions where the reference is silent (GAP), each pinned by ``tests/policies/test_fidelity.py``:

- "20 items" counts units, not lines (§5, §12.3): ``max_order_units``.
- A request without any line, and (2024-04-01, whose ``LineItemInput`` requires ``product``) a
  line without a product, misfit the input schema: ``SchemaError`` from
  ``required_line_fields``; so does a non-Prime Amazon line without ``deliverySpeed`` (§6.7
  names the field, no code). On 2024-11-01 ``product`` is optional, so an Amazon line without
  one is the API's ``MissingItemAttributes``.
- An address field has no documented length limit (§5): only every string's bound applies
  (``orderguard.api``'s ``MAX_TEXT``, enforced by the input schema).
- A ``shopperIdentity`` without any token is ``InvalidIdpToken``; whether it matches the
  identity the delivery preview used (§6.6, cut off) is not checked: the context carries no
  preview identity.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal

import attrs

from orderguard.api.models import LineItem, Product
from orderguard.errors import Violation
from orderguard.policies import _preview as preview
from orderguard.policies import _tokens as tokens
from orderguard.policies._address import address_problems, bad_phone, camel, contact_problems
from orderguard.policies._rule import (
    CREATE,
    NEEDS_CONTEXT,
    CheckedRequest,
    FunctionRule,
    LineView,
    Rule,
    RuleBase,
    RuleEntry,
)

_DETAILS = "selectedDeliveryOffer.details"


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

    def __call__(self, request: CheckedRequest) -> Iterable[Violation]:
        prime_units, other_units = _units(request.lines)
        if prime_units <= self.prime and (self.other is None or other_units <= self.other):
            return ()
        return self._violations(request, prime_units, other_units)

    def _violations(
        self, request: CheckedRequest, prime_units: Decimal, other_units: Decimal
    ) -> Iterator[Violation]:
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


def _misfit(request: CheckedRequest, path: str, message: str, expected: str) -> Violation:
    return request.violation("SchemaError", path, message, expected=expected, found="missing")


def _required_line_fields(request: CheckedRequest) -> Iterable[Violation]:
    need_product, lines = request.dialect.merchant_lines_need_product, request.lines
    suspects = [
        line
        for line in lines
        if (line.amazon and not line.prime) or (need_product and line.item.product is None)
    ]
    return _line_misfits(request, suspects) if suspects or not lines else ()


def _line_misfits(request: CheckedRequest, suspects: list[LineView]) -> Iterator[Violation]:
    """The misfits of the lines that lack a product or are Amazon's without Prime."""
    if not request.lines:
        yield _misfit(request, "input.lineItems", "an order needs a line", "at least one line")
    for line in suspects:
        if request.dialect.merchant_lines_need_product and line.item.product is None:
            message = f"every line names its product in {request.api_version}"
            yield _misfit(request, f"{line.path}.product", message, "the line's product")
        details = line.item.selected_delivery_offer.details
        terms = details.delivery_terms if details else None
        if line.amazon and not line.prime and not (terms and terms.delivery_speed):
            path = f"{line.path}.{_DETAILS}.deliveryTerms.deliverySpeed"
            message = "a line Amazon delivers without Prime says how fast"
            yield _misfit(request, path, message, "a deliverySpeed, e.g. STANDARD")


def required_line_fields() -> Rule:
    """At least one line; a product where the version requires one; a non-Prime line's speed."""
    return FunctionRule("required_line_fields", CREATE, _required_line_fields)


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


def _names_itself(product: Product | None) -> bool:
    """The usual case, decided with one look at each field: titled, priced and identified."""
    if product is None:
        return False
    title, identifier = product.title, product.identifier
    named = title and not title.isspace() and product.price is not None
    return bool(named and identifier is not None and identifier.value)


def _item_attributes(request: CheckedRequest) -> list[Violation]:
    lines = request.lines
    lacking = [line for line in lines if line.amazon and not _names_itself(line.item.product)]
    return _item_misfits(request, lacking) if lacking else []


def _item_misfits(request: CheckedRequest, lacking: list[LineView]) -> list[Violation]:
    """A violation per product field the Amazon lines ``lacking`` one leave out."""
    schema_requires_product = request.dialect.merchant_lines_need_product
    found = []
    for line in lacking:
        if schema_requires_product and line.item.product is None:
            continue  # a missing product is then the schema's to report
        for field in _missing_item_attributes(line.item.product):
            found.append(
                request.violation(
                    "MissingItemAttributes",
                    f"{line.path}.{field}",
                    f"an Amazon-fulfilled line needs {field}",
                    expected="product title, price and identifier",
                    found="missing",
                )
            )
    return found


def item_attributes() -> Rule:
    """Every Amazon-fulfilled line names its product: title, price and identifier."""
    return FunctionRule("item_attributes", CREATE, _item_attributes)


def _prime_offer_ids(request: CheckedRequest) -> Iterable[Violation]:
    lacking = [line for line in request.lines if line.prime and not _has_offer_ids(line.item)]
    return _offer_id_misfits(request, lacking) if lacking else ()


def _has_offer_ids(line: LineItem) -> bool:
    """Whether the line's offer carries both IDs the delivery preview gave (or no details)."""
    details = line.selected_delivery_offer.details
    return details is None or bool(details.id and details.delivery_preview_id)


def _offer_id_misfits(request: CheckedRequest, lacking: list[LineView]) -> Iterator[Violation]:
    """A misfit for each ID missing from the offers of the Prime lines ``lacking`` one."""
    for line in lacking:
        details = line.item.selected_delivery_offer.details
        if details is None:
            continue
        for field, value in (
            ("id", details.id),
            ("deliveryPreviewId", details.delivery_preview_id),
        ):
            if not value:
                message = f"Prime delivery by Amazon requires {field} from the deliveryPreview"
                path = f"{line.path}.{_DETAILS}.{field}"
                yield _misfit(request, path, message, f"the deliveryPreview's {field}")


def prime_offer_ids() -> Rule:
    """A Prime line by Amazon carries the delivery preview's offer ID and preview ID."""
    return FunctionRule("prime_offer_ids", CREATE, _prime_offer_ids)


def _recipient_address(request: CheckedRequest) -> Iterator[Violation]:
    base, address = "input.recipient.deliveryAddress", preview.recipient_address(request)
    if address is None and any(line.amazon for line in request.lines):
        yield request.violation(
            "InvalidRecipientAddressInput",
            base,
            "Amazon-fulfilled lines need the recipient's delivery address",
            expected="a US delivery address",
            found="missing",
        )
    for field, problem, expected in address_problems(address) if address else ():
        yield request.violation(
            "InvalidRecipientAddressInput",
            f"{base}.{camel(field)}",
            f"{camel(field)} {problem}",
            expected=expected,
            found=getattr(address, field) or "missing",
        )


def recipient_address() -> Rule:
    """The recipient's address is complete, in the US (no territories) with a valid ZIP code."""
    return FunctionRule("recipient_address", CREATE, _recipient_address)


def _recipient_contact(request: CheckedRequest) -> Iterator[Violation]:
    address = preview.recipient_address(request)
    number = address.contact_number if address else None
    if number is not None and bad_phone(number):
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


def _shopper_contact(request: CheckedRequest) -> Iterator[Violation]:
    for path, problem, found in contact_problems(request.create.customer.contact):
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


def identity_token() -> Rule:
    """The shopper's tokens and external IDs are non-empty, not too long, well-formed."""
    return FunctionRule("identity_token", CREATE, tokens.identity_violations)


def token_expiry() -> Rule:
    """The shopper's token has not expired (needs the context's expiry or acquisition time)."""
    return FunctionRule("token_expiry", CREATE, tokens.expiry_violations)


def prime_membership() -> Rule:
    """Prime lines only for a Prime member (needs the context's ``shopper_prime``)."""
    return FunctionRule("prime_membership", CREATE, preview.prime_violations)


def preview_address() -> Rule:
    """The recipient's address is the one the delivery preview was computed for."""
    return FunctionRule("preview_address", CREATE, preview.address_violations)


def known_address() -> Rule:
    """The recipient's address is one the shopper is known by (needs ``known_addresses``)."""
    return FunctionRule("known_address", CREATE, preview.known_address_violations)


def preview_offers() -> Rule:
    """Each Amazon line's offer, item and quantity are those of the current delivery preview."""
    return FunctionRule("preview_offers", CREATE, preview.offer_violations)


def inventory() -> Rule:
    """Amazon lines' items are in the catalog, Prime-enabled and in stock (per the context)."""
    return FunctionRule("inventory", CREATE, preview.stock_violations)


CREATE_RULES = (
    RuleEntry(
        max_order_units, ("OrderQuantityLimitExceeded",), ("max_prime_units", "max_non_prime_units")
    ),
    RuleEntry(required_line_fields, ("SchemaError",)),
    RuleEntry(item_attributes, ("MissingItemAttributes",)),
    RuleEntry(prime_offer_ids, ("SchemaError",)),
    RuleEntry(recipient_address, ("InvalidRecipientAddressInput",)),
    RuleEntry(recipient_contact, ("InvalidRecipientContactInput",)),
    RuleEntry(shopper_contact, ("InvalidShopperContactInput",)),
    RuleEntry(identity_token, ("InvalidIdpToken",)),
    RuleEntry(token_expiry, ("ExpiredIdpToken",), needs=NEEDS_CONTEXT),
    RuleEntry(prime_membership, ("ShopperNotPrime",), needs=NEEDS_CONTEXT),
    RuleEntry(preview_address, ("AddressMismatch",), needs=NEEDS_CONTEXT),
    RuleEntry(known_address, ("ShopperIdMismatch",), needs=NEEDS_CONTEXT),
    RuleEntry(
        preview_offers,
        ("StaleDeliveryOffer", "InvalidItemIdentifier", "SelectedQuantityNotAvailable"),
        needs=NEEDS_CONTEXT,
    ),
    RuleEntry(
        inventory,
        (
            "InvalidItemIdentifier",
            "ItemUnavailableWithPrime",
            "ItemOutOfStock",
            "ReduceQuantityToProceed",
        ),
        needs=NEEDS_CONTEXT,
    ),
)
"""Every createOrder rule, in the order the checker runs them."""
