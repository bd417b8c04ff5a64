"""Snapshots in and out in the ``order`` query's shape (what ``orderguard orders`` reads, prints).

Printing uses the 2024-11-01 names (``packageInformation``, ``metadata.executionState``, ...).
A snapshot keeps less than the query returns, so what it does not know is left out: order
links carry only their ``url``, a cancellation only its latest ``state``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from orderguard.enums import DEFAULT_API_VERSION, ApiVersion
from orderguard.statemachine import OrderSnapshot

JSON = dict[str, Any]


def snapshot_of(
    response: OrderSnapshot | Mapping[str, Any], api_version: ApiVersion | str = DEFAULT_API_VERSION
) -> OrderSnapshot:
    """A snapshot as given, or read from ``order`` query JSON (bare or ``{"data": {"order"}}``).

    Raises ``PayloadError`` naming the field when the JSON is not an order.
    """
    if isinstance(response, OrderSnapshot):
        return response
    return OrderSnapshot.from_json(response, api_version)


def order_json(snapshot: OrderSnapshot, version: int | None = None) -> JSON:
    """The snapshot as a 2024-11-01 ``order`` query result, plus ``"version"`` when given."""
    summary = snapshot.delivery_summary
    document: JSON = {
        "id": snapshot.id,
        "aliases": [_alias(pair) for pair in snapshot.aliases],
        "orderLinks": [{"url": url} for url in snapshot.order_links],
        "metadata": {"executionState": snapshot.execution.value},
        "packageInformation": {
            "summary": None if summary is None else {"state": summary.value},
            "details": [
                {"id": p.id, "state": p.state.value, "reason": _value(p.reason)}
                for p in snapshot.packages
            ],
        },
        "cancellations": {
            "details": []
            if snapshot.cancellation is None
            else [{"state": snapshot.cancellation.value}]
        },
        "refunds": {
            "details": [
                {"id": r.id, "state": r.state.value, "aliases": [_alias(a) for a in r.aliases]}
                for r in snapshot.refunds
            ]
        },
        "returns": {"details": [{"id": r.id, "state": r.state.value} for r in snapshot.returns]},
    }
    if version is not None:
        document["version"] = version
    return document


def _alias(pair: tuple[str, str]) -> JSON:
    return {"aliasType": pair[0], "aliasId": pair[1]}


def _value(member: object) -> str | None:
    return None if member is None else str(member)
