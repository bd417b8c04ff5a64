"""The SQL layer both database backends share: the unit of work, its retries, and the reads.

Every statement is written once, with ``?`` placeholders; :class:`SqlDialect` supplies what
differs (placeholder, auto-numbered key, per-order locking). A backend provides a cursor in a
write transaction (``_transaction``) and one for plain reads (``_query``).
"""

from __future__ import annotations

import abc
import contextlib
import json
import time
from collections.abc import Callable
from typing import Any, ClassVar, Concatenate, ParamSpec, TypeVar

from orderguard.store._codec import decode
from orderguard.store._core import StoreCore
from orderguard.store._errors import CorruptRecordError
from orderguard.store._records import AliasPair, Change, Claim, HistoryEntry, Source, Versioned
from orderguard.store._schema import Cursor, SqlDialect
from orderguard.store._sqltx import SqlTx
from orderguard.store._statements import claim_from_row, statements
from orderguard.store._tx import Tx

T = TypeVar("T")
P = ParamSpec("P")
_ATTEMPTS = 5


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

    def _run(self, work: Callable[Concatenate[Tx, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        sql = statements(self.dialect)
        for attempt in range(_ATTEMPTS):
            try:
                with self._transaction() as cur:
                    tx = SqlTx(cur, sql, self.dialect, self._pipeline)
                    done = work(tx, *args, **kwargs)
                    tx.flush()
                    return done
            except self.retryable:
                if attempt == _ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _pipeline(self, cur: Cursor) -> contextlib.AbstractContextManager[Any]:
        """Where the driver can, send the block's statements together (default: one by one)."""
        return contextlib.nullcontext()

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
