"""The Order API's vocabulary: enums and pydantic models of what the client sends and receives."""

from orderguard._enums import (
    DEFAULT_API_VERSION,
    ApiVersion,
    CancellationReason,
    CancellationState,
    DeliveryProvider,
    ExecutionState,
    Operation,
    OrderLinkDestination,
    PackageCancelReason,
    PackageState,
    RefundRequestReason,
    RefundState,
    Requester,
)

__all__ = [
    "DEFAULT_API_VERSION",
    "ApiVersion",
    "CancellationReason",
    "CancellationState",
    "DeliveryProvider",
    "ExecutionState",
    "Operation",
    "OrderLinkDestination",
    "PackageCancelReason",
    "PackageState",
    "RefundRequestReason",
    "RefundState",
    "Requester",
]
