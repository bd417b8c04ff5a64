"""One write transaction of a SQL store: reads once, writes behind, flushes before commit.

Within a transaction the orders it touches are locked (PostgreSQL: advisory locks; SQLite: the
file's write lock), so nothing else can change them until it commits. So each order is read
once (with its delivery keys) and kept here; writes go to this cache and are flushed in
:meth:`SqlTx.flush`: each order's final snapshot in one compare-and-set ``UPDATE`` on the
version first read, and the delivery keys, history rows and aliases in one ``executemany``
each. A batch of events thus costs a few statements per order, not several per event.
"""

from __future__ import annotations

import json
import time
from typing import Any

from orderguard.statemachine import OrderSnapshot
from orderguard.store._changes import changes_between
from orderguard.store._codec import decode, encode
from orderguard.store._errors import VersionConflictError
from orderguard.store._records import Claim, Versioned
from orderguard.store._schema import Cursor, SqlDialect
from orderguard.store._statements import Statements, claim_from_row
from orderguard.store._tx import Entry

_CHUNK = 500


class SqlTx:
    """One write transaction of a SQL store (see :class:`~orderguard.store._tx.Tx`)."""

    __slots__ = (
        "_aliases",
        "_base",
        "_cur",
        "_deliveries",
        "_dialect",
        "_history",
        "_keys",
        "_locked",
        "_orders",
        "_sql",
        "_written",
    )

    def __init__(self, cur: Cursor, sql: Statements, dialect: SqlDialect) -> None:
        self._cur, self._sql, self._dialect = cur, sql, dialect
        self._locked: set[str] = set()
        self._orders: dict[str, Versioned | None] = {}
        self._keys: dict[str, set[str]] = {}
        self._base: dict[str, int] = {}
        self._written: dict[str, Versioned] = {}
        self._deliveries: list[tuple[Any, ...]] = []
        self._history: list[tuple[Any, ...]] = []
        self._aliases: list[tuple[str, str, str]] = []

    def prefetch(self, order_ids: list[str]) -> None:
        wanted = [oid for oid in order_ids if oid not in self._locked]
        if self._sql.lock_many is not None and wanted:
            self._cur.execute(self._sql.lock_many, (wanted,))
            self._locked.update(wanted)
        self._load(order_ids)

    def lock(self, subject: str) -> None:
        if self._sql.lock is not None and subject not in self._locked:
            self._cur.execute(self._sql.lock, (subject,))
            self._locked.add(subject)

    def _load(self, order_ids: list[str]) -> None:
        """Read the orders (and their delivery keys) this transaction has not read yet."""
        missing = [oid for oid in dict.fromkeys(order_ids) if oid not in self._orders]
        for start in range(0, len(missing), _CHUNK):
            chunk = missing[start : start + _CHUNK]
            for oid in chunk:
                self._orders[oid], self._keys[oid] = None, set()
            for order_id, version, text, key in self._rows(chunk):
                if key is not None:
                    self._keys[order_id].add(key)
                else:
                    self._orders[order_id] = Versioned(decode(order_id, text), version)

    def _rows(self, order_ids: list[str]) -> list[tuple[Any, ...]]:
        if self._dialect.arrays:
            self._cur.execute(self._sql.load, (order_ids, order_ids))
        else:
            marks = ", ".join("?" * len(order_ids))
            self._cur.execute(self._sql.load.format(ids=marks), (*order_ids, *order_ids))
        return self._cur.fetchall()

    def read(self, order_id: str) -> Versioned | None:
        if order_id not in self._orders:
            self._load([order_id])
        return self._orders[order_id]

    def write(self, snapshot: OrderSnapshot, current: Versioned | None) -> Versioned:
        held = self.read(snapshot.id)
        if held is not current:
            raise VersionConflictError(snapshot.id, current.version if current else 0, held)
        stored = Versioned(snapshot, current.version + 1 if current else 1)
        self._base.setdefault(snapshot.id, current.version if current else 0)
        self._orders[snapshot.id] = self._written[snapshot.id] = stored
        if current is None or snapshot.aliases != current.snapshot.aliases:
            self._aliases.extend((kind, value, snapshot.id) for kind, value in snapshot.aliases)
        return stored

    def seen(self, order_id: str, key: str) -> bool:
        if order_id not in self._keys:
            self._load([order_id])
        return key in self._keys[order_id]

    def remember(self, order_id: str, key: str, outcome: str, detail: str, at: float) -> None:
        if order_id not in self._keys:
            self._load([order_id])
        self._keys[order_id].add(key)
        self._deliveries.append((order_id, key, outcome, detail, at))

    def log(self, entry: Entry) -> None:
        moved = [change.to_json() for change in changes_between(entry.before, entry.after)]
        changes = json.dumps(moved, separators=(",", ":"), ensure_ascii=False)
        self._history.append(
            (
                entry.order_id,
                entry.at,
                entry.source.value,
                entry.ref,
                entry.outcome,
                entry.detail,
                entry.version,
                changes,
            )
        )

    def claim_of(self, subject: str) -> Claim | None:
        self._cur.execute(self._sql.claim_of, (subject,))
        row = self._cur.fetchone()
        return None if row is None else claim_from_row(row)

    def put_claim(self, claim: Claim) -> None:
        kind, value = claim.alias if claim.alias else (None, None)
        row = (claim.subject, claim.action, claim.owner, claim.token, claim.claimed_at)
        self._cur.execute(
            self._sql.put_claim, (*row, claim.lease_until, claim.order_id, kind, value)
        )

    def drop_claim(self, claim: Claim) -> None:
        self._cur.execute(self._sql.drop_claim, (claim.subject, claim.token))

    def flush(self) -> None:
        """Write everything this transaction changed (before it commits)."""
        new = [(oid, s) for oid, s in self._written.items() if self._base[oid] == 0]
        old = [(oid, s) for oid, s in self._written.items() if self._base[oid] != 0]
        now = time.time()
        inserts = [(oid, s.version, encode(s.snapshot), now) for oid, s in new]
        updates = [(s.version, encode(s.snapshot), now, oid, self._base[oid]) for oid, s in old]
        if self._many(self._sql.insert_order, inserts) != len(inserts):
            raise self._conflict([oid for oid, _ in new])
        if self._many(self._sql.update_order, updates) != len(updates):
            raise self._conflict([oid for oid, _ in old])
        self._many(self._sql.insert_alias, self._aliases)
        self._many(self._sql.remember, self._deliveries)
        self._many(self._sql.log, self._history)

    def _many(self, sql: str, rows: list[tuple[Any, ...]]) -> int:
        """``executemany`` of ``rows``; the number of rows it changed."""
        if not rows:
            return 0
        self._cur.executemany(sql, rows)
        return self._cur.rowcount

    def _conflict(self, order_ids: list[str]) -> VersionConflictError:
        """The error for the first order stored at another version than this transaction read."""
        for order_id in order_ids:
            self._cur.execute(self._sql.read, (order_id,))
            row = self._cur.fetchone()
            if (row[0] if row else 0) != self._base[order_id]:
                current = Versioned(decode(order_id, row[1]), row[0]) if row else None
                return VersionConflictError(order_id, self._base[order_id], current)
        return VersionConflictError(order_ids[0], self._base[order_ids[0]], None)
