"""What the merchant knows besides the request and the order: the facts some rules need.

Every fact is optional; a rule that needs an absent fact does not fire. ``Context.from_json``
reads the camelCase JSON that ``orderguard check --context`` takes::

    {"now": "2026-11-20T10:05:00Z",
     "deliveryPreview": {"id": "preview-7f3a", "address": {...AddressInput...},
                         "offers": [{"id": "offer-0", "expiresAt": "2026-11-20T11:00:00Z",
                                     "items": [{"identifier": {"sku": "SKU-0000"},
                                                "quantity": 1}]}]},
     "usedAliases": [{"aliasType": "EXTERNAL_ID", "aliasId": "order-1000"}],
     "shopperPrime": true,
     "tokenAcquiredAt": "2026-11-20T09:30:00Z", "tokenLifetimeSeconds": 3600,
     "tokenExpiresAt": "2026-11-20T10:30:00Z",
     "inventory": {"SKU-0000": {"available": 12, "primeEnabled": true, "inCatalog": true}},
     "knownAddresses": [{...AddressInput...}]}
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Annotated

import attrs
from pydantic import (
    AwareDatetime,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    ValidationInfo,
    field_validator,
)

from orderguard.api.models import Address, Alias, ApiModel, ProductIdentifier
from orderguard.api.schema import validate_model
from orderguard.errors import FieldIssue, PayloadError

AliasPair = tuple[str, str]
CONTEXT_INVALID = "is invalid"
"""How a ``PayloadError`` words a bad context: it is orderguard's JSON, not the API's."""


def _timestamp(value: object) -> object:
    """An ISO 8601 string (or a datetime) only: a number is not read as a Unix time."""
    if isinstance(value, str | datetime):
        return value
    raise ValueError(f"expected an ISO 8601 timestamp with a time zone, got {value!r}")


Timestamp = Annotated[AwareDatetime, BeforeValidator(_timestamp)]
"""A context timestamp: ISO 8601 text with a time zone, read strictly."""


def _aware(_: object, attribute: attrs.Attribute[datetime | None], value: datetime | None) -> None:
    """Reject naive datetimes: they cannot be compared with the API's UTC timestamps."""
    if value is not None and value.utcoffset() is None:
        raise ValueError(f"{attribute.name} must carry a time zone, got {value.isoformat()}")


def expiry_of(acquired: datetime | None, lifetime: timedelta | None) -> datetime | None:
    """``acquired + lifetime``; ``ValueError`` when that falls after 9999-12-31 (or ``None``).

    A datetime cannot name a later instant, so such a lifetime is refused where the context is
    built, and ``Context.token_expiry`` never overflows.
    """
    if acquired is None or lifetime is None:
        return None
    try:
        return acquired + lifetime
    except OverflowError:
        raise ValueError(
            f"a token acquired at {acquired.isoformat()} with a lifetime of "
            f"{lifetime.total_seconds():.0f} s would expire after 9999-12-31, the last day a "
            "date can name; send the real lifetime (an hour for a Login with Amazon token)"
        ) from None


def _lifetime(seconds: int) -> timedelta:
    """``seconds`` as a timedelta; ``ValueError`` beyond the 999,999,999 days one can hold."""
    try:
        return timedelta(seconds=seconds)
    except OverflowError:
        raise ValueError(
            f"{seconds} s is more than a token can live: it would expire after 9999-12-31"
        ) from None


def _representable_expiry(
    context: Context, _: attrs.Attribute[timedelta | None], lifetime: timedelta | None
) -> None:
    """The token's expiry (acquisition + lifetime) is a datetime: on or before 9999-12-31."""
    try:
        expiry_of(context.token_acquired_at, lifetime)
    except ValueError as error:
        issue = FieldIssue("token_lifetime", str(error))
        raise PayloadError("context", [issue], CONTEXT_INVALID) from None


@attrs.frozen(slots=True)
class PreviewOffer:
    """One delivery offer of a ``deliveryPreview`` answer: its ID, items and expiry."""

    id: str
    items: Mapping[str, Decimal] = attrs.field(factory=dict)
    """Item identifier (SKU or product ID) -> the quantity the offer was computed for."""
    expires_at: datetime | None = attrs.field(default=None, validator=_aware)


@attrs.frozen(slots=True)
class DeliveryPreview:
    """The ``deliveryPreview`` the order is built on: its ID, address and offers."""

    id: str
    address: Address | None = None
    offers: tuple[PreviewOffer, ...] = ()
    _by_id: Mapping[str, PreviewOffer] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {offer.id: offer for offer in self.offers})

    def offer(self, offer_id: str) -> PreviewOffer | None:
        """The offer with ID ``offer_id``, if the preview returned it."""
        return self._by_id.get(offer_id)


@attrs.frozen(slots=True)
class InventoryItem:
    """What the merchant's inventory says about one item; ``None`` means unknown."""

    available: int | None = None
    prime_enabled: bool | None = None
    in_catalog: bool | None = None


@attrs.frozen(slots=True)
class Context:
    """Facts the merchant knows that the request and the order do not carry."""

    now: datetime | None = attrs.field(default=None, validator=_aware)
    delivery_preview: DeliveryPreview | None = None
    used_aliases: frozenset[AliasPair] = frozenset()
    """(aliasType, aliasId) pairs other orders of the store already carry."""
    shopper_prime: bool | None = None
    token_acquired_at: datetime | None = attrs.field(default=None, validator=_aware)
    token_lifetime: timedelta | None = attrs.field(default=None, validator=_representable_expiry)
    """How long the token lives from ``token_acquired_at``; the sum ends by 9999-12-31."""
    token_expires_at: datetime | None = attrs.field(default=None, validator=_aware)
    inventory: Mapping[str, InventoryItem] = attrs.field(factory=dict)
    """Item identifier (SKU or product ID) -> what the inventory says about it."""
    known_addresses: tuple[Address, ...] = ()
    """The shopper's addresses Amazon knows (e.g. from the shopper's profile)."""

    @property
    def token_expiry(self) -> datetime | None:
        """When the shopper's identity token expires: given, or acquisition time + lifetime."""
        if self.token_expires_at is not None:
            return self.token_expires_at
        return expiry_of(self.token_acquired_at, self.token_lifetime)

    @classmethod
    def from_json(cls, data: object) -> Context:
        """Read the camelCase context JSON; ``PayloadError`` naming each bad field by path."""
        return validate_model(_ContextJson, data, "context", problem=CONTEXT_INVALID).to_context()


class _StrictModel(ApiModel):
    """A context model: a misspelt field is an error, not silently ignored.

    Values are read strictly too: a Boolean is ``true`` or ``false`` (``"yes"`` is no
    Boolean), a count an integer (``true`` is no count, ``"3600"`` no number), a timestamp ISO
    8601 text; the ``PayloadError`` names the field.
    """

    model_config = ConfigDict(extra="forbid")


class _OfferItemJson(_StrictModel):
    identifier: ProductIdentifier
    quantity: StrictInt = Field(gt=0)


class _OfferJson(_StrictModel):
    id: str
    expires_at: Timestamp | None = None
    items: list[_OfferItemJson] = []

    def to_offer(self) -> PreviewOffer:
        items = {item.identifier.value or "": Decimal(item.quantity) for item in self.items}
        return PreviewOffer(self.id, items, self.expires_at)


class _PreviewJson(_StrictModel):
    id: str
    address: Address | None = None
    offers: list[_OfferJson] = []

    def to_preview(self) -> DeliveryPreview:
        return DeliveryPreview(self.id, self.address, tuple(o.to_offer() for o in self.offers))


class _InventoryJson(_StrictModel):
    available: StrictInt | None = Field(default=None, ge=0)
    prime_enabled: StrictBool | None = None
    in_catalog: StrictBool | None = None


class _ContextJson(_StrictModel):
    now: Timestamp | None = None
    delivery_preview: _PreviewJson | None = None
    used_aliases: list[Alias] = []
    shopper_prime: StrictBool | None = None
    token_acquired_at: Timestamp | None = None
    token_lifetime_seconds: StrictInt | None = Field(default=None, gt=0)
    token_expires_at: Timestamp | None = None
    inventory: dict[str, _InventoryJson] = {}
    known_addresses: list[Address] = []

    @field_validator("token_lifetime_seconds")
    @classmethod
    def _ends_in_time(cls, seconds: int | None, info: ValidationInfo) -> int | None:
        """The lifetime, added to ``tokenAcquiredAt`` (validated before it), is a datetime."""
        if seconds is not None:
            expiry_of(info.data.get("token_acquired_at"), _lifetime(seconds))
        return seconds

    def to_context(self) -> Context:
        preview, lifetime = self.delivery_preview, self.token_lifetime_seconds
        return Context(
            now=self.now,
            delivery_preview=None if preview is None else preview.to_preview(),
            used_aliases=frozenset(alias.pair for alias in self.used_aliases),
            shopper_prime=self.shopper_prime,
            token_acquired_at=self.token_acquired_at,
            token_lifetime=None if lifetime is None else timedelta(seconds=lifetime),
            token_expires_at=self.token_expires_at,
            inventory={
                key: InventoryItem(**item.model_dump()) for key, item in self.inventory.items()
            },
            known_addresses=tuple(self.known_addresses),
        )
