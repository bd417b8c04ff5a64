"""One case per error code the checker decides: a request breaking exactly that rule.

Each ``Case`` builds a call from ``broken``: ``True`` gives a request the API would reject with
``code`` at ``path`` (and for no other reason), ``False`` a near-identical one it would accept.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

import attrs

from orderguard import samples
from orderguard.enums import ApiVersion

JSON = dict[str, Any]
V11, V04 = ApiVersion.V2024_11_01, ApiVersion.V2024_04_01
ORDER_ID = "322-ABC1-AAAAAA"


@attrs.frozen
class Call:
    """What the checker is asked: operation, variables, and optionally the order and context."""

    operation: str
    variables: JSON
    order: JSON | None = None
    context: JSON | None = None
    version: ApiVersion = V11


@attrs.frozen
class Case:
    """A rule broken (or, with ``broken=False``, respected) by a near-identical request."""

    id: str
    code: str
    path: str
    build: Callable[[bool], Call]


def sandbox_token(kind: str = "ACCESS_TOKEN", value: str = "sandbox-mocked-test-lwa") -> str:
    """A sandbox mock token as published: base64 of ``{"type", "value"}`` JSON."""
    return base64.b64encode(json.dumps({"type": kind, "value": value}).encode()).decode()


def create(lines: int = 2, version: ApiVersion = V11, **changes: Any) -> JSON:
    """createOrder variables with ``lines`` Prime lines; ``changes`` replace input fields."""
    variables = samples.create_variables(lines, version=version)
    variables["input"].update(changes)
    return variables


def line(variables: JSON, index: int) -> JSON:
    """Line ``index`` of createOrder variables."""
    line_items: list[JSON] = variables["input"]["lineItems"]
    return line_items[index]


def address(variables: JSON) -> JSON:
    """The recipient's delivery address of createOrder variables."""
    found: JSON = variables["input"]["recipient"]["deliveryAddress"]
    return found


def merchant_line(index: int, quantity: int) -> JSON:
    """A line the merchant ships itself."""
    merchant = samples.prime_line(index, quantity)
    merchant["selectedDeliveryOffer"] = {"details": {"deliveryProvider": "MERCHANT"}}
    return merchant


def with_context(variables: JSON, **changes: Any) -> Call:
    """A createOrder call with the sample context, ``changes`` applied to it."""
    context = samples.context_json(variables)
    context.update(changes)
    return Call("createOrder", variables, context=context)


def update(input_: JSON, **order: Any) -> Call:
    """An updateOrder call on the sample order (``order`` passed to ``samples.order_json``)."""
    variables = samples.update_variables(ORDER_ID, input_)
    return Call("updateOrder", variables, samples.order_json(ORDER_ID, **order))


def refunds(*details: JSON) -> JSON:
    """``input`` with these refund updates."""
    return {"refunds": {"details": list(details)}}


def order_with_refunds(*refund_rows: JSON) -> JSON:
    """The sample order whose refunds are ``refund_rows`` (raw ``refunds.details`` entries)."""
    order = samples.order_json(ORDER_ID)
    order["data"]["order"]["refunds"] = {"details": list(refund_rows)}
    return order


def cancel(aliases: int = 1, packages: tuple[str, ...] = ("PENDING",)) -> Call:
    """A cancelOrder call with ``aliases`` aliases on an order with ``packages``."""
    input_ = {
        "reason": "ORDERED_BY_MISTAKE",
        "aliases": [{"aliasType": "EXT_CANCEL_ID", "aliasId": f"c-{i}"} for i in range(aliases)],
    }
    variables = {"orderIdentifier": {"orderId": ORDER_ID}, "input": input_}
    return Call("cancelOrder", variables, samples.order_json(ORDER_ID, packages=packages))


def decide_pairs(call: Call) -> list[tuple[str, str]]:
    """(code name, path) of every violation the default guard finds for ``call``."""
    from orderguard import Guard

    decision = Guard(call.version).check(call.operation, call.variables, call.order, call.context)
    return [(violation.spec.name, violation.path) for violation in decision.violations]
