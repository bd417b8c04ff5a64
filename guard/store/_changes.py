"""What moved between two snapshots of one order, as the history records it.

Each field of the snapshot is flattened to ``{what: state}`` facts and compared. A field that
is the same object in both snapshots is skipped without looking inside: ``apply_event`` and
``merge`` keep unchanged fields as they were, so an event's diff only reads what it moved.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any

from orderguard.statemachine import OrderSnapshot
from orderguard.store._records import Change

Facts = dict[str, str]


def _execution(snapshot: OrderSnapshot) -> Facts:
    return {"execution": snapshot.execution.value}


def _cancellation(snapshot: OrderSnapshot) -> Facts:
    state = snapshot.cancellation
    return {} if state is None else {"cancellation": state.value}


def _summary(snapshot: OrderSnapshot) -> Facts:
    state = snapshot.reported_summary
    return {} if state is None else {"summary": state.value}


def _packages(snapshot: OrderSnapshot) -> Facts:
    return {
        f"package {p.id}": p.state.value + (f" ({p.reason.value})" if p.reason else "")
        for p in snapshot.packages
    }


def _refunds(snapshot: OrderSnapshot) -> Facts:
    return {f"refund {r.id}": r.state.value for r in snapshot.refunds}


def _returns(snapshot: OrderSnapshot) -> Facts:
    return {f"return {r.id}": r.state.value for r in snapshot.returns}


def _aliases(snapshot: OrderSnapshot) -> Facts:
    return {f"alias {kind}/{value}": "set" for kind, value in snapshot.aliases}


def _links(snapshot: OrderSnapshot) -> Facts:
    return {f"order link {url}": "set" for url in snapshot.order_links}


_FIELDS: tuple[tuple[Callable[[OrderSnapshot], Any], Callable[[OrderSnapshot], Facts]], ...] = (
    (attrgetter("execution"), _execution),
    (attrgetter("cancellation"), _cancellation),
    (attrgetter("reported_summary"), _summary),
    (attrgetter("packages"), _packages),
    (attrgetter("refunds"), _refunds),
    (attrgetter("returns"), _returns),
    (attrgetter("aliases"), _aliases),
    (attrgetter("order_links"), _links),
)


def changes_between(before: OrderSnapshot | None, after: OrderSnapshot) -> tuple[Change, ...]:
    """Each fact of the order that ``after`` has differently from ``before`` (None: new order)."""
    if before is after:
        return ()
    moved: list[Change] = []
    for field, facts in _FIELDS:
        if before is not None and field(before) is field(after):
            continue
        old, new = (facts(before) if before is not None else {}), facts(after)
        moved += [
            Change(what, old.get(what), state)
            for what, state in new.items()
            if old.get(what) != state
        ]
        moved += [Change(what, state, None) for what, state in old.items() if what not in new]
    return tuple(moved)
