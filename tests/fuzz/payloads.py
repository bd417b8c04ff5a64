"""What the fuzz suite feeds the entry points: arbitrary JSON, and valid payloads broken once.

``json_values`` draws any JSON value (and what Python callers also pass: NaN, infinities,
huge integers), with object keys drawn partly from the real field names of every input type,
the order response, events and the context, so that arbitrary values get deep into the
readers. ``broken`` deletes, retypes or duplicates one field of a valid payload.
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import strategies as st

from orderguard.api import input_schema
from orderguard.enums import ApiVersion

JSON = dict[str, Any]

_RESPONSE_NAMES = (
    "data", "order", "id", "metadata", "executionState", "createdAt", "updatedAt",
    "packageInformation", "deliveryInformation", "summary", "details", "state", "reason",
    "refunds", "refundTotal", "totalAmount", "cancellations", "requestedBy", "returns",
    "aliases", "aliasType", "aliasId", "orderLinks", "lineItems", "amount", "value", "unit",
)  # fmt: skip
_EVENT_NAMES = (
    "eventId", "idempotencyKey", "eventDescriptor", "eventType", "eventTime", "resources",
    "apiVersion", "subscriptionId", "detail", "detail-type", "source", "time", "version",
)  # fmt: skip
_CONTEXT_NAMES = (
    "now", "deliveryPreview", "offers", "items", "identifier", "sku", "quantity", "expiresAt",
    "usedAliases", "shopperPrime", "tokenAcquiredAt", "tokenLifetimeSeconds", "tokenExpiresAt",
    "inventory", "available", "primeEnabled", "inCatalog", "knownAddresses", "address",
)  # fmt: skip
_EVENT_TYPES = (
    "PACKAGE_DELIVERY_IN_TRANSIT", "PACKAGE_DELIVERED", "PACKAGE_DELIVERY_CANCELLED",
    "DELIVERY_IN_TRANSIT", "REFUND_REQUESTED", "RETURN_STARTED", "PENDING", "STARTED",
    "businessProduct/1/order/322-A/delivery/PKG-1", "2024-11-01", "USD", "ONE",
)  # fmt: skip


def _field_names() -> tuple[str, ...]:
    names = {
        field.name
        for version in ApiVersion
        for kind in input_schema(version).types.values()
        for field in kind.fields
    }
    return tuple(sorted(names | {*_RESPONSE_NAMES, *_EVENT_NAMES, *_CONTEXT_NAMES}))


FIELD_NAMES = _field_names()
"""Every field name the readers know."""

_KEYS = st.sampled_from(FIELD_NAMES) | st.text(max_size=8)
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(_EVENT_TYPES)
    | st.sampled_from(["", "1e5000", "-4", "0.5", "\ud800", "9" * 5000, "x" * 9000])
)

json_values = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=5),
    max_leaves=24,
)
"""Any JSON value (NaN and infinities included, as Python callers may pass them)."""
json_objects = st.dictionaries(_KEYS, json_values, max_size=6)
"""Any JSON object."""


def _spots(value: Any) -> list[tuple[Any, Any]]:
    """Every (holder, key) below ``value``: the places one field can be broken."""
    spots: list[tuple[Any, Any]] = []
    stack = [value]
    while stack:
        node = stack.pop()
        for key, item in list(node.items() if isinstance(node, dict) else enumerate(node)):
            spots.append((node, key))
            if isinstance(item, dict | list):
                stack.append(item)
    return spots


@st.composite
def broken(draw: st.DrawFn, valid: JSON) -> JSON:
    """``valid`` with one field deleted, retyped (any JSON value) or duplicated."""
    payload = copy.deepcopy(valid)
    spots = _spots(payload)
    holder, key = spots[draw(st.integers(0, len(spots) - 1))]
    how = draw(st.sampled_from(["delete", "retype", "duplicate"]))
    if how == "delete":
        del holder[key]
    elif how == "retype":
        holder[key] = draw(json_values)
    elif isinstance(holder, list):
        holder.insert(key, copy.deepcopy(holder[key]))
    else:
        holder[key] = [holder[key], copy.deepcopy(holder[key])]
    return payload
