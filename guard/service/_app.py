"""The service as an ASGI application (Starlette): the guarding proxy and the ``/v1`` API.

Routes: ``POST /graphql`` (the proxy, see ``_proxy``), ``POST /v1/check`` (the decision of
``orderguard check`` for one item or an array of them), ``POST /v1/events`` (event intake, see
``_events``), ``GET /v1/orders/{orderId}`` (the stored order and its history), ``GET
/v1/openapi.json``, ``GET /healthz``, ``GET /metrics``.

Every body is read up to ``max_body`` bytes (413 beyond, before reading when the length is
declared) and must be ``application/json`` (415 otherwise). Answers of ``/graphql`` are in the
GraphQL error layout, of the rest ``{"error": ...}``. One line per request goes to ``log``:
address, method, path (never the query string), status, milliseconds; headers never.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import IO, Any

import anyio.to_thread
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from orderguard._guard import Guard
from orderguard._logline import printable
from orderguard.errors import PayloadError
from orderguard.errors.exceptions import UnsupportedVersionError
from orderguard.service import _answers, _events
from orderguard.service._config import ServiceConfig
from orderguard.service._decision_log import DecisionLog
from orderguard.service._http import (
    error_response,
    json_body,
    json_document,
    json_response,
    request_id,
    response,
)
from orderguard.service._judge import Guards, answer, unusable
from orderguard.service._metrics import Metrics
from orderguard.service._openapi import openapi
from orderguard.service._proxy import GraphQLProxy
from orderguard.service._reply import Reply
from orderguard.service._upstream import AnswerLostError, Upstream
from orderguard.store import OrderStore, StoreError, open_store

Log = Callable[[str], None]
Handler = Callable[[Request], Awaitable[Response]]


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


class _DroppedAnswer(Response):
    """The upstream's answer never came, so neither does ours: start it, then cut it off.

    The client sees a response broken off mid-way, exactly as ambiguous as what the proxy met
    (``orderguard.client`` then resends only what is safe to resend).
    """

    def __init__(self) -> None:
        super().__init__(status_code=502)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 502, "headers": []})
        raise AnswerLostError("the upstream closed the connection without answering")


class _QuietDrops(logging.Filter):
    """Keep the server from logging a deliberately dropped answer as a crash."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        return not isinstance(error, AnswerLostError)


class Service:
    """The application's parts and its endpoints."""

    def __init__(
        self, config: ServiceConfig, store: OrderStore, decisions: IO[str] | None, log: Log
    ) -> None:
        self.config, self.store, self.log = config, store, log
        self.metrics = Metrics()
        self.upstream = Upstream(config.upstream, config.upstream_timeout)
        self.proxy = GraphQLProxy(
            config, store, self.upstream, DecisionLog(decisions), self.metrics
        )
        self.guards = Guards()

    async def graphql(self, request: Request) -> Response:
        """``POST /graphql``: the guarding proxy."""
        body = await json_body(request, self.config.max_body, graphql=True)
        if isinstance(body, Reply):
            return response(body)
        try:
            reply = await self.proxy.handle(body, request.headers, request_id(request))
        except AnswerLostError:
            return _DroppedAnswer()
        return response(reply)

    async def check(self, request: Request) -> Response:
        """``POST /v1/check``: the decision for one item, or one per item of an array."""
        document = await json_document(request, self.config.max_body)
        if isinstance(document, Reply):
            return response(document)
        try:
            guard = self.guards(request.headers.get("x-api-version") or self.config.api_version)
        except UnsupportedVersionError as error:
            return error_response(400, f"x-api-version: {error}")
        if isinstance(document, list):
            return json_response(200, [_answer_or_error(guard, item) for item in document])
        try:
            return json_response(200, answer(guard, document))
        except PayloadError as error:
            return json_response(400, unusable(document, error))

    async def events(self, request: Request) -> Response:
        """``POST /v1/events``: authenticated event intake."""
        refused = _events.refusal(self.config.events, request.headers)
        if refused is not None:
            return response(refused)
        document = await json_document(request, self.config.max_body)
        if isinstance(document, Reply):
            return response(document)
        status, results = await anyio.to_thread.run_sync(
            _events.intake, document, self.store.apply_event
        )
        for result in results:
            self.metrics.count("orderguard_events_total", outcome=result.get("outcome", "error"))
        return json_response(status, {"results": results})

    async def order(self, request: Request) -> Response:
        """``GET /v1/orders/{orderId}``: the stored order and its history."""
        order_id = request.path_params["order_id"]
        stored = await anyio.to_thread.run_sync(self.store.get, order_id)
        if stored is None:
            return error_response(404, f"no order {order_id} in the store")
        history = await anyio.to_thread.run_sync(self.store.history, order_id)
        entries = [entry.to_json() for entry in history]
        return json_response(200, {"order": stored.to_json(), "history": entries})

    async def openapi(self, request: Request) -> Response:
        """``GET /v1/openapi.json``."""
        return json_response(200, openapi(self.config.events.secret_header))

    async def healthz(self, request: Request) -> Response:
        """``GET /healthz``: the process answers."""
        config = self.config
        status = {"status": "ok", "mode": config.mode.value, "apiVersion": config.api_version}
        return json_response(200, status)

    async def prometheus(self, request: Request) -> Response:
        """``GET /metrics``: Prometheus text."""
        return Response(self.metrics.render(), media_type="text/plain; version=0.0.4")

    def routes(self) -> list[Route]:
        """Every route, each timed, counted and logged."""
        table: list[tuple[str, str, Handler]] = [
            ("/graphql", "POST", self.graphql),
            ("/v1/check", "POST", self.check),
            ("/v1/events", "POST", self.events),
            ("/v1/orders/{order_id}", "GET", self.order),
            ("/v1/openapi.json", "GET", self.openapi),
            ("/healthz", "GET", self.healthz),
            ("/metrics", "GET", self.prometheus),
        ]
        return [Route(path, self._observed(path, h), methods=[m]) for path, m, h in table]

    def _observed(self, route: str, handler: Handler) -> Handler:
        async def endpoint(request: Request) -> Response:
            started = time.perf_counter()
            response = await handler(request)
            self._request_done(request, route, response.status_code, started)
            return response

        endpoint.__name__ = handler.__name__
        return endpoint

    def _request_done(self, request: Request, route: str, status: int, started: float) -> None:
        elapsed = time.perf_counter() - started
        self.metrics.count("orderguard_requests_total", route=route, status=str(status))
        self.metrics.observe("orderguard_request_seconds", elapsed, route=route)
        client = request.client.host if request.client else "-"
        path = printable(request.url.path)
        self.log(f'{client} "{request.method} {path}" {status} {elapsed * 1000:.1f}ms')


def create_app(
    config: ServiceConfig,
    store: OrderStore | None = None,
    *,
    decision_log: IO[str] | None = None,
    log: Log = _stderr,
) -> Starlette:
    """The ASGI application of ``config``, over ``store`` (default: a new ``memory://`` one).

    ``decision_log`` receives one JSON line per judged mutation (none when ``None``); ``log``
    one line per request. A store passed in stays open when the app stops (its opener closes
    it); the default one is closed with the app.
    """
    owned = store is None
    service = Service(config, store or open_store("memory://"), decision_log, log)
    logging.getLogger("uvicorn.error").addFilter(_QuietDrops())

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        await service.upstream.close()
        if owned:
            service.store.close()

    app = Starlette(
        routes=service.routes(),
        exception_handlers={
            HTTPException: _http_failure,
            StoreError: _store_failure,
            Exception: _internal_failure,
        },
        lifespan=lifespan,
    )
    app.state.service = service
    return app


async def _http_failure(request: Request, error: Exception) -> Response:
    """404 and 405 in the layout of the route's family."""
    status = error.status_code if isinstance(error, HTTPException) else 500
    message = f"{request.method} {request.url.path}: {_reason(status)}"
    if request.url.path == "/graphql":
        return response(Reply.json(status, _answers.request_error(message)))
    return error_response(status, message)


async def _store_failure(request: Request, error: Exception) -> Response:
    """The order store failed (unreachable, locked): 503, nothing recorded."""
    return error_response(503, f"the order store failed ({type(error).__name__}); retry later")


async def _internal_failure(request: Request, error: Exception) -> Response:
    """A failure of orderguard itself: 500 in the route's layout (the traceback goes to the log)."""
    message = f"orderguard failed ({type(error).__name__}); please report it"
    if request.url.path == "/graphql":
        return response(Reply.json(500, _answers.server_error(message)))
    return error_response(500, message)


def _reason(status: int) -> str:
    reasons = {404: "no such route (see /v1/openapi.json)", 405: "method not allowed"}
    return reasons.get(status, "failed")


def _answer_or_error(guard: Guard, item: object) -> dict[str, Any]:
    try:
        return answer(guard, item)
    except PayloadError as error:
        return unusable(item, error)
