"""What differs between the API versions the fake speaks, in one table of its own.

The fake keeps this table apart from ``orderguard.api``'s limits on purpose: it is an independent
reference model, so a wrong limit in one of them shows up as a disagreement between the two.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from orderguard.enums import ApiVersion
from orderguard.errors import UnsupportedVersionError

_REFUND_STATES = frozenset({"PENDING", "PARTIAL", "FAILURE", "SUCCESS"})

_MODERN_EVENTS = {
    "ship": "PACKAGE_DELIVERY_IN_TRANSIT",
    "deliver": "PACKAGE_DELIVERED",
    "cancel": "PACKAGE_DELIVERY_CANCELLED",
}
_OLD_EVENTS = {
    "ship": "DELIVERY_IN_TRANSIT",
    "deliver": "DELIVERY_COMPLETED",
    "cancel": "DELIVERY_CANCELLED",
}


@attrs.frozen(slots=True)
class Dialect:
    """The spellings and limits of one API version, as the fake applies them."""

    version: str
    amazon_provider: str
    package_field: str
    alias_key: str
    max_non_prime_units: int | None
    refund_states: frozenset[str]
    package_events: Mapping[str, str]

    @property
    def modern(self) -> bool:
        """Whether this is 2024-11-01 (``orderIdentifier`` argument, refund alias codes)."""
        return self.version == ApiVersion.V2024_11_01.value


DIALECTS: dict[str, Dialect] = {
    ApiVersion.V2024_11_01.value: Dialect(
        version=ApiVersion.V2024_11_01.value,
        amazon_provider="AMAZON",
        package_field="packageInformation",
        alias_key="alias",
        max_non_prime_units=20,
        refund_states=_REFUND_STATES | {"REJECTED"},
        package_events=_MODERN_EVENTS,
    ),
    ApiVersion.V2024_04_01.value: Dialect(
        version=ApiVersion.V2024_04_01.value,
        amazon_provider="BUY_WITH_PRIME",
        package_field="deliveryInformation",
        alias_key="orderAlias",
        max_non_prime_units=None,
        refund_states=_REFUND_STATES,
        package_events=_OLD_EVENTS,
    ),
}

MAX_ORDER_ALIASES = 5
MAX_ORDER_LINKS = 5
MAX_CANCELLATION_ALIASES = 5
MAX_PRIME_UNITS = 20


def dialect_for(version: str) -> Dialect:
    """The dialect of ``version``; ``UnsupportedVersionError`` naming the known ones."""
    try:
        return DIALECTS[str(version)]
    except KeyError:
        known = ", ".join(DIALECTS)
        raise UnsupportedVersionError(
            f"the fake does not speak API version {version!r}; use one of {known}"
        ) from None
