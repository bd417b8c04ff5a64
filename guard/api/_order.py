"""pydantic models of the order as the ``order`` query returns it, in either API version."""

from datetime import datetime
from decimal import Decimal

from pydantic import AliasChoices, Field

from orderguard.api._base import Alias, ApiModel, GraphQLId, Money
from orderguard.enums import (
    CancellationReason,
    CancellationState,
    ExecutionState,
    OrderLinkDestination,
    PackageCancelReason,
    PackageState,
    RefundRequestReason,
    RefundState,
    Requester,
)


class OrderLink(ApiModel):
    """``OrderLink``: where the shopper or merchant manages the order.

    Read tolerantly: orderguard keeps a link's ``url`` only (it counts links), so a link without
    its ``destinationType``, as ``orderguard orders show`` prints one, still reads.
    """

    destination_type: OrderLinkDestination | None = None
    url: str
    display_message: str | None = None


class OrderMetadata(ApiModel):
    """``OrderMetadata``: execution state and timestamps."""

    execution_state: ExecutionState | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


class PackageSummary(ApiModel):
    """``PackageInformationSummary``: the roll-up state of all packages."""

    state: PackageState | None = None


class PackageDetails(ApiModel):
    """``PackageInformationDetails``: one outbound package."""

    id: GraphQLId
    state: PackageState
    reason: PackageCancelReason | None = None
    aliases: list[Alias] = []


class PackageInformation(ApiModel):
    """``packageInformation`` (``deliveryInformation`` before 2024-11-01)."""

    summary: PackageSummary | None = None
    details: list[PackageDetails] | None = None


class RefundTotalOut(ApiModel):
    """``RefundTotal``: the amount refunded (an estimate until the first update)."""

    total_amount: Money | None = None


class Refund(ApiModel):
    """``RefundDetails``: one refund of the order."""

    id: GraphQLId
    state: RefundState | None = None
    aliases: list[Alias] = []
    refund_total: RefundTotalOut | None = None
    refund_request_reason: RefundRequestReason | None = None


class Refunds(ApiModel):
    """``refunds`` of an order."""

    details: list[Refund] = []


class Cancellation(ApiModel):
    """``CancellationDetails``: one cancellation request."""

    id: GraphQLId | None = None
    state: CancellationState
    reason: CancellationReason | None = None
    requested_by: Requester | None = None


class Cancellations(ApiModel):
    """``cancellations`` of an order."""

    details: list[Cancellation] = []


class OrderLineAmount(ApiModel):
    """``Amount`` of a line (``quantity { amount }`` in v2024-01-01)."""

    value: Decimal | None = Field(default=None, validation_alias=AliasChoices("value", "amount"))
    unit: str | None = None


class OrderLine(ApiModel):
    """``LineItem`` of an order as queried."""

    id: GraphQLId
    amount: OrderLineAmount | None = Field(
        default=None, validation_alias=AliasChoices("amount", "quantity")
    )
    aliases: list[Alias] = []


class Order(ApiModel):
    """The order as the ``order`` query returns it, normalised across API versions."""

    id: GraphQLId
    aliases: list[Alias] = []
    order_links: list[OrderLink] = []
    metadata: OrderMetadata | None = None
    package_information: PackageInformation | None = Field(
        default=None, validation_alias=AliasChoices("packageInformation", "deliveryInformation")
    )
    refunds: Refunds | None = None
    cancellations: Cancellations | None = None
    line_items: list[OrderLine] = []
