"""The demo's store scene: one SQLite order store, an event redelivered after a restart."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from orderguard import samples
from orderguard.store import open_store

Say = Callable[[str], None]


def _shipped(order_id: str, key: str) -> dict[str, object]:
    """A webhook announcing that the order's first package is in transit."""
    return {
        "idempotencyKey": key,
        "eventDescriptor": "PACKAGE_DELIVERY_IN_TRANSIT",
        "resources": [f"businessProduct/bp-1/order/{order_id}/delivery/pkg-0"],
    }


def store_day(folder: Path, say: Say) -> None:
    """Record an order, apply an event, restart, redeliver it: the store says ``duplicate``."""
    path = folder / "orders.db"
    folder.mkdir(parents=True, exist_ok=True)
    for stale in (path, path.with_name("orders.db-wal"), path.with_name("orders.db-shm")):
        stale.unlink(missing_ok=True)  # the demo starts from an empty store every time
    url = f"sqlite:///{path}"
    order = samples.order_json("322-DEMO-STORE1")
    with open_store(url) as store:
        stored = store.record_response(order)
        say(f"  {url}: recorded 322-DEMO-STORE1 (version {stored.version})")
        result = store.apply_event(_shipped("322-DEMO-STORE1", "delivery-7d1c"))
        say(f"  PACKAGE_DELIVERY_IN_TRANSIT: {result.outcome.value}")
    with open_store(url) as store:  # another worker, or the same one after a restart
        again = store.apply_event(_shipped("322-DEMO-STORE1", "delivery-7d1c"))
        say(f"  the same delivery after a restart: {again.outcome.value}")
        for entry in store.history("322-DEMO-STORE1"):
            say(f"  history: {entry.source} {entry.ref} -> version {entry.version}")
    say("  Every worker that opens the same URL (or one PostgreSQL) decides on this truth.")
