"""The ``/v1`` decision API, health, metrics and the OpenAPI document, over HTTP on 127.0.0.1."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from orderguard import Guard, samples
from orderguard.emulator import EmulatorServer
from tests.helpers.http import reset_emulator, serve_emulator
from tests.service.support import Proxy, guarding

START = samples.update_variables("322-ABC1-AAAAAA", {"desiredExecutionState": "STARTED"})
ITEMS = [
    {"id": "ok", "operation": "createOrder", "request": samples.create_variables(2)},
    {"id": "links", "operation": "createOrder", "request": samples.create_variables(1, links=6)},
    {
        "id": "moving",
        "operation": "updateOrder",
        "request": START,
        "order": samples.order_json(packages=("IN_TRANSIT",)),
    },
]


@pytest.fixture(scope="module")
def emulator() -> Iterator[EmulatorServer]:
    yield from serve_emulator()


@pytest.fixture(scope="module")
def proxy(emulator: EmulatorServer) -> Iterator[Proxy]:
    with guarding(reset_emulator(emulator)) as running:
        yield running


def check(proxy: Proxy, body: object, **headers: str) -> httpx.Response:
    """POST ``body`` to /v1/check."""
    sent = {name.replace("_", "-"): value for name, value in headers.items()}
    return httpx.post(f"{proxy.url}/v1/check", json=body, headers=sent, timeout=30)


def test_check_answers_the_decision_of_the_guard(proxy: Proxy) -> None:
    """Each item's answer is its id plus ``Guard.check(...).to_json()``, allowed or not."""
    for item in ITEMS:
        answer = check(proxy, item)
        decision = Guard().check(item["operation"], item["request"], item.get("order"))
        assert answer.status_code == 200
        assert answer.json() == {"id": item["id"], **decision.to_json()}


def test_check_takes_an_array_and_answers_in_order_with_bad_items_inline(proxy: Proxy) -> None:
    """An array gets one answer per item, in order; an unusable item answers its error."""
    answers = check(proxy, [*ITEMS, {"id": "bad", "operation": "createOrder"}]).json()
    assert [a["id"] for a in answers] == ["ok", "links", "moving", "bad"]
    assert [a.get("allowed") for a in answers] == [True, False, False, None]
    assert "request" in answers[3]["error"]


def test_check_follows_the_api_version_header(proxy: Proxy) -> None:
    """``x-api-version: 2024-04-01`` judges the item in that version's schema."""
    answer = check(proxy, ITEMS[2], x_api_version="2024-04-01").json()
    assert answer["apiVersion"] == "2024-04-01"
    assert "SchemaError" in {v["errorType"] for v in answer["violations"]}


@pytest.mark.parametrize(
    ("body", "status", "expected"),
    [
        ({"operation": "order", "request": {}}, 400, "operation"),
        ({"operation": "createOrder", "request": {}, "extra": 1}, 400, "extra"),
        ({"operation": "cancelOrder", "request": {}, "order": {"id": []}}, 400, "order"),
    ],
)
def test_an_unusable_item_is_400_naming_the_field(
    proxy: Proxy, body: object, status: int, expected: str
) -> None:
    """An item that cannot be judged: 400 with ``{"id", "error"}`` naming the field."""
    answer = check(proxy, body)
    assert answer.status_code == status
    assert expected in answer.json()["error"]


def test_check_refuses_what_is_not_json(proxy: Proxy) -> None:
    """Not JSON: 400; another content type: 415; an unknown version: 400."""
    url = f"{proxy.url}/v1/check"
    not_json = httpx.post(url, content=b"{", headers={"content-type": "application/json"})
    assert not_json.status_code == 400 and "not JSON" in not_json.json()["error"]
    for body, expected in ((b"[" * 5000 + b"]" * 5000, "nested 5000"), (b"9" * 5000, "5,000")):
        unusable = httpx.post(url, content=body, headers={"content-type": "application/json"})
        assert unusable.status_code == 400 and expected in unusable.json()["error"]
    text = httpx.post(url, content=b"{}", headers={"content-type": "text/plain"})
    assert text.status_code == 415
    assert check(proxy, ITEMS[0], x_api_version="2020-01-01").status_code == 400


def test_an_unknown_order_is_404(proxy: Proxy) -> None:
    """``/v1/orders/ID`` for an order the store never saw: 404 naming it."""
    answer = httpx.get(f"{proxy.url}/v1/orders/322-NONE-000000", timeout=30)
    assert answer.status_code == 404
    assert "322-NONE-000000" in answer.json()["error"]


def test_a_stored_order_shows_its_snapshot_version_and_history(proxy: Proxy) -> None:
    """After a create through the proxy, the order shows in query names with its history."""
    order_id = proxy.create(order_ref="shown")
    shown = httpx.get(f"{proxy.url}/v1/orders/{order_id}", timeout=30).json()
    assert shown["order"]["id"] == order_id
    assert shown["order"]["version"] == 1
    assert shown["order"]["metadata"]["executionState"] == "NOT_STARTED"
    assert len(shown["history"]) == 1


def test_healthz_answers_ok(proxy: Proxy) -> None:
    """``/healthz`` says the process answers, in which mode."""
    answer = httpx.get(f"{proxy.url}/healthz", timeout=30).json()
    assert answer == {"status": "ok", "mode": "enforce", "apiVersion": "2024-11-01"}


def test_metrics_are_prometheus_text_counting_requests_and_decisions(proxy: Proxy) -> None:
    """``/metrics`` is Prometheus text: HELP/TYPE lines, then samples of known metrics."""
    proxy.create(order_ref="counted")
    answer = httpx.get(f"{proxy.url}/metrics", timeout=30)
    assert answer.headers["content-type"].startswith("text/plain; version=0.0.4")
    sample = re.compile(r'^[a-z_]+(\{([a-z_]+="[^"]*",?)+\})? [0-9.e+-]+$')
    for line in answer.text.splitlines():
        assert line.startswith("# ") or sample.match(line), line
    assert 'orderguard_decisions_total{operation="createOrder",outcome="forwarded"}' in answer.text
    assert 'orderguard_requests_total{route="/graphql",status="200"}' in answer.text


def test_the_openapi_document_lists_exactly_the_v1_routes(proxy: Proxy) -> None:
    """``/v1/openapi.json`` is OpenAPI 3.1 and documents every /v1 route the app serves."""
    document = httpx.get(f"{proxy.url}/v1/openapi.json", timeout=30).json()
    assert document["openapi"].startswith("3.1")
    routes = {
        route.path.replace("{order_id}", "{orderId}")
        for route in proxy.server.app.routes
        if route.path.startswith("/v1/")
    }
    assert set(document["paths"]) == routes
    secret = document["components"]["securitySchemes"]["sharedSecret"]
    assert secret["name"] == "x-webhook-secret"


def test_the_openapi_decision_schema_names_every_field_a_decision_has(proxy: Proxy) -> None:
    """The Decision and Violation schemas list exactly the fields the decision JSON carries."""
    document = httpx.get(f"{proxy.url}/v1/openapi.json", timeout=30).json()
    schemas = document["components"]["schemas"]
    answer = check(proxy, ITEMS[1]).json()
    assert set(answer) <= set(schemas["Decision"]["properties"])
    assert set(answer["violations"][0]) == set(schemas["Violation"]["properties"])
