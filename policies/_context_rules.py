"""createOrder rules against what the merchant knows: delivery preview, addresses, inventory.

Each rule needs one fact of the ``Context`` and does not fire without it:
``preview_address`` and ``preview_offers`` need ``delivery_preview``, ``known_address`` needs
``known_addresses``, ``inventory`` needs ``inventory`` (and only judges the items it lists).
Only Amazon-fulfilled lines are compared: Amazon neither previews nor stocks the others.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal

from orderguard.api import Address, LineItem
from orderguard.errors import Violation
from orderguard.policies._context import DeliveryPreview, InventoryItem
from orderguard.policies._rule import CREATE, CheckedRequest, FunctionRule, LineView, Rule

_COMPARED_FIELDS = (
    "street_address",
    "extended_address",
    "locality",
    "region",
    "country_code",
    "postal_code",
)


def _normal(value: str | None) -> str:
    """A field's value as compared: case-folded, whitespace collapsed."""
    return " ".join((value or "").casefold().split())


def _address_differences(given: Address, reference: Address) -> list[str]:
    """The fields ``reference`` sets that ``given`` has with another value (name ignored)."""
    return [
        field
        for field in _COMPARED_FIELDS
        if getattr(reference, field)
        and _normal(getattr(given, field)) != _normal(getattr(reference, field))
    ]


def _recipient_address(request: CheckedRequest) -> Address | None:
    recipient = request.create.recipient
    return recipient.delivery_address if recipient else None


def _preview_address(request: CheckedRequest) -> Iterator[Violation]:
    preview = request.context.delivery_preview if request.context else None
    address = _recipient_address(request)
    if preview is None or preview.address is None or address is None:
        return
    differences = _address_differences(address, preview.address)
    if differences:
        yield request.violation(
            "AddressMismatch",
            "input.recipient.deliveryAddress",
            f"the address differs from the delivery preview's in {', '.join(differences)}",
            expected="the delivery preview's address",
            found=", ".join(f"{f}={getattr(address, f)!r}" for f in differences),
        )


def preview_address() -> Rule:
    """The recipient's address is the one the delivery preview was computed for."""
    return FunctionRule("preview_address", CREATE, _preview_address)


def _known_address(request: CheckedRequest) -> Iterator[Violation]:
    known = request.context.known_addresses if request.context else ()
    address = _recipient_address(request)
    if not known or address is None:
        return
    if all(_address_differences(address, reference) for reference in known):
        yield request.violation(
            "ShopperIdMismatch",
            "input.recipient.deliveryAddress",
            "the address is none of the shopper's known addresses",
            expected=f"one of the shopper's {len(known)} known addresses",
            found=f"{address.street_address}, {address.postal_code}",
        )


def known_address() -> Rule:
    """The recipient's address is one the shopper is known by (needs ``known_addresses``)."""
    return FunctionRule("known_address", CREATE, _known_address)


def _identifier(line: LineItem) -> str | None:
    """The line's SKU or product ID, if it names one."""
    product = line.product
    return product.identifier.value if product and product.identifier else None


def _offer_violations(
    request: CheckedRequest, line: LineView, preview: DeliveryPreview
) -> Iterator[Violation]:
    """How one Amazon line's chosen offer disagrees with the delivery preview."""
    details = line.item.selected_delivery_offer.details
    if details is None:
        return
    at = f"{line.path}.selectedDeliveryOffer.details"
    if details.delivery_preview_id and details.delivery_preview_id != preview.id:
        yield request.violation(
            "StaleDeliveryOffer",
            f"{at}.deliveryPreviewId",
            f"the line names delivery preview {details.delivery_preview_id!r}, not {preview.id!r}",
            expected=preview.id,
            found=details.delivery_preview_id,
        )
    offer = preview.offer(details.id) if details.id else None
    if details.id and offer is None:
        yield request.violation(
            "StaleDeliveryOffer",
            f"{at}.id",
            f"offer {details.id!r} is not one of the delivery preview's offers",
            expected=", ".join(o.id for o in preview.offers) or "an offer of the preview",
            found=details.id,
        )
    if offer is None:
        return
    if offer.expires_at is not None and offer.expires_at <= request.now:
        yield request.violation(
            "StaleDeliveryOffer",
            f"{at}.id",
            f"offer {offer.id!r} expired at {offer.expires_at.isoformat()}",
            expected=f"an offer valid after {request.now.isoformat()}",
            found=f"expired {offer.expires_at.isoformat()}",
        )
    yield from _offer_item_violations(request, line, offer.items)


def _offer_item_violations(
    request: CheckedRequest, line: LineView, items: Mapping[str, Decimal]
) -> Iterator[Violation]:
    """The line's item and quantity against those the chosen offer was computed for."""
    identifier, quantity_asked = _identifier(line.item), line.item.amount.value
    if identifier is None or not items:
        return
    quantity = items.get(identifier)
    if quantity is None:
        yield request.violation(
            "InvalidItemIdentifier",
            f"{line.path}.product.identifier",
            f"item {identifier!r} is not an item of the chosen delivery offer",
            expected=", ".join(items),
            found=identifier,
        )
    elif quantity != quantity_asked:
        yield request.violation(
            "SelectedQuantityNotAvailable",
            f"{line.path}.amount.value",
            f"the offer was computed for {quantity} of {identifier!r}, the line asks for "
            f"{quantity_asked}",
            expected=quantity,
            found=quantity_asked,
        )


def _preview_offers(request: CheckedRequest) -> Iterator[Violation]:
    preview = request.context.delivery_preview if request.context else None
    if preview is None:
        return
    for line in request.lines:
        if line.amazon:
            yield from _offer_violations(request, line, preview)


def preview_offers() -> Rule:
    """Each Amazon line's offer, item and quantity are those of the current delivery preview."""
    return FunctionRule("preview_offers", CREATE, _preview_offers)


def _stock_violation(
    request: CheckedRequest, base: str, item: InventoryItem, identifier: str, total: Decimal
) -> Violation | None:
    """What the inventory says against one line, given the units requested so far."""
    at = f"{base}.product.identifier"
    if item.in_catalog is False:
        return request.violation(
            "InvalidItemIdentifier",
            at,
            f"{identifier!r} is not in the catalog",
            expected="an item of the catalog",
            found=identifier,
        )
    if item.prime_enabled is False:
        return request.violation(
            "ItemUnavailableWithPrime",
            at,
            f"{identifier!r} is not enabled for Buy with Prime",
            expected="a Buy with Prime-enabled item",
            found=identifier,
        )
    if item.available == 0:
        return request.violation(
            "ItemOutOfStock",
            base,
            f"{identifier!r} is out of stock",
            expected="an item in stock",
            found="0 available",
        )
    if item.available is not None and total > item.available:
        return request.violation(
            "ReduceQuantityToProceed",
            f"{base}.amount.value",
            f"{total} units of {identifier!r} requested, {item.available} in stock",
            expected=f"at most {item.available}",
            found=total,
        )
    return None


def _inventory(request: CheckedRequest) -> Iterator[Violation]:
    inventory = request.context.inventory if request.context else None
    if not inventory:
        return
    requested: dict[str, Decimal] = {}
    for line in request.lines:
        identifier = _identifier(line.item) if line.amazon else None
        item = inventory.get(identifier) if identifier is not None else None
        if item is None or identifier is None:
            continue
        total = requested.get(identifier, Decimal(0)) + line.item.amount.value
        requested[identifier] = total
        found = _stock_violation(request, line.path, item, identifier, total)
        if found is not None:
            yield found


def inventory() -> Rule:
    """Amazon lines' items are in the catalog, Prime-enabled and in stock (per the context)."""
    return FunctionRule("inventory", CREATE, _inventory)
