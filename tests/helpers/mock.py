"""Helpers for the client's tests over httpx.MockTransport: scripted answers, recorded requests."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import httpx

from orderguard.client import OrderClient
from orderguard.samples import order_json
from tests.helpers.http import QUICK

JSON = dict[str, Any]
Answer = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]
ORDER = order_json()["data"]["order"]
ORDER_ID = ORDER["id"]


class Script:
    """A MockTransport handler answering from a list, in order, and recording each request."""

    def __init__(self, *answers: Answer) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        return answer(request) if callable(answer) else answer

    @property
    def bodies(self) -> list[JSON]:
        """The JSON bodies of the GraphQL requests."""
        return [json.loads(r.content) for r in self.requests if r.url.path == "/graphql"]


def data(operation: str, payload: JSON) -> httpx.Response:
    """A successful GraphQL answer."""
    return httpx.Response(200, json={"data": {operation: payload}})


def failure(*entries: JSON, status: int = 200, **headers: str) -> httpx.Response:
    """A GraphQL answer carrying ``errors``."""
    extra = {k.replace("_", "-"): v for k, v in headers.items()}
    return httpx.Response(status, json={"data": None, "errors": list(entries)}, headers=extra)


def entry(error_type: str | None = None, code: str | None = None, **fields: Any) -> JSON:
    """One ``errors[]`` entry in the fake's layout (``extensions.errorType/errorCode``)."""
    extensions = {k: v for k, v in (("errorType", error_type), ("errorCode", code)) if v}
    return {"message": "refused", "extensions": extensions, **fields}


def mock_clients() -> Iterator[Callable[..., OrderClient]]:
    """Build clients over a Script, closing them afterwards (a test fixture)."""
    made: list[httpx.Client] = []

    def build(script: Script, **options: Any) -> OrderClient:
        http = httpx.Client(transport=httpx.MockTransport(script), base_url="https://api.test")
        made.append(http)
        options.setdefault("retry", QUICK)
        return OrderClient(endpoint="https://api.test/graphql", http=http, **options)

    yield build
    for http in made:
        http.close()


CREATED = data("createOrder", {"order": ORDER})
MISMATCH = "AddressMismatch"


def ext(**extensions: str) -> JSON:
    """An ``errors[]`` entry with these ``extensions``."""
    return {"message": "refused", "extensions": extensions}
