"""The input types of a createOrder line: quantity, product, delivery offer, client details.

Fields whose absence the API reports with a specific error code (a missing title or price, a
Prime line's offer IDs) are optional here, so the policy checker reports them with that code.
"""

from typing import Self

from pydantic import model_validator

from orderguard.api._base import InputModel
from orderguard.api._scalars import (
    InputBoolean,
    InputString,
    JsonObject,
    JsonValue,
    Quantity,
)
from orderguard.api._values import AliasInput, MoneyInput, PaymentsInput, TaxesInput
from orderguard.enums import DeliveryProvider

_AMAZON = DeliveryProvider.AMAZON


class Amount(InputModel):
    """``AmountInput``: a line's quantity."""

    graphql_type = "AmountInput"

    value: Quantity
    unit: InputString | None = None


class ProductIdentifier(InputModel):
    """``ProductIdentifierInput``: the SKU or product ID of an item."""

    graphql_type = "ProductIdentifierInput"

    sku: InputString | None = None
    product_id: InputString | None = None

    @property
    def value(self) -> str | None:
        """The identifier the catalog knows the item by (SKU first)."""
        return self.sku or self.product_id


class GroupProduct(InputModel):
    """The bundle a product belongs to, by identifier (§9.1 example; type name GAP)."""

    graphql_type = "PurchaseGroupProductInput"

    identifier: ProductIdentifier | None = None


class PurchaseGroupMembership(InputModel):
    """``purchaseGroupMembership``: the product is part of a bundle (§9.1 example)."""

    graphql_type = "PurchaseGroupMembershipInput"

    product: GroupProduct | None = None


class Product(InputModel):
    """``PurchasedProductViewInput``: what was bought (GAP: variant fields not captured)."""

    graphql_type = "PurchasedProductViewInput"

    identifier: ProductIdentifier | None = None
    title: InputString | None = None
    price: MoneyInput | None = None
    purchase_group_membership: PurchaseGroupMembership | None = None


class DeliveryTerms(InputModel):
    """``DeliveryTermsInput``: Prime or not, and the speed (2024-11-01)."""

    graphql_type = "DeliveryTermsInput"

    is_prime_eligible: InputBoolean | None = None
    delivery_speed: InputString | None = None


class DeliveryOfferDetails(InputModel):
    """``DeliveryOfferDetailsInput``; the provider is read as AMAZON or MERCHANT.

    ``deliveryFor`` and ``discounts`` are open (GAP: their types were not captured).
    """

    graphql_type = "DeliveryOfferDetailsInput"

    delivery_provider: DeliveryProvider
    delivery_terms: DeliveryTerms | None = None
    id: InputString | None = None
    delivery_preview_id: InputString | None = None
    delivery_charge: MoneyInput | None = None
    delivery_for: JsonValue = None
    discounts: JsonObject | None = None


class DeliveryOffer(InputModel):
    """``DeliveryOfferInput``: ``details`` or ``summary`` (open, GAP), never both."""

    graphql_type = "DeliveryOfferInput"

    details: DeliveryOfferDetails | None = None
    summary: JsonObject | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Self:
        if (self.details is None) == (self.summary is None):
            raise ValueError("give exactly one of 'details' or 'summary'")
        return self

    @property
    def is_amazon(self) -> bool:
        """Whether Amazon (Buy with Prime) fulfils the line."""
        details = self.details
        return details is not None and details.delivery_provider is _AMAZON

    @property
    def is_prime(self) -> bool:
        """Whether the line asks for Prime delivery (Amazon-fulfilled and not opted out)."""
        details = self.details
        if details is None or details.delivery_provider is not _AMAZON:
            return False
        terms = details.delivery_terms
        return terms is None or terms.is_prime_eligible is not False


class BrowserFingerprint(InputModel):
    """``browserFingerprint`` of ``clientDetails``."""

    graphql_type = "BrowserFingerprintInput"

    browser_platform: InputString | None = None
    browser_type: InputString | None = None
    browser_version: InputString | None = None
    browser_timezone: InputString | None = None


class IpFingerprint(InputModel):
    """``ipFingerprint`` of ``clientDetails``."""

    graphql_type = "IpFingerprintInput"

    ip_address: InputString | None = None


class StoreFingerprint(InputModel):
    """``storeFingerprint`` of ``clientDetails``."""

    graphql_type = "StoreFingerprintInput"

    store_url: InputString | None = None


class ClientDetails(InputModel):
    """``ClientDetailsInput``: browser, IP and store fingerprints (§3.2)."""

    graphql_type = "ClientDetailsInput"

    browser_fingerprint: BrowserFingerprint | None = None
    ip_fingerprint: IpFingerprint | None = None
    store_fingerprint: StoreFingerprint | None = None


class LineItem(InputModel):
    """``LineItemInput``: one line of a new order (line-level ``discounts`` open, GAP)."""

    graphql_type = "LineItemInput"

    amount: Amount
    selected_delivery_offer: DeliveryOffer
    product: Product | None = None
    aliases: list[AliasInput] | None = None
    client_details: ClientDetails | None = None
    discounts: JsonObject | None = None
    payments: PaymentsInput | None = None
    taxes: TaxesInput | None = None
