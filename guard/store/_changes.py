"""What moved between two snapshots of one order, as the history records it."""

from __future__ import annotations

from orderguard.statemachine import OrderSnapshot
from orderguard.store._records import Change


def _facts(snapshot: OrderSnapshot | None) -> dict[str, str]:
    """The snapshot flattened to ``{what: state}``; absent things have no key."""
    if snapshot is None:
        return {}
    facts = {"execution": snapshot.execution.value}
    if snapshot.cancellation is not None:
        facts["cancellation"] = snapshot.cancellation.value
    if snapshot.reported_summary is not None:
        facts["summary"] = snapshot.reported_summary.value
    for package in snapshot.packages:
        reason = f" ({package.reason.value})" if package.reason is not None else ""
        facts[f"package {package.id}"] = package.state.value + reason
    for refund in snapshot.refunds:
        facts[f"refund {refund.id}"] = refund.state.value
    for item in snapshot.returns:
        facts[f"return {item.id}"] = item.state.value
    for kind, value in snapshot.aliases:
        facts[f"alias {kind}/{value}"] = "set"
    for url in snapshot.order_links:
        facts[f"order link {url}"] = "set"
    return facts


def changes_between(before: OrderSnapshot | None, after: OrderSnapshot) -> tuple[Change, ...]:
    """Each fact of the order that ``after`` has differently from ``before`` (None: new order)."""
    if before is after:
        return ()
    old, new = _facts(before), _facts(after)
    moved = [
        Change(what, old.get(what), state) for what, state in new.items() if old.get(what) != state
    ]
    moved += [Change(what, state, None) for what, state in old.items() if what not in new]
    return tuple(moved)
