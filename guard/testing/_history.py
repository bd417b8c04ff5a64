"""``OrderHistory``: one order's createOrder, the legal steps since, the snapshot and the events.

IDs are placeholders: the order is ``OrderHistory.order_id``, packages ``PKG-<n>`` and refunds
``RF-<n>`` in the order they appear. :meth:`OrderHistory.replay` drives a ``FakeOrderApi``
through the same steps and returns the fake's ID for each placeholder, so a test can compare the
snapshot the tables predict with the order the fake holds, and send the fake requests written
against the snapshot.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import attrs

from orderguard.api import dialect_for
from orderguard.enums import ApiVersion, ExecutionState
from orderguard.fake._fake import FakeOrderApi
from orderguard.samples import update_variables
from orderguard.statemachine import Actor, OrderSnapshot
from orderguard.statemachine.records import PackageSnapshot, RefundSnapshot
from orderguard.testing._history_events import Envelopes, package_id, refund_id
from orderguard.testing._life import Action, Life, Step, advance, refund_alias

JSON = dict[str, Any]
AliasPair = tuple[str, str]
REFUND_ANSWER_AMOUNT = "5.00"
"""The running total the merchant reports when a history answers a refund."""


def cancel_variables(order_id: str, input_: JSON, version: ApiVersion) -> JSON:
    """cancelOrder variables addressing ``order_id`` the way ``version`` expects."""
    identifier = {"orderId": order_id}
    if dialect_for(version).identifier_argument:
        return {"orderIdentifier": identifier, "input": input_}
    return {"input": {"orderIdentifier": identifier, **input_}}


def has_amazon_line(create: Mapping[str, Any]) -> bool:
    """Whether createOrder variables have a line Amazon fulfils (the order gets a package)."""
    for line in create["input"]["lineItems"]:
        details = line["selectedDeliveryOffer"].get("details") or {}
        if details.get("deliveryProvider") in ("AMAZON", "BUY_WITH_PRIME"):
            return True
    return False


@attrs.frozen(slots=True)
class OrderHistory:
    """One order's life so far: the createOrder that made it, each step since, where they led.

    ``life`` is the state the tables reached; ``events`` the webhook events Amazon's steps
    emitted, in order. Build one with :meth:`begin` and :meth:`then` (which refuses a step the
    tables do not allow), or draw one from ``orderguard.testing.strategies.order_histories``.
    """

    api_version: ApiVersion
    create: Mapping[str, Any]
    steps: tuple[Step, ...] = ()
    life: Life = attrs.Factory(Life)
    events: tuple[JSON, ...] = ()
    order_id: str = "322-HIST-000000"

    @classmethod
    def begin(cls, create: Mapping[str, Any], api_version: ApiVersion | str) -> OrderHistory:
        """The history of a just-created order (createOrder ``variables`` as sent)."""
        execution = ExecutionState(create["input"].get("desiredExecutionState") or "NOT_STARTED")
        packages = Life().packages if has_amazon_line(create) else ()
        return cls(ApiVersion(api_version), create, life=Life(execution, packages))

    def then(self, step: Step) -> OrderHistory:
        """The history with one more step (``ValueError`` if the tables refuse it now)."""
        after = advance(self.life, step)
        events = self.events
        if step.action.actor is Actor.AMAZON:
            envelopes = Envelopes(self.api_version, self.order_id, self.aliases, len(events))
            events = (*events, *envelopes.between(self.life, after))
        return attrs.evolve(self, steps=(*self.steps, step), life=after, events=events)

    @property
    def aliases(self) -> tuple[AliasPair, ...]:
        """The order's aliases (those it was created with)."""
        aliases = self.create["input"].get("aliases") or []
        return tuple((alias["aliasType"], alias["aliasId"]) for alias in aliases)

    @property
    def snapshot(self) -> OrderSnapshot:
        """The order as the tables say it is now, with placeholder IDs."""
        life = self.life
        packages = [PackageSnapshot(package_id(i), s, r) for i, (s, r) in enumerate(life.packages)]
        refunds = [RefundSnapshot(refund_id(i), s, a) for i, (s, a) in enumerate(life.refunds)]
        links = self.create["input"].get("orderLinks") or []
        return OrderSnapshot(
            id=self.order_id,
            execution=life.execution,
            packages=tuple(packages),
            cancellation=life.cancellation,
            refunds=tuple(refunds),
            aliases=self.aliases,
            order_links=tuple(link["url"] for link in links),
        )

    def replay(self, fake: FakeOrderApi) -> dict[str, str]:
        """Drive ``fake`` through this history; the fake's ID for each placeholder ID.

        The fake should speak this history's API version and inject no faults. Raises the API's
        error (an ``ApiError``) or ``IllegalAmazonMoveError`` if the fake refuses a step the
        tables allowed: a disagreement between the two.
        """
        order = fake.create_order(self.create, api_version=self.api_version.value)
        ids = {self.order_id: str(order["id"]), **_placeholders(order)}
        for step in self.steps:
            _REPLAY[step.action](fake, self.api_version, ids[self.order_id], step, ids)
            ids.update(_placeholders(fake.peek(ids[self.order_id])))
        return ids


def _placeholders(order: JSON) -> dict[str, str]:
    """Placeholder ID -> the fake's ID, for the order's packages and refunds in order."""
    info = order.get("packageInformation") or order.get("deliveryInformation") or {}
    packages = [detail["id"] for detail in info.get("details") or []]
    refunds = [detail["id"] for detail in order["refunds"]["details"]]
    return {
        **{package_id(i): pid for i, pid in enumerate(packages)},
        **{refund_id(i): rid for i, rid in enumerate(refunds)},
    }


Replayer = Callable[[FakeOrderApi, ApiVersion, str, Step, Mapping[str, str]], object]


def _start(
    fake: FakeOrderApi, v: ApiVersion, order: str, step: Step, ids: Mapping[str, str]
) -> object:
    start = update_variables(order, {"desiredExecutionState": "STARTED"}, v)
    return fake.update_order(start, api_version=v.value)


def _cancel(
    fake: FakeOrderApi, v: ApiVersion, order: str, step: Step, ids: Mapping[str, str]
) -> object:
    variables = cancel_variables(order, {"reason": "OTHER"}, v)
    return fake.cancel_order(variables, api_version=v.value)


def _answer(
    fake: FakeOrderApi, v: ApiVersion, order: str, step: Step, ids: Mapping[str, str]
) -> object:
    index = int(step.target or 0)
    alias_type, alias_id = refund_alias(index)
    detail = {
        "id": ids[refund_id(index)],
        "refundTotal": {"totalAmount": {"amount": REFUND_ANSWER_AMOUNT, "currencyCode": "USD"}},
        "state": step.detail,
        "aliases": [{"aliasType": alias_type, "aliasId": alias_id}],
    }
    variables = update_variables(order, {"refunds": {"details": [detail]}}, v)
    return fake.update_order(variables, api_version=v.value)


def _package_move(
    fake: FakeOrderApi, v: ApiVersion, order: str, step: Step, ids: Mapping[str, str]
) -> object:
    package = ids[package_id(int(step.target or 0))]
    if step.action is Action.CANCEL_PACKAGE:
        return fake.cancel_package(order, package, step.detail)
    move = {
        Action.SHIP: fake.ship,
        Action.DELIVER: fake.deliver,
        Action.SPLIT_PACKAGE: fake.split_package,
    }
    return move[step.action](order, package)


def _amazon(
    fake: FakeOrderApi, v: ApiVersion, order: str, step: Step, ids: Mapping[str, str]
) -> object:
    if step.action is Action.REQUEST_REFUND:
        return fake.request_refund(order)
    return fake.resolve_cancellation(order, step.detail == "SUCCESS")


_REPLAY: dict[Action, Replayer] = {
    Action.START: _start,
    Action.CANCEL: _cancel,
    Action.ANSWER_REFUND: _answer,
    Action.SHIP: _package_move,
    Action.DELIVER: _package_move,
    Action.CANCEL_PACKAGE: _package_move,
    Action.SPLIT_PACKAGE: _package_move,
    Action.REQUEST_REFUND: _amazon,
    Action.RESOLVE_CANCELLATION: _amazon,
}
