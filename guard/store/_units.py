"""Units of work the store runs in one transaction each: taking in an event, merging an answer.

Written once over :class:`~orderguard.store._tx.Tx`, for every backend.
"""

from __future__ import annotations

import time

from orderguard.statemachine import EventResult, OrderEvent, OrderSnapshot, Outcome, apply_event
from orderguard.store._merge import merge
from orderguard.store._records import Source, Versioned
from orderguard.store._tx import Entry, Tx

SEEN_BEFORE = "delivery already seen"
"""The detail of an event whose delivery key the store recorded before."""


def intake(tx: Tx, event: OrderEvent, now: float) -> EventResult:
    """One event: the delivery key checked and recorded, the snapshot advanced, history kept."""
    tx.prefetch([(event.order_id, event.event_id)])  # the lock, the order and the key at once
    tx.lock(event.order_id)
    current = tx.read(event.order_id)
    before = current.snapshot if current is not None else OrderSnapshot(event.order_id)
    key = event.event_id
    if key is not None and tx.seen(event.order_id, key):
        return EventResult(before, event, Outcome.DUPLICATE, SEEN_BEFORE)
    result = apply_event(before, event)
    after = result.snapshot
    version = current.version if current is not None else 0
    if after is not before:  # apply_event returns the snapshot itself when nothing moved
        version = tx.write(after, current).version
    outcome = result.outcome.value
    if key is not None:
        tx.remember(event.order_id, key, outcome, result.detail, now)
    old = before if current is not None else None
    tx.log(
        Entry(
            event.order_id,
            now,
            Source.EVENT,
            key or event.name,
            outcome,
            result.detail,
            version,
            old,
            after,
        )
    )
    return result


def merge_in(
    tx: Tx, fresh: OrderSnapshot, source: Source, ref: str, detail: str, always_log: bool
) -> Versioned:
    """Merge ``fresh`` into the stored order; log a history row if anything moved (or always)."""
    tx.lock(fresh.id)
    current = tx.read(fresh.id)
    merged = merge(current.snapshot, fresh) if current is not None else fresh
    stored = current
    if current is None or merged != current.snapshot:
        stored = tx.write(merged, current)
    assert stored is not None  # written above when nothing was stored
    if stored is not current or always_log:
        before = current.snapshot if current is not None else None
        tx.log(
            Entry(fresh.id, time.time(), source, ref, None, detail, stored.version, before, merged)
        )
    return stored
