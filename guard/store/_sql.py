"""The SQL layer both database backends share: statements, one transaction's primitives, reads.

Every statement is written once, with ``?`` placeholders; :class:`SqlDialect` supplies what
differs (placeholder, auto-numbered key, per-order locking). A backend provides a cursor in a
write transaction (``_transaction``) and one for plain reads (``_query``).
"""

from __future__ import annotations

import abc
import contextlib
import functools
import json
import time
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

import attrs

from orderguard.statemachine import OrderSnapshot
from orderguard.store._changes import changes_between
from orderguard.store._codec import decode, encode
from orderguard.store._core import StoreCore
from orderguard.store._errors import CorruptRecordError, VersionConflictError
from orderguard.store._records import AliasPair, Change, Claim, HistoryEntry, Source, Versioned
from orderguard.store._schema import Cursor, SqlDialect
from orderguard.store._tx import Entry, Tx

T = TypeVar("T")
_ATTEMPTS = 5
_CLAIM_COLUMNS = (
    "subject, action, owner, token, claimed_at, lease_until, order_id, alias_type, alias_id"
)


@attrs.frozen(slots=True)
class Statements:
    """Every statement of the store, in one dialect's spelling."""

    lock: str | None
    read: str
    insert_order: str
    update_order: str
    insert_alias: str
    seen: str
    remember: str
    log: str
    claim_of: str
    put_claim: str
    drop_claim: str
    by_alias: str
    order_ids: str
    expired: str
    history: str
    purge: str


@functools.cache
def statements(dialect: SqlDialect) -> Statements:
    """The statements in ``dialect``'s spelling (built once per dialect)."""
    sql = dialect.sql
    return Statements(
        lock=None if dialect.lock_sql is None else sql(dialect.lock_sql),
        read=sql("SELECT version, snapshot FROM og_orders WHERE order_id = ?"),
        insert_order=sql(
            "INSERT INTO og_orders (order_id, version, snapshot, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (order_id) DO NOTHING"
        ),
        update_order=sql(
            "UPDATE og_orders SET version = ?, snapshot = ?, updated_at = ? "
            "WHERE order_id = ? AND version = ?"
        ),
        insert_alias=sql(
            "INSERT INTO og_aliases (alias_type, alias_id, order_id) VALUES (?, ?, ?) "
            "ON CONFLICT (alias_type, alias_id) DO NOTHING"
        ),
        seen=sql("SELECT 1 FROM og_deliveries WHERE order_id = ? AND delivery_key = ?"),
        remember=sql(
            "INSERT INTO og_deliveries (order_id, delivery_key, outcome, detail, seen_at) "
            "VALUES (?, ?, ?, ?, ?)"
        ),
        log=sql(
            "INSERT INTO og_history (order_id, at, source, ref, outcome, detail, version, changes) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        ),
        claim_of=sql(f"SELECT {_CLAIM_COLUMNS} FROM og_claims WHERE subject = ?"),
        put_claim=sql(
            f"INSERT INTO og_claims ({_CLAIM_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (subject) DO UPDATE SET action = excluded.action, "
            "owner = excluded.owner, token = excluded.token, claimed_at = excluded.claimed_at, "
            "lease_until = excluded.lease_until, order_id = excluded.order_id, "
            "alias_type = excluded.alias_type, alias_id = excluded.alias_id"
        ),
        drop_claim=sql("DELETE FROM og_claims WHERE subject = ? AND token = ?"),
        by_alias=sql(
            "SELECT o.version, o.snapshot, o.order_id FROM og_aliases a "
            "JOIN og_orders o ON o.order_id = a.order_id "
            "WHERE a.alias_type = ? AND a.alias_id = ?"
        ),
        order_ids="SELECT order_id FROM og_orders ORDER BY order_id",
        expired=sql(
            f"SELECT {_CLAIM_COLUMNS} FROM og_claims WHERE lease_until <= ? ORDER BY subject"
        ),
        history=sql(
            "SELECT seq, at, source, ref, outcome, detail, version, changes FROM og_history "
            "WHERE order_id = ? ORDER BY seq"
        ),
        purge=sql("DELETE FROM og_deliveries WHERE seen_at < ?"),
    )


class SqlTx:
    """One write transaction of a SQL store (see :class:`~orderguard.store._tx.Tx`)."""

    __slots__ = ("_cur", "_sql")

    def __init__(self, cur: Cursor, sql: Statements) -> None:
        self._cur = cur
        self._sql = sql

    def lock(self, subject: str) -> None:
        if self._sql.lock is not None:
            self._cur.execute(self._sql.lock, (subject,))

    def read(self, order_id: str) -> Versioned | None:
        self._cur.execute(self._sql.read, (order_id,))
        row = self._cur.fetchone()
        return None if row is None else Versioned(decode(order_id, row[1]), row[0])

    def write(self, snapshot: OrderSnapshot, current: Versioned | None) -> Versioned:
        text, now, cur = encode(snapshot), time.time(), self._cur
        if current is None:
            cur.execute(self._sql.insert_order, (snapshot.id, 1, text, now))
        else:
            version = current.version
            cur.execute(self._sql.update_order, (version + 1, text, now, snapshot.id, version))
        if cur.rowcount != 1:
            raise VersionConflictError(
                snapshot.id, current.version if current else 0, self.read(snapshot.id)
            )
        if current is None or snapshot.aliases != current.snapshot.aliases:
            for kind, value in snapshot.aliases:
                cur.execute(self._sql.insert_alias, (kind, value, snapshot.id))
        return Versioned(snapshot, current.version + 1 if current else 1)

    def seen(self, order_id: str, key: str) -> bool:
        self._cur.execute(self._sql.seen, (order_id, key))
        return self._cur.fetchone() is not None

    def remember(self, order_id: str, key: str, outcome: str, detail: str, at: float) -> None:
        self._cur.execute(self._sql.remember, (order_id, key, outcome, detail, at))

    def log(self, entry: Entry) -> None:
        moved = [change.to_json() for change in changes_between(entry.before, entry.after)]
        self._cur.execute(
            self._sql.log,
            (
                entry.order_id,
                entry.at,
                entry.source.value,
                entry.ref,
                entry.outcome,
                entry.detail,
                entry.version,
                json.dumps(moved, separators=(",", ":"), ensure_ascii=False),
            ),
        )

    def claim_of(self, subject: str) -> Claim | None:
        self._cur.execute(self._sql.claim_of, (subject,))
        row = self._cur.fetchone()
        return None if row is None else claim_from_row(row)

    def put_claim(self, claim: Claim) -> None:
        kind, value = claim.alias if claim.alias else (None, None)
        self._cur.execute(
            self._sql.put_claim,
            (
                claim.subject,
                claim.action,
                claim.owner,
                claim.token,
                claim.claimed_at,
                claim.lease_until,
                claim.order_id,
                kind,
                value,
            ),
        )

    def drop_claim(self, claim: Claim) -> None:
        self._cur.execute(self._sql.drop_claim, (claim.subject, claim.token))


def claim_from_row(row: tuple[Any, ...]) -> Claim:
    """A claim from its ``og_claims`` row (columns in ``_CLAIM_COLUMNS`` order)."""
    subject, action, owner, token, claimed_at, lease_until, order_id, kind, value = row
    alias = (kind, value) if kind is not None and value is not None else None
    return Claim(subject, action, owner, token, claimed_at, lease_until, order_id, alias)


class SqlStore(StoreCore):
    """A store in a SQL database; subclasses connect (``_transaction``, ``_query``)."""

    dialect: ClassVar[SqlDialect]
    retryable: ClassVar[tuple[type[BaseException], ...]] = ()
    """Driver errors after which the whole unit of work is run again (deadlocks)."""

    @abc.abstractmethod
    def _transaction(self) -> contextlib.AbstractContextManager[Cursor]:
        """A cursor in a write transaction, committed on exit (rolled back on an exception)."""

    @abc.abstractmethod
    def _query(self, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        """The rows of one read-only statement."""

    def _run(self, work: Callable[[Tx], T]) -> T:
        sql = statements(self.dialect)
        for attempt in range(_ATTEMPTS):
            try:
                with self._transaction() as cur:
                    return work(SqlTx(cur, sql))
            except self.retryable:
                if attempt == _ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _purge(self, before: float) -> None:
        sql = statements(self.dialect)
        with self._transaction() as cur:
            cur.execute(sql.purge, (before,))

    def get(self, order_id: str) -> Versioned | None:
        """The order's snapshot and version, or ``None``."""
        rows = self._query(statements(self.dialect).read, (order_id,))
        return Versioned(decode(order_id, rows[0][1]), rows[0][0]) if rows else None

    def get_by_alias(self, alias: AliasPair) -> Versioned | None:
        """The order an alias was stored with, if any."""
        rows = self._query(statements(self.dialect).by_alias, (alias[0], alias[1]))
        return Versioned(decode(rows[0][2], rows[0][1]), rows[0][0]) if rows else None

    def order_ids(self) -> list[str]:
        """Every order ID held, sorted."""
        return [row[0] for row in self._query(statements(self.dialect).order_ids, ())]

    def expired_claims(self) -> list[Claim]:
        """Claims whose lease has lapsed."""
        rows = self._query(statements(self.dialect).expired, (time.time(),))
        return [claim_from_row(row) for row in rows]

    def history(self, order_id: str) -> list[HistoryEntry]:
        """The order's history, oldest first."""
        rows = self._query(statements(self.dialect).history, (order_id,))
        return [_history_entry(order_id, row) for row in rows]


def _history_entry(order_id: str, row: tuple[Any, ...]) -> HistoryEntry:
    seq, at, source, ref, outcome, detail, version, changes = row
    try:
        moved = tuple(Change(c["what"], c["from"], c["to"]) for c in json.loads(changes))
        kind = Source(source)
    except (ValueError, TypeError, KeyError) as error:
        raise CorruptRecordError("history", f"{order_id}#{seq}", str(error)) from None
    return HistoryEntry(order_id, seq, at, kind, ref, outcome, detail, version, moved)
