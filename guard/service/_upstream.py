"""The Order API behind the proxy: forwarding a request as it came, and querying an order.

Forwarded requests keep the client's headers except the hop-by-hop ones and ``Host``; the
proxy asks for an unencoded answer (``accept-encoding: identity``) so it can read it and hand
back the very bytes. A request the upstream never received raises
:class:`UpstreamUnreachableError`; one whose answer never came (connection closed, read timed
out) raises :class:`AnswerLostError`, since it may have been applied. The order query uses
``orderguard.client`` with the client's own credentials and no retry (the proxy answers at
once when it fails).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
import httpcore
import httpx

from orderguard._guard import Guard
from orderguard._json import JsonError, loads
from orderguard.client import AsyncOrderClient, RetrySettings
from orderguard.errors import ApiError
from orderguard.errors.exceptions import ApiNotFoundError
from orderguard.service._refs import OrderRef

_HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "host",
        "content-length",
        "content-encoding",
        "accept-encoding",
        "expect",
    }
)
_NOT_RETURNED = _HOP_BY_HOP | {"date"}  # the proxy's server dates its own answer
_OWN_PREFIX = "x-orderguard-"
_ONE_TRY = RetrySettings(attempts=1)


class UpstreamUnreachableError(Exception):
    """The request could not be sent to the upstream (nothing was applied)."""


class AnswerLostError(Exception):
    """The request was sent but its answer never came: it may or may not have been applied."""


class OrderQueryError(Exception):
    """The order could not be queried from the upstream (other than: no such order)."""


@attrs.frozen(slots=True)
class Answer:
    """The upstream's answer: status, end-to-end headers and the body, as they came."""

    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def json(self) -> object:
        """The body as JSON, or ``None`` when it is not JSON."""
        try:
            return loads(self.body)
        except JsonError:
            return None


def forwarded_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """The client's headers to send on: end-to-end ones only, the answer unencoded."""
    kept = {name: value for name, value in headers.items() if name.lower() not in _HOP_BY_HOP}
    return {**kept, "accept-encoding": "identity"}


class Upstream:
    """The upstream GraphQL endpoint, over pooled keep-alive connections.

    Forwarding, the hot path, goes through httpcore (httpx's transport) directly: a request is
    sent as it came, so httpx's URL, cookie, redirect and auth layers would only cost time. The
    order query goes through ``orderguard.client`` on an ``httpx.AsyncClient``.
    """

    def __init__(self, url: str, timeout: float) -> None:
        self.url = url
        self._timeouts = {"connect": timeout, "read": timeout, "write": timeout, "pool": timeout}
        self._pool = httpcore.AsyncConnectionPool(max_connections=100)
        self._http = httpx.AsyncClient(timeout=timeout)

    async def close(self) -> None:
        """Close the pooled connections."""
        await self._pool.aclose()
        await self._http.aclose()

    async def send(self, body: bytes, headers: Mapping[str, str]) -> Answer:
        """POST ``body`` with the client's ``headers``; the answer as it came."""
        sent = [
            (name.encode("latin-1"), value.encode("latin-1")) for name, value in headers.items()
        ]
        try:
            response = await self._pool.request(
                "POST", self.url, headers=sent, content=body, extensions={"timeout": self._timeouts}
            )
        except (httpcore.ConnectError, httpcore.ConnectTimeout, httpcore.PoolTimeout) as error:
            raise UpstreamUnreachableError(f"{type(error).__name__}: {error}") from error
        except (httpcore.NetworkError, httpcore.TimeoutException, httpcore.ProtocolError) as error:
            raise AnswerLostError(f"{type(error).__name__}: {error}") from error
        kept = tuple(
            (name.decode("latin-1"), value.decode("latin-1"))
            for name, value in response.headers
            if name.decode("latin-1").lower() not in _NOT_RETURNED
        )
        return Answer(response.status, kept, response.content)

    async def order(
        self, ref: OrderRef, guard: Guard, headers: Mapping[str, str]
    ) -> Mapping[str, Any] | None:
        """The order ``ref`` names, queried with the client's headers; ``None`` if there is none."""
        sent = forwarded_headers(headers)
        own = {k: v for k, v in sent.items() if not k.lower().startswith(_OWN_PREFIX)}
        try:
            client = AsyncOrderClient(
                endpoint=self.url,
                api_version=guard.api_version,
                guard=guard,
                retry=_ONE_TRY,
                target_id=own.get("x-api-target-id"),
                headers=own,
                http=self._http,
            )
            found = await client.order(ref.identifier(guard.dialect))
        except ApiNotFoundError:
            return None
        except (ApiError, httpx.HTTPError, ValueError) as error:
            raise OrderQueryError(f"{type(error).__name__}: {error}") from error
        return found.data
