"""The SQL backends' tables, what differs between SQLite and PostgreSQL, and the schema version.

The schema is created on first use, in one transaction, and stamped with
:data:`SCHEMA_VERSION` in ``og_meta``. A store stamped with a newer version is refused before
anything is written (:class:`SchemaVersionError`); there is no older version to migrate yet.
"""

from __future__ import annotations

from typing import Any, Protocol

import attrs

from orderguard.store._errors import CorruptRecordError, SchemaVersionError

SCHEMA_VERSION = 1
"""The version of the tables below; bump it (and migrate) whenever they change."""


class Cursor(Protocol):
    """The part of a DB-API cursor (sqlite3, psycopg) the store uses."""

    @property
    def rowcount(self) -> int: ...

    @property
    def connection(self) -> Any: ...

    def execute(self, sql: Any, params: Any = ..., /) -> Any: ...

    def executemany(self, sql: Any, params: Any, /) -> Any: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


@attrs.frozen(slots=True)
class SqlDialect:
    """What one database spells differently; statements are written with ``?`` placeholders."""

    name: str
    placeholder: str
    serial_key: str
    """The column type of an auto-numbered primary key."""
    lock_sql: str | None
    """Serialises transactions on one subject (``None``: the whole database is locked)."""
    table_exists_sql: str
    setup_lock_sql: str | None = None
    lock_many_sql: str | None = None
    """Takes ``lock_sql``'s lock on every subject of an array parameter, in sorted order."""
    arrays: bool = False
    """Whether a parameter may be a list (``= ANY(?)``); otherwise ``IN (?, ?, ...)``."""

    def sql(self, text: str) -> str:
        """``text`` with this database's parameter placeholder."""
        return text if self.placeholder == "?" else text.replace("?", self.placeholder)


SQLITE = SqlDialect(
    name="sqlite",
    placeholder="?",
    serial_key="INTEGER PRIMARY KEY",
    lock_sql=None,  # BEGIN IMMEDIATE takes the file's write lock for the whole transaction
    table_exists_sql="SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'og_meta'",
)

POSTGRES = SqlDialect(
    name="postgresql",
    placeholder="%s",
    serial_key="BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
    lock_sql="SELECT pg_advisory_xact_lock(hashtextextended(?, 0))",
    table_exists_sql="SELECT to_regclass('og_meta') IS NOT NULL",
    setup_lock_sql="SELECT pg_advisory_xact_lock(hashtextextended('orderguard schema', 0))",
    lock_many_sql="SELECT pg_advisory_xact_lock(hashtextextended(s, 0)) "
    "FROM (SELECT DISTINCT unnest(?::text[]) AS s ORDER BY 1) AS subjects",
    arrays=True,
)

_TABLES = (
    "CREATE TABLE IF NOT EXISTS og_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS og_orders (
        order_id TEXT PRIMARY KEY, version BIGINT NOT NULL, snapshot TEXT NOT NULL,
        updated_at DOUBLE PRECISION NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS og_aliases (
        alias_type TEXT NOT NULL, alias_id TEXT NOT NULL, order_id TEXT NOT NULL,
        PRIMARY KEY (alias_type, alias_id))""",
    """CREATE TABLE IF NOT EXISTS og_deliveries (
        order_id TEXT NOT NULL, delivery_key TEXT NOT NULL, outcome TEXT NOT NULL,
        detail TEXT NOT NULL, seen_at DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (order_id, delivery_key))""",
    "CREATE INDEX IF NOT EXISTS og_deliveries_seen ON og_deliveries (seen_at)",
    """CREATE TABLE IF NOT EXISTS og_history (
        seq {serial_key}, order_id TEXT NOT NULL, at DOUBLE PRECISION NOT NULL,
        source TEXT NOT NULL, ref TEXT NOT NULL, outcome TEXT, detail TEXT NOT NULL,
        version BIGINT NOT NULL, changes TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS og_history_order ON og_history (order_id, seq)",
    """CREATE TABLE IF NOT EXISTS og_claims (
        subject TEXT PRIMARY KEY, action TEXT NOT NULL, owner TEXT NOT NULL,
        token TEXT NOT NULL, claimed_at DOUBLE PRECISION NOT NULL,
        lease_until DOUBLE PRECISION NOT NULL, order_id TEXT, alias_type TEXT, alias_id TEXT)""",
)


def stored_version(cur: Cursor, dialect: SqlDialect) -> int | None:
    """The schema version the database is stamped with; ``None`` when it has no store yet."""
    cur.execute(dialect.table_exists_sql)
    if not cur.fetchone()[0]:
        return None
    cur.execute("SELECT value FROM og_meta WHERE key = 'schema_version'")
    row = cur.fetchone()
    try:
        return int(row[0]) if row is not None else None
    except ValueError:
        raise CorruptRecordError("meta", "schema_version", f"{row[0]!r} is no number") from None


def ensure_schema(cur: Cursor, dialect: SqlDialect, url: str) -> None:
    """Create the tables on first use; refuse a store written by a newer orderguard."""
    if dialect.setup_lock_sql is not None:
        cur.execute(dialect.setup_lock_sql)
    found = stored_version(cur, dialect)
    if found is not None and found > SCHEMA_VERSION:
        raise SchemaVersionError(url, found, SCHEMA_VERSION)
    if found == SCHEMA_VERSION:
        return
    for ddl in _TABLES:
        cur.execute(ddl.format(serial_key=dialect.serial_key))
    cur.execute(
        dialect.sql(
            "INSERT INTO og_meta (key, value) VALUES ('schema_version', ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        ),
        (str(SCHEMA_VERSION),),
    )
