"""Enumerations spelled exactly as the Buy with Prime Order API spells them."""

from __future__ import annotations

import enum


class HashedStrEnum(enum.StrEnum):
    """A StrEnum hashed like its value, in C.

    ``enum.Enum`` hashes members by name in Python code, which is slow on hot paths and, for a
    ``StrEnum`` whose names differ from its values, inconsistent with ``member == value``.
    """

    __hash__ = str.__hash__


class ApiVersion(HashedStrEnum):
    """An API version, sent in the ``x-api-version`` header."""

    V2024_11_01 = "2024-11-01"
    V2024_04_01 = "2024-04-01"


DEFAULT_API_VERSION = ApiVersion.V2024_11_01


class Operation(HashedStrEnum):
    """A GraphQL operation of the Order interface."""

    CREATE_ORDER = "createOrder"
    UPDATE_ORDER = "updateOrder"
    CANCEL_ORDER = "cancelOrder"
    ORDER = "order"


class ExecutionState(HashedStrEnum):
    """``OrderExecutionStateInput`` / ``metadata.executionState``."""

    NOT_STARTED = "NOT_STARTED"
    STARTED = "STARTED"


class PackageState(HashedStrEnum):
    """State of one outbound package (``packageInformation.details[].state``)."""

    PENDING = "PENDING"
    IN_TRANSIT = "IN_TRANSIT"
    DELIVERED = "DELIVERED"
    CANCELLED = "CANCELLED"


class PackageCancelReason(HashedStrEnum):
    """Why a package was cancelled (``packageInformation.details[].reason``)."""

    CUSTOMER_REQUESTED = "CUSTOMER_REQUESTED"
    UNFULFILLABLE = "UNFULFILLABLE"
    UNDELIVERABLE = "UNDELIVERABLE"


class CancellationState(HashedStrEnum):
    """State of a cancellation request (``cancellations.details[].state``)."""

    PENDING = "PENDING"
    SUCCESS = "SUCCESS"
    REJECTED = "REJECTED"


class CancellationReason(HashedStrEnum):
    """``CancellationReasonInput``."""

    INCORRECT_SHIPPING_ADDRESS = "INCORRECT_SHIPPING_ADDRESS"
    ITEMS_ARRIVING_LATE = "ITEMS_ARRIVING_LATE"
    ORDERED_BY_MISTAKE = "ORDERED_BY_MISTAKE"
    OTHER = "OTHER"
    OUT_OF_STOCK = "OUT_OF_STOCK"
    PAYMENT_ISSUE = "PAYMENT_ISSUE"


class Requester(HashedStrEnum):
    """Who asked for a cancellation (``requestedBy``)."""

    SHOPPER = "SHOPPER"
    MERCHANT = "MERCHANT"
    BWP_CUSTOMER_SERVICE_AGENT = "BWP_CUSTOMER_SERVICE_AGENT"


class RefundState(HashedStrEnum):
    """``RefundStateInput`` / ``refunds.details[].state`` (``REJECTED`` from 2024-11-01)."""

    PENDING = "PENDING"
    PARTIAL = "PARTIAL"
    FAILURE = "FAILURE"
    SUCCESS = "SUCCESS"
    REJECTED = "REJECTED"


class DeliveryProvider(HashedStrEnum):
    """Normalised delivery provider: ``BUY_WITH_PRIME`` (before 2024-11-01) becomes ``AMAZON``."""

    AMAZON = "AMAZON"
    MERCHANT = "MERCHANT"


class OrderLinkDestination(HashedStrEnum):
    """``OrderLinkInput.destinationType``."""

    EXTERNAL_ORDER_MANAGEMENT = "EXTERNAL_ORDER_MANAGEMENT"
    EXTERNAL_ORDER_TRACKING = "EXTERNAL_ORDER_TRACKING"
    BWP_STOREFRONT = "BWP_STOREFRONT"
    AMAZON_STOREFRONT = "AMAZON_STOREFRONT"


class RefundRequestReason(HashedStrEnum):
    """``RefundRequestReasonInput`` (the documented part of the list)."""

    BILLING_ERROR = "BILLING_ERROR"
    CANCELLED_ORDER = "CANCELLED_ORDER"
    CUSTOMER_NOT_SATISFIED_WITH_SERVICE = "CUSTOMER_NOT_SATISFIED_WITH_SERVICE"
    DAMAGED_DEFECTIVE_ITEM = "DAMAGED_DEFECTIVE_ITEM"
    DELIVERED_NOT_RECEIVED = "DELIVERED_NOT_RECEIVED"
    DELIVERY_ISSUES = "DELIVERY_ISSUES"
    EXPIRATION_DATE_PROBLEM = "EXPIRATION_DATE_PROBLEM"
    FOOD_SAFETY_ISSUE = "FOOD_SAFETY_ISSUE"
    ITEM_MISSING = "ITEM_MISSING"
    LOST_IN_TRANSIT = "LOST_IN_TRANSIT"
    NOT_DELIVERED = "NOT_DELIVERED"
    OTHERS = "OTHERS"
    RECEIVED_ITEM_TOO_LATE = "RECEIVED_ITEM_TOO_LATE"
    RETURN_DROPPED_OFF_PICKED_UP = "RETURN_DROPPED_OFF_PICKED_UP"
    RETURN_NO_SCAN = "RETURN_NO_SCAN"
    RETURN_RECEIVED = "RETURN_RECEIVED"
    RETURN_RELATED_ERROR = "RETURN_RELATED_ERROR"


class RefundStatusReason(HashedStrEnum):
    """``RefundStatusReasonInput``: why a refund is in its state (2024-11-01 list, §4.4)."""

    EXCESSIVE_RETURNS = "EXCESSIVE_RETURNS"
    FAILURE_TO_PROVIDE_PROOF_OF_PURCHASE = "FAILURE_TO_PROVIDE_PROOF_OF_PURCHASE"
    FRAUDULENT_RETURN_ATTEMPT = "FRAUDULENT_RETURN_ATTEMPT"
    ITEM_NOT_RETURNED_IN_ORIGINAL_CONDITION = "ITEM_NOT_RETURNED_IN_ORIGINAL_CONDITION"
    MISSING_ORIGINAL_PACKAGING = "MISSING_ORIGINAL_PACKAGING"
    MISSING_RECEIPT_OR_PROOF_OF_PURCHASE = "MISSING_RECEIPT_OR_PROOF_OF_PURCHASE"
    NON_REFUNDABLE_SHIPPING_FEES = "NON_REFUNDABLE_SHIPPING_FEES"
    NON_RETURNABLE_ITEMS = "NON_RETURNABLE_ITEMS"
    OTHERS = "OTHERS"
    PARTIALLY_DECLINED = "PARTIALLY_DECLINED"
    REFUND_ALREADY_PROCESSED = "REFUND_ALREADY_PROCESSED"
    REFUND_VIOLATION = "REFUND_VIOLATION"
    RETURN_NOT_AUTHORIZED = "RETURN_NOT_AUTHORIZED"
    RETURN_WINDOW_EXPIRED = "RETURN_WINDOW_EXPIRED"
    USED_OR_DAMAGED_ITEM = "USED_OR_DAMAGED_ITEM"


class PaymentState(HashedStrEnum):
    """``PaymentStateInput``: a payment's state (the 2024-11-01 values, §4.7).

    v2024-01-01's deprecated ``CANCELED`` and ``REFUNDED`` are in neither supported version.
    """

    NOT_STARTED = "NOT_STARTED"
    CREATED = "CREATED"
    FAILED = "FAILED"
    AUTHORIZED = "AUTHORIZED"
    CAPTURED = "CAPTURED"
    CLIENT_ACTION_REQUIRED = "CLIENT_ACTION_REQUIRED"
    READY_FOR_CONFIRMATION = "READY_FOR_CONFIRMATION"
    IN_PROGRESS = "IN_PROGRESS"
    SUCCESS = "SUCCESS"
    CANCELLED = "CANCELLED"


class ReturnState(HashedStrEnum):
    """``ReturnDetails.state`` (2024-11-01)."""

    DRAFT = "DRAFT"
    CREATED = "CREATED"
    CANCELLED = "CANCELLED"
    COMPLETED = "COMPLETED"
