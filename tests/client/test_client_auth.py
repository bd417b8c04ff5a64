"""The client's configuration and access tokens, over httpx.MockTransport."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qs

import httpx
import pytest

from orderguard import Guard
from orderguard.client import ClientCredentials, OrderClient
from orderguard.errors import PayloadError
from orderguard.errors.exceptions import ApiAccessDeniedError, ApiInternalServerError
from tests.helpers.mock import ORDER, ORDER_ID, Script, data, mock_clients

make = pytest.fixture(mock_clients)


def test_configuration_mistakes_are_refused() -> None:
    """A guard of another API version, or the real API without a store ID, is refused at once."""
    with pytest.raises(ValueError, match="2024-04-01"):
        OrderClient(guard=Guard("2024-04-01"), target_id="store-9")
    with pytest.raises(ValueError, match="target_id"):
        OrderClient()
    with OrderClient(target_id="store-9") as client:
        assert client.endpoint == "https://api.buywithprime.amazon.com/graphql"
        assert repr(client) == (
            "OrderClient(endpoint='https://api.buywithprime.amazon.com/graphql', "
            "api_version='2024-11-01')"
        )


def token_endpoint(*answers: httpx.Response) -> Callable[[httpx.Request], httpx.Response]:
    """Routes /token to ``answers`` in turn, everything else to an order answer."""
    queue = list(answers)

    def route(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/token":
            return queue.pop(0) if len(queue) > 1 else queue[0]
        return data("order", ORDER)

    return route


def token(value: str, expires_in: int = 900) -> httpx.Response:
    """A token endpoint answer."""
    body = {"access_token": value, "token_type": "bearer", "expires_in": expires_in}
    return httpx.Response(200, json=body)


def test_token_exchange_shape_and_refresh(make: Callable[..., OrderClient]) -> None:
    """Client credentials are posted as a form; the token is reused until 885 s have passed."""
    now = [0.0]
    script = Script(token_endpoint(token("t1"), token("t2")))
    auth = ClientCredentials("cid", "sec", token_url="https://api.test/token", clock=lambda: now[0])
    client = make(script, auth=auth)
    for moment in (0.0, 884.9, 885.0):
        now[0] = moment
        client.order(ORDER_ID)
    exchange = script.requests[0]
    assert exchange.headers["content-type"] == "application/x-www-form-urlencoded"
    assert parse_qs(exchange.content.decode()) == {
        "grant_type": ["client_credentials"],
        "client_id": ["cid"],
        "client_secret": ["sec"],
    }
    used = [r.headers["authorization"] for r in script.requests if r.url.path == "/graphql"]
    assert used == ["Bearer t1", "Bearer t1", "Bearer t2"]


def test_short_lived_token_refreshed_early(make: Callable[..., OrderClient]) -> None:
    """A token said to live 60 s is replaced 15 s before it expires."""
    now = [0.0]
    script = Script(token_endpoint(token("t1", 60), token("t2", 60)))
    auth = ClientCredentials("c", "s", token_url="https://api.test/token", clock=lambda: now[0])
    client = make(script, auth=auth)
    client.order(ORDER_ID)
    now[0] = 45.0
    client.order(ORDER_ID)
    assert [r.url.path for r in script.requests].count("/token") == 2


def test_401_refreshes_the_token_once(make: Callable[..., OrderClient]) -> None:
    """An API answer of 401 drops the token and resends once with a new one."""
    tokens = iter(["t1", "t2", "t3"])
    seen: list[str] = []

    def route(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/token":
            return token(next(tokens))
        seen.append(request.headers["authorization"])
        return httpx.Response(401) if len(seen) == 1 else data("order", ORDER)

    auth = ClientCredentials("c", "s", token_url="https://api.test/token")
    make(Script(route), auth=auth).order(ORDER_ID)
    assert seen == ["Bearer t1", "Bearer t2"]


@pytest.mark.parametrize(
    ("answer", "kind"),
    [
        (httpx.Response(400, json={"error": "invalid_client"}), ApiAccessDeniedError),
        (httpx.Response(200, json={"token_type": "bearer"}), PayloadError),
        (httpx.Response(503), ApiInternalServerError),
        (httpx.Response(200, content=b"[" * 100_000 + b"]" * 100_000), PayloadError),
    ],
)
def test_refused_token_exchange(
    make: Callable[..., OrderClient], answer: httpx.Response, kind: type
) -> None:
    """A refused or malformed token answer raises a typed error naming what went wrong."""
    auth = ClientCredentials("c", "s", token_url="https://api.test/token")
    with pytest.raises(kind):
        make(Script(token_endpoint(answer)), auth=auth).order(ORDER_ID)
