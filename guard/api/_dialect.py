"""What differs between API versions, as one ``Dialect`` record per version.

Every difference between versions is a field here; code outside ``orderguard.api`` reads the
field instead of comparing versions (reference §10). The request models hold the fields of both
versions; the dialect says which of them a version has (``absent_input_fields``), which it
requires (``required_input_fields``) and how it spells its enum values (``enum_spellings``).
Those three tables are worked out from the other fields, so they cannot contradict them.

Input fields are named ``"<GraphQL input type>.<field>"``; a mutation's arguments are the fields
of a type named after the mutation (``"updateOrder.orderIdentifier"``).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import attrs

from orderguard.enums import ApiVersion, DeliveryProvider, PackageState, RefundState
from orderguard.errors.exceptions import UnsupportedVersionError

_IDENTIFIER_ALIAS_KEYS = ("alias", "orderAlias")
_PACKAGE_FIELDS = ("packageInformation", "deliveryInformation")
_IDENTIFIER_ARGUMENT = "the orderIdentifier argument"

OLDER_SPELLINGS: Mapping[str, str] = MappingProxyType(
    {
        "CreateOrderInput.orderAliases": "aliases",
        "LineItemInput.purchasedItem": "product",
        "LineItemInput.quantity": "amount",
        "LineItemInput.lineItemAliases": "aliases",
    }
)
"""v2024-01-01 input fields neither supported version has, and what replaced each (§3.2, §10)."""

_NO_TOKEN = "the Order mutations take no idempotency token; the order's aliases identify a retry"
RULED_OUT_FIELDS: Mapping[str, str] = MappingProxyType(
    {
        "CancelOrderInput.lineItems": "only whole orders are cancelled; name no lines",
        "CreateOrderInput.clientToken": _NO_TOKEN,
        "UpdateOrderInput.clientToken": _NO_TOKEN,
        "CancelOrderInput.clientToken": _NO_TOKEN,
    }
)
"""Input fields the reference says no version has, and why: cancellation is of whole orders only
(§3.8); the Order mutations take no idempotency token, aliases are the key (§8)."""


@attrs.frozen(slots=True)
class Dialect:
    """What one API version spells and allows: its limits, spellings and version-specific rules."""

    version: ApiVersion
    max_order_links: int = 5
    max_order_aliases: int = 5
    max_cancellation_aliases: int | None = 5
    """Aliases a cancellation may carry; ``None``: no cap (2024-11-01 added the 0-5 limit)."""
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
    update_takes_customer: bool = False
    """``UpdateOrderInput`` has ``customer`` (before 2024-11-01; GAP: kept from v2024-01-01)."""
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
    older_spellings: Mapping[str, str] = OLDER_SPELLINGS
    """Input fields of older versions this one lacks -> the field to use instead."""
    ruled_out_fields: Mapping[str, str] = RULED_OUT_FIELDS
    """Input fields the reference rules out -> why. Sending one is a ``SchemaError``, never the
    ``UnknownInputField`` a merchant may downgrade for a field the documentation missed."""
    absent_input_fields: Mapping[str, str] = attrs.field(init=False, eq=False, repr=False)
    """Fields of the request models this version lacks -> what to write instead (``""``: none)."""
    required_input_fields: frozenset[str] = attrs.field(init=False, eq=False, repr=False)
    """Fields the models leave optional that this version requires (where the order is named)."""
    enum_spellings: Mapping[str, Mapping[str, str]] = attrs.field(init=False, eq=False, repr=False)
    """GraphQL enum type -> this version's values -> the value the models hold."""

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "absent_input_fields", MappingProxyType(_absent(self)))
        object.__setattr__(self, "required_input_fields", _required(self))
        object.__setattr__(self, "enum_spellings", MappingProxyType(_enums(self)))


def _absent(dialect: Dialect) -> dict[str, str]:
    """The fields of the other versions' shapes, each with this version's counterpart."""
    key = dialect.alias_identifier_key
    absent = {f"OrderIdentifierInput.{k}": key for k in _IDENTIFIER_ALIAS_KEYS if k != key}
    absent |= {
        f"UpdateOrderInput.{field}": dialect.package_field
        for field in _PACKAGE_FIELDS
        if field != dialect.package_field
    }
    if dialect.identifier_argument:
        absent["UpdateOrderInput.orderId"] = _IDENTIFIER_ARGUMENT
        absent["CancelOrderInput.orderIdentifier"] = _IDENTIFIER_ARGUMENT
    else:
        absent["updateOrder.orderIdentifier"] = "input.orderId"
        absent["cancelOrder.orderIdentifier"] = "input.orderIdentifier"
    if not dialect.delivery_terms:
        absent["DeliveryOfferDetailsInput.deliveryTerms"] = ""
    if not dialect.update_takes_customer:
        absent["UpdateOrderInput.customer"] = ""
    return absent


def _required(dialect: Dialect) -> frozenset[str]:
    """Where the version requires the order's identifier (and cancelOrder's input)."""
    if dialect.identifier_argument:
        return frozenset({"updateOrder.orderIdentifier", "cancelOrder.orderIdentifier"})
    return frozenset(
        {"UpdateOrderInput.orderId", "CancelOrderInput.orderIdentifier", "cancelOrder.input"}
    )


def _enums(dialect: Dialect) -> dict[str, Mapping[str, str]]:
    providers = {
        dialect.amazon_provider_spelling: DeliveryProvider.AMAZON.value,
        DeliveryProvider.MERCHANT.value: DeliveryProvider.MERCHANT.value,
    }
    states = {state.value: state.value for state in RefundState if state in dialect.refund_states}
    return {
        "DeliveryProviderInput": MappingProxyType(providers),
        "RefundStateInput": MappingProxyType(states),
    }


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
        # §3.8, §10: the 0-5 limit on cancellation aliases came with 2024-11-01.
        max_cancellation_aliases=None,
        amazon_provider_spelling="BUY_WITH_PRIME",
        refund_states=frozenset(RefundState) - {RefundState.REJECTED},
        package_field="deliveryInformation",
        identifier_argument=False,
        alias_identifier_key="orderAlias",
        delivery_terms=False,
        merchant_lines_need_product=True,
        refund_request_reason=False,
        update_takes_customer=True,
        package_events=_OLDER_PACKAGE_EVENTS,
    ),
}
"""One dialect per API version; look up with ``DIALECTS[ApiVersion(...)]``."""


def dialect_for(version: ApiVersion | str | Dialect) -> Dialect:
    """The dialect of ``version`` (a dialect is returned as it is); ``UnsupportedVersionError``."""
    if isinstance(version, Dialect):
        return version
    try:
        return DIALECTS[ApiVersion(version)]
    except ValueError:
        known = ", ".join(v.value for v in ApiVersion)
        raise UnsupportedVersionError(
            f"unknown API version {version!r}; expected one of {known}"
        ) from None
