"""Access tokens: client credentials exchanged at the token endpoint, refreshed before expiry.

INFERENCE (reference §1.2 and Amazon's sample code, which posts a form with ``grant_type``,
``client_id`` and ``client_secret`` to ``/token`` and reads ``access_token``): the exchange is an
OAuth 2.0 client-credentials grant::

    POST https://api.buywithprime.amazon.com/token
    Content-Type: application/x-www-form-urlencoded

    grant_type=client_credentials&client_id=<id>&client_secret=<secret>

answered with ``{"access_token": "...", "token_type": "bearer", "expires_in": 900}``. Tokens
live 15 minutes; Amazon's sample refreshes once a token is 885 seconds old, and so does this one.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncGenerator, Callable, Generator
from typing import Any

import httpx

from orderguard._json import JsonError, loads
from orderguard.errors import FieldIssue, PayloadError, error_for_http_status
from orderguard.errors.exceptions import ApiAccessDeniedError

DEFAULT_TOKEN_URL = "https://api.buywithprime.amazon.com/token"
"""The Buy with Prime token endpoint."""

REFRESH_AFTER = 885.0
"""Seconds a token is used before a new one is fetched (tokens expire after 900)."""

_EARLY = 15.0


class ClientCredentials(httpx.Auth):
    """httpx auth that sends ``Authorization: Bearer <token>``, minting tokens as needed.

    A token is fetched on first use and again once it is ``refresh_after`` seconds old by
    ``clock`` (or 15 seconds before the ``expires_in`` the endpoint gave, if that comes first).
    A 401 from the API drops the token and sends the request once more with a fresh one. One
    token is fetched at a time, however many threads or tasks share the provider.

    A refused exchange raises ``ApiAccessDeniedError`` (``ApiThrottlingError`` for 429,
    ``ApiInternalServerError`` for 5xx); an answer without ``access_token`` raises
    ``PayloadError``.
    """

    requires_response_body = True

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        *,
        token_url: str = DEFAULT_TOKEN_URL,
        refresh_after: float = REFRESH_AFTER,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if refresh_after <= 0:
            raise ValueError(f"refresh_after must be positive, got {refresh_after!r}")
        self.client_id = client_id
        self._secret = client_secret
        self.token_url = token_url
        self.refresh_after = refresh_after
        self._clock = clock
        self._token: str | None = None
        self._fresh_until = 0.0
        self._lock = threading.Lock()
        self._async_lock = asyncio.Lock()

    def __repr__(self) -> str:
        return f"ClientCredentials(client_id={self.client_id!r}, token_url={self.token_url!r})"

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        """Sign ``request``, fetching a token first when none is fresh (threads wait in turn)."""
        for retry in (False, True):
            token = self._fresh()
            if token is None:
                with self._lock:
                    token = self._fresh()
                    if token is None:
                        answer = yield self._token_request()
                        answer.read()
                        token = self._accept(answer)
            response = yield _signed(request, token)
            if response.status_code != httpx.codes.UNAUTHORIZED or retry:
                return
            self._drop(token)

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        """Sign ``request``, fetching a token first when none is fresh (tasks wait in turn)."""
        for retry in (False, True):
            token = self._fresh()
            if token is None:
                async with self._async_lock:
                    token = self._fresh()
                    if token is None:
                        answer = yield self._token_request()
                        await answer.aread()
                        token = self._accept(answer)
            response = yield _signed(request, token)
            if response.status_code != httpx.codes.UNAUTHORIZED or retry:
                return
            self._drop(token)

    def _fresh(self) -> str | None:
        """The current token while it is fresh, else ``None``."""
        return self._token if self._token and self._clock() < self._fresh_until else None

    def _drop(self, token: str) -> None:
        if self._token == token:
            self._token = None

    def _token_request(self) -> httpx.Request:
        form = {
            "grant_type": "client_credentials",
            "client_id": self.client_id,
            "client_secret": self._secret,
        }
        return httpx.Request("POST", self.token_url, data=form)

    def _accept(self, response: httpx.Response) -> str:
        """Keep the token of a successful exchange; raise for any other answer."""
        body = _json(response)
        if response.status_code != httpx.codes.OK:
            raise _refusal(response.status_code, body)
        token = body.get("access_token")
        if not isinstance(token, str) or not token:
            issue = FieldIssue("access_token", "expected a non-empty string")
            raise PayloadError("token endpoint answer", [issue])
        lifetime = self.refresh_after
        expires_in = body.get("expires_in")
        if isinstance(expires_in, int | float) and not isinstance(expires_in, bool):
            lifetime = min(lifetime, max(float(expires_in) - _EARLY, 0.0))
        self._token, self._fresh_until = token, self._clock() + lifetime
        return token


class BearerToken(httpx.Auth):
    """httpx auth that sends one fixed access token (tests, or tokens managed elsewhere)."""

    def __init__(self, token: str) -> None:
        self._token = token

    def __repr__(self) -> str:
        return "BearerToken(...)"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Add the ``Authorization`` header."""
        yield _signed(request, self._token)


def _signed(request: httpx.Request, token: str) -> httpx.Request:
    request.headers["Authorization"] = f"Bearer {token}"
    return request


def _json(response: httpx.Response) -> dict[str, Any]:
    """The answer's JSON object, or ``{}`` when it is not one."""
    try:
        body = loads(response.content)
    except JsonError:
        return {}
    return body if isinstance(body, dict) else {}


def _refusal(status: int, body: dict[str, Any]) -> Exception:
    """The error a failed exchange stands for, with the OAuth error text when there is one."""
    reason = " ".join(str(body.get(key, "")) for key in ("error", "error_description")).strip()
    message = f"the token endpoint answered HTTP {status}" + (f" ({reason})" if reason else "")
    if status == httpx.codes.TOO_MANY_REQUESTS or status >= 500:
        return error_for_http_status(status, message=message) or RuntimeError(message)
    hint = "; check the client ID and secret"
    return ApiAccessDeniedError("AccessDeniedError", None, message + hint, raw=body)
