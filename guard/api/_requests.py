"""pydantic models of the GraphQL variables of createOrder, updateOrder and cancelOrder.

The models hold the fields of both API versions; the version's ``Dialect`` says which it has
(``_versioned``). Fields whose absence the API reports with a specific error code (a missing
refund ID, an incomplete address) are optional here: the policy checker reports them with the
code the API would use, instead of a generic schema error. Input types the reference names
without their fields (GAP) are open objects (``JSONObject``).
"""

from collections.abc import Mapping
from typing import Annotated, Literal, Self

from pydantic import Field, model_validator

from orderguard.api._base import InputModel
from orderguard.api._lines import LineItem
from orderguard.api._scalars import (
    GraphQLType,
    InputId,
    InputString,
    JsonObject,
    NonEmptyId,
    Quantity,
)
from orderguard.api._values import (
    AliasInput,
    Contact,
    OrderLinkInput,
    PaymentDetailsInput,
    PaymentsInput,
    Recipient,
    RefundMoneyInput,
    TaxesInput,
    TotalPriceInput,
)
from orderguard.enums import (
    CancellationReason,
    ExecutionState,
    Operation,
    RefundRequestReason,
    RefundState,
    RefundStatusReason,
)


class Customer(InputModel):
    """``CustomerInput``: the shopper who placed the order."""

    graphql_type = "CustomerInput"

    contact: Contact | None = None


class TokenValue(InputModel):
    """``LWAAccessTokenInput``: a wrapped token string."""

    graphql_type = "LWAAccessTokenInput"

    value: InputString


class ApayCheckoutSession(InputModel):
    """``APayCheckoutSessionIdInput``."""

    graphql_type = "APayCheckoutSessionIdInput"

    value: InputString
    external_id: InputString


class IdentityToken(InputModel):
    """``IdentityTokenInput``: the shopper's Login with Amazon or Amazon Pay identity."""

    graphql_type = "IdentityTokenInput"

    lwa_access_token: TokenValue | None = None
    apay_checkout_session_id: ApayCheckoutSession | None = None
    idp_token: InputString | None = Field(default=None, alias="idPToken")
    idp_token_type: InputString | None = Field(default=None, alias="idPTokenType")
    identity_provider: Annotated[Literal["APAY", "LWA"], GraphQLType("IdentityProvider")] | None = (
        None
    )
    external_id: InputString | None = None


class CreateOrderInput(InputModel):
    """``CreateOrderInput`` (order-level ``discounts`` open, GAP)."""

    graphql_type = "CreateOrderInput"

    line_items: list[LineItem] = Field(min_length=1)
    customer: Customer
    recipient: Recipient | None = None
    aliases: list[AliasInput] | None = None
    order_links: list[OrderLinkInput] | None = None
    desired_execution_state: ExecutionState | None = None
    discounts: JsonObject | None = None
    payments: PaymentsInput | None = None
    total_price: TotalPriceInput | None = None
    taxes: TaxesInput | None = None
    shopper_identity: IdentityToken | None = None


class CreateOrderVariables(InputModel):
    """The variables of ``createOrder(input: CreateOrderInput!)``."""

    graphql_type = "createOrder"

    input: CreateOrderInput


class OrderIdentifier(InputModel):
    """``OrderIdentifierInput``: an order ID or an alias (``orderAlias`` before 2024-11-01)."""

    graphql_type = "OrderIdentifierInput"

    order_id: NonEmptyId | None = None
    alias: AliasInput | None = None
    order_alias: AliasInput | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Self:
        if (self.order_id is None) == (self.alias is None and self.order_alias is None):
            raise ValueError("give exactly one of 'orderId' or an alias")
        return self

    @property
    def alias_given(self) -> AliasInput | None:
        """The alias naming the order, in whichever field the version spells it."""
        return self.alias or self.order_alias


class RefundTotal(InputModel):
    """``RefundTotalInput``: the running total of a refund."""

    graphql_type = "RefundTotalInput"

    total_amount: RefundMoneyInput


class LineItemId(InputModel):
    """``lineItemId`` of a refunded line (§3.9)."""

    graphql_type = "LineItemIdInput"

    line_item_id: InputId | None = None


class RefundedQuantity(InputModel):
    """``refundedQuantity`` of a refunded line (from v2024-04-01, §3.9)."""

    graphql_type = "RefundedQuantityInput"

    amount: Quantity | None = None


class RefundLineItem(InputModel):
    """One ``refundFor.orderLineItems[]`` entry: which line, how many units."""

    graphql_type = "RefundLineItemInput"

    line_item_id: LineItemId | None = None
    refunded_quantity: RefundedQuantity | None = None


class RefundFor(InputModel):
    """``RefundForInput``: the lines a refund is for."""

    graphql_type = "RefundForInput"

    order_line_items: list[RefundLineItem] | None = None


class RefundDetails(InputModel):
    """``RefundDetailsInput``: one refund update; ``id`` optional so MissingRefundId can say so.

    GAP: ``refundRequestReason`` takes the documented part of its list (it was cut off).
    ``refundStatusReason`` takes the 2024-11-01 list (§4.4); 2024-04-01's was not captured
    (GAP), so it is decided the same.
    """

    graphql_type = "RefundDetailsInput"

    id: InputId | None = None
    refund_total: RefundTotal
    payment_details: list[PaymentDetailsInput] | None = None
    state: RefundState | None = None
    refund_for: RefundFor | None = None
    aliases: list[AliasInput] | None = None
    refund_request_reason: RefundRequestReason | None = None
    refund_status_reason: RefundStatusReason | None = None


class RefundsInput(InputModel):
    """``refunds``: the refund updates of one call."""

    graphql_type = "RefundsInput"

    details: list[RefundDetails] = []


class UpdateOrderInput(InputModel):
    """``UpdateOrderInput`` of either version (the dialect says which fields each has).

    ``orderId``, ``customer`` and ``deliveryInformation`` before 2024-11-01, ``packageInformation``
    from it. Line items, returns and package information are open (GAP: ``UpdateLineItemInput``
    and the others were not captured).
    """

    graphql_type = "UpdateOrderInput"

    order_id: NonEmptyId | None = None
    aliases: list[AliasInput] | None = None
    customer: Customer | None = None
    desired_execution_state: ExecutionState | None = None
    discounts: JsonObject | None = None
    line_items: list[JsonObject] | None = None
    order_links: list[OrderLinkInput] | None = None
    refunds: RefundsInput | None = None
    returns: JsonObject | None = None
    taxes: TaxesInput | None = None
    total_price: TotalPriceInput | None = None
    package_information: JsonObject | None = None
    delivery_information: JsonObject | None = None


class UpdateOrderVariables(InputModel):
    """The variables (arguments) of ``updateOrder``: ``orderIdentifier`` from 2024-11-01."""

    graphql_type = "updateOrder"

    order_identifier: OrderIdentifier | None = None
    input: UpdateOrderInput


class CancelOrderInput(InputModel):
    """``CancelOrderInput`` (``orderIdentifier`` inside it before 2024-11-01)."""

    graphql_type = "CancelOrderInput"

    order_identifier: OrderIdentifier | None = None
    reason: CancellationReason | None = None
    additional_comments: InputString | None = None
    aliases: list[AliasInput] | None = None


class CancelOrderVariables(InputModel):
    """The variables (arguments) of ``cancelOrder``; ``input`` may be omitted on 2024-11-01."""

    graphql_type = "cancelOrder"

    order_identifier: OrderIdentifier | None = None
    input: CancelOrderInput | None = None


VARIABLE_MODELS: Mapping[Operation, type[InputModel]] = {
    Operation.CREATE_ORDER: CreateOrderVariables,
    Operation.UPDATE_ORDER: UpdateOrderVariables,
    Operation.CANCEL_ORDER: CancelOrderVariables,
}
"""The model of each mutation's variables; its fields are the mutation's arguments."""
