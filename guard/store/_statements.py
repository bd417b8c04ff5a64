"""Every statement of the SQL store, written once with ``?`` placeholders, per dialect."""

from __future__ import annotations

import functools
from typing import Any

import attrs

from orderguard.store._records import Claim
from orderguard.store._schema import SqlDialect

_CLAIM_COLUMNS = (
    "subject, action, owner, token, claimed_at, lease_until, order_id, alias_type, alias_id"
)


@attrs.frozen(slots=True)
class Statements:
    """Every statement of the store, in one dialect's spelling."""

    lock: str | None
    lock_many: str | None
    read: str
    load: str
    """Orders (``(order_id, version, snapshot, NULL)`` rows), then those of the delivery keys
    asked for that are recorded (``(order_id, NULL, NULL, delivery_key)``); ``{ids}``,
    ``{key_ids}`` and ``{keys}`` are placeholder lists where the dialect has no arrays."""
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
        lock_many=None if dialect.lock_many_sql is None else sql(dialect.lock_many_sql),
        read=sql("SELECT version, snapshot FROM og_orders WHERE order_id = ?"),
        load=_load_statement(dialect),
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


def claim_from_row(row: tuple[Any, ...]) -> Claim:
    """A claim from its ``og_claims`` row (columns in ``_CLAIM_COLUMNS`` order)."""
    subject, action, owner, token, claimed_at, lease_until, order_id, kind, value = row
    alias = (kind, value) if kind is not None and value is not None else None
    return Claim(subject, action, owner, token, claimed_at, lease_until, order_id, alias)


def _load_statement(dialect: SqlDialect) -> str:
    ids, key_ids, keys = (
        ("= ANY(?)",) * 3 if dialect.arrays else ("IN ({ids})", "IN ({key_ids})", "IN ({keys})")
    )
    return dialect.sql(
        f"SELECT order_id, version, snapshot, NULL FROM og_orders WHERE order_id {ids} "
        "UNION ALL SELECT order_id, NULL, NULL, delivery_key FROM og_deliveries "
        f"WHERE order_id {key_ids} AND delivery_key {keys}"
    )
