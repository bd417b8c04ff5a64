"""createOrder against what the merchant knows: the delivery preview, addresses, inventory.

Each check needs one fact of the ``Context`` and finds nothing without it. Only Amazon-fulfilled
lines are compared: Amazon neither previews nor stocks the others. ``offer_violations`` needs
``delivery_preview`` (reference §6.1 to §6.4: the line's identifiers, quantity, preview ID and
offer ID are the preview's; §3.4: its offers expire), ``address_violations`` its address (§6.5);
``known_address_violations`` needs ``known_addresses``, ``prime_violations``
``shopper_prime``; ``stock_violations`` needs ``inventory`` and judges only the items it lists
(§6.12).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal

from orderguard.api.models import Address, LineItem
from orderguard.errors import Violation
from orderguard.policies._address import address_differences
from orderguard.policies._context import DeliveryPreview, InventoryItem
from orderguard.policies._rule import CheckedRequest, LineView

_NONE = Decimal(0)
_AT = "selectedDeliveryOffer.details"


def recipient_address(request: CheckedRequest) -> Address | None:
    """The createOrder recipient's delivery address, if given."""
    recipient = request.create.recipient
    return recipient.delivery_address if recipient else None


def _identifier(line: LineItem) -> str | None:
    """The line's SKU or product ID, if it names one."""
    product = line.product
    return product.identifier.value if product and product.identifier else None


def _stale(
    request: CheckedRequest, line: LineView, field: str, message: str, **facts: str
) -> Violation:
    path = f"{line.path}.{_AT}.{field}"
    return request.violation("StaleDeliveryOffer", path, message, facts["expected"], facts["found"])


def _offer_problems(
    request: CheckedRequest, line: LineView, preview: DeliveryPreview
) -> Iterator[Violation]:
    """How one Amazon line's chosen offer disagrees with the delivery preview."""
    details = line.item.selected_delivery_offer.details
    if details is None:
        return
    named = details.delivery_preview_id
    if named and named != preview.id:
        message = f"the line names delivery preview {named!r}, not {preview.id!r}"
        yield _stale(request, line, "deliveryPreviewId", message, expected=preview.id, found=named)
    offer = preview.offer(details.id) if details.id else None
    if details.id and offer is None:
        message = f"offer {details.id!r} is not one of the delivery preview's offers"
        expected = ", ".join(o.id for o in preview.offers) or "an offer of the preview"
        yield _stale(request, line, "id", message, expected=expected, found=details.id)
    if offer is not None and offer.expires_at is not None and offer.expires_at <= request.now:
        expired = offer.expires_at.isoformat()
        message = f"offer {offer.id!r} expired at {expired}"
        expected = f"an offer valid after {request.now.isoformat()}"
        yield _stale(request, line, "id", message, expected=expected, found=f"expired {expired}")
    item = _offer_item_violation(request, line, offer.items) if offer is not None else None
    if item is not None:
        yield item


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


def offer_violations(request: CheckedRequest) -> Iterator[Violation]:
    """Every Amazon line's disagreement with the context's delivery preview."""
    preview = request.context.delivery_preview if request.context else None
    if preview is None:
        return
    for line in request.lines:
        if line.amazon:
            yield from _offer_problems(request, line, preview)


def prime_violations(request: CheckedRequest) -> Iterator[Violation]:
    """Prime lines, if the context says the shopper is not a Prime member."""
    if request.context is None or request.context.shopper_prime is not False:
        return
    prime = [line.position for line in request.lines if line.prime]
    if prime:
        yield request.violation(
            "ShopperNotPrime",
            "input.shopperIdentity",
            f"the shopper is not a Prime member, yet lines {prime} ask for Prime delivery",
            expected="a Prime member's token, or no Prime lines",
            found="not a Prime member",
        )


def address_violations(request: CheckedRequest) -> Iterator[Violation]:
    """The recipient's address, if it is not the one the delivery preview was computed for."""
    preview = request.context.delivery_preview if request.context else None
    address = recipient_address(request)
    if preview is None or preview.address is None or address is None:
        return
    differences = address_differences(address, preview.address)
    if differences:
        yield request.violation(
            "AddressMismatch",
            "input.recipient.deliveryAddress",
            f"the address differs from the delivery preview's in {', '.join(differences)}",
            expected="the delivery preview's address",
            found=", ".join(f"{f}={getattr(address, f)!r}" for f in differences),
        )


def known_address_violations(request: CheckedRequest) -> Iterator[Violation]:
    """The recipient's address, if it is none of the addresses the shopper is known by."""
    known = request.context.known_addresses if request.context else ()
    address = recipient_address(request)
    if known and address and all(address_differences(address, other) for other in known):
        yield request.violation(
            "ShopperIdMismatch",
            "input.recipient.deliveryAddress",
            "the address is none of the shopper's known addresses",
            expected=f"one of the shopper's {len(known)} known addresses",
            found=f"{address.street_address}, {address.postal_code}",
        )


def _stock_violation(
    request: CheckedRequest, line: LineView, item: InventoryItem, identifier: str, total: Decimal
) -> Violation | None:
    """What the inventory says against one line, given the units requested so far."""
    at = f"{line.path}.product.identifier"
    if item.in_catalog is False:
        message = f"{identifier!r} is not in the catalog"
        return request.violation(
            "InvalidItemIdentifier", at, message, "an item of the catalog", identifier
        )
    if item.prime_enabled is False:
        message = f"{identifier!r} is not enabled for Buy with Prime"
        expected = "a Buy with Prime-enabled item"
        return request.violation("ItemUnavailableWithPrime", at, message, expected, identifier)
    if item.available == 0:
        message = f"{identifier!r} is out of stock"
        return request.violation(
            "ItemOutOfStock", line.path, message, "an item in stock", "0 available"
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


def stock_violations(request: CheckedRequest) -> Iterator[Violation]:
    """Every Amazon line's item the context's inventory cannot supply, counting repeats."""
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
