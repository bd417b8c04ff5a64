"""Snapshots as the SQL backends store them: compact JSON that reads back to an equal snapshot.

The stored form keeps every field of ``OrderSnapshot`` (including what an ``order`` query does
not carry: returns, whether a refund was added externally, the API's summary), so it is not the
``order`` query's shape; :mod:`orderguard.store._render` prints that shape for people.
A row that does not read back is a :class:`CorruptRecordError` naming the order, never a guess.
"""

from __future__ import annotations

import enum
import json
from typing import Any, TypeVar

from orderguard.enums import (
    CancellationState,
    ExecutionState,
    PackageCancelReason,
    PackageState,
    RefundState,
    ReturnState,
)
from orderguard.statemachine import OrderSnapshot
from orderguard.statemachine.records import PackageSnapshot, RefundSnapshot, ReturnSnapshot
from orderguard.store._errors import CorruptRecordError

_TABLE = "orders"
E = TypeVar("E", bound=enum.StrEnum)


def encode(snapshot: OrderSnapshot) -> str:
    """The stored JSON text of ``snapshot``."""
    return json.dumps(
        {
            "id": snapshot.id,
            "execution": snapshot.execution.value,
            "packages": [[p.id, p.state.value, _value(p.reason)] for p in snapshot.packages],
            "cancellation": _value(snapshot.cancellation),
            "refunds": [
                [r.id, r.state.value, [list(a) for a in r.aliases], r.external]
                for r in snapshot.refunds
            ],
            "aliases": [list(pair) for pair in snapshot.aliases],
            "orderLinks": list(snapshot.order_links),
            "reportedSummary": _value(snapshot.reported_summary),
            "returns": [[r.id, r.state.value] for r in snapshot.returns],
        },
        separators=(",", ":"),
        ensure_ascii=False,
    )


def decode(order_id: str, text: str) -> OrderSnapshot:
    """The snapshot stored as ``text`` for ``order_id``; ``CorruptRecordError`` if unreadable."""
    try:
        data = json.loads(text)
        snapshot = _snapshot(data)
    except (ValueError, TypeError, KeyError, IndexError) as error:
        raise CorruptRecordError(_TABLE, order_id, _problem(error)) from None
    if snapshot.id != order_id:
        raise CorruptRecordError(_TABLE, order_id, f"it holds order {snapshot.id!r}")
    return snapshot


def _snapshot(data: dict[str, Any]) -> OrderSnapshot:
    return OrderSnapshot(
        id=_text(data["id"]),
        execution=ExecutionState(data["execution"]),
        packages=tuple(
            PackageSnapshot(_text(pid), PackageState(state), _enum(PackageCancelReason, reason))
            for pid, state, reason in data["packages"]
        ),
        cancellation=_enum(CancellationState, data["cancellation"]),
        refunds=tuple(
            RefundSnapshot(_text(rid), RefundState(state), _pairs(aliases), external is True)
            for rid, state, aliases, external in data["refunds"]
        ),
        aliases=_pairs(data["aliases"]),
        order_links=tuple(_text(url) for url in data["orderLinks"]),
        reported_summary=_enum(PackageState, data["reportedSummary"]),
        returns=tuple(ReturnSnapshot(_text(rid), ReturnState(st)) for rid, st in data["returns"]),
    )


def _value(member: enum.StrEnum | None) -> str | None:
    return None if member is None else member.value


def _enum(kind: type[E], value: Any) -> E | None:
    return None if value is None else kind(value)


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, found {value!r}")
    return value


def _pairs(items: list[list[str]]) -> tuple[tuple[str, str], ...]:
    pairs = []
    for kind, value in items:
        pairs.append((_text(kind), _text(value)))
    return tuple(pairs)


def _problem(error: Exception) -> str:
    if isinstance(error, json.JSONDecodeError):
        return f"not JSON: {error.msg} at character {error.pos}"
    if isinstance(error, KeyError):
        return f"field {error.args[0]!r} is missing"
    return " ".join(str(error).split()) or type(error).__name__
