"""What the fake really holds, read without making calls, for the workflow machine's checks.

The merchant's view (an ``OrderTracker`` fed by responses and events) may lag or be wrong; these
checks compare it, and what the merchant sends, with the fake's own state via
``FakeOrderApi.peek``, which draws no fault and reaches no watcher.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from orderguard.enums import ApiVersion, Operation
from orderguard.fake._fake import FakeOrderApi
from orderguard.statemachine import OrderSnapshot, OrderTracker

JSON = dict[str, Any]
AliasPair = tuple[str, str]


def _identifier(variables: Mapping[str, Any], operation: Operation) -> object:
    """The ``OrderIdentifierInput`` (or the bare ``input.orderId``) a request names."""
    data = variables.get("input")
    data = data if isinstance(data, Mapping) else {}
    if operation is Operation.UPDATE_ORDER and data.get("orderId") is not None:
        return {"orderId": data["orderId"]}
    return variables.get("orderIdentifier") or data.get("orderIdentifier")


def order_ref(
    operation: Operation, variables: Mapping[str, Any]
) -> tuple[str | None, AliasPair | None]:
    """The (order ID, alias) a request addresses; ``(None, None)`` when it names neither."""
    identifier = _identifier(variables, operation)
    if not isinstance(identifier, Mapping):
        return None, None
    alias = identifier.get("alias") or identifier.get("orderAlias")
    if isinstance(alias, Mapping):
        return None, (str(alias.get("aliasType")), str(alias.get("aliasId")))
    order_id = identifier.get("orderId")
    return (str(order_id) if order_id is not None else None), None


def aliases_of(order: Mapping[str, Any]) -> set[AliasPair]:
    """The (aliasType, aliasId) pairs of order JSON."""
    return {(a["aliasType"], a["aliasId"]) for a in order.get("aliases") or []}


class Truth:
    """The fake's orders as they really are: their aliases, states and refunds."""

    def __init__(self, fake: FakeOrderApi, api_version: ApiVersion) -> None:
        self._fake = fake
        self._version = api_version
        self._aliases: dict[str, set[AliasPair]] = {}

    def learn(self, order: Mapping[str, Any]) -> None:
        """Note an order's aliases from order JSON the fake returned."""
        self._aliases[str(order["id"])] = aliases_of(order)

    def refresh(self) -> None:
        """Read the aliases of orders the workflow never saw (a create whose answer was lost)."""
        for order_id in self._fake.order_ids():
            if order_id not in self._aliases:
                self.learn(self._fake.peek(order_id))

    def order_id(self, order_id: str | None, alias: AliasPair | None) -> str | None:
        """The ID of the order a request addresses, if the fake holds it."""
        if alias is None:
            return order_id if order_id in self._fake.order_ids() else None
        self.refresh()
        return next((oid for oid, pairs in self._aliases.items() if alias in pairs), None)

    def snapshot(self, order_id: str) -> OrderSnapshot:
        """The order as the fake holds it now."""
        return OrderSnapshot.from_json(self._fake.peek(order_id), self._version)

    def late_start(self, operation: Operation, variables: Mapping[str, Any]) -> str | None:
        """Why a request would send STARTED to an order the API refuses to start.

        The refusal is the truth's ``start_error`` (the execution table's refusals: delivery
        under way, cancelled, or a cancellation pending or succeeded).
        """
        data = variables.get("input")
        if operation is not Operation.UPDATE_ORDER or not isinstance(data, Mapping):
            return None
        target = self.order_id(*order_ref(operation, variables))
        if data.get("desiredExecutionState") != "STARTED" or target is None:
            return None
        truth = self.snapshot(target)
        if truth.start_error is None:
            return None
        delivery = truth.delivery_summary.value if truth.delivery_summary else "none"
        cancellation = truth.cancellation.value if truth.cancellation else "none"
        return (
            f"STARTED was sent to order {target} whose delivery is {delivery} and cancellation "
            f"{cancellation} ({truth.start_error.name})"
        )

    def alias_clashes(self, tracker: OrderTracker) -> Iterable[str]:
        """Aliases held by two orders, or known by the merchant under another order."""
        self.refresh()
        owners: dict[AliasPair, str] = {}
        for order_id, pairs in self._aliases.items():
            for pair in pairs:
                if owners.setdefault(pair, order_id) != order_id:
                    yield f"alias {pair} belongs to orders {owners[pair]} and {order_id}"
        for snapshot in tracker:
            for pair in snapshot.aliases:
                if owners.get(pair, snapshot.id) != snapshot.id:
                    owner = owners[pair]
                    yield f"the workflow holds alias {pair} for {snapshot.id}, Amazon for {owner}"

    def unanswered_refunds(self) -> Iterable[str]:
        """Each refund Amazon requested that is still PENDING."""
        for order_id in self._fake.order_ids():
            for refund in self.snapshot(order_id).refunds:
                if refund.state.value == "PENDING":
                    yield f"refund {refund.id} of order {order_id} is still PENDING"
