"""``postgresql://...``: one store for many processes and hosts (psycopg 3 with psycopg_pool).

Transactions serialise per order with a transaction-scoped advisory lock on the order ID (no
row to create first, released at commit or rollback, never held while the API is called), and
every snapshot write is also compare-and-set on the version. A unit of work that meets a
deadlock or a serialization failure is run again, from the start, up to five times.
The optional ``schema`` keeps the tables in their own PostgreSQL schema (created if missing).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import Any

import psycopg
import psycopg.errors
from psycopg import sql as pgsql
from psycopg.conninfo import conninfo_to_dict
from psycopg_pool import ConnectionPool

from orderguard.store._core import DEFAULT_RETENTION
from orderguard.store._errors import StoreUnavailableError, StoreUrlError
from orderguard.store._schema import POSTGRES, Cursor, ensure_schema
from orderguard.store._sql import SqlStore

_SCHEMA_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")


class PostgresStore(SqlStore):
    """The ``postgresql://`` backend (see :class:`~orderguard.store.OrderStore`)."""

    dialect = POSTGRES
    retryable = (psycopg.errors.DeadlockDetected, psycopg.errors.SerializationFailure)

    def __init__(
        self,
        conninfo: str,
        *,
        url: str,
        schema: str | None = None,
        pool_size: int = 8,
        timeout: float = 5.0,
        retention: float = DEFAULT_RETENTION,
    ) -> None:
        super().__init__(url, retention)
        if schema is not None and not _SCHEMA_NAME.fullmatch(schema):
            raise StoreUrlError(
                f"schema {schema!r} is not a plain SQL name ([A-Za-z_][A-Za-z0-9_]*)"
            )
        self._conninfo = conninfo
        self._timeout = timeout
        options: dict[str, Any] = {"connect_timeout": max(1, round(timeout))}
        if schema is not None:
            given = conninfo_to_dict(conninfo).get("options") or ""
            options["options"] = f"{given} -c search_path={schema}".strip()
        self._setup(options, schema)
        self._pool: ConnectionPool[psycopg.Connection[Any]] = ConnectionPool(
            conninfo, min_size=1, max_size=pool_size, kwargs=options, open=False, name="orderguard"
        )
        try:
            self._pool.open(wait=True, timeout=timeout)
        except psycopg.OperationalError as error:
            self._pool.close()
            raise self._unreachable(error) from None

    def _setup(self, options: dict[str, Any], schema: str | None) -> None:
        """Connect once (for a clear error if the server is unreachable) and create the schema."""
        try:
            with psycopg.connect(self._conninfo, **options) as conn, conn.cursor() as cur:
                cur.execute(POSTGRES.setup_lock_sql or "")
                if schema is not None:
                    cur.execute(
                        pgsql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(pgsql.Identifier(schema))
                    )
                ensure_schema(cur, POSTGRES, self.url)
        except psycopg.Error as error:  # unreachable, refused, or not allowed to create tables
            raise self._unreachable(error) from None

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[Cursor]:
        try:
            with self._pool.connection(timeout=self._timeout) as conn, conn.cursor() as cur:
                yield cur
        except self.retryable:
            raise
        except psycopg.OperationalError as error:
            raise self._unreachable(error) from None

    def _pipeline(self, cur: Cursor) -> contextlib.AbstractContextManager[Any]:
        """psycopg's pipeline mode: the block's statements in one round trip."""
        return cur.connection.pipeline()  # type: ignore[no-any-return]

    def _query(self, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        try:
            with self._pool.connection(timeout=self._timeout) as conn:
                return conn.execute(sql, params).fetchall()
        except psycopg.OperationalError as error:
            raise self._unreachable(error) from None

    def _unreachable(self, error: Exception) -> StoreUnavailableError:
        """One line naming the server and why it failed; the password never appears."""
        parts = conninfo_to_dict(self._conninfo)
        where = f"{parts.get('host') or 'localhost'}:{parts.get('port') or 5432}"
        who = f"{where}/{parts.get('dbname') or '?'} as {parts.get('user') or 'the default user'}"
        reason = " ".join(str(error).split())
        password = parts.get("password")
        if password:
            reason = reason.replace(str(password), "***")
        return StoreUnavailableError(f"cannot use the PostgreSQL store at {who}: {reason}")

    def close(self) -> None:
        """Close the connection pool."""
        self._pool.close()
