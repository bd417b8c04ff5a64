"""Memory the emulator keeps: objects per stored order, the parse cache, the request record."""

from __future__ import annotations

import gc

from orderguard.fake import FakeOrderApi
from orderguard.samples import create_variables

TRACKED_PER_ORDER = 4
"""GC-tracked objects one stored two-line order may add (the order, its packages, its package)."""


def tracked_objects() -> int:
    """How many objects the garbage collector tracks, after collections that untrack tuples."""
    for _ in range(3):  # a tuple is untracked once its items are; nested ones take a pass each
        gc.collect()
    return len(gc.get_objects())


def test_a_stored_order_adds_few_tracked_objects() -> None:
    """1,000 stored orders add at most four GC-tracked objects each."""
    fake = FakeOrderApi(seed=4)
    fake.execute("createOrder", create_variables(order_ref="warm-up", lines=2))
    before = tracked_objects()
    for number in range(1000):
        fake.execute("createOrder", create_variables(order_ref=f"o-{number}", lines=2))
    per_order = (tracked_objects() - before) / 1000
    assert len(fake.order_ids()) == 1001
    assert per_order <= TRACKED_PER_ORDER, per_order
