"""``MemorySource``: orders, history and claims in this process (one proxy, no shared store).

Snapshots advance through ``orderguard.statemachine`` (``OrderTracker`` for events, with its
delivery-key deduplication); every change bumps the order's version and appends a history
entry. Claims expire after ``lease`` seconds, so a claim whose request died is taken over.
Thread-safe: one lock around everything.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import attrs

from orderguard.api import dialect_for
from orderguard.enums import ApiVersion, CancellationState
from orderguard.service._refs import AliasPair, OrderRef
from orderguard.service._render import order_json
from orderguard.service._source import JSON, Claim, OrderBusyError
from orderguard.statemachine import (
    EventResult,
    OrderSnapshot,
    OrderTracker,
    Outcome,
    parse_event,
)

LEASE_SECONDS = 30.0
"""How long a claim holds before another request may take it over."""


class MemorySource:
    """An :class:`~orderguard.service.OrderSource` kept in memory."""

    def __init__(self, lease: float = LEASE_SECONDS) -> None:
        self._lease = lease
        self._lock = threading.Lock()
        self._tracker = OrderTracker()
        self._versions: dict[str, int] = {}
        self._owners: dict[AliasPair, str] = {}
        self._history: dict[str, list[JSON]] = {}
        self._claims: dict[str, tuple[Claim, float]] = {}

    def snapshot(self, ref: OrderRef) -> OrderSnapshot | None:
        """The order ``ref`` names (by ID or alias), if it is held."""
        with self._lock:
            order_id = ref.order_id or self._owners.get(ref.alias or ("", ""), "")
            return self._held(order_id)

    def record_order(self, order: Mapping[str, Any], version: ApiVersion, cause: str) -> None:
        """Merge the order an answer returned (``PayloadError`` if it is not an order).

        An answer selects the fields its document asked for: what it leaves out is kept.
        """
        answered = OrderSnapshot.from_json(order, version)
        with self._lock:
            held = self._held(answered.id)
            merged = answered if held is None else _merge(held, answered, order, version)
            self._keep(merged, cause)

    def record_cancellation(self, order_id: str, state: str, cause: str) -> None:
        """Set the order's cancellation state, when the order is held."""
        with self._lock:
            current = self._held(order_id)
            if current is not None:
                self._keep(attrs.evolve(current, cancellation=CancellationState(state)), cause)

    def apply_event(self, event: Mapping[str, Any]) -> EventResult:
        """Apply an event; ``MalformedEventError`` for one that cannot be read."""
        parsed = parse_event(event)
        with self._lock:
            known = parsed.order_id in self._tracker
            result = self._tracker.apply(parsed)
            if result.outcome is Outcome.APPLIED or not known:
                self._keep(result.snapshot, f"event {parsed.name}")
            return result

    def claim(self, order_id: str, action: str, owner: str) -> Claim:
        """Claim the order; ``OrderBusyError`` naming the holder while a live claim holds it."""
        now = time.monotonic()
        with self._lock:
            held = self._claims.get(order_id)
            if held is not None and held[1] > now:
                raise OrderBusyError(order_id, held[0].owner, held[0].action)
            claim = Claim(order_id, action, owner, uuid.uuid4().hex)
            self._claims[order_id] = (claim, now + self._lease)
            return claim

    def settle(self, claim: Claim) -> None:
        """Release the claim (if it is still the one holding the order)."""
        with self._lock:
            held = self._claims.get(claim.order_id)
            if held is not None and held[0].key == claim.key:
                del self._claims[claim.order_id]

    def show(self, order_id: str) -> JSON | None:
        """The held order as ``order`` query JSON plus its ``version``."""
        with self._lock:
            held = self._held(order_id)
            return (
                None if held is None else {**order_json(held), "version": self._versions[order_id]}
            )

    def history(self, order_id: str) -> list[JSON]:
        """The order's history entries, oldest first."""
        with self._lock:
            return list(self._history.get(order_id, ()))

    def _held(self, order_id: str) -> OrderSnapshot | None:
        """The snapshot held for ``order_id`` (lock held)."""
        try:
            return self._tracker[order_id]
        except KeyError:
            return None

    def _keep(self, snapshot: OrderSnapshot, cause: str) -> None:
        """Hold ``snapshot`` as the order's latest state, with a history entry (lock held)."""
        order_id = snapshot.id
        held = self._held(order_id)
        before = order_json(held) if held is not None else None
        self._tracker.track(snapshot)
        for alias in snapshot.aliases:
            self._owners[alias] = order_id
        version = self._versions.get(order_id, 0) + 1
        self._versions[order_id] = version
        entry = {
            "at": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "version": version,
            "cause": cause,
            "changed": _changes(before, order_json(snapshot)),
        }
        self._history.setdefault(order_id, []).append(entry)


def _merge(
    held: OrderSnapshot, answered: OrderSnapshot, order: Mapping[str, Any], version: ApiVersion
) -> OrderSnapshot:
    """``answered``, with every part the answer's JSON did not select taken from ``held``."""
    members = {
        "aliases": ("aliases",),
        "orderLinks": ("order_links",),
        "metadata": ("execution",),
        dialect_for(version).package_field: ("packages", "reported_summary"),
        "cancellations": ("cancellation",),
        "refunds": ("refunds",),
    }
    metadata = order.get("metadata")
    selected = {name for name in order if name != "metadata"}
    if isinstance(metadata, Mapping) and "executionState" in metadata:
        selected.add("metadata")
    kept = {
        name: getattr(held, name)
        for member, names in members.items()
        if member not in selected
        for name in names
    }
    return attrs.evolve(answered, returns=held.returns, **kept)


def _changes(before: JSON | None, after: JSON) -> JSON:
    """The top-level members of the order JSON that differ, as ``{name: [before, after]}``."""
    old = before or {}
    return {name: [old.get(name), value] for name, value in after.items() if old.get(name) != value}
