"""pydantic models of the GraphQL variables of createOrder, updateOrder and cancelOrder.

Fields whose absence the API reports with a specific error code (a missing title, a missing
refund ID, an incomplete address) are optional here: the policy checker reports them with the
code the API would use, instead of a generic schema error.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import AliasChoices, Field, ValidationInfo, field_validator, model_validator

from orderguard.api._base import Alias, ApiModel, GraphQLId, Money
from orderguard.api._dialect import dialect_for
from orderguard.enums import (
    ApiVersion,
    CancellationReason,
    DeliveryProvider,
    ExecutionState,
    OrderLinkDestination,
    RefundRequestReason,
    RefundState,
)


def _version(info: ValidationInfo) -> ApiVersion:
    """The API version the payload is validated for (from the validation context)."""
    context = info.context or {}
    return ApiVersion(context.get("api_version", ApiVersion.V2024_11_01))


class Amount(ApiModel):
    """``AmountInput``: a line's quantity."""

    value: Decimal = Field(gt=0)
    unit: str | None = None


class ProductIdentifier(ApiModel):
    """``ProductIdentifierInput``: the SKU or product ID of an item."""

    sku: str | None = None
    product_id: str | None = None

    @property
    def value(self) -> str | None:
        """The identifier the catalog knows the item by (SKU first)."""
        return self.sku or self.product_id


class Product(ApiModel):
    """``PurchasedProductViewInput``: what was bought."""

    identifier: ProductIdentifier | None = None
    title: str | None = None
    price: Money | None = None


class DeliveryTerms(ApiModel):
    """``DeliveryTermsInput``: Prime or not, and the speed."""

    is_prime_eligible: bool | None = None
    delivery_speed: str | None = None


class DeliveryOfferDetails(ApiModel):
    """``DeliveryOfferDetailsInput``; the provider is normalised to AMAZON or MERCHANT."""

    delivery_provider: DeliveryProvider
    delivery_terms: DeliveryTerms | None = None
    id: str | None = None
    delivery_preview_id: str | None = None
    delivery_charge: Money | None = None

    @field_validator("delivery_provider", mode="before")
    @classmethod
    def _normalise_provider(cls, value: object, info: ValidationInfo) -> object:
        """Accept the version's spelling of Amazon fulfilment (BUY_WITH_PRIME before 2024-11-01)."""
        amazon = dialect_for(_version(info)).amazon_provider_spelling
        if value == amazon:
            return DeliveryProvider.AMAZON
        if value == DeliveryProvider.MERCHANT.value:
            return DeliveryProvider.MERCHANT
        raise ValueError(f"Input should be '{amazon}' or 'MERCHANT'")


class DeliveryOffer(ApiModel):
    """``DeliveryOfferInput``: ``details`` or ``summary``, never both."""

    details: DeliveryOfferDetails | None = None
    summary: dict[str, Any] | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> DeliveryOffer:
        if (self.details is None) == (self.summary is None):
            raise ValueError("give exactly one of 'details' or 'summary'")
        return self

    @property
    def is_amazon(self) -> bool:
        """Whether Amazon (Buy with Prime) fulfils the line."""
        return (
            self.details is not None and self.details.delivery_provider is DeliveryProvider.AMAZON
        )

    @property
    def is_prime(self) -> bool:
        """Whether the line asks for Prime delivery (Amazon-fulfilled and not opted out)."""
        if not self.is_amazon or self.details is None:
            return False
        terms = self.details.delivery_terms
        return terms is None or terms.is_prime_eligible is not False


class LineItem(ApiModel):
    """``LineItemInput``: one line of a new order."""

    amount: Amount
    selected_delivery_offer: DeliveryOffer
    product: Product | None = None
    aliases: list[Alias] | None = None


class Address(ApiModel):
    """``AddressInput``: all fields optional here; the address rule reports what is missing."""

    name: str | None = None
    street_address: str | None = None
    extended_address: str | None = None
    locality: str | None = None
    region: str | None = None
    country_code: str | None = None
    postal_code: str | None = None
    contact_number: str | None = None


class Recipient(ApiModel):
    """``RecipientInput``: who receives the parcel."""

    delivery_address: Address | None = None


class EmailData(ApiModel):
    """``emailData``: a contact's name and e-mail address."""

    name: str | None = None
    email: str | None = None


class Contact(ApiModel):
    """``ContactInput``."""

    email_data: EmailData | None = None
    phone_number: str | None = None


class Customer(ApiModel):
    """``CustomerInput``: the shopper who placed the order."""

    contact: Contact | None = None


class TokenValue(ApiModel):
    """``LWAAccessToken``: a wrapped token string."""

    value: str


class ApayCheckoutSession(ApiModel):
    """``APayCheckoutSessionId``."""

    value: str
    external_id: str


class IdentityToken(ApiModel):
    """``IdentityTokenInput``: the shopper's Login with Amazon or Amazon Pay identity."""

    lwa_access_token: TokenValue | None = None
    apay_checkout_session_id: ApayCheckoutSession | None = None
    idp_token: str | None = Field(default=None, alias="idPToken")
    idp_token_type: str | None = Field(default=None, alias="idPTokenType")
    identity_provider: Literal["APAY", "LWA"] | None = None
    external_id: str | None = None


class OrderLink(ApiModel):
    """``OrderLinkInput`` / ``OrderLink``."""

    destination_type: OrderLinkDestination
    url: str
    display_message: str | None = None


class CreateOrderInput(ApiModel):
    """``CreateOrderInput``."""

    line_items: list[LineItem]
    customer: Customer
    recipient: Recipient | None = None
    aliases: list[Alias] | None = None
    order_links: list[OrderLink] | None = None
    desired_execution_state: ExecutionState | None = None
    shopper_identity: IdentityToken | None = None


class CreateOrderVariables(ApiModel):
    """The variables of ``createOrder(input: CreateOrderInput!)``."""

    input: CreateOrderInput


class OrderIdentifier(ApiModel):
    """``OrderIdentifierInput``: an order ID or an alias (``orderAlias`` in older versions)."""

    order_id: GraphQLId | None = None
    alias: Alias | None = Field(default=None, validation_alias=AliasChoices("alias", "orderAlias"))

    @model_validator(mode="after")
    def _exactly_one(self) -> OrderIdentifier:
        if (self.order_id is None) == (self.alias is None):
            raise ValueError("give exactly one of 'orderId' or 'alias'")
        return self


class RefundTotal(ApiModel):
    """``RefundTotalInput``: the running total of a refund."""

    total_amount: Money


class RefundDetails(ApiModel):
    """``RefundDetailsInput``: one refund update; ``id`` optional so MissingRefundId can say so."""

    id: GraphQLId | None = None
    refund_total: RefundTotal
    state: RefundState | None = None
    aliases: list[Alias] | None = None
    refund_request_reason: RefundRequestReason | None = None
    refund_status_reason: str | None = None
    payment_details: list[dict[str, Any]] | None = None

    @field_validator("state")
    @classmethod
    def _state_exists_in_version(
        cls, value: RefundState | None, info: ValidationInfo
    ) -> RefundState | None:
        """REJECTED exists only from 2024-11-01."""
        allowed = dialect_for(_version(info)).refund_states
        if value is not None and value not in allowed:
            names = ", ".join(sorted(s.value for s in allowed))
            raise ValueError(f"Input should be one of {names} in this API version")
        return value


class RefundsInput(ApiModel):
    """``refunds``: the refund updates of one call."""

    details: list[RefundDetails] = []


class UpdateOrderInput(ApiModel):
    """``UpdateOrderInput`` (``orderId`` only before 2024-11-01)."""

    order_id: GraphQLId | None = None
    aliases: list[Alias] | None = None
    desired_execution_state: ExecutionState | None = None
    order_links: list[OrderLink] | None = None
    refunds: RefundsInput | None = None


class UpdateOrderVariables(ApiModel):
    """The variables of ``updateOrder``; ``order_identifier`` is set for both versions."""

    order_identifier: OrderIdentifier | None = None
    input: UpdateOrderInput


class CancelOrderInput(ApiModel):
    """``CancelOrderInput`` (``orderIdentifier`` inside it before 2024-11-01)."""

    order_identifier: OrderIdentifier | None = None
    reason: CancellationReason | None = None
    additional_comments: str | None = None
    aliases: list[Alias] | None = None


class CancelOrderVariables(ApiModel):
    """The variables of ``cancelOrder``; ``input`` may be omitted on 2024-11-01."""

    order_identifier: OrderIdentifier | None = None
    input: CancelOrderInput | None = None
