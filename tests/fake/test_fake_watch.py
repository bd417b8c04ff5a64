"""FakeOrderApi's test hooks: watching calls, peeking at orders, changing fault rates."""

from __future__ import annotations

import pytest

from orderguard.fake import Call, FakeOrderApi, Fault, Faults, LostResponseError
from orderguard.samples import create_variables
from tests.helpers.fake import assert_ok, new_order, query


def test_a_watcher_sees_each_answered_call_with_copies() -> None:
    """watch() hands every call, with copies of its variables and response, to the callback."""
    fake, seen = FakeOrderApi(), list[Call]()
    fake.watch(seen.append)
    variables = create_variables()
    response = fake.execute("createOrder", variables)
    variables["input"]["aliases"].clear()
    (call,) = seen
    assert (call.operation, call.api_version) == ("createOrder", "2024-11-01")
    assert call.variables["input"]["aliases"] and call.response == response
    assert call.response is not response


def test_a_lost_response_is_watched_without_a_response() -> None:
    """A call whose response was lost reaches the watcher with response None."""
    fake, seen = FakeOrderApi(), list[Call]()
    fake.watch(seen.append)
    fake.inject_next(Fault.LOST_RESPONSE)
    with pytest.raises(LostResponseError):
        fake.execute("createOrder", create_variables())
    assert [call.response for call in seen] == [None]


def test_unwatching_stops_the_calls_and_reset_keeps_watchers() -> None:
    """The function watch() returns stops the callback; reset() leaves watchers in place."""
    fake, kept, dropped = FakeOrderApi(), list[Call](), list[Call]()
    fake.watch(kept.append)
    stop = fake.watch(dropped.append)
    stop()
    fake.reset()
    new_order(fake)
    assert len(kept) == 1 and dropped == []


def test_peek_reads_the_order_without_a_call() -> None:
    """peek() returns what the order query would, draws no fault and reaches no watcher."""
    fake, seen = FakeOrderApi(faults=Faults(throttle_rate=1.0)), list[Call]()
    fake.set_faults(None)
    order_id = new_order(fake)
    fake.set_faults(Faults(throttle_rate=1.0))
    fake.watch(seen.append)
    peeked = fake.peek(order_id)
    fake.set_faults(None)
    assert peeked == query(fake, order_id) and len(seen) == 1
    with pytest.raises(KeyError, match="no order 'nope'"):
        fake.peek("nope")


def test_set_faults_changes_the_rates_from_the_next_call() -> None:
    """set_faults() swaps the random rates; None stops random faults, queued ones still hit."""
    fake = FakeOrderApi()
    fake.set_faults(Faults(throttle_rate=1.0))
    throttled = fake.execute("createOrder", create_variables())
    assert throttled["errors"][0]["extensions"]["errorType"] == "ThrottlingError"
    fake.set_faults(None)
    fake.inject_next(Fault.INTERNAL_ERROR)
    failed = fake.execute("createOrder", create_variables())
    assert failed["errors"][0]["extensions"]["errorType"] == "InternalServerError"
    assert_ok(fake.execute("createOrder", create_variables()), "createOrder")
