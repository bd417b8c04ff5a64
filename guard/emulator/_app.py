"""``Emulator``: the Order API emulator as an HTTP application, apart from the server running it.

Routes:

- ``POST /graphql``: the Order API (``application/json`` body ``{"query", "variables",
  "operationName"}``); ``x-api-version`` picks the schema, ``x-orderguard-fault`` a fault for
  this request. A response with ``data`` is 200 (API errors included, in ``errors[]``); one
  without (malformed JSON, syntax or validation errors, variables that do not fit) is 400.
  A lost-response fault commits the createOrder and closes the connection without an answer.
- ``POST /token``: the client-credentials exchange (form ``grant_type=client_credentials``,
  ``client_id``, ``client_secret``), answering ``{"access_token", "token_type", "expires_in"}``.
- ``GET /events[?since=N]``: the events emitted so far (from the N-th on, of those the fake
  still keeps: ``FakeOrderApi(event_limit=...)``), and ``total``, how many were emitted.
- ``POST /reset``: forget every order, event and request.
- ``GET /health``: the versions served.

Any other path is 404, another method 405, a body over ``max_body`` bytes 413.
"""

from __future__ import annotations

import collections
import json
import threading
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qs

import attrs

from orderguard._json import JsonError, loads
from orderguard.api import dialect_for
from orderguard.emulator import _graphql
from orderguard.emulator._faults import FAULT_HEADER, header_fault
from orderguard.emulator._limits import count
from orderguard.emulator._resolvers import ORDERS, Resolvers
from orderguard.enums import DEFAULT_API_VERSION, ApiVersion
from orderguard.errors.exceptions import UnsupportedVersionError
from orderguard.fake import FakeOrderApi, Fault, Faults, LostResponseError

MAX_BODY_BYTES = 1 << 20
"""The largest request body the emulator reads (1 MiB)."""

RECORD_LIMIT = 10_000
"""How many received requests ``Emulator.received`` keeps by default (the latest)."""

TOKEN_LIFETIME = 900
"""Seconds an access token from ``/token`` is said to live (the API's 15 minutes)."""

JSON = dict[str, Any]


@attrs.frozen(slots=True)
class Reply:
    """An HTTP answer; ``body`` ``None`` (status 0): close the connection without answering.

    ``fields`` (the GraphQL fields asked for) and ``error_types`` (the ``errorType`` of each
    error answered) are for the log.
    """

    status: int
    body: bytes | None
    headers: tuple[tuple[str, str], ...] = ()
    fields: tuple[str, ...] = ()
    error_types: tuple[str, ...] = ()

    @classmethod
    def of(
        cls,
        status: int,
        document: object,
        fields: tuple[str, ...] = (),
        headers: Mapping[str, str] | None = None,
    ) -> Reply:
        """A JSON answer (``fields``: the GraphQL fields asked for, for the log)."""
        body = json.dumps(document, default=str).encode()
        extra = tuple((headers or {}).items())
        content = (("Content-Type", "application/json"), *extra)
        return cls(status, body, content, fields, _error_types(document))


@attrs.frozen(slots=True)
class Received:
    """One request the emulator received: route, GraphQL fields, status (0: none), bearer token."""

    method: str
    path: str
    fields: tuple[str, ...]
    status: int
    authorization: str | None


def request_error(status: int, message: str, headers: Mapping[str, str] | None = None) -> Reply:
    """A request-level failure in the GraphQL error layout."""
    error = {"message": message, "extensions": {"errorType": "ValidationError"}}
    return Reply.of(status, {"errors": [error]}, headers=headers)


class Emulator:
    """The Order API served from a ``FakeOrderApi``; thread-safe.

    Args:
        fake: the fake to serve (default: a new one from ``api_version``, ``seed``, ``faults``).
        api_version: the version of requests without ``x-api-version``, and of the events.
        max_body: the largest request body accepted, in bytes.
        document_cache_bytes: the query text, in bytes, whose parsed documents are kept
            (:attr:`documents`, least recently used dropped first).
        record_limit: how many of the latest requests :attr:`received` keeps (a ring buffer:
            the oldest is dropped when a request beyond it comes).

    """

    def __init__(
        self,
        fake: FakeOrderApi | None = None,
        *,
        api_version: ApiVersion | str = DEFAULT_API_VERSION,
        seed: int = 0,
        faults: Faults | None = None,
        max_body: int = MAX_BODY_BYTES,
        document_cache_bytes: int = _graphql.CACHE_BYTES,
        record_limit: int = RECORD_LIMIT,
    ) -> None:
        version = dialect_for(api_version).version
        self.fake = fake or FakeOrderApi(version.value, seed=seed, faults=faults)
        self.api_version = dialect_for(self.fake.api_version).version
        self.max_body = max_body
        self.documents = _graphql.DocumentCache(document_cache_bytes)
        self._lock = threading.Lock()
        self._fake_lock = threading.Lock()
        self._received: collections.deque[Received] = collections.deque(maxlen=record_limit)
        self._tokens = 0

    @property
    def received(self) -> tuple[Received, ...]:
        """The latest requests (up to ``record_limit``, default 10,000), oldest first."""
        with self._lock:
            return tuple(self._received)

    @property
    def tokens_issued(self) -> int:
        """How many access tokens ``/token`` has handed out."""
        return self._tokens

    def handle(self, method: str, path: str, headers: Mapping[str, str], body: bytes) -> Reply:
        """Answer one request (``headers`` with lower-case names); never raises."""
        route, _, query = path.partition("?")
        try:
            reply = self._route(method, route, query, headers, body)
        except Exception as failure:  # a bug must answer 500, not kill the connection
            error = {
                "message": f"emulator failure: {type(failure).__name__}: {failure}",
                "extensions": {"errorType": "InternalServerError"},
            }
            reply = Reply.of(500, {"errors": [error]})
        with self._lock:
            token = headers.get("authorization")
            record = Received(method, route, reply.fields, reply.status, token)
            self._received.append(record)
        return reply

    def reset(self) -> None:
        """Forget every order, event and received request."""
        with self._fake_lock, self._lock:
            self.fake.reset()
            self._received.clear()

    def _route(
        self, method: str, route: str, query: str, headers: Mapping[str, str], body: bytes
    ) -> Reply:
        routes: dict[str, tuple[str, Callable[[], Reply]]] = {
            "/graphql": ("POST", lambda: self._graphql(headers, body)),
            "/token": ("POST", lambda: self._token(headers, body)),
            "/events": ("GET", lambda: self._events(query)),
            "/reset": ("POST", self._reset),
            "/health": ("GET", self._health),
        }
        if route not in routes:
            return request_error(404, f"no route {route}; the Order API is POST /graphql")
        allowed, answer = routes[route]
        if method != allowed:
            return request_error(405, f"{route} takes {allowed}", {"Allow": allowed})
        return answer()

    def _graphql(self, headers: Mapping[str, str], body: bytes) -> Reply:
        if _media_type(headers) != "application/json":
            return request_error(415, "send the GraphQL request as application/json")
        try:
            request = loads(body)
        except JsonError as error:
            return request_error(400, f"the body {error}")
        problem = _request_problem(request)
        if problem:
            return request_error(400, problem)
        try:
            version = dialect_for(headers.get("x-api-version") or self.api_version).version
            fault = header_fault(headers.get(FAULT_HEADER))
        except (UnsupportedVersionError, ValueError) as error:
            return request_error(400, str(error))
        return self._execute(version, request, headers, fault)

    def _execute(
        self, version: ApiVersion, request: JSON, headers: Mapping[str, str], fault: Fault | None
    ) -> Reply:
        prepared = _graphql.prepare(version, request["query"], self.documents)
        if isinstance(prepared, tuple):
            return Reply.of(400, {"errors": [_graphql.formatted(e) for e in prepared]})
        name = request.get("operationName")
        fields = _graphql.root_fields(prepared, name)
        if fault is not None and not any(f in ORDERS and fault.applies_to(f) for f in fields):
            return request_error(400, f"{FAULT_HEADER} {fault.name} cannot hit {fields}")
        misfits = _graphql.variable_misfits(version, prepared, name, request.get("variables"))
        if misfits:
            return Reply.of(400, {"errors": misfits}, fields)
        resolvers = Resolvers(self.fake, self._fake_lock, version, headers, fault)
        result = _graphql.run(version, prepared, resolvers.root(), request.get("variables"), name)
        errors = result.errors or []
        if any(isinstance(e.original_error, LostResponseError) for e in errors):
            return Reply(0, None, fields=fields)
        answer: JSON = {"data": result.data} if result.data is not None else {}
        if errors:
            answer["errors"] = [_graphql.formatted(e) for e in errors]
        return Reply.of(200 if result.data is not None else 400, answer, fields)

    def _token(self, headers: Mapping[str, str], body: bytes) -> Reply:
        if _media_type(headers) != "application/x-www-form-urlencoded":
            return _oauth_error(400, "invalid_request", "send a form (x-www-form-urlencoded)")
        form = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
        if form.get("grant_type") != "client_credentials":
            return _oauth_error(400, "unsupported_grant_type", "use client_credentials")
        if not form.get("client_id") or not form.get("client_secret"):
            return _oauth_error(401, "invalid_client", "client_id and client_secret are required")
        with self._lock:
            self._tokens += 1
            token = f"emulator-token-{self._tokens}"
        answer = {"access_token": token, "token_type": "bearer", "expires_in": TOKEN_LIFETIME}
        return Reply.of(200, answer)

    def _events(self, query: str) -> Reply:
        since = count(parse_qs(query).get("since", ["0"])[0])
        if since is None:
            return request_error(400, "since must be a whole number of events (ASCII digits)")
        events, total = self.fake.events_since(since)
        return Reply.of(200, {"events": events, "total": total})

    def _reset(self) -> Reply:
        self.reset()
        return Reply.of(200, {"reset": True})

    def _health(self) -> Reply:
        versions = [version.value for version in ApiVersion]
        default = self.api_version.value
        status = {"status": "ok", "apiVersions": versions, "defaultApiVersion": default}
        return Reply.of(200, status)


def _error_types(document: object) -> tuple[str, ...]:
    """The ``extensions.errorType`` of each error in a GraphQL answer (none if it has none)."""
    errors = document.get("errors") if isinstance(document, dict) else None
    return tuple(
        str(error.get("extensions", {}).get("errorType", "-"))
        for error in errors or ()
        if isinstance(error, dict)
    )


def _media_type(headers: Mapping[str, str]) -> str:
    return headers.get("content-type", "").split(";")[0].strip().lower()


def _request_problem(request: object) -> str | None:
    """What makes a decoded body unusable as a GraphQL request, if anything."""
    if not isinstance(request, dict):
        return "the body must be a JSON object with a query"
    if not isinstance(request.get("query"), str) or not request["query"].strip():
        return "query must be a non-empty string"
    if request.get("variables") is not None and not isinstance(request["variables"], dict):
        return "variables must be a JSON object"
    if request.get("operationName") is not None and not isinstance(request["operationName"], str):
        return "operationName must be a string"
    return None


def _oauth_error(status: int, error: str, description: str) -> Reply:
    return Reply.of(status, {"error": error, "error_description": description})
