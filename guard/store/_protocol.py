"""``OrderStore``: what every backend (memory, SQLite, PostgreSQL) offers, and nothing more."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import TracebackType
from typing import Any, Protocol, Self

from orderguard.enums import DEFAULT_API_VERSION, ApiVersion
from orderguard.statemachine import EventResult, OrderEvent, OrderSnapshot
from orderguard.store._records import AliasPair, Claim, HistoryEntry, Versioned

EventLike = OrderEvent | Mapping[str, Any]
"""An event: parsed, or the raw webhook / EventBridge JSON."""

ResponseLike = OrderSnapshot | Mapping[str, Any]
"""An answer about an order: a snapshot, or ``order`` query JSON (bare or whole response)."""

DEFAULT_LEASE = 60.0
"""Seconds a claim holds by default: longer than any request, retries included, should take."""


class OrderStore(Protocol):
    """The orders as last seen, shared by every worker that opens the same URL.

    Every write is one transaction; snapshots never move backwards; each write bumps the
    order's version. Thread-safe; the SQLite and PostgreSQL backends are safe across processes
    (and PostgreSQL across hosts). Use as a context manager, or call :meth:`close`.
    """

    @property
    def url(self) -> str:
        """The store's URL, password removed."""

    def get(self, order_id: str) -> Versioned | None:
        """The order's snapshot and version, or ``None`` when the store has never held it."""

    def get_by_alias(self, alias: AliasPair) -> Versioned | None:
        """The order an alias (``(aliasType, aliasId)``) was stored with, if any."""

    def order_ids(self) -> list[str]:
        """The ID of every order held, sorted."""

    def put(self, snapshot: OrderSnapshot, expected_version: int) -> Versioned:
        """Compare-and-set: store ``snapshot`` if the order is at ``expected_version`` (0: absent).

        Raises ``VersionConflictError`` carrying the current version otherwise (nothing written).
        """

    def apply_event(self, event: EventLike) -> EventResult:
        """Apply one event in one transaction: delivery key, outcome, snapshot and history.

        A delivery key seen before (within the retention) is a ``duplicate`` and changes
        nothing. ``MalformedEventError`` for an event that cannot be read.
        """

    def apply_events(self, events: Iterable[EventLike]) -> list[EventResult]:
        """Apply a batch in one transaction (all or nothing); results in the events' order."""

    def record_response(
        self,
        response: ResponseLike,
        *,
        api_version: ApiVersion | str = DEFAULT_API_VERSION,
        source: str = "order",
    ) -> Versioned:
        """Merge an API answer into the stored snapshot without regressing any state.

        ``source`` names the query or mutation in the history. ``PayloadError`` if the JSON is
        not an order.
        """

    def claim(
        self,
        order_id: str | None,
        action: str,
        *,
        alias: AliasPair | None = None,
        owner: str | None = None,
        lease: float = DEFAULT_LEASE,
        wait: float = 0.0,
    ) -> Claim:
        """Record the intent to send ``action`` on the order (createOrder: ``None`` and its alias).

        One claim per order at a time. A claim held by another worker is waited for up to
        ``wait`` seconds, then ``ClaimHeldError`` names the holder; an expired one is taken
        over (``Claim.replaced``). No lock is held once this returns.
        """

    def settle(
        self,
        claim: Claim,
        response: ResponseLike | None = None,
        *,
        api_version: ApiVersion | str = DEFAULT_API_VERSION,
        detail: str = "",
    ) -> Versioned | None:
        """End ``claim`` with the API's answer: merged in, history appended, claim dropped."""

    def release(self, claim: Claim, detail: str = "") -> None:
        """End ``claim`` without an answer (the request was not sent, or failed)."""

    def expired_claims(self) -> list[Claim]:
        """Claims whose lease has lapsed: intents of workers that may have crashed."""

    def history(self, order_id: str) -> list[HistoryEntry]:
        """The order's history, oldest first."""

    def close(self) -> None:
        """Release connections; the store cannot be used afterwards."""

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None: ...
