"""``sqlite:///path.db``: the embedded default, one file shared by the processes of one host.

stdlib ``sqlite3`` in WAL mode (readers never wait for the writer); every write transaction
starts with ``BEGIN IMMEDIATE``, taking the file's write lock up front so two processes never
both read an order and then both write it. A lock held by another process is waited for up to
``timeout`` seconds (SQLite's busy timeout), then :class:`StoreLockedError`. One connection per
thread (and per process after a fork).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Iterator
from typing import Any

from orderguard.store._core import DEFAULT_RETENTION
from orderguard.store._errors import StoreError, StoreLockedError, StoreUnavailableError
from orderguard.store._schema import SQLITE, Cursor, ensure_schema
from orderguard.store._sql import SqlStore

SYNCHRONOUS = ("full", "normal")
"""``synchronous`` settings offered: ``full`` (the default) syncs every commit to disk;
``normal`` survives a crash of the process but may lose the last commits on power loss."""


class SqliteStore(SqlStore):
    """The ``sqlite://`` backend (see :class:`~orderguard.store.OrderStore`)."""

    dialect = SQLITE

    def __init__(
        self,
        path: str,
        *,
        url: str | None = None,
        timeout: float = 5.0,
        synchronous: str = "full",
        retention: float = DEFAULT_RETENTION,
    ) -> None:
        super().__init__(url or f"sqlite:///{path}", retention)
        self._path = path
        self._timeout = timeout
        self._pragmas = ("PRAGMA journal_mode=WAL", f"PRAGMA synchronous={synchronous.upper()}")
        self._local = threading.local()
        self._opened: list[sqlite3.Connection] = []
        self._opened_lock = threading.Lock()
        self._closed = False
        with self._transaction() as cur:
            ensure_schema(cur, SQLITE, self.url)

    @property
    def path(self) -> str:
        """The database file."""
        return self._path

    def _connection(self) -> sqlite3.Connection:
        """The calling thread's connection (a new one after a fork or on first use)."""
        if self._closed:
            raise StoreUnavailableError(f"store {self.url} is closed")
        held = getattr(self._local, "held", None)
        if held is not None and held[0] == os.getpid():
            return held[1]  # type: ignore[no-any-return]
        conn = self._connect()
        self._local.held = (os.getpid(), conn)
        return conn

    def _connect(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(
                self._path, timeout=self._timeout, isolation_level=None, check_same_thread=False
            )
            for pragma in self._pragmas:
                conn.execute(pragma)
        except sqlite3.Error as error:
            raise self._failure(error) from None
        with self._opened_lock:
            self._opened.append(conn)
        return conn

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[Cursor]:
        conn = self._connection()
        try:
            cur = conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise self._failure(error) from None
        try:
            yield cur
            conn.execute("COMMIT")
        except sqlite3.Error as error:
            _rollback(conn)
            raise self._failure(error) from None
        except BaseException:
            _rollback(conn)
            raise

    def _query(self, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        try:
            return self._connection().execute(sql, params).fetchall()
        except sqlite3.Error as error:
            raise self._failure(error) from None

    def _failure(self, error: sqlite3.Error) -> StoreError:
        """The store's error for a sqlite3 error: locked past the timeout, or unusable."""
        message = str(error)
        if "locked" in message or "busy" in message:
            return StoreLockedError(self._path, self._timeout)
        return StoreUnavailableError(f"SQLite store {self._path} cannot be used: {message}")

    def close(self) -> None:
        """Close every connection this store opened."""
        self._closed = True
        with self._opened_lock:
            opened, self._opened = self._opened, []
        for conn in opened:
            conn.close()


def _rollback(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:
        conn.execute("ROLLBACK")
