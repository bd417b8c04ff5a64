"""Limits and spellings that differ between API versions, in one table."""

from __future__ import annotations

import attrs

from orderguard.enums import ApiVersion, RefundState
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


DIALECTS: dict[ApiVersion, Dialect] = {
    ApiVersion.V2024_11_01: Dialect(ApiVersion.V2024_11_01),
    ApiVersion.V2024_04_01: Dialect(
        ApiVersion.V2024_04_01,
        # Only "20 BwP-eligible items" is documented for 2024-04-01; nothing caps other lines.
        max_non_prime_units=None,
        amazon_provider_spelling="BUY_WITH_PRIME",
        refund_states=frozenset(RefundState) - {RefundState.REJECTED},
        package_field="deliveryInformation",
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
