"""The guarded client against the emulator over real HTTP on 127.0.0.1.

One emulator serves the module from a background thread; it is reset before each test.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest

from orderguard import ApiVersion, RequestRejectedError
from orderguard.client import AsyncOrderClient, ClientCredentials, OrderClient
from orderguard.emulator import EmulatorServer
from orderguard.errors import PayloadError
from orderguard.errors.exceptions import AliasInUseError, ApiThrottlingError, MissingAliasError
from orderguard.samples import create_variables, update_variables
from orderguard.statemachine import Outcome
from tests.helpers.http import (
    QUICK,
    client_for,
    fault_once,
    graphql,
    graphql_fields,
    reset_emulator,
    retries_seen,
    serve_emulator,
    stamina_testing,
)

SHIP = """
mutation Ship($id: ID!) {
  updateOrderPackageInformation(orderIdentifier: {orderId: $id}, input: {state: IN_TRANSIT}) {
    order { id }
  }
}
"""


emulator = pytest.fixture(scope="module")(serve_emulator)
server = pytest.fixture(reset_emulator)


@pytest.fixture
def client(server: EmulatorServer) -> Iterator[OrderClient]:
    """A client of the emulator with millisecond retries."""
    with client_for(server) as made:
        yield made


def started(client: OrderClient, order_ref: str = "1001") -> str:
    """Create an order and start its fulfilment; its ID."""
    order_id = client.create_order(create_variables(order_ref=order_ref)).order_id
    assert order_id is not None
    client.update_order(update_variables(order_id, {"desiredExecutionState": "STARTED"}))
    return order_id


def test_happy_path_create_start_query_cancel(client: OrderClient, server: EmulatorServer) -> None:
    """createOrder, updateOrder, the order query and cancelOrder succeed and track the order."""
    created = client.create_order(create_variables())
    order_id = created.order_id
    assert order_id is not None and created.attempts == 1 and not created.recovered
    assert created.snapshot is not None and created.snapshot.execution == "NOT_STARTED"
    updated = client.update_order(update_variables(order_id, {"desiredExecutionState": "STARTED"}))
    assert updated.snapshot is not None and updated.snapshot.execution == "STARTED"
    assert client.order(order_id).data["metadata"]["executionState"] == "STARTED"
    cancel = {"orderIdentifier": {"orderId": order_id}, "input": {"reason": "OTHER"}}
    cancelled = client.cancel_order(cancel)
    assert cancelled.data["state"] == "PENDING" and cancelled.order_id == order_id
    snapshot = client.snapshot(order_id)
    assert snapshot is not None and snapshot.cancellation == "PENDING"
    assert graphql_fields(server) == [
        ("createOrder",),
        ("updateOrder",),
        ("order",),
        ("cancelOrder",),
    ]


def test_guard_refuses_and_nothing_is_sent(client: OrderClient, server: EmulatorServer) -> None:
    """A createOrder with six order links is refused by the guard; the emulator gets no request."""
    with pytest.raises(RequestRejectedError) as refused:
        client.create_order(create_variables(links=6))
    assert [v.error_code for v in refused.value.violations] == ["OrderLinkLimitExceeded"]
    assert server.emulator.received == ()


def test_guard_refuses_cancel_after_shipping_event(
    client: OrderClient, server: EmulatorServer
) -> None:
    """Once a shipping event is applied, cancelOrder is refused locally and never sent."""
    order_id = started(client)
    assert graphql(server.graphql_url, SHIP, {"id": order_id}).status_code == 200
    (event,) = httpx.get(f"{server.url}/events").json()["events"]
    assert client.apply_event(event).outcome is Outcome.APPLIED
    assert client.apply_event(event).outcome is Outcome.DUPLICATE
    before = len(server.emulator.received)
    with pytest.raises(RequestRejectedError):
        client.cancel_order({"orderIdentifier": {"orderId": order_id}})
    assert len(server.emulator.received) == before


def test_fetch_before_sees_what_events_did_not_say(
    client: OrderClient, server: EmulatorServer
) -> None:
    """With fetch_before the client queries the order first; the guard refuses on fresh facts."""
    order_id = started(client)
    graphql(server.graphql_url, SHIP, {"id": order_id})
    with pytest.raises(RequestRejectedError):
        client.cancel_order({"orderIdentifier": {"orderId": order_id}}, fetch_before=True)
    assert graphql_fields(server)[-1] == ("order",)


def test_throttled_call_is_retried_then_succeeds(server: EmulatorServer) -> None:
    """A throttled createOrder is retried with backoff and succeeds on the second attempt."""
    with (
        client_for(server, fault_once("throttle", "createOrder")) as client,
        retries_seen() as seen,
    ):
        result = client.create_order(create_variables())
    assert result.attempts == 2 and not result.recovered
    assert [type(d.caused_by).__name__ for d in seen] == ["Retry"]
    assert graphql_fields(server) == [("createOrder",), ("createOrder",)]


def test_throttling_in_stamina_testing_mode(server: EmulatorServer) -> None:
    """Under stamina's testing mode a throttled call is tried exactly the attempts it allows."""
    with client_for(server, fault_once("throttle", "order")) as client:
        order_id = client.create_order(create_variables()).order_id
        assert order_id is not None
        with stamina_testing(attempts=1), pytest.raises(ApiThrottlingError):
            client.order(order_id)
        with stamina_testing(attempts=2):
            assert client.order(order_id).order_id == order_id


def test_update_conflict_is_retried(server: EmulatorServer) -> None:
    """An updateOrder answered ConflictException is sent again and succeeds."""
    with client_for(server, fault_once("conflict", "updateOrder")) as client:
        order_id = client.create_order(create_variables()).order_id
        assert order_id is not None
        start = update_variables(order_id, {"desiredExecutionState": "STARTED"})
        assert client.update_order(start).attempts == 2


def test_lost_create_is_recovered_by_alias_exactly_once(server: EmulatorServer) -> None:
    """A createOrder whose answer is lost is resent, meets ConflictError, and is found by alias."""
    with client_for(server, fault_once("lost", "createOrder")) as client:
        result = client.create_order(create_variables())
    assert result.recovered and result.attempts == 2
    assert server.emulator.fake.order_ids() == (result.order_id,)
    assert graphql_fields(server) == [("createOrder",), ("createOrder",), ("order",)]
    statuses = [r.status for r in server.emulator.received]
    assert statuses[0] == 0 and statuses[1:] == [200, 200]


def test_alias_of_another_order_is_detected(client: OrderClient, server: EmulatorServer) -> None:
    """A createOrder reusing another order's alias with other lines raises AliasInUseError."""
    first = client.create_order(create_variables(order_ref="7"))
    with pytest.raises(AliasInUseError) as clash:
        client.create_order(create_variables(order_ref="7", lines=2))
    assert clash.value.order_id == first.order_id
    assert clash.value.alias == ("EXTERNAL_ID", "order-7-0")
    assert server.emulator.fake.order_ids() == (first.order_id,)


def test_missing_alias_is_refused_unless_auto_alias(server: EmulatorServer) -> None:
    """createOrder without an alias is refused before sending; auto_alias adds one instead."""
    variables = create_variables(aliases=0)
    with client_for(server) as strict, pytest.raises(MissingAliasError) as missing:
        strict.create_order(variables)
    assert isinstance(missing.value, PayloadError)  # what existing handlers catch
    message = str(missing.value)
    assert "requires a merchant alias" in message and "idempotency key" in message
    assert "auto_alias=True" in message and "does not fit the API schema" not in message
    assert [issue.path for issue in missing.value.issues] == ["input.aliases"]
    assert server.emulator.received == ()
    with client_for(server, fault_once("lost", "createOrder"), auto_alias=True) as lenient:
        result = lenient.create_order(variables)
    assert result.recovered and result.snapshot is not None
    assert [alias[0] for alias in result.snapshot.aliases] == ["ORDERGUARD_REQUEST_ID"]


def test_token_refreshed_before_expiry(server: EmulatorServer) -> None:
    """The client mints a token at /token, reuses it for 885 s, then mints a new one."""
    now = [1000.0]
    auth = ClientCredentials("client", "secret", token_url=server.token_url, clock=lambda: now[0])
    with client_for(server, auth=auth) as client:
        order_id = client.create_order(create_variables()).order_id
        assert order_id is not None
        now[0] += 884
        client.order(order_id)
        now[0] += 2
        client.order(order_id)
    tokens = [r.authorization for r in server.emulator.received if r.path == "/graphql"]
    assert tokens == ["Bearer emulator-token-1"] * 2 + ["Bearer emulator-token-2"]
    assert server.emulator.tokens_issued == 2


def test_older_api_version_round_trip(server: EmulatorServer) -> None:
    """On 2024-04-01 the client writes that version's documents and the emulator answers them."""
    version = ApiVersion.V2024_04_01
    with client_for(server, api_version=version) as client:
        order_id = client.create_order(create_variables(version=version)).order_id
        assert order_id is not None
        start = update_variables(order_id, {"desiredExecutionState": "STARTED"}, version)
        assert client.update_order(start).data["deliveryInformation"]["details"]
        cancel = {"input": {"orderIdentifier": {"orderId": order_id}, "reason": "OTHER"}}
        assert client.cancel_order(cancel).data["state"] == "PENDING"


def test_async_client_round_trip(server: EmulatorServer) -> None:
    """AsyncOrderClient creates, recovers a lost answer and queries over HTTP like the sync one."""

    async def session() -> tuple[str | None, bool, str | None]:
        http = httpx.AsyncClient(
            event_hooks={"request": [_async(fault_once("lost", "createOrder"))]}
        )
        async with AsyncOrderClient(endpoint=server.graphql_url, http=http, retry=QUICK) as client:
            created = await client.create_order(create_variables())
            assert created.order_id is not None
            found = await client.order(created.order_id)
        await http.aclose()
        return created.order_id, created.recovered, found.order_id

    order_id, recovered, found = asyncio.run(session())
    assert recovered and found == order_id
    assert server.emulator.fake.order_ids() == (order_id,)


def _async(hook: object) -> object:
    """An async wrapper of a sync httpx request hook."""

    async def wrapped(request: httpx.Request) -> None:
        hook(request)  # type: ignore[operator]

    return wrapped
