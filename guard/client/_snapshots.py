"""The orders a client has touched, as last seen: kept current from responses and events."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

import attrs

from orderguard.enums import ApiVersion, CancellationState
from orderguard.errors import PayloadError
from orderguard.statemachine import EventResult, OrderSnapshot, OrderTracker

AliasPair = tuple[str, str]


@attrs.frozen(slots=True)
class OrderRef:
    """Which order a request names: its ID, or one of its aliases."""

    order_id: str | None = None
    alias: AliasPair | None = None

    @classmethod
    def from_identifier(cls, identifier: object, alias_key: str) -> OrderRef | None:
        """Read an ``OrderIdentifierInput`` (``{orderId}`` or ``{<alias_key>: {...}}``)."""
        if not isinstance(identifier, Mapping):
            return None
        order_id = identifier.get("orderId")
        if isinstance(order_id, str | int) and not isinstance(order_id, bool):
            return cls(order_id=str(order_id))
        pair = alias_pair(identifier.get(alias_key))
        return cls(alias=pair) if pair else None

    def identifier(self, alias_key: str) -> dict[str, Any]:
        """The reference as an ``OrderIdentifierInput``."""
        if self.order_id is not None or self.alias is None:
            return {"orderId": self.order_id}
        return {alias_key: {"aliasType": self.alias[0], "aliasId": self.alias[1]}}


def alias_pair(alias: object) -> AliasPair | None:
    """``{"aliasType": t, "aliasId": i}`` as ``(t, i)``; ``None`` when it is not an alias."""
    if not isinstance(alias, Mapping):
        return None
    alias_type, alias_id = alias.get("aliasType"), alias.get("aliasId")
    if isinstance(alias_type, str) and isinstance(alias_id, str | int):
        return (alias_type, str(alias_id))
    return None


class Snapshots:
    """``OrderSnapshot`` per order, found by ID or alias; safe to share between threads."""

    def __init__(self, version: ApiVersion) -> None:
        self._version = version
        self._tracker = OrderTracker()
        self._owners: dict[AliasPair, str] = {}
        self._lock = threading.Lock()

    def get(self, ref: OrderRef | None) -> OrderSnapshot | None:
        """The snapshot of the order ``ref`` names, if the client has seen it."""
        if ref is None:
            return None
        with self._lock:
            order_id = ref.order_id or self._owners.get(ref.alias or ("", ""))
            if order_id is None or order_id not in self._tracker:
                return None
            return self._tracker[order_id]

    def remember_order(self, order: Mapping[str, Any]) -> OrderSnapshot | None:
        """Track an order as a response returned it; ``None`` if it cannot be read as one."""
        try:
            snapshot = OrderSnapshot.from_json(order, self._version)
        except PayloadError:
            return None
        return self._track(snapshot, "order")

    def remember_cancellation(
        self, ref: OrderRef | None, cancellation: Mapping[str, Any]
    ) -> OrderSnapshot | None:
        """Record a cancelOrder answer on the order's snapshot (when the client holds one)."""
        current = self.get(ref)
        try:
            state = CancellationState(str(cancellation.get("state")))
        except ValueError:
            return current
        if current is None:
            return None
        return self._track(attrs.evolve(current, cancellation=state), "cancelOrder")

    def apply_event(self, event: Mapping[str, Any]) -> EventResult:
        """Advance the snapshot of the event's order (duplicate deliveries change nothing)."""
        with self._lock:
            return self._tracker.apply(event)

    def _track(self, snapshot: OrderSnapshot, source: str) -> OrderSnapshot:
        """Hold ``snapshot`` (an answer to ``source``); the snapshot now held."""
        with self._lock:
            self._tracker.track(snapshot)
            for pair in snapshot.aliases:
                self._owners[pair] = snapshot.id
        return snapshot
