"""The store's logic, written once over :class:`~orderguard.store._tx.Tx` for every backend.

A backend supplies ``_run`` (one unit of work in one transaction) and the plain reads; this
class does event intake, merging answers, compare-and-set writes and claims.
"""

from __future__ import annotations

import abc
import contextlib
import time
import uuid
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import Concatenate, ParamSpec, Self, TypeVar

from orderguard.enums import DEFAULT_API_VERSION, ApiVersion
from orderguard.statemachine import EventResult, OrderEvent, OrderSnapshot
from orderguard.statemachine import parse_event as _parse_event
from orderguard.store._claims import default_owner, ending, note_action, take
from orderguard.store._errors import ClaimHeldError, StoreLockedError, VersionConflictError
from orderguard.store._protocol import DEFAULT_LEASE, EventLike, ResponseLike
from orderguard.store._records import AliasPair, Claim, HistoryEntry, Source, Versioned, subject_of
from orderguard.store._render import snapshot_of
from orderguard.store._tx import Entry, Tx
from orderguard.store._units import intake, merge_in

T = TypeVar("T")
P = ParamSpec("P")

DEFAULT_RETENTION = 7 * 24 * 3600.0
"""Seconds a delivery key is kept (GAP: Amazon documents no redelivery window)."""

_PURGE_EVERY = 1000
_POLL_FIRST, _POLL_MAX = 0.01, 0.25


def parse(event: EventLike) -> OrderEvent:
    """An event as ``OrderEvent`` (raw JSON parsed; ``MalformedEventError`` if it cannot be)."""
    return event if isinstance(event, OrderEvent) else _parse_event(event)


class StoreCore(abc.ABC):
    """Implements :class:`~orderguard.store.OrderStore` over a backend's transactions."""

    def __init__(self, url: str, retention: float = DEFAULT_RETENTION) -> None:
        self._url = url
        self._retention = retention
        self._intakes = 0

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._url!r})"

    @property
    def url(self) -> str:
        """The store's URL, password removed."""
        return self._url

    # -- what a backend provides ---------------------------------------------------------

    @abc.abstractmethod
    def _run(self, work: Callable[Concatenate[Tx, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run ``work(tx, *args)`` in one write transaction and commit (roll back if it raises)."""

    @abc.abstractmethod
    def _purge(self, before: float) -> None:
        """Forget delivery keys recorded before ``before`` (epoch seconds)."""

    @abc.abstractmethod
    def get(self, order_id: str) -> Versioned | None:
        """The order's snapshot and version, or ``None``."""

    @abc.abstractmethod
    def get_by_alias(self, alias: AliasPair) -> Versioned | None:
        """The order an alias was stored with, if any."""

    @abc.abstractmethod
    def order_ids(self) -> list[str]:
        """Every order ID held, sorted."""

    @abc.abstractmethod
    def expired_claims(self) -> list[Claim]:
        """Claims whose lease has lapsed."""

    @abc.abstractmethod
    def history(self, order_id: str) -> list[HistoryEntry]:
        """The order's history, oldest first."""

    @abc.abstractmethod
    def close(self) -> None:
        """Release connections."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    # -- snapshots -------------------------------------------------------------------------

    def put(self, snapshot: OrderSnapshot, expected_version: int) -> Versioned:
        """Compare-and-set write; ``VersionConflictError`` with the current version on a race."""

        def work(tx: Tx) -> Versioned:
            tx.lock(snapshot.id)
            current = tx.read(snapshot.id)
            if (current.version if current else 0) != expected_version:
                raise VersionConflictError(snapshot.id, expected_version, current)
            stored = tx.write(snapshot, current)
            before = current.snapshot if current else None
            tx.log(
                Entry(
                    snapshot.id,
                    time.time(),
                    Source.WRITE,
                    "put",
                    None,
                    "",
                    stored.version,
                    before,
                    snapshot,
                )
            )
            return stored

        return self._run(work)

    def record_response(
        self,
        response: ResponseLike,
        *,
        api_version: ApiVersion | str = DEFAULT_API_VERSION,
        source: str = "order",
    ) -> Versioned:
        """Merge an answer into the stored snapshot; no state moves backwards."""
        fresh = snapshot_of(response, api_version)
        return self._run(merge_in, fresh, Source.RESPONSE, source, "", False)

    # -- events ----------------------------------------------------------------------------

    def apply_event(self, event: EventLike) -> EventResult:
        """Apply one event in one transaction (see ``OrderStore.apply_event``)."""
        parsed = parse(event)
        result = self._run(intake, parsed, time.time())
        self._counted(1)
        return result

    def apply_events(self, events: Iterable[EventLike]) -> list[EventResult]:
        """Apply a batch in one transaction; results in the events' order."""
        parsed = [parse(event) for event in events]
        # One lock order for every batch (by order ID) so two batches never deadlock.
        order = sorted(range(len(parsed)), key=lambda i: parsed[i].order_id)

        def work(tx: Tx) -> list[EventResult]:
            tx.prefetch([(event.order_id, event.event_id) for event in parsed])
            now = time.time()
            results: dict[int, EventResult] = {}
            for index in order:
                results[index] = intake(tx, parsed[index], now)
            return [results[index] for index in range(len(parsed))]

        results = self._run(work)
        self._counted(len(parsed))
        return results

    def _counted(self, intakes: int) -> None:
        """Every ``_PURGE_EVERY`` intakes, forget the delivery keys past their retention."""
        before = self._intakes
        self._intakes += intakes
        if before // _PURGE_EVERY != self._intakes // _PURGE_EVERY:
            # Housekeeping after the intake committed: a busy database only postpones it.
            with contextlib.suppress(StoreLockedError):
                self._purge(time.time() - self._retention)

    # -- claims ----------------------------------------------------------------------------

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
        """Record the intent to send ``action``; wait up to ``wait`` s for another worker's."""
        subject = subject_of(order_id, alias)
        owner = owner or default_owner()
        token = uuid.uuid4().hex
        deadline, pause = time.monotonic() + wait, _POLL_FIRST
        while True:
            now = time.time()
            mine = Claim(subject, action, owner, token, now, now + lease, order_id, alias)
            taken = self._run(take, mine)
            if taken.token == token:
                return taken
            left = deadline - time.monotonic()
            if left <= 0:
                raise ClaimHeldError(taken, wait)
            time.sleep(min(pause, left, max(taken.remaining(), 0.0) + 0.001))
            pause = min(pause * 2, _POLL_MAX)

    def settle(
        self,
        claim: Claim,
        response: ResponseLike | None = None,
        *,
        api_version: ApiVersion | str = DEFAULT_API_VERSION,
        detail: str = "",
    ) -> Versioned | None:
        """End ``claim`` with the API's answer, merged in, in one transaction."""
        fresh = None if response is None else snapshot_of(response, api_version)

        def work(tx: Tx) -> Versioned | None:
            tx.lock(claim.subject)
            note = ending(tx, claim, "settled", detail)
            if fresh is not None:
                return merge_in(tx, fresh, Source.ACTION, claim.action, note, True)
            return note_action(tx, claim, note)

        return self._run(work)

    def release(self, claim: Claim, detail: str = "") -> None:
        """End ``claim`` without an answer (the request was not sent, or failed)."""

        def work(tx: Tx) -> None:
            tx.lock(claim.subject)
            note_action(tx, claim, ending(tx, claim, "released", detail))

        self._run(work)
