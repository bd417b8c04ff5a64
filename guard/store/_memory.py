"""``memory://``: the store in this process's memory, safe between threads, gone on exit.

One lock serialises the writes; each unit of work keeps an undo log, so a batch that fails
half-way leaves the store as it was (the same all-or-nothing as the SQL backends).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, MutableMapping
from typing import Any, Concatenate, ParamSpec, TypeVar

from orderguard.statemachine import OrderSnapshot
from orderguard.store._changes import changes_between
from orderguard.store._core import DEFAULT_RETENTION, StoreCore
from orderguard.store._errors import VersionConflictError
from orderguard.store._records import AliasPair, Claim, HistoryEntry, Versioned
from orderguard.store._tx import Entry, Tx

T = TypeVar("T")
P = ParamSpec("P")
_MISSING = object()
_APPENDED = object()


class MemoryStore(StoreCore):
    """The ``memory://`` backend (see :class:`~orderguard.store.OrderStore`)."""

    def __init__(self, url: str = "memory://", retention: float = DEFAULT_RETENTION) -> None:
        super().__init__(url, retention)
        self._lock = threading.RLock()
        self._orders: dict[str, Versioned] = {}
        self._aliases: dict[AliasPair, str] = {}
        self._deliveries: OrderedDict[tuple[str, str], float] = OrderedDict()
        self._history: dict[str, list[Entry]] = {}
        self._claims: dict[str, Claim] = {}
        self._tx = _MemoryTx(self)  # one at a time, under the lock

    def _run(self, work: Callable[Concatenate[Tx, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        with self._lock:
            tx = self._tx
            try:
                return work(tx, *args, **kwargs)
            except BaseException:
                tx.undo()
                raise
            finally:
                tx.done()

    def _purge(self, before: float) -> None:
        with self._lock:
            seen = self._deliveries
            while seen and next(iter(seen.values())) < before:
                seen.popitem(last=False)

    def get(self, order_id: str) -> Versioned | None:
        """The order's snapshot and version, or ``None``."""
        return self._orders.get(order_id)

    def get_by_alias(self, alias: AliasPair) -> Versioned | None:
        """The order an alias was stored with, if any."""
        with self._lock:
            order_id = self._aliases.get(tuple(alias))  # type: ignore[arg-type]
            return None if order_id is None else self._orders.get(order_id)

    def order_ids(self) -> list[str]:
        """Every order ID held, sorted."""
        with self._lock:
            return sorted(self._orders)

    def expired_claims(self) -> list[Claim]:
        """Claims whose lease has lapsed."""
        now = time.time()
        with self._lock:
            return [claim for claim in self._claims.values() if claim.expired(now)]

    def history(self, order_id: str) -> list[HistoryEntry]:
        """The order's history, oldest first."""
        with self._lock:
            rows = list(self._history.get(order_id, ()))
        return [_entry(seq, entry) for seq, entry in enumerate(rows, start=1)]

    def close(self) -> None:
        """Nothing to release: the data lives as long as this object."""


def _entry(seq: int, entry: Entry) -> HistoryEntry:
    return HistoryEntry(
        order_id=entry.order_id,
        seq=seq,
        at=entry.at,
        source=entry.source,
        ref=entry.ref,
        outcome=entry.outcome,
        detail=entry.detail,
        version=entry.version,
        changes=changes_between(entry.before, entry.after),
    )


class _MemoryTx:
    """A unit of work on a ``MemoryStore`` (its lock held), with an undo log."""

    __slots__ = ("_keys", "_olds", "_store", "_targets")

    def __init__(self, store: MemoryStore) -> None:
        self._store = store
        # The undo log as three parallel lists: appending to them allocates nothing per write.
        self._targets: list[Any] = []
        self._keys: list[Any] = []
        self._olds: list[Any] = []

    def _logged(self, target: Any, key: Any, old: Any) -> None:
        self._targets.append(target)
        self._keys.append(key)
        self._olds.append(old)

    def _set(self, mapping: MutableMapping[Any, Any], key: Any, value: Any) -> None:
        self._logged(mapping, key, mapping.get(key, _MISSING))
        mapping[key] = value

    def undo(self) -> None:
        """Put back everything this unit of work changed, newest first."""
        steps = zip(
            reversed(self._targets), reversed(self._keys), reversed(self._olds), strict=True
        )
        for target, key, old in steps:
            if old is _APPENDED:
                target.pop()
            elif old is _MISSING:
                target.pop(key, None)
            else:
                target[key] = old

    def done(self) -> None:
        """Forget the undo log: the unit of work has ended."""
        self._targets.clear()
        self._keys.clear()
        self._olds.clear()

    def prefetch(self, deliveries: list[tuple[str, str | None]]) -> None:
        """Nothing to do: everything is in memory already."""

    def lock(self, subject: str) -> None:
        """Nothing to do: the store's lock already serialises every unit of work."""

    def read(self, order_id: str) -> Versioned | None:
        return self._store._orders.get(order_id)

    def write(self, snapshot: OrderSnapshot, current: Versioned | None) -> Versioned:
        store = self._store
        held = store._orders.get(snapshot.id)
        if held is not current:
            raise VersionConflictError(snapshot.id, current.version if current else 0, held)
        stored = Versioned(snapshot, current.version + 1 if current else 1)
        self._set(store._orders, snapshot.id, stored)
        if current is None or snapshot.aliases != current.snapshot.aliases:
            for pair in snapshot.aliases:
                if pair not in store._aliases:
                    self._set(store._aliases, pair, snapshot.id)
        return stored

    def seen(self, order_id: str, key: str) -> bool:
        return (order_id, key) in self._store._deliveries

    def remember(self, order_id: str, key: str, outcome: str, detail: str, at: float) -> None:
        self._set(self._store._deliveries, (order_id, key), at)

    def log(self, entry: Entry) -> None:
        store = self._store
        rows = store._history.get(entry.order_id)
        if rows is None:
            rows = store._history[entry.order_id] = []
            self._logged(store._history, entry.order_id, _MISSING)
        rows.append(entry)
        self._logged(rows, None, _APPENDED)

    def claim_of(self, subject: str) -> Claim | None:
        return self._store._claims.get(subject)

    def put_claim(self, claim: Claim) -> None:
        self._set(self._store._claims, claim.subject, claim)

    def drop_claim(self, claim: Claim) -> None:
        held = self._store._claims.get(claim.subject)
        if held is not None and held.token == claim.token:
            self._logged(self._store._claims, claim.subject, held)
            del self._store._claims[claim.subject]
