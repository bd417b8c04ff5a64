"""What differs between API versions, as one ``Dialect`` record per version.

Every difference between versions is a field here; code outside ``orderguard.api`` reads the
field instead of comparing versions (reference §10).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import attrs

from orderguard.enums import ApiVersion, PackageState, RefundState
from orderguard.errors import UnsupportedVersionError


@attrs.frozen(slots=True)
class Dialect:
    """What one API version spells and allows: its limits, spellings and version-specific rules."""

    version: ApiVersion
    max_order_links: int = 5
    max_order_aliases: int = 5
    max_cancellation_aliases: int = 5
    max_prime_units: int = 20
    max_non_prime_units: int | None = 20
    idp_token_max_length: int = 2048
    external_id_max_length: int = 512
    apay_session_id_max_length: int = 256
    amazon_provider_spelling: str = "AMAZON"
    refund_states: frozenset[RefundState] = frozenset(RefundState)
    package_field: str = "packageInformation"
    identifier_argument: bool = True
    """``updateOrder``/``cancelOrder`` name the order in a separate ``orderIdentifier`` argument
    (2024-11-01); before, inside ``input`` (``input.orderId``, ``input.orderIdentifier``)."""
    alias_identifier_key: str = "alias"
    """The field of ``OrderIdentifierInput`` holding an alias (``orderAlias`` before 2024-11-01)."""
    delivery_terms: bool = True
    """``deliveryTerms`` exists, so Amazon may fulfil a line without Prime (2024-11-01 only)."""
    merchant_lines_need_product: bool = False
    """``product`` is required on merchant-fulfilled lines too (before 2024-11-01)."""
    refund_request_reason: bool = True
    """``refundRequestReason`` and its error ``InvalidRefundRequestReasonUpdate`` (2024-11-01)."""
    package_events: Mapping[PackageState, str] = attrs.field(
        default=MappingProxyType(
            {
                PackageState.IN_TRANSIT: "PACKAGE_DELIVERY_IN_TRANSIT",
                PackageState.DELIVERED: "PACKAGE_DELIVERED",
                PackageState.CANCELLED: "PACKAGE_DELIVERY_CANCELLED",
            }
        )
    )
    """The webhook event type announcing that a package reached each state."""


_OLDER_PACKAGE_EVENTS = MappingProxyType(
    {
        PackageState.IN_TRANSIT: "DELIVERY_IN_TRANSIT",
        PackageState.DELIVERED: "DELIVERY_COMPLETED",
        PackageState.CANCELLED: "DELIVERY_CANCELLED",
    }
)

DIALECTS: dict[ApiVersion, Dialect] = {
    ApiVersion.V2024_11_01: Dialect(ApiVersion.V2024_11_01),
    ApiVersion.V2024_04_01: Dialect(
        ApiVersion.V2024_04_01,
        # Only "20 BwP-eligible items" is documented for 2024-04-01; nothing caps other lines.
        max_non_prime_units=None,
        amazon_provider_spelling="BUY_WITH_PRIME",
        refund_states=frozenset(RefundState) - {RefundState.REJECTED},
        package_field="deliveryInformation",
        identifier_argument=False,
        alias_identifier_key="orderAlias",
        delivery_terms=False,
        merchant_lines_need_product=True,
        refund_request_reason=False,
        package_events=_OLDER_PACKAGE_EVENTS,
    ),
}
"""One dialect per API version; look up with ``DIALECTS[ApiVersion(...)]``."""


def dialect_for(version: ApiVersion | str) -> Dialect:
    """The dialect of ``version``; ``UnsupportedVersionError`` naming the supported ones."""
    try:
        return DIALECTS[ApiVersion(version)]
    except ValueError:
        known = ", ".join(v.value for v in ApiVersion)
        raise UnsupportedVersionError(
            f"unknown API version {version!r}; expected one of {known}"
        ) from None
