"""Stored records printed as the API prints them, in the field names of each version."""

from __future__ import annotations

from collections.abc import Sequence

from orderguard.fake._dialect import Dialect
from orderguard.fake._model import Cancellation, Package, Refund, Return, StoredOrder, roll_up
from orderguard.fake._reader import JSON, alias_json


def package_json(package: Package) -> JSON:
    """``PackageInformationDetails``: id, state and (for cancelled packages) reason."""
    return {"id": package.id, "state": package.state, "reason": package.reason}


def packages_json(packages: Sequence[Package]) -> JSON:
    """``packageInformation`` / ``deliveryInformation`` with the documented roll-up summary."""
    summary = roll_up([package.state for package in packages])
    return {
        "summary": {"state": summary} if summary is not None else None,
        "details": [package_json(package) for package in packages],
    }


def refund_json(refund: Refund) -> JSON:
    """``RefundDetails``: id, state, aliases and the running total."""
    return {
        "id": refund.id,
        "state": refund.state,
        "aliases": alias_json(refund.aliases),
        "refundTotal": {"totalAmount": {"amount": refund.amount, "currencyCode": refund.currency}},
    }


def cancellation_json(cancellation: Cancellation) -> JSON:
    """``CancellationDetails`` as ``cancelOrder`` and the ``order`` query return it."""
    return {
        "id": cancellation.id,
        "state": cancellation.state,
        "aliases": alias_json(cancellation.aliases),
        "reason": cancellation.reason,
        "additionalComments": cancellation.comments,
        "requestedBy": cancellation.requested_by,
        "createdAt": cancellation.created_at,
        "updatedAt": cancellation.updated_at,
    }


def return_json(item: Return) -> JSON:
    """A return: id, the package it brings back, and its state."""
    return {"id": item.id, "packageId": item.package_id, "state": item.state}


def order_json(order: StoredOrder, dialect: Dialect) -> JSON:
    """The whole order, as the ``order`` query (and the mutations) return it."""
    return {
        "id": order.id,
        "aliases": alias_json(order.aliases),
        "orderLinks": [dict(link) for link in order.links],
        "metadata": {
            "executionState": order.execution,
            "createdAt": order.created_at,
            "updatedAt": order.updated_at,
        },
        dialect.package_field: packages_json(order.packages),
        "refunds": {"details": [refund_json(refund) for refund in order.refunds]},
        "cancellations": {"details": [cancellation_json(c) for c in order.cancellations]},
        "returns": {"details": [return_json(item) for item in order.returns]},
        "lineItems": [
            {
                "id": line.id,
                "amount": {"value": line.value, "unit": line.unit},
                "aliases": alias_json(line.aliases),
            }
            for line in order.lines
        ],
    }
