"""The configuration both clients take, and what they answer without sending anything."""

from __future__ import annotations

import abc
from collections.abc import Mapping
from typing import Any, Generic, TypeVar

import httpx

from orderguard._guard import Guard
from orderguard.client._auth import BearerToken
from orderguard.client._core import DEFAULT_ENDPOINT, DEFAULT_TARGET_HEADER, ClientCore
from orderguard.client._retry import RetrySettings
from orderguard.client._snapshots import OrderRef
from orderguard.client._stored import Claims, StoredSnapshots
from orderguard.enums import DEFAULT_API_VERSION, ApiVersion
from orderguard.statemachine import EventResult, OrderSnapshot
from orderguard.store import OrderStore

HttpT = TypeVar("HttpT", httpx.Client, httpx.AsyncClient)


class ClientBase(abc.ABC, Generic[HttpT]):
    """Configuration shared by ``OrderClient`` and ``AsyncOrderClient`` (see their docs)."""

    def __init__(
        self,
        *,
        auth: httpx.Auth | str | None = None,
        target_id: str | None = None,
        endpoint: str = DEFAULT_ENDPOINT,
        api_version: ApiVersion | str = DEFAULT_API_VERSION,
        guard: Guard | None = None,
        retry: RetrySettings | None = None,
        fetch_before: bool = False,
        auto_alias: bool = False,
        target_header: str = DEFAULT_TARGET_HEADER,
        headers: Mapping[str, str] | None = None,
        timeout: float = 10.0,
        http: HttpT | None = None,
        store: OrderStore | None = None,
        claim_wait: float = 10.0,
        claim_lease: float = 60.0,
    ) -> None:
        self._core = ClientCore(
            endpoint=endpoint,
            api_version=api_version,
            target_id=target_id,
            target_header=target_header,
            guard=guard,
            retry=retry or RetrySettings(),
            request_timeout=timeout,
            fetch_before=fetch_before,
            auto_alias=auto_alias,
            headers=headers,
        )
        self._auth: httpx.Auth | None = BearerToken(auth) if isinstance(auth, str) else auth
        self._owns_http = http is None
        self._http: HttpT = http if http is not None else self._open(timeout)
        self._claims = Claims(store, claim_wait, claim_lease)
        if store is not None:
            self._core.snapshots = StoredSnapshots(self._core.version, store)

    def __repr__(self) -> str:
        name, core = type(self).__name__, self._core
        return f"{name}(endpoint={core.endpoint!r}, api_version={core.version.value!r})"

    @abc.abstractmethod
    def _open(self, timeout: float) -> HttpT:
        """The httpx client to use when none was given."""

    @property
    def api_version(self) -> ApiVersion:
        """The API version every request is written for."""
        return self._core.version

    @property
    def guard(self) -> Guard:
        """The guard run before each mutation."""
        return self._core.guard

    @property
    def endpoint(self) -> str:
        """The GraphQL endpoint requests go to."""
        return self._core.endpoint

    def snapshot(self, order_id: str) -> OrderSnapshot | None:
        """The order as this client last saw it (responses and applied events), if it has."""
        return self._core.snapshots.get(OrderRef(order_id=order_id))

    def apply_event(self, event: Mapping[str, Any]) -> EventResult:
        """Advance an order's snapshot with a Buy with Prime event (webhook or EventBridge JSON).

        A delivery seen before changes nothing; ``MalformedEventError`` for a malformed event.
        """
        return self._core.snapshots.apply_event(event)
