"""Amazon's events in the webhook envelope, named as the fake's API version names them.

Every event has ``idempotencyKey``, ``eventId``, ``eventDescriptor``, ``resources``,
``apiVersion``, ``subscriptionId``, ``eventTime`` and ``data.order`` (``id``, ``aliases`` and the
one package, refund or return the event is about). Resources read
``businessProduct/<store>/order/<order-id>/delivery/<package-id>`` (``/refund/<id>``,
``/return/<id>``).
"""

from __future__ import annotations

from orderguard.fake._dialect import Dialect
from orderguard.fake._model import Package, Refund, Return, Store, StoredOrder
from orderguard.fake._reader import JSON, alias_json
from orderguard.fake._render import package_json, refund_json, return_json


class Emitter:
    """Builds event envelopes with seeded IDs and the store's clock."""

    def __init__(self, store: Store, dialect: Dialect, store_id: str, subscription_id: str) -> None:
        self._store = store
        self._dialect = dialect
        self._store_id = store_id
        self._subscription_id = subscription_id

    def package(self, order: StoredOrder, package: Package, move: str) -> JSON:
        """The package event of ``move`` (``ship``, ``deliver`` or ``cancel``).

        Named ``PACKAGE_DELIVERY_IN_TRANSIT``, ``PACKAGE_DELIVERED`` and
        ``PACKAGE_DELIVERY_CANCELLED``; ``DELIVERY_*`` on 2024-04-01.
        """
        body = {self._dialect.package_field: {"details": [package_json(package)]}}
        name = self._dialect.package_events[move]
        return self._envelope(name, order, f"delivery/{package.id}", body)

    def refund(self, order: StoredOrder, refund: Refund) -> JSON:
        """``REFUND_REQUESTED`` for a new refund."""
        body = {"refunds": {"details": [refund_json(refund)]}}
        return self._envelope("REFUND_REQUESTED", order, f"refund/{refund.id}", body)

    def return_(self, order: StoredOrder, item: Return, name: str) -> JSON:
        """``RETURN_STARTED`` or ``RETURN_COMPLETED``."""
        body = {"returns": {"details": [return_json(item)]}}
        return self._envelope(name, order, f"return/{item.id}", body)

    def _envelope(self, name: str, order: StoredOrder, resource: str, body: JSON) -> JSON:
        return {
            "idempotencyKey": self._store.token(),
            "eventId": self._store.token(),
            "eventDescriptor": name,
            "resources": [f"businessProduct/{self._store_id}/order/{order.id}/{resource}"],
            "apiVersion": self._dialect.version,
            "subscriptionId": self._subscription_id,
            "eventTime": self._store.now(),
            "data": {"order": {"id": order.id, "aliases": alias_json(order.aliases), **body}},
        }
