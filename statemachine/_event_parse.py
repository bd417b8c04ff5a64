"""Reading Buy with Prime events from either envelope into one ``OrderEvent`` record.

Two envelopes carry the same events:

- webhook: ``idempotencyKey``, ``eventId``, ``eventDescriptor``, ``resources``, ``data.order``;
- EventBridge: ``id``, ``detail-type``, ``resources``, ``detail`` (whose fields mirror
  ``data``).

Events are thin: the order, package and refund IDs come from ``data.order`` when present and
otherwise from the ``resources`` paths (``.../order/<id>/delivery/<id>``,
``.../order/<id>/refund/<id>``).

Event types (reference §4.9): the package events are named by each API version's dialect
(``Dialect.package_events``) plus the 2024-01-01 ``ITEM_*`` spellings; the return-package
progress events (``RETURN_PACKAGE_*``, older ``RETURN_DELIVERY_*``) and ``RETURN_ITEM_GRADED``
are recognised but not modelled, and any other type is ``UNKNOWN``. Events orderguard does not
model never break intake: they parse (their order may even be missing) and are ignored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import attrs

from orderguard.api import DIALECTS
from orderguard.enums import HashedStrEnum, PackageCancelReason, PackageState
from orderguard.errors import FieldIssue
from orderguard.errors.exceptions import MalformedEventError


class EventKind(HashedStrEnum):
    """What an event means for the order, whatever its name in a given API version."""

    PACKAGE_IN_TRANSIT = "PACKAGE_IN_TRANSIT"
    PACKAGE_DELIVERED = "PACKAGE_DELIVERED"
    PACKAGE_CANCELLED = "PACKAGE_CANCELLED"
    TRACKER_MILESTONE = "TRACKER_MILESTONE"
    REFUND_REQUESTED = "REFUND_REQUESTED"
    RETURN_STARTED = "RETURN_STARTED"
    RETURN_COMPLETED = "RETURN_COMPLETED"
    RETURN_PACKAGE = "RETURN_PACKAGE"
    """A return package's progress (in transit, delivered, failed): not modelled."""
    RETURN_ITEM_GRADED = "RETURN_ITEM_GRADED"
    """A returned item was graded: not modelled."""
    UNKNOWN = "UNKNOWN"
    """A type orderguard does not know (a newer API's, or a misspelling): ignored."""

    @property
    def package_state(self) -> PackageState | None:
        """The state a package event says the package has reached (``None`` for other kinds)."""
        return _PACKAGE_STATES.get(self)

    @property
    def modelled(self) -> bool:
        """Whether applying an event of this kind can change a snapshot."""
        return self in _MODELLED


_PACKAGE_STATES = {
    EventKind.PACKAGE_IN_TRANSIT: PackageState.IN_TRANSIT,
    EventKind.PACKAGE_DELIVERED: PackageState.DELIVERED,
    EventKind.PACKAGE_CANCELLED: PackageState.CANCELLED,
}
_PACKAGE_KINDS = {state: kind for kind, state in _PACKAGE_STATES.items()}
_MODELLED = frozenset(
    {
        *_PACKAGE_STATES,
        EventKind.REFUND_REQUESTED,
        EventKind.RETURN_STARTED,
        EventKind.RETURN_COMPLETED,
    }
)

EVENT_NAMES: dict[str, EventKind] = {
    **{
        name: _PACKAGE_KINDS[state]
        for dialect in DIALECTS.values()
        for state, name in dialect.package_events.items()
    },
    "ITEM_IN_TRANSIT": EventKind.PACKAGE_IN_TRANSIT,
    "ITEM_DELIVERED": EventKind.PACKAGE_DELIVERED,
    "ITEM_CANCELLED": EventKind.PACKAGE_CANCELLED,
    "PACKAGE_TRACKER_MILESTONE_CHANGED": EventKind.TRACKER_MILESTONE,
    "REFUND_REQUESTED": EventKind.REFUND_REQUESTED,
    "RETURN_STARTED": EventKind.RETURN_STARTED,
    "RETURN_COMPLETED": EventKind.RETURN_COMPLETED,
    "RETURN_PACKAGE_IN_TRANSIT": EventKind.RETURN_PACKAGE,
    "RETURN_PACKAGE_DELIVERED": EventKind.RETURN_PACKAGE,
    "RETURN_PACKAGE_DELIVERY_FAILED": EventKind.RETURN_PACKAGE,
    "RETURN_DELIVERY_IN_TRANSIT": EventKind.RETURN_PACKAGE,
    "RETURN_DELIVERY_COMPLETED": EventKind.RETURN_PACKAGE,
    "RETURN_DELIVERY_FAILED": EventKind.RETURN_PACKAGE,
    "RETURN_ITEM_GRADED": EventKind.RETURN_ITEM_GRADED,
}
"""Every event name orderguard recognises (each version's names and the older spellings)."""

_RESOURCE_ID = re.compile(r"/(order|delivery|package|refund|return)/([^/]+)")


@attrs.frozen(slots=True)
class OrderEvent:
    """One Buy with Prime event about one order, envelope and version differences removed.

    ``name`` is the type as sent (normalised); ``order_id`` is ``""`` only for an event of a
    kind orderguard does not model that names no order.
    """

    kind: EventKind
    name: str
    event_id: str | None
    order_id: str
    package_ids: tuple[str, ...] = ()
    refund_ids: tuple[str, ...] = ()
    return_id: str | None = None
    reason: PackageCancelReason | None = None


def parse_event(payload: object) -> OrderEvent:
    """Read a webhook or EventBridge event; ``MalformedEventError`` names a missing field."""
    if not isinstance(payload, Mapping):
        raise _malformed("", "an event must be a JSON object")
    if "detail-type" in payload or "detail" in payload:
        return _from_envelope(payload, "detail-type", "id", "detail")
    return _from_envelope(payload, "eventDescriptor", "idempotencyKey", "data")


def _from_envelope(
    payload: Mapping[str, Any], name_field: str, id_field: str, body_field: str
) -> OrderEvent:
    body = payload.get(body_field) or {}
    if not isinstance(body, Mapping):
        raise _malformed(body_field, "expected an object")
    name = _event_name(payload.get(name_field), body, name_field)
    kind = EVENT_NAMES.get(name, EventKind.UNKNOWN)
    raw_order = body.get("order")
    order: Mapping[str, Any] = raw_order if isinstance(raw_order, Mapping) else {}
    resources = _resource_ids(payload.get("resources"))
    order_id = order.get("id") or _order_id_of(body) or resources.get("order") or ""
    if not order_id and kind.modelled:
        raise _malformed(f"{body_field}.order.id", "the event names no order (nor do resources)")
    return OrderEvent(
        kind=kind,
        name=name,
        event_id=_event_id(payload, id_field),
        order_id=str(order_id),
        package_ids=_ids(
            order, ("packageInformation", "deliveryInformation"), resources, "delivery", "package"
        ),
        refund_ids=_ids(order, ("refunds",), resources, "refund"),
        return_id=resources.get("return"),
        reason=_cancel_reason(order),
    )


def _event_name(raw: object, body: Mapping[str, Any], field: str) -> str:
    """The event's type, from the envelope or the body's ``eventType`` (known or not)."""
    if isinstance(raw, Mapping):
        raw = raw.get("eventType") or raw.get("name")
    raw = raw or body.get("eventType")
    if not isinstance(raw, str) or not raw:
        raise _malformed(field, "the event has no type")
    return raw.strip().upper().replace(" ", "_").replace("-", "_")


def _event_id(payload: Mapping[str, Any], id_field: str) -> str | None:
    """The delivery's deduplication key: idempotencyKey (or EventBridge id), else eventId."""
    value = payload.get(id_field) or payload.get("eventId")
    return str(value) if value else None


def _order_id_of(body: Mapping[str, Any]) -> str | None:
    """EventBridge bodies may carry ``orderIdentifier.orderId`` instead of ``order.id``."""
    ident = body.get("orderIdentifier")
    return str(ident["orderId"]) if isinstance(ident, Mapping) and ident.get("orderId") else None


def _resource_ids(resources: object) -> dict[str, str]:
    """``{"order": ..., "delivery": ..., "refund": ...}`` read from the resource paths."""
    found: dict[str, str] = {}
    if isinstance(resources, list):
        for resource in resources:
            if isinstance(resource, str):
                found.update(dict(_RESOURCE_ID.findall(resource)))
    return found


def _ids(
    order: Mapping[str, Any], fields: tuple[str, ...], resources: dict[str, str], *keys: str
) -> tuple[str, ...]:
    """IDs listed under ``order.<field>.details[].id``, else the ones in the resources."""
    for field in fields:
        section = order.get(field)
        details = section.get("details") if isinstance(section, Mapping) else None
        if isinstance(details, list):
            ids = tuple(str(d["id"]) for d in details if isinstance(d, Mapping) and d.get("id"))
            if ids:
                return ids
    return tuple(resources[key] for key in keys if key in resources)


def _cancel_reason(order: Mapping[str, Any]) -> PackageCancelReason | None:
    """The cancellation reason of the first package detail that states one."""
    for field in ("packageInformation", "deliveryInformation"):
        section = order.get(field)
        details = section.get("details") if isinstance(section, Mapping) else None
        for detail in details if isinstance(details, list) else []:
            reason = detail.get("reason") if isinstance(detail, Mapping) else None
            if isinstance(reason, str) and reason in PackageCancelReason.__members__:
                return PackageCancelReason(reason)
    return None


def _malformed(path: str, message: str) -> MalformedEventError:
    return MalformedEventError("event", [FieldIssue(path, message)])
