"""Bad input and faults: corrupt rows, a newer schema, bad URLs, an unreachable server, a locked
SQLite file. Each is a typed error in one line, and nothing stored is lost or overwritten.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from orderguard.statemachine import OrderSnapshot, Outcome
from orderguard.store import (
    CorruptRecordError,
    SchemaVersionError,
    StoreLockedError,
    StoreUnavailableError,
    StoreUrlError,
    open_store,
)
from tests.store.support import POSTGRES_DSN, package_event


@contextlib.contextmanager
def raw(url: str) -> Iterator[Any]:
    """A connection of the database driver itself to the store's tables (autocommit)."""
    if url.startswith("sqlite"):
        conn = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        try:
            yield conn
        finally:
            conn.close()
        return
    schema = url.rpartition("schema=")[2]
    with psycopg.connect(POSTGRES_DSN, autocommit=True) as conn:
        conn.execute(f"SET search_path TO {schema}")
        yield conn


def _sql(url: str, text: str) -> str:
    return text if url.startswith("sqlite") else text.replace("?", "%s")


def test_corrupt_row_is_refused_and_left_as_it_was(sql_url: str) -> None:
    """A snapshot row that is not JSON: reads and intake for that order raise, write nothing."""
    with open_store(sql_url) as store:
        store.put(OrderSnapshot("O-1"), 0)
        store.put(OrderSnapshot("O-2"), 0)
        with raw(sql_url) as conn:
            conn.execute(
                _sql(sql_url, "UPDATE og_orders SET snapshot = ? WHERE order_id = ?"),
                ("{oops", "O-1"),
            )
        with pytest.raises(CorruptRecordError, match=r"O-1.*not JSON") as raised:
            store.get("O-1")
        assert "\n" not in str(raised.value)
        with pytest.raises(CorruptRecordError):
            store.apply_event(package_event("O-1", "P1", "IN_TRANSIT", "k-1"))
        assert (
            store.apply_event(package_event("O-2", "P1", "IN_TRANSIT", "k-2")).outcome
            is Outcome.APPLIED
        )
        with raw(sql_url) as conn:
            row = conn.execute(
                _sql(sql_url, "SELECT snapshot, version FROM og_orders WHERE order_id = ?"),
                ("O-1",),
            ).fetchone()
            keys = conn.execute("SELECT delivery_key FROM og_deliveries").fetchall()
        assert tuple(row) == ("{oops", 1) and [k[0] for k in keys] == ["k-2"]


def test_newer_schema_is_refused_untouched(sql_url: str) -> None:
    """A store stamped by a newer orderguard is refused at open, its rows untouched."""
    with open_store(sql_url) as store:
        store.put(OrderSnapshot("O-1"), 0)
    with raw(sql_url) as conn:
        conn.execute("UPDATE og_meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(SchemaVersionError, match=r"schema version 99.*newer orderguard") as raised:
        open_store(sql_url)
    assert (raised.value.found, raised.value.supported) == (99, 1)
    with raw(sql_url) as conn:
        assert conn.execute("SELECT value FROM og_meta").fetchall()[0][0] == "99"
        assert conn.execute("SELECT count(*) FROM og_orders").fetchone()[0] == 1


def test_unreachable_server_names_the_host_never_the_password() -> None:
    """A closed port: one line naming host and port; the password appears nowhere."""
    with pytest.raises(StoreUnavailableError) as raised:
        open_store("postgresql://alice:s3cr3t-pw@127.0.0.1:1/orders", timeout=2)
    message = str(raised.value)
    assert "127.0.0.1:1/orders as alice" in message and "\n" not in message
    assert "s3cr3t-pw" not in message and "s3cr3t-pw" not in repr(raised.value)


def test_missing_database_is_unavailable_in_one_line() -> None:
    """A server that answers but has no such database: one line, password kept out."""
    from tests.store.support import require_postgres

    require_postgres()
    url = POSTGRES_DSN.rsplit("/", 1)[0].replace("://", "://root:hunter2@", 1) + "/og_no_such_db"
    with pytest.raises(StoreUnavailableError, match="og_no_such_db") as raised:
        open_store(url)
    assert "hunter2" not in str(raised.value) and "\n" not in str(raised.value)


def test_locked_sqlite_file_waits_then_raises_and_keeps_the_holders_write(tmp_path: Path) -> None:
    """Another process holds the write lock: bounded wait, StoreLockedError, nothing lost."""
    url = f"sqlite:///{tmp_path / 'locked.db'}"
    with open_store(url, timeout=0.2) as store:
        holder = sqlite3.connect(tmp_path / "locked.db", isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        holder.execute("INSERT INTO og_meta (key, value) VALUES ('holder', 'was here')")
        with pytest.raises(StoreLockedError, match=r"locked\.db stayed locked .* 0\.2s"):
            store.apply_event(package_event("O-1", "P1", "IN_TRANSIT", "k-1"))
        assert store.get("O-1") is None  # readers are not blocked in WAL mode
        holder.execute("COMMIT")
        holder.close()
        assert (
            store.apply_event(package_event("O-1", "P1", "IN_TRANSIT", "k-1")).outcome
            is Outcome.APPLIED
        )
    with raw(url) as conn:
        assert conn.execute("SELECT value FROM og_meta WHERE key = 'holder'").fetchone() == (
            "was here",
        )


def test_file_that_is_not_a_database_is_unavailable(tmp_path: Path) -> None:
    """A SQLite URL naming some other file: one-line error, the file left as it was."""
    path = tmp_path / "notes.txt"
    path.write_text("not a database, but precious\n" * 100)
    with pytest.raises(StoreUnavailableError, match=r"notes\.txt cannot be used"):
        open_store(f"sqlite:///{path}")
    assert path.read_text() == "not a database, but precious\n" * 100


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("redis://localhost/0", "expected memory://, sqlite:///PATH or postgresql://"),
        ("sqlite:///no/such/folder/x.db", "folder no/such/folder does not exist"),
        ("sqlite:///x.db?journal=off", "unknown option journal"),
        ("sqlite:///x.db?timeout=soon", "timeout='soon' is not a number"),
        ("sqlite:///x.db?synchronous=off", "use full or normal"),
        ("sqlite://", "names no file"),
        ("postgresql://u:pw@127.0.0.1/db?schema=a;drop", "not a plain SQL name"),
    ],
)
def test_unusable_urls_are_store_url_errors(url: str, says: str) -> None:
    """Each unusable URL is a StoreUrlError (a ValueError) saying what to write instead."""
    with pytest.raises(StoreUrlError, match=says) as raised:
        open_store(url)
    assert isinstance(raised.value, ValueError) and ":pw@" not in str(raised.value)
