"""Requests the service cannot use: a proper 4xx or GraphQL error, never a crash, nothing kept.

Each case is sent to a proxy in front of the emulator; afterwards the emulator has received
nothing, the decision log is empty and the store holds no order.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from orderguard.emulator import EmulatorServer
from tests.service.support import START_INLINE, Proxy, graphql_sent, guarding

LIMIT = 4096
MUTATION = START_INLINE % "322-ABCD-000000"


@pytest.fixture
def proxy(emulator: EmulatorServer) -> Iterator[Proxy]:
    with guarding(emulator, max_body=LIMIT) as running:
        yield running


def raw(proxy: Proxy, body: bytes, content_type: str = "application/json") -> httpx.Response:
    """POST ``body`` as is to the proxy's /graphql."""
    return httpx.post(
        proxy.graphql_url, content=body, headers={"content-type": content_type}, timeout=30
    )


def assert_nothing_kept(emulator: EmulatorServer, proxy: Proxy) -> None:
    """Nothing was forwarded, decided or stored."""
    assert graphql_sent(emulator) == []
    assert proxy.decisions() == []
    assert proxy.shown("322-ABCD-000000") is None


def graphql_error(response: httpx.Response) -> str:
    """The one GraphQL error's message of a request-level refusal, checked for its layout."""
    body = response.json()
    [error] = body["errors"]
    assert error["extensions"]["errorType"] == "ValidationError"
    assert error["extensions"]["refusedBy"] == "orderguard"
    assert "data" not in body
    return str(error["message"])


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"{not json", "not JSON"),
        (b"[" * 2000 + b"]" * 2000, "nested 2000 levels deep"),
        (b'{"query": ' + b"9" * 3000 + b"}", "integer of 3,000 digits"),
        (b'"a string"', "JSON object"),
        (json.dumps({"variables": {}}).encode(), "query"),
        (json.dumps({"query": "mutation { updateOrder("}).encode(), "Syntax Error"),
        (json.dumps({"query": MUTATION, "variables": []}).encode(), "variables"),
        (json.dumps({"query": MUTATION, "operationName": "Other"}).encode(), "Other"),
        (json.dumps({"query": "query A { a } query B { b }"}).encode(), "2 operations"),
        (json.dumps({"query": "fragment F on Query { a }"}).encode(), "no operation"),
        (json.dumps({"query": "mutation { ...F }"}).encode(), "unknown fragment 'F'"),
        (
            json.dumps(
                {"query": "mutation { ...F } fragment F on Mutation { ...F }"},
            ).encode(),
            "spreads itself",
        ),
        (
            json.dumps({"query": MUTATION, "extensions": {"orderguard": {"context": 3}}}).encode(),
            "extensions.orderguard",
        ),
        (json.dumps({"query": "{" * 30_000 + "}" * 30_000}).encode(), "exceeds"),
    ],
)
def test_malformed_graphql_is_a_400_graphql_error(
    emulator: EmulatorServer, proxy: Proxy, body: bytes, expected: str
) -> None:
    """Bodies that are not a runnable GraphQL request: 400, one GraphQL error naming why."""
    response = raw(proxy, body)
    if expected == "exceeds":  # 60,000 braces exceed the body limit before any parsing
        assert response.status_code == 413
    else:
        assert response.status_code == 400
    assert expected in graphql_error(response)
    assert_nothing_kept(emulator, proxy)


def test_too_many_tokens_is_refused_before_it_costs_anything(emulator: EmulatorServer) -> None:
    """A document of more tokens than a request needs is a 400, whatever the body limit."""
    with guarding(emulator) as proxy:
        query = "query { " + " ".join(f"a{i}: order" for i in range(25_000)) + " }"
        response = raw(proxy, json.dumps({"query": query}).encode())
        assert response.status_code == 400
        assert "token" in graphql_error(response).lower()
        assert graphql_sent(emulator) == []


def test_an_oversize_declared_body_is_413(emulator: EmulatorServer, proxy: Proxy) -> None:
    """A Content-Length over the limit: 413 in the GraphQL layout, nothing read or sent."""
    response = raw(proxy, json.dumps({"query": MUTATION, "pad": "x" * LIMIT}).encode())
    assert response.status_code == 413
    assert f"{LIMIT} bytes" in graphql_error(response)
    assert_nothing_kept(emulator, proxy)


def test_an_oversize_streamed_body_is_413(emulator: EmulatorServer, proxy: Proxy) -> None:
    """A chunked body (no length declared) is cut off at the limit with a 413."""

    def chunks() -> Iterator[bytes]:
        yield json.dumps({"query": MUTATION})[:-1].encode()
        for _ in range(LIMIT // 512 + 2):
            yield b', "pad": "' + b"x" * 500 + b'"'
        yield b"}"

    response = httpx.post(
        proxy.graphql_url,
        content=chunks(),
        headers={"content-type": "application/json"},
        timeout=30,
    )
    assert response.status_code == 413
    assert_nothing_kept(emulator, proxy)


@pytest.mark.parametrize("content_type", ["text/plain", "application/graphql", ""])
def test_a_wrong_content_type_is_415(
    emulator: EmulatorServer, proxy: Proxy, content_type: str
) -> None:
    """The API takes application/json only: anything else is 415, nothing sent."""
    response = raw(proxy, json.dumps({"query": MUTATION}).encode(), content_type)
    assert response.status_code == 415
    assert "application/json" in graphql_error(response)
    assert_nothing_kept(emulator, proxy)


def test_a_json_content_type_with_parameters_is_accepted(
    emulator: EmulatorServer, proxy: Proxy
) -> None:
    """``application/json; charset=utf-8`` is JSON: the request is judged and sent."""
    body = json.dumps({"query": 'query { order(orderIdentifier: {orderId: "x"}) { id } }'})
    response = raw(proxy, body.encode(), "application/json; charset=utf-8")
    assert response.status_code == 200
    assert graphql_sent(emulator) == [("order",)]


def test_get_on_graphql_is_405_in_the_graphql_layout(proxy: Proxy) -> None:
    """The API is POST /graphql: a GET is 405 with a GraphQL error."""
    response = httpx.get(proxy.graphql_url, timeout=30)
    assert response.status_code == 405
    assert "method not allowed" in graphql_error(response)


def test_an_unknown_route_is_404(proxy: Proxy) -> None:
    """A path the service does not serve is 404 with ``{"error"}``."""
    response = httpx.get(f"{proxy.url}/v2/nothing", timeout=30)
    assert response.status_code == 404
    assert "no such route" in response.json()["error"]


def test_an_unknown_api_version_is_400(emulator: EmulatorServer, proxy: Proxy) -> None:
    """``x-api-version`` naming no version orderguard knows: 400, nothing sent."""
    response = proxy.post(MUTATION, x_api_version="1999-01-01")
    assert response.status_code == 400
    assert "1999-01-01" in graphql_error(response)
    assert_nothing_kept(emulator, proxy)


def test_a_context_that_does_not_fit_is_400(emulator: EmulatorServer, proxy: Proxy) -> None:
    """A context in ``extensions.orderguard`` with an unknown field: 400 naming it, not sent."""
    body = {"query": MUTATION, "extensions": {"orderguard": {"context": {"mood": "good"}}}}
    response = raw(proxy, json.dumps(body).encode())
    assert response.status_code == 400
    assert "mood" in graphql_error(response)
    assert graphql_sent(emulator) == []


def test_the_service_answers_after_every_bad_request(proxy: Proxy) -> None:
    """After the bad requests above the service still answers its health check."""
    raw(proxy, b"\xff\xfe")
    assert httpx.get(f"{proxy.url}/healthz", timeout=30).json()["status"] == "ok"


def test_the_request_log_escapes_what_the_client_sent(proxy: Proxy) -> None:
    """A path holding a terminal escape or a line break is logged escaped, on one line."""
    answer = httpx.get(f"{proxy.url}/v1/orders/%1b%5b31mRED%0d%0aforged", timeout=30)
    assert answer.status_code == 404
    [line] = [line for line in proxy.requests if "/v1/orders/" in line]
    assert "\x1b" not in line and "\n" not in line and "\r" not in line
    assert "\\u001b[31mRED" in line
