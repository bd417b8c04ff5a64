"""Every backend takes in an order's events exactly as ``apply_event`` applied one by one does."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orderguard.statemachine import OrderSnapshot, Outcome, apply_event
from orderguard.store import OrderStore, open_store
from orderguard.testing.strategies import OrderHistory, order_histories
from tests.store.support import BACKENDS, JSON, drop_schema, url_for

SEEN = "delivery already seen"


@pytest.fixture(scope="module", params=BACKENDS)
def shared_store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[OrderStore]:
    """One store per backend for the whole module (each example uses orders of its own)."""
    url = url_for(request.param, tmp_path_factory.mktemp("intake"))
    if request.param == "sqlite":
        url += "?synchronous=normal"
    with open_store(url) as store:
        yield store
    if request.param == "postgres":
        drop_schema(url)


def renamed(history: OrderHistory) -> tuple[str, list[JSON]]:
    """The history's events about an order ID of their own (keys included)."""
    order_id = f"322-{uuid.uuid4().hex[:12]}"
    text = json.dumps(history.events).replace(history.order_id, order_id)
    return order_id, json.loads(text)


@settings(max_examples=25)
@given(order_histories(max_steps=10), st.data())
def test_store_intake_equals_the_sequential_model(
    shared_store: OrderStore, history: OrderHistory, data: st.DataObject
) -> None:
    """Redelivered events: firsts do what apply_event does, repeats are duplicate, state equal."""
    order_id, events = renamed(history)
    deliveries = list(events)
    for event in events:
        deliveries.insert(
            data.draw(st.integers(deliveries.index(event) + 1, len(deliveries))), event
        )
    model, changes, seen = OrderSnapshot(order_id), 0, set()
    for event in deliveries:
        result = shared_store.apply_event(event)
        if event["idempotencyKey"] in seen:
            assert (result.outcome, result.detail) == (Outcome.DUPLICATE, SEEN)
            continue
        seen.add(event["idempotencyKey"])
        expected = apply_event(model, event)
        assert (result.outcome, result.detail) == (expected.outcome, expected.detail)
        changes += expected.snapshot != model
        model = expected.snapshot
    stored = shared_store.get(order_id)
    if changes == 0:
        assert stored is None
    else:
        assert stored is not None and (stored.snapshot, stored.version) == (model, changes)
    assert len(shared_store.history(order_id)) == len(events)
