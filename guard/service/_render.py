"""An ``OrderSnapshot`` as ``order`` query JSON in 2024-11-01 names (what ``/v1/orders`` shows).

Only what a snapshot holds is written: the ID, aliases, order links, the execution state, the
packages with their roll-up, the latest cancellation request and the refunds.
"""

from __future__ import annotations

from typing import Any

from orderguard.statemachine import OrderSnapshot, PackageSnapshot, RefundSnapshot

JSON = dict[str, Any]


def order_json(snapshot: OrderSnapshot) -> JSON:
    """The snapshot as a 2024-11-01 ``order`` query result."""
    summary = snapshot.delivery_summary
    cancellations = [{"state": snapshot.cancellation.value}] if snapshot.cancellation else []
    return {
        "id": snapshot.id,
        "aliases": [{"aliasType": kind, "aliasId": value} for kind, value in snapshot.aliases],
        "orderLinks": [{"url": url} for url in snapshot.order_links],
        "metadata": {"executionState": snapshot.execution.value},
        "packageInformation": {
            "summary": {"state": summary.value if summary else None},
            "details": [_package(package) for package in snapshot.packages],
        },
        "cancellations": {"details": cancellations},
        "refunds": {"details": [_refund(refund) for refund in snapshot.refunds]},
    }


def _package(package: PackageSnapshot) -> JSON:
    detail: JSON = {"id": package.id, "state": package.state.value}
    if package.reason is not None:
        detail["reason"] = package.reason.value
    return detail


def _refund(refund: RefundSnapshot) -> JSON:
    aliases = [{"aliasType": kind, "aliasId": value} for kind, value in refund.aliases]
    return {"id": refund.id, "state": refund.state.value, "aliases": aliases}
