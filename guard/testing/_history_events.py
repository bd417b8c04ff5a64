"""The webhook events an ``OrderHistory``'s Amazon steps emit, as ``FakeOrderApi`` emits them.

A step that moves packages emits one package event per moved package (``PACKAGE_DELIVERY_*`` /
``PACKAGE_DELIVERED``; ``DELIVERY_*`` on 2024-04-01), each cancelled package followed by the
``REFUND_REQUESTED`` of its refund; a bare refund request emits ``REFUND_REQUESTED``. Envelopes
carry ``idempotencyKey``, ``eventId``, ``eventDescriptor``, ``resources``, ``apiVersion``,
``subscriptionId``, ``eventTime`` and ``data.order``.
"""

from __future__ import annotations

from typing import Any

import attrs

from orderguard.api import dialect_for
from orderguard.enums import ApiVersion, PackageState
from orderguard.testing._life import Life

JSON = dict[str, Any]


def package_id(index: int) -> str:
    """The placeholder ID of package ``index``."""
    return f"PKG-{index}"


def refund_id(index: int) -> str:
    """The placeholder ID of refund ``index``."""
    return f"RF-{index}"


@attrs.frozen(slots=True)
class Envelopes:
    """Builds the events of one order; ``first`` numbers the next event (for unique keys)."""

    api_version: ApiVersion
    order_id: str
    aliases: tuple[tuple[str, str], ...]
    first: int

    def between(self, before: Life, after: Life) -> list[JSON]:
        """The events of the Amazon step that took ``before`` to ``after``."""
        refunds = list(range(len(before.refunds), len(after.refunds)))
        events: list[JSON] = []
        for index, (state, reason) in enumerate(after.packages):
            if index < len(before.packages) and before.packages[index][0] is not state:
                events.append(self._package(len(events), index, state, reason))
                if state is PackageState.CANCELLED and refunds:
                    events.append(self._refund(len(events), refunds.pop(0)))
        events += [self._refund(len(events), index) for index in refunds]
        return events

    def _package(self, offset: int, index: int, state: PackageState, reason: object) -> JSON:
        dialect = dialect_for(self.api_version)
        detail = {"id": package_id(index), "state": state.value, "reason": reason}
        body = {dialect.package_field: {"details": [detail]}}
        name = dialect.package_events[state]
        return self._envelope(offset, name, f"delivery/{package_id(index)}", body)

    def _refund(self, offset: int, index: int) -> JSON:
        detail = {"id": refund_id(index), "state": "PENDING", "aliases": []}
        body = {"refunds": {"details": [detail]}}
        return self._envelope(offset, "REFUND_REQUESTED", f"refund/{refund_id(index)}", body)

    def _envelope(self, offset: int, name: str, resource: str, body: JSON) -> JSON:
        number = self.first + offset
        key = f"{self.order_id}/event-{number}"
        aliases = [{"aliasType": kind, "aliasId": value} for kind, value in self.aliases]
        minutes, seconds = divmod(number, 60)
        return {
            "idempotencyKey": key,
            "eventId": key,
            "eventDescriptor": name,
            "resources": [f"businessProduct/history-store/order/{self.order_id}/{resource}"],
            "apiVersion": self.api_version.value,
            "subscriptionId": "history-subscription",
            "eventTime": f"2026-01-01T{minutes // 60:02d}:{minutes % 60:02d}:{seconds:02d}Z",
            "data": {"order": {"id": self.order_id, "aliases": aliases, **body}},
        }
