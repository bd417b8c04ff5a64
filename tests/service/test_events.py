"""``POST /v1/events``: authenticated intake of webhook and EventBridge events, one or a batch."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from orderguard.emulator import EmulatorServer
from orderguard.service import EventCredentials
from tests.service.support import BASIC, SECRET, Proxy, basic, guarding

JSON = dict[str, Any]


def post_events(proxy: Proxy, body: object, **headers: str) -> httpx.Response:
    """POST ``body`` to /v1/events with ``headers``."""
    sent = {name.replace("_", "-"): value for name, value in headers.items()}
    return httpx.post(f"{proxy.url}/v1/events", json=body, headers=sent, timeout=30)


def shipment(emulator: EmulatorServer, proxy: Proxy) -> tuple[str, list[JSON]]:
    """An order created and started through the proxy, then shipped: its ID and the events."""
    order_id = proxy.create()
    proxy.start(order_id)
    return order_id, emulator.emulator.fake.ship(order_id)


def eventbridge(event: JSON) -> JSON:
    """The same event in the EventBridge envelope."""
    return {
        "version": "0",
        "id": event["idempotencyKey"],
        "detail-type": event["eventDescriptor"],
        "source": "aws.partner/buywithprime/test",
        "resources": event["resources"],
        "detail": event["data"],
    }


def test_a_shared_secret_lets_events_in_and_they_move_the_order(
    emulator: EmulatorServer, proxy: Proxy
) -> None:
    """With the shared secret, a shipment event is applied and the stored order moves."""
    order_id, events = shipment(emulator, proxy)
    answer = post_events(proxy, events[0], x_webhook_secret=SECRET)
    assert answer.status_code == 200
    [result] = answer.json()["results"]
    assert (result["orderId"], result["outcome"]) == (order_id, "applied")
    assert result["eventId"] == events[0]["idempotencyKey"]
    summary = proxy.shown(order_id)["packageInformation"]["summary"]
    assert summary["state"] == "IN_TRANSIT"


def test_basic_credentials_let_a_batch_in_with_a_redelivery_reported_duplicate(
    emulator: EmulatorServer, proxy: Proxy
) -> None:
    """A batch under basic auth: each event answered in order; a redelivery is a duplicate."""
    _, events = shipment(emulator, proxy)
    batch = [events[0], eventbridge(events[0]), {"not": "an event"}, 7]
    answer = post_events(proxy, batch, authorization=basic(*BASIC))
    assert answer.status_code == 200
    results = answer.json()["results"]
    assert [r.get("outcome") for r in results] == ["applied", "duplicate", None, None]
    assert [r.get("index") for r in results] == [None, None, 2, 3]


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"x_webhook_secret": "wrong"},
        {"authorization": basic(BASIC[0], "wrong")},
        {"authorization": "Basic not-base64!"},
        {"authorization": f"Bearer {SECRET}"},
        {"x_api_key": SECRET},
    ],
)
def test_missing_or_wrong_credentials_are_401_and_nothing_is_applied(
    emulator: EmulatorServer, proxy: Proxy, headers: dict[str, str]
) -> None:
    """No credential, a wrong one, or the secret in the wrong place: 401, the order unmoved."""
    order_id, events = shipment(emulator, proxy)
    answer = post_events(proxy, events, **headers)
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"].startswith("Basic")
    assert SECRET not in answer.text
    summary = proxy.shown(order_id)["packageInformation"]["summary"]
    assert summary["state"] == "PENDING"


def test_intake_without_configured_credentials_refuses_everything(
    emulator: EmulatorServer,
) -> None:
    """A service started without event credentials answers 403 to every event."""
    with guarding(emulator, events=EventCredentials()) as proxy:
        answer = post_events(proxy, {"eventDescriptor": "PACKAGE_DELIVERED"})
        assert answer.status_code == 403
        assert "ORDERGUARD_EVENTS_SECRET" in answer.json()["error"]


def test_no_usable_event_is_400(proxy: Proxy) -> None:
    """A body with no usable event at all: 400, each item naming why."""
    answer = post_events(proxy, {"eventDescriptor": "PACKAGE_DELIVERED"}, x_webhook_secret=SECRET)
    assert answer.status_code == 400
    [result] = answer.json()["results"]
    assert result["index"] == 0 and "order" in result["error"]


def test_a_body_that_is_not_json_is_400(proxy: Proxy) -> None:
    """Not JSON, with the right secret: 400."""
    answer = httpx.post(
        f"{proxy.url}/v1/events",
        content=b"{",
        headers={"content-type": "application/json", "x-webhook-secret": SECRET},
        timeout=30,
    )
    assert answer.status_code == 400


def test_events_then_the_proxy_refuses_what_they_made_impossible(
    emulator: EmulatorServer, proxy: Proxy
) -> None:
    """Once the shipment event is in, a cancel is refused by the proxy without a query."""
    order_id, events = shipment(emulator, proxy)
    post_events(proxy, events, x_webhook_secret=SECRET)
    received = len(emulator.emulator.received)
    body = proxy.post(
        "mutation C($id: ID!) { cancelOrder(orderIdentifier: {orderId: $id}) "
        "{ cancellation { id } } }",
        {"id": order_id},
    ).json()
    assert body["errors"][0]["extensions"]["refusedBy"] == "orderguard"
    assert len(emulator.emulator.received) == received
