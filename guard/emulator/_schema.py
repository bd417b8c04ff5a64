"""The emulator's GraphQL schema (SDL), one per API version, written from the documented types.

Input types follow the reference (§3): required where the docs say so, and ``JSON`` where the
public pages leave a type open (discounts, taxes, payments, client details, ``summary`` offers,
update line items...). Output types carry what ``FakeOrderApi`` answers; states are ``String``
(``OrderMetadata.executionState`` is documented as one). ``updateOrderPackageInformation`` is the
sandbox mutation that moves a package (reference §4.2; INFERENCE: its argument shapes were not
captured, so the emulator takes ``orderIdentifier`` plus ``{packageInformationDetailId, state,
reason}``, in both versions).
"""

from __future__ import annotations

from orderguard.enums import ApiVersion

_SHARED = """
"A decimal number: a JSON number, or a string holding one."
scalar Decimal

"Any JSON value (types the public documentation leaves open)."
scalar JSON

input AliasInput { aliasType: String! aliasId: ID! }
input MoneyInput { amount: Decimal! currencyCode: String! }
input AmountInput { value: Decimal! unit: String }
input ProductIdentifierInput { sku: String productId: String }
input PurchasedProductViewInput {
  identifier: ProductIdentifierInput title: String price: MoneyInput purchaseGroupMembership: JSON
}
input DeliveryTermsInput { isPrimeEligible: Boolean deliverySpeed: String }
input DeliveryOfferDetailsInput {
  deliveryProvider: DeliveryProviderInput! deliveryTerms: DeliveryTermsInput id: String
  deliveryPreviewId: String deliveryCharge: MoneyInput deliveryFor: JSON discounts: JSON
}
input DeliveryOfferInput { details: DeliveryOfferDetailsInput summary: JSON }
input LineItemInput {
  amount: AmountInput! selectedDeliveryOffer: DeliveryOfferInput!
  product: PurchasedProductViewInput aliases: [AliasInput!]
  clientDetails: JSON discounts: JSON payments: JSON taxes: JSON
}
input AddressInput {
  name: String streetAddress: String extendedAddress: String locality: String region: String
  countryCode: String postalCode: String contactNumber: String
}
input RecipientInput { deliveryAddress: AddressInput }
input EmailDataInput { name: String email: String }
input ContactInput { emailData: EmailDataInput phoneNumber: String }
input CustomerInput { contact: ContactInput }
input LWAAccessTokenInput { value: String! }
input APayCheckoutSessionIdInput { value: String! externalId: String! }
enum IdentityProvider { APAY LWA }
input IdentityTokenInput {
  lwaAccessToken: LWAAccessTokenInput apayCheckoutSessionId: APayCheckoutSessionIdInput
  idPToken: String idPTokenType: String identityProvider: IdentityProvider externalId: String
}
enum OrderLinkDestinationType {
  EXTERNAL_ORDER_MANAGEMENT EXTERNAL_ORDER_TRACKING BWP_STOREFRONT AMAZON_STOREFRONT
}
input OrderLinkInput {
  destinationType: OrderLinkDestinationType! url: String! displayMessage: String
}
enum OrderExecutionStateInput { NOT_STARTED STARTED }
input CreateOrderInput {
  lineItems: [LineItemInput!]! customer: CustomerInput! recipient: RecipientInput
  aliases: [AliasInput!] orderLinks: [OrderLinkInput!]
  desiredExecutionState: OrderExecutionStateInput shopperIdentity: IdentityTokenInput
  discounts: JSON payments: JSON totalPrice: JSON taxes: JSON
}
input RefundTotalInput { totalAmount: MoneyInput! }
input RefundDetailsInput {
  id: ID refundTotal: RefundTotalInput! state: RefundStateInput aliases: [AliasInput!]
  refundFor: JSON paymentDetails: [JSON!] refundRequestReason: String refundStatusReason: String
}
input RefundsInput { details: [RefundDetailsInput!] }
enum CancellationReasonInput {
  INCORRECT_SHIPPING_ADDRESS ITEMS_ARRIVING_LATE ORDERED_BY_MISTAKE OTHER OUT_OF_STOCK
  PAYMENT_ISSUE
}
enum UpdatePackageInformationStateInput { IN_TRANSIT DELIVERED CANCELLED }
enum PackageInformationDetailsReasonInput { CUSTOMER_REQUESTED UNFULFILLABLE UNDELIVERABLE }
input UpdateOrderPackageInformationInput {
  packageInformationDetailId: ID state: UpdatePackageInformationStateInput!
  reason: PackageInformationDetailsReasonInput
}

type Alias { aliasType: String! aliasId: ID! }
type OrderLink { destinationType: String url: String displayMessage: String }
type OrderMetadata { executionState: String createdAt: String updatedAt: String }
type PackageInformationSummary { state: String }
type PackageInformationDetails { id: ID! state: String reason: String aliases: [Alias!] }
type PackageInformation {
  summary: PackageInformationSummary details: [PackageInformationDetails!]
}
type Money { amount: Decimal currencyCode: String }
type RefundTotal { totalAmount: Money }
type RefundDetails {
  id: ID! state: String aliases: [Alias!] refundTotal: RefundTotal
  refundRequestReason: String refundStatusReason: String
}
type Refunds { details: [RefundDetails!] }
type CancellationDetails {
  id: ID state: String aliases: [Alias!] reason: String additionalComments: String
  requestedBy: String createdAt: String updatedAt: String
}
type Cancellations { details: [CancellationDetails!] }
type ReturnDetails { id: ID packageId: ID state: String }
type Returns { details: [ReturnDetails!] }
type Amount { value: Decimal unit: String }
type LineItem { id: ID! amount: Amount aliases: [Alias!] }
type Order {
  id: ID! aliases: [Alias!] orderLinks: [OrderLink!] metadata: OrderMetadata
  %(packages)s: PackageInformation refunds: Refunds cancellations: Cancellations
  returns: Returns lineItems: [LineItem!]
}
type CreateOrderResponse { order: Order }
type UpdateOrderResponse { order: Order }
type CancelOrderResponse { cancellation: CancellationDetails }
type UpdateOrderPackageInformationResponse { order: Order }
"""

_V2024_11_01 = """
enum DeliveryProviderInput { AMAZON MERCHANT }
enum RefundStateInput { PENDING PARTIAL FAILURE SUCCESS REJECTED }
input OrderIdentifierInput { orderId: ID alias: AliasInput }
input UpdateOrderInput {
  aliases: [AliasInput!] desiredExecutionState: OrderExecutionStateInput
  orderLinks: [OrderLinkInput!] refunds: RefundsInput lineItems: JSON discounts: JSON
  totalPrice: JSON taxes: JSON returns: JSON packageInformation: JSON
}
input CancelOrderInput {
  reason: CancellationReasonInput additionalComments: String aliases: [AliasInput!]
}
type Query { order(orderIdentifier: OrderIdentifierInput!): Order }
type Mutation {
  createOrder(input: CreateOrderInput!): CreateOrderResponse
  updateOrder(orderIdentifier: OrderIdentifierInput!, input: UpdateOrderInput!): UpdateOrderResponse
  cancelOrder(orderIdentifier: OrderIdentifierInput!, input: CancelOrderInput): CancelOrderResponse
  updateOrderPackageInformation(
    orderIdentifier: OrderIdentifierInput!, input: UpdateOrderPackageInformationInput!
  ): UpdateOrderPackageInformationResponse
}
"""

_V2024_04_01 = """
enum DeliveryProviderInput { BUY_WITH_PRIME MERCHANT }
enum RefundStateInput { PENDING PARTIAL FAILURE SUCCESS }
input OrderIdentifierInput { orderId: ID orderAlias: AliasInput }
input UpdateOrderInput {
  orderId: ID! aliases: [AliasInput!] desiredExecutionState: OrderExecutionStateInput
  orderLinks: [OrderLinkInput!] refunds: RefundsInput lineItems: JSON discounts: JSON
  customer: JSON totalPrice: JSON taxes: JSON returns: JSON deliveryInformation: JSON
}
input CancelOrderInput {
  orderIdentifier: OrderIdentifierInput! reason: CancellationReasonInput
  additionalComments: String aliases: [AliasInput!]
}
type Query { order(orderIdentifier: OrderIdentifierInput!): Order }
type Mutation {
  createOrder(input: CreateOrderInput!): CreateOrderResponse
  updateOrder(input: UpdateOrderInput!): UpdateOrderResponse
  cancelOrder(input: CancelOrderInput!): CancelOrderResponse
  updateOrderPackageInformation(
    orderIdentifier: OrderIdentifierInput!, input: UpdateOrderPackageInformationInput!
  ): UpdateOrderPackageInformationResponse
}
"""


def sdl(version: ApiVersion) -> str:
    """The schema of ``version`` as SDL text."""
    if version is ApiVersion.V2024_11_01:
        return _SHARED % {"packages": "packageInformation"} + _V2024_11_01
    return _SHARED % {"packages": "deliveryInformation"} + _V2024_04_01
