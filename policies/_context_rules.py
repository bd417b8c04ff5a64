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

_NONE = Decimal(0)
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


def _differs(given: str | None, reference: str | None) -> bool:
    """Whether a field set in the reference has another value (exact matches decided fast)."""
    return bool(reference) and given != reference and _normal(given) != _normal(reference)


def _address_differences(given: Address, reference: Address) -> list[str]:
    """The fields ``reference`` sets that ``given`` has with another value (name ignored)."""
    return [
        field
        for field in _COMPARED_FIELDS
        if _differs(getattr(given, field), getattr(reference, field))
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
) -> list[Violation]:
    """How one Amazon line's chosen offer disagrees with the delivery preview."""
    details = line.item.selected_delivery_offer.details
    found: list[Violation] = []
    if details is None:
        return found
    at = "selectedDeliveryOffer.details"
    if details.delivery_preview_id and details.delivery_preview_id != preview.id:
        found.append(
            request.violation(
                "StaleDeliveryOffer",
                f"{line.path}.{at}.deliveryPreviewId",
                f"the line names delivery preview {details.delivery_preview_id!r}, "
                f"not {preview.id!r}",
                expected=preview.id,
                found=details.delivery_preview_id,
            )
        )
    offer = preview.offer(details.id) if details.id else None
    if details.id and offer is None:
        found.append(
            request.violation(
                "StaleDeliveryOffer",
                f"{line.path}.{at}.id",
                f"offer {details.id!r} is not one of the delivery preview's offers",
                expected=", ".join(o.id for o in preview.offers) or "an offer of the preview",
                found=details.id,
            )
        )
    if offer is not None and offer.expires_at is not None and offer.expires_at <= request.now:
        found.append(
            request.violation(
                "StaleDeliveryOffer",
                f"{line.path}.{at}.id",
                f"offer {offer.id!r} expired at {offer.expires_at.isoformat()}",
                expected=f"an offer valid after {request.now.isoformat()}",
                found=f"expired {offer.expires_at.isoformat()}",
            )
        )
    item = _offer_item_violation(request, line, offer.items) if offer is not None else None
    return found if item is None else [*found, item]


def _offer_item_violation(
    request: CheckedRequest, line: LineView, items: Mapping[str, Decimal]
) -> Violation | None:
    """The line's item and quantity against those the chosen offer was computed for."""
    identifier, asked = _identifier(line.item), line.item.amount.value
    quantity = items.get(identifier) if identifier is not None else None
    if identifier is None or not items or quantity == asked:
        return None
    if quantity is None:
        return request.violation(
            "InvalidItemIdentifier",
            f"{line.path}.product.identifier",
            f"item {identifier!r} is not an item of the chosen delivery offer",
            expected=", ".join(items),
            found=identifier,
        )
    return request.violation(
        "SelectedQuantityNotAvailable",
        f"{line.path}.amount.value",
        f"the offer was computed for {quantity} of {identifier!r}, the line asks for {asked}",
        expected=quantity,
        found=asked,
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
    request: CheckedRequest, line: LineView, item: InventoryItem, identifier: str, total: Decimal
) -> Violation | None:
    """What the inventory says against one line, given the units requested so far."""
    if item.in_catalog is False:
        return request.violation(
            "InvalidItemIdentifier",
            f"{line.path}.product.identifier",
            f"{identifier!r} is not in the catalog",
            expected="an item of the catalog",
            found=identifier,
        )
    if item.prime_enabled is False:
        return request.violation(
            "ItemUnavailableWithPrime",
            f"{line.path}.product.identifier",
            f"{identifier!r} is not enabled for Buy with Prime",
            expected="a Buy with Prime-enabled item",
            found=identifier,
        )
    if item.available == 0:
        return request.violation(
            "ItemOutOfStock",
            line.path,
            f"{identifier!r} is out of stock",
            expected="an item in stock",
            found="0 available",
        )
    if item.available is not None and total > item.available:
        return request.violation(
            "ReduceQuantityToProceed",
            f"{line.path}.amount.value",
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
        total = requested.get(identifier, _NONE) + line.item.amount.value
        requested[identifier] = total
        found = _stock_violation(request, line, item, identifier, total)
        if found is not None:
            yield found


def inventory() -> Rule:
    """Amazon lines' items are in the catalog, Prime-enabled and in stock (per the context)."""
    return FunctionRule("inventory", CREATE, _inventory)
