"""What differs between the API versions the fake speaks: spellings read, limits its own.

The fake reads each version's spellings and shapes from ``orderguard.api``'s dialect and input
schema (field names, argument layout, enum values, event names, which version-specific checks
apply are facts, kept once). Its limits (``max_non_prime_units``, ``max_cancellation_aliases``,
``MAX_*``) stay its own on purpose: the fake is an independent reference model, so a wrong limit
in either shows up as a disagreement in the differential test. Fake code reads these fields,
never which version it speaks.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import attrs

from orderguard.api import DIALECTS, input_schema
from orderguard.api import Dialect as ApiDialect
from orderguard.api.schema import InputSchema
from orderguard.enums import PackageState
from orderguard.errors.exceptions import UnsupportedVersionError

_MOVES = {"ship": PackageState.IN_TRANSIT, "deliver": PackageState.DELIVERED}
_MOVES["cancel"] = PackageState.CANCELLED

_NON_PRIME_UNITS: Mapping[str, int | None] = {"2024-11-01": 20, "2024-04-01": None}
"""The fake's own reading of §5: 20 other units on 2024-11-01, no documented cap before."""
_CANCELLATION_ALIASES: Mapping[str, int | None] = {"2024-11-01": 5, "2024-04-01": None}
"""The fake's own reading of §3.8 and §10: 2024-11-01 added the 0-5 cancellation-alias limit."""


@attrs.frozen(slots=True)
class Dialect:
    """The spellings, shapes and limits of one API version, as the fake applies them."""

    version: str
    amazon_provider: str
    package_field: str
    alias_key: str
    max_non_prime_units: int | None
    max_cancellation_aliases: int | None
    """Aliases a cancellation may carry (``None``: no cap)."""
    refund_states: frozenset[str]
    package_events: Mapping[str, str]
    identifier_argument: bool
    """The order is named by an ``orderIdentifier`` argument (else inside ``input``)."""
    merchant_lines_need_product: bool
    """Every line names its ``product``, a merchant-fulfilled one too."""
    refund_request_reason: bool
    """``refundRequestReason`` is judged: only an external refund may carry one."""
    schema: InputSchema = attrs.field(eq=False, repr=False)
    """The version's request inputs, which the fake checks every call against first."""


def _from_api(api: ApiDialect) -> Dialect:
    return Dialect(
        version=api.version.value,
        amazon_provider=api.amazon_provider_spelling,
        package_field=api.package_field,
        alias_key=api.alias_identifier_key,
        max_non_prime_units=_NON_PRIME_UNITS[api.version.value],
        max_cancellation_aliases=_CANCELLATION_ALIASES[api.version.value],
        refund_states=frozenset(state.value for state in api.refund_states),
        package_events=MappingProxyType(
            {move: api.package_events[state] for move, state in _MOVES.items()}
        ),
        identifier_argument=api.identifier_argument,
        merchant_lines_need_product=api.merchant_lines_need_product,
        refund_request_reason=api.refund_request_reason,
        schema=input_schema(api),
    )


DIALECTS_BY_NAME: dict[str, Dialect] = {
    version.value: _from_api(api) for version, api in DIALECTS.items()
}
"""The fake's dialect of each version, by its ``x-api-version`` spelling."""

MAX_ORDER_ALIASES = 5
MAX_ORDER_LINKS = 5
MAX_PRIME_UNITS = 20


def dialect_for(version: str) -> Dialect:
    """The dialect of ``version``; ``UnsupportedVersionError`` naming the known ones."""
    try:
        return DIALECTS_BY_NAME[str(version)]
    except KeyError:
        known = ", ".join(DIALECTS_BY_NAME)
        raise UnsupportedVersionError(
            f"the fake does not speak API version {version!r}; use one of {known}"
        ) from None
