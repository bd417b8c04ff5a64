"""The client under faults on real loopback HTTP: lost answers, slow and absent servers, logs."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import httpx
import pytest
import stamina

from orderguard.client import (
    ApiConnectionError,
    ApiTimeoutError,
    AsyncOrderClient,
    OrderClient,
    RetrySettings,
)
from orderguard.emulator import Emulator, EmulatorServer
from orderguard.errors import PayloadError
from orderguard.errors.exceptions import ApiThrottlingError, OrderOutcomeUnknownError
from orderguard.fake import Faults
from orderguard.samples import create_variables
from tests.helpers.faulty_upstream import closed_port, trickling_server
from tests.helpers.http import QUICK, retries_seen
from tests.helpers.mock import ORDER, ORDER_ID, Script, data, entry, failure, mock_clients

make = pytest.fixture(mock_clients)

FAULT_MIX = Faults(throttle_rate=0.1, internal_error_rate=0.15, lost_response_rate=0.3, seed=3)
"""The mix that made 17 of 100 carts duplicate orders before (issue 10, item 11)."""

CARTS = 100
CALLER_TRIES = 3


@pytest.fixture
def faulty() -> Iterator[EmulatorServer]:
    """An emulator whose calls fail at FAULT_MIX's rates."""
    with EmulatorServer(Emulator(faults=FAULT_MIX)) as server:
        yield server


def orders_per_alias(server: EmulatorServer) -> Counter[tuple[str, str]]:
    """How many stored orders hold each order alias."""
    fake = server.emulator.fake
    held = Counter[tuple[str, str]]()
    for order_id in fake.order_ids():
        for alias in fake.peek(order_id)["aliases"]:
            held[alias["aliasType"], alias["aliasId"]] += 1
    return held


def alias_of(cart: int) -> tuple[str, str]:
    """The alias ``create_variables(order_ref=str(cart))`` gives the cart's order."""
    return ("EXTERNAL_ID", f"order-{cart}-0")


def check_carts(server: EmulatorServer, outcomes: dict[int, list[Exception | None]]) -> None:
    """No duplicates; every cart ends created or may-exist; other errors only if none exists."""
    held = orders_per_alias(server)
    assert max(held.values()) == 1
    for cart, tries in outcomes.items():
        final = tries[-1]
        assert final is None or isinstance(final, OrderOutcomeUnknownError), (cart, final)
        if final is None:
            assert held[alias_of(cart)] == 1
    lies = [
        (cart, error)
        for cart, tries in outcomes.items()
        for error, exists in _with_existence(tries, held[alias_of(cart)])
        if exists and error is not None and not isinstance(error, OrderOutcomeUnknownError)
    ]
    assert lies == []


def _with_existence(
    tries: list[Exception | None], exists_now: int
) -> list[tuple[Exception | None, bool]]:
    """Each try with whether the cart's order existed after it (recorded in the error)."""
    return [(error, getattr(error, "order_existed", bool(exists_now))) for error in tries]


def note_existence(server: EmulatorServer, cart: int, error: Exception) -> Exception:
    """Record on ``error`` whether the cart's order exists right after the failed try."""
    error.order_existed = orders_per_alias(server)[alias_of(cart)] > 0  # type: ignore[attr-defined]
    return error


def test_fault_mix_makes_no_duplicates_and_no_false_errors(faulty: EmulatorServer) -> None:
    """100 carts under throttling, server errors and lost answers: 0 duplicates, honest errors."""
    outcomes: dict[int, list[Exception | None]] = {}
    with httpx.Client(timeout=5.0) as http:
        client = OrderClient(endpoint=faulty.graphql_url, http=http, retry=QUICK)
        for cart in range(CARTS):
            tries = outcomes.setdefault(cart, [])
            for _ in range(CALLER_TRIES):
                try:
                    client.create_order(create_variables(order_ref=str(cart)))
                except Exception as error:  # the caller retries whatever failed
                    tries.append(note_existence(faulty, cart, error))
                else:
                    tries.append(None)
                    break
    check_carts(faulty, outcomes)


def test_async_fault_mix_makes_no_duplicates_and_no_false_errors(faulty: EmulatorServer) -> None:
    """The same 100 carts through AsyncOrderClient."""
    outcomes: dict[int, list[Exception | None]] = {}

    async def shop() -> None:
        async with httpx.AsyncClient(timeout=5.0) as http:
            client = AsyncOrderClient(endpoint=faulty.graphql_url, http=http, retry=QUICK)
            for cart in range(CARTS):
                tries = outcomes.setdefault(cart, [])
                for _ in range(CALLER_TRIES):
                    try:
                        await client.create_order(create_variables(order_ref=str(cart)))
                    except Exception as error:
                        tries.append(note_existence(faulty, cart, error))
                    else:
                        tries.append(None)
                        break

    asyncio.run(shop())
    check_carts(faulty, outcomes)


def test_failed_lookup_after_a_lost_answer_says_the_order_may_exist(
    make: Callable[..., OrderClient],
) -> None:
    """Lost answer, resend meets Conflict, every lookup fails: the typed may-exist error."""
    server_error = failure(entry("InternalServerError"))
    script = Script(
        httpx.RemoteProtocolError("gone"), failure(entry("ConflictError")), server_error
    )
    with pytest.raises(OrderOutcomeUnknownError) as unknown:
        make(script).create_order(create_variables(order_ref="77"))
    assert unknown.value.aliases == (("EXTERNAL_ID", "order-77-0"),)
    assert unknown.value.variables["input"]["aliases"][0]["aliasId"] == "order-77-0"
    message = str(unknown.value)
    assert "may exist" in message and "EXTERNAL_ID/order-77-0" in message
    assert "Nothing to fix" not in message
    lookups = [body for body in script.bodies if body["operationName"] == "Order"]
    assert len(lookups) == QUICK.attempts  # the read-only lookup was retried


def run_bounded(call: Callable[[], object]) -> BaseException | None:
    """Run ``call`` in a thread (a hang guard of 20 s, not a timing); what it raised."""
    raised: list[BaseException | None] = [None]

    def target() -> None:
        try:
            call()
        except BaseException as error:  # handed to the test thread
            raised[0] = error

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(timeout=20)
    assert not thread.is_alive(), "the call outlived its deadline"
    return raised[0]


SHORT = RetrySettings(attempts=3, timeout=0.5, wait_initial=0.001, wait_max=0.01, wait_jitter=0.0)


def sync_call(url: str, method: str) -> Callable[[], object]:
    """``method`` of an OrderClient of ``url`` with a half-second deadline."""

    def call() -> object:
        with OrderClient(endpoint=url, retry=SHORT) as client:
            if method == "order":
                return client.order(ORDER_ID)
            return client.create_order(create_variables())

    return call


def async_call(url: str, method: str) -> Callable[[], object]:
    """``sync_call`` through AsyncOrderClient."""

    async def session() -> object:
        async with AsyncOrderClient(endpoint=url, retry=SHORT) as client:
            calls: dict[str, Callable[[], Awaitable[Any]]] = {
                "order": lambda: client.order(ORDER_ID),
                "createOrder": lambda: client.create_order(create_variables()),
            }
            return await calls[method]()

    return lambda: asyncio.run(session())


@pytest.mark.parametrize("flavour", [sync_call, async_call], ids=["sync", "async"])
def test_trickling_server_is_cut_off_at_the_deadline(flavour: Any) -> None:
    """A server sending a byte every 0.1 s (30 s in all) meets a 0.5 s deadline: typed errors."""
    with trickling_server(every=0.1) as slow:
        raised = run_bounded(flavour(slow.url, "order"))
        assert isinstance(raised, ApiTimeoutError) and raised.seconds == SHORT.timeout
        assert slow.closed_early.wait(timeout=5)
        raised = run_bounded(flavour(slow.url, "createOrder"))
    assert isinstance(raised, OrderOutcomeUnknownError)
    assert isinstance(raised.cause, ApiTimeoutError) and "may exist" in str(raised)


@pytest.mark.parametrize("flavour", [sync_call, async_call], ids=["sync", "async"])
def test_down_server_is_a_typed_connection_error(flavour: Any) -> None:
    """Nothing listening: ApiConnectionError naming the URL, after the retries; nothing sent."""
    url = closed_port()
    raised = run_bounded(flavour(url, "order"))
    assert isinstance(raised, ApiConnectionError) and not raised.sent
    assert url in str(raised) and "was not sent" in str(raised)
    raised = run_bounded(flavour(url, "createOrder"))
    assert isinstance(raised, ApiConnectionError) and not isinstance(raised, ApiTimeoutError)


def test_deeply_nested_answer_is_a_payload_error(make: Callable[..., OrderClient]) -> None:
    """An answer nested 100,000 levels deep is refused as a PayloadError, not RecursionError."""
    deep = httpx.Response(200, content=b"[" * 100_000 + b"]" * 100_000)
    with pytest.raises(PayloadError, match="is nested 100000 levels deep"):
        make(Script(deep)).order(ORDER_ID)
    brackets_in_strings = {**ORDER, "id": "[" * 1000}
    assert make(Script(data("order", brackets_in_strings))).order(ORDER_ID).order_id


@pytest.mark.parametrize("header", ["-5", "-0.5", "Thu, 01 Jan 1970 00:00:00 GMT"])
def test_negative_retry_after_falls_back_to_backoff(
    make: Callable[..., OrderClient], header: str
) -> None:
    """A Retry-After in the past is ignored: each retry waits the backoff, not zero."""
    steady = RetrySettings(attempts=4, wait_initial=0.002, wait_max=0.002, wait_jitter=0.0)
    script = Script(failure(entry("ThrottlingError"), retry_after=header))
    with retries_seen() as seen, pytest.raises(ApiThrottlingError):
        make(script, retry=steady).order(ORDER_ID)
    assert [round(d.wait_for, 4) for d in seen] == [0.002] * 3


def test_retries_are_logged_with_fields_and_stamina_stays_quiet(
    make: Callable[..., OrderClient], caplog: pytest.LogCaptureFixture
) -> None:
    """Each retry is one orderguard.client record with its fields; stamina logs none of them."""
    script = Script(failure(entry("ThrottlingError")), data("createOrder", {"order": ORDER}))
    caplog.set_level(logging.DEBUG)
    make(script).create_order(create_variables(order_ref="5"))
    ours = [r for r in caplog.records if r.name == "orderguard.client"]
    assert [r.getMessage() for r in caplog.records if r.name == "stamina"] == []
    (record,) = ours
    fields = {k: getattr(record, k) for k in ("operation", "attempt", "error_type", "alias")}
    assert fields == {
        "operation": "createOrder",
        "attempt": 1,
        "error_type": "ThrottlingError",
        "alias": "EXTERNAL_ID/order-5-0",
    }
    assert record.wait == pytest.approx(QUICK.wait_initial) and record.error_code is None  # type: ignore[attr-defined]


def test_async_retries_are_logged(caplog: pytest.LogCaptureFixture) -> None:
    """AsyncOrderClient logs its retries the same way."""
    script = Script(httpx.Response(429), data("order", ORDER))

    async def query() -> None:
        async with httpx.AsyncClient(transport=httpx.MockTransport(script)) as http:
            client = AsyncOrderClient(endpoint="https://api.test/graphql", http=http, retry=QUICK)
            await client.order(ORDER_ID)

    caplog.set_level(logging.DEBUG)
    asyncio.run(query())
    ours = [r for r in caplog.records if r.name == "orderguard.client"]
    assert [(r.operation, r.attempt) for r in ours] == [("order", 1)]  # type: ignore[attr-defined]
    assert not [r for r in caplog.records if r.name == "stamina"]


def test_other_stamina_retries_still_log(caplog: pytest.LogCaptureFixture) -> None:
    """The filter drops only the client's retries: a user's own stamina retry still logs."""
    OrderClient(endpoint="https://api.test/graphql")  # installs the filter
    caplog.set_level(logging.DEBUG)
    tries = iter([ValueError("once"), None])

    for attempt in stamina.retry_context(on=ValueError, attempts=2, wait_initial=0.001):
        with attempt:
            failure_ = next(tries)
            if failure_ is not None:
                raise failure_
    assert [r.getMessage() for r in caplog.records if r.name == "stamina"] == [
        "stamina.retry_scheduled"
    ]
