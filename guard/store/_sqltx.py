"""One write transaction of a SQL store: reads once, writes behind, flushes before commit.

Within a transaction the orders it touches are locked (PostgreSQL: advisory locks; SQLite: the
file's write lock), so nothing else can change them until it commits. So each order is read
once (with its delivery keys) and kept here; writes go to this cache and are flushed in
:meth:`SqlTx.flush`: each order's final snapshot in one compare-and-set ``UPDATE`` on the
version first read, and the delivery keys, history rows and aliases in one ``executemany``
each. A batch of events thus costs a few statements per order, not several per event.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable
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

Pipeline = Callable[[Cursor], contextlib.AbstractContextManager[Any]]
"""Sends the statements of its block together (PostgreSQL's pipeline mode), or does nothing."""


def _no_pipeline(cur: Cursor) -> contextlib.AbstractContextManager[Any]:
    return contextlib.nullcontext()


class SqlTx:
    """One write transaction of a SQL store (see :class:`~orderguard.store._tx.Tx`)."""

    __slots__ = (
        "_aliases",
        "_base",
        "_checked",
        "_cur",
        "_deliveries",
        "_dialect",
        "_history",
        "_locked",
        "_orders",
        "_pipeline",
        "_seen",
        "_sql",
        "_written",
    )

    def __init__(
        self, cur: Cursor, sql: Statements, dialect: SqlDialect, pipeline: Pipeline = _no_pipeline
    ) -> None:
        self._cur, self._sql, self._dialect, self._pipeline = cur, sql, dialect, pipeline
        self._locked: set[str] = set()
        self._orders: dict[str, Versioned | None] = {}
        self._seen: set[tuple[str, str]] = set()
        """Delivery keys recorded, in the database or by this transaction."""
        self._checked: set[tuple[str, str]] = set()
        """Delivery keys whose presence is known (looked up, or recorded here)."""
        self._base: dict[str, int] = {}
        self._written: dict[str, Versioned] = {}
        self._deliveries: list[tuple[Any, ...]] = []
        self._history: list[tuple[Any, ...]] = []
        self._aliases: list[tuple[str, str, str]] = []

    def prefetch(self, deliveries: list[tuple[str, str | None]]) -> None:
        order_ids = sorted({order_id for order_id, _ in deliveries})
        wanted = [oid for oid in order_ids if oid not in self._locked]
        keys = [(oid, key) for oid, key in deliveries if key is not None]
        # The lock, then the reads, sent together: the server runs them in order, and each
        # read's snapshot is taken after the lock is held (one statement, one snapshot).
        with self._pipeline(self._cur):
            if self._sql.lock_many is not None and wanted:
                self._cur.execute(self._sql.lock_many, (wanted,))
                self._locked.update(wanted)
            reads = self._queue_reads(order_ids, keys)
        self._absorb(reads)

    def lock(self, subject: str) -> None:
        if self._sql.lock is not None and subject not in self._locked:
            self._cur.execute(self._sql.lock, (subject,))
            self._locked.add(subject)

    def _load(self, order_ids: list[str], keys: list[tuple[str, str]]) -> None:
        """Read the orders and delivery keys not read yet."""
        self._absorb(self._queue_reads(order_ids, keys))

    def _queue_reads(self, order_ids: list[str], keys: list[tuple[str, str]]) -> list[Cursor]:
        """Send the reads of what is not known yet (one statement per chunk, on its own cursor)."""
        missing = [oid for oid in dict.fromkeys(order_ids) if oid not in self._orders]
        asked = [pair for pair in dict.fromkeys(keys) if pair not in self._checked]
        reads = []
        for start in range(0, max(len(missing), len(asked)), _CHUNK):
            orders, pairs = missing[start : start + _CHUNK], asked[start : start + _CHUNK]
            self._orders.update(dict.fromkeys(orders))
            self._checked.update(pairs)
            reads.append(self._read_rows(orders, pairs))
        return reads

    def _absorb(self, reads: list[Cursor]) -> None:
        """Keep what the reads found: the orders, and every recorded delivery key returned.

        The keys returned are a superset of those asked for; each is recorded all the same.
        """
        for cur in reads:
            for order_id, version, text, key in cur.fetchall():
                if key is None:
                    self._orders[order_id] = Versioned(decode(order_id, text), version)
                else:
                    self._seen.add((order_id, key))
                    self._checked.add((order_id, key))

    def _read_rows(self, orders: list[str], pairs: list[tuple[str, str]]) -> Cursor:
        cur: Cursor = self._cur.connection.cursor()
        key_orders, keys = [oid for oid, _ in pairs], [key for _, key in pairs]
        if self._dialect.arrays:
            cur.execute(self._sql.load, (orders, key_orders, keys))
        else:
            marks = {
                name: ", ".join("?" * len(values))
                for name, values in (("ids", orders), ("key_ids", key_orders), ("keys", keys))
            }
            cur.execute(self._sql.load.format(**marks), (*orders, *key_orders, *keys))
        return cur

    def read(self, order_id: str) -> Versioned | None:
        if order_id not in self._orders:
            self._load([order_id], [])
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
        if (order_id, key) not in self._checked:
            self._load([], [(order_id, key)])
        return (order_id, key) in self._seen

    def remember(self, order_id: str, key: str, outcome: str, detail: str, at: float) -> None:
        self._seen.add((order_id, key))
        self._checked.add((order_id, key))
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
        # One cursor per compare-and-set statement: its row count is read after the batch.
        created, moved = self._cur.connection.cursor(), self._cur.connection.cursor()
        with self._pipeline(self._cur):  # PostgreSQL: every statement in one round trip
            self._many(created, self._sql.insert_order, inserts)
            self._many(moved, self._sql.update_order, updates)
            self._many(self._cur, self._sql.insert_alias, self._aliases)
            self._many(self._cur, self._sql.remember, self._deliveries)
            self._many(self._cur, self._sql.log, self._history)
        if inserts and created.rowcount != len(inserts):
            raise self._conflict([oid for oid, _ in new])
        if updates and moved.rowcount != len(updates):
            raise self._conflict([oid for oid, _ in old])

    @staticmethod
    def _many(cur: Cursor, sql: str, rows: list[tuple[Any, ...]]) -> None:
        if len(rows) == 1:  # executemany has a set-up cost of its own (psycopg: a pipeline)
            cur.execute(sql, rows[0])
        elif rows:
            cur.executemany(sql, rows)

    def _conflict(self, order_ids: list[str]) -> VersionConflictError:
        """The error for the first order stored at another version than this transaction read."""
        for order_id in order_ids:
            self._cur.execute(self._sql.read, (order_id,))
            row = self._cur.fetchone()
            if (row[0] if row else 0) != self._base[order_id]:
                current = Versioned(decode(order_id, row[1]), row[0]) if row else None
                return VersionConflictError(order_id, self._base[order_id], current)
        return VersionConflictError(order_ids[0], self._base[order_ids[0]], None)
