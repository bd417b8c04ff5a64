"""OrderTracker: the snapshots of many orders, kept current from events, deliveries deduplicated."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping

from orderguard.statemachine._apply import EventResult, Outcome, apply_event
from orderguard.statemachine._event_parse import OrderEvent, parse_event
from orderguard.statemachine._snapshot import OrderSnapshot


class OrderTracker:
    """Snapshots by order ID, advanced by events; a delivery seen twice changes nothing.

    Deliveries are deduplicated by ``idempotencyKey`` (EventBridge ``id``, else ``eventId``);
    the last ``remember`` keys are kept. An event for an order the tracker does not hold starts
    from an empty ``NOT_STARTED`` snapshot of that order; an ignored event (a kind orderguard
    does not model) never adds an order.

    Thread-safe within one process: ``apply`` reads, advances and stores an order's snapshot
    and records the delivery key under one lock, so concurrent deliveries lose no update, and
    iterating walks a copy taken under that lock. It is memory only, for one process; several
    workers or processes need a shared store instead.
    """

    def __init__(self, remember: int = 100_000) -> None:
        self._snapshots: dict[str, OrderSnapshot] = {}
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._remember = remember
        self._lock = threading.Lock()

    def track(self, snapshot: OrderSnapshot) -> None:
        """Hold ``snapshot`` as the latest state of its order (e.g. after an ``order`` query)."""
        with self._lock:
            self._snapshots[snapshot.id] = snapshot

    def __getitem__(self, order_id: str) -> OrderSnapshot:
        return self._snapshots[order_id]

    def __contains__(self, order_id: object) -> bool:
        return order_id in self._snapshots

    def __iter__(self) -> Iterator[OrderSnapshot]:
        with self._lock:
            held = list(self._snapshots.values())
        return iter(held)

    def __len__(self) -> int:
        return len(self._snapshots)

    def apply(self, event: OrderEvent | Mapping[str, object]) -> EventResult:
        """Apply one event (parsed or raw JSON) and keep the resulting snapshot."""
        parsed = event if isinstance(event, OrderEvent) else parse_event(event)
        with self._lock:
            current = self._snapshots.get(parsed.order_id) or OrderSnapshot(parsed.order_id)
            if parsed.event_id is not None and parsed.event_id in self._seen:
                return EventResult(current, parsed, Outcome.DUPLICATE, "delivery already seen")
            result = apply_event(current, parsed)
            if parsed.kind.modelled:
                self._snapshots[parsed.order_id] = result.snapshot
            self._remember_delivery(parsed.event_id)
        return result

    def _remember_delivery(self, event_id: str | None) -> None:
        if event_id is None:
            return
        self._seen[event_id] = None
        if len(self._seen) > self._remember:
            self._seen.popitem(last=False)
