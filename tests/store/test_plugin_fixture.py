"""The pytest plugin's ``order_store`` fixture."""

from __future__ import annotations

import pytest

from orderguard.statemachine import Outcome
from orderguard.store import OrderStore
from tests.store.support import package_event


def test_order_store_is_a_fresh_memory_store(order_store: OrderStore) -> None:
    """Without a marker the fixture is an empty memory:// store that takes events."""
    assert order_store.url == "memory://" and order_store.order_ids() == []
    assert (
        order_store.apply_event(package_event("O-1", "P1", "IN_TRANSIT", "k")).outcome
        is Outcome.APPLIED
    )


@pytest.mark.order_store(backend="sqlite", retention=60.0)
def test_marker_picks_a_sqlite_file(order_store: OrderStore) -> None:
    """backend="sqlite" gives a store in a file of the test's tmp_path; other options pass on."""
    assert order_store.url.startswith("sqlite:///") and order_store.url.endswith("orders.db")
    order_store.apply_event(package_event("O-1", "P1", "IN_TRANSIT", "k"))
    assert (
        order_store.apply_event(package_event("O-1", "P1", "IN_TRANSIT", "k")).outcome
        is Outcome.DUPLICATE
    )
