"""A small fulfillment service for Buy with Prime orders: the example orderguard's README tests.

What it does, as a merchant's fulfillment service would:

- creates each shop order on Buy with Prime with a deterministic alias (``EXTERNAL_ID`` =
  ``shop-<number>``), so a create whose answer was lost is recovered by querying that alias;
- starts fulfilment once the warehouse has reserved the stock, and only for an order it knows has
  not shipped or been cancelled;
- follows Amazon's events (webhooks): packages that shipped, arrived or were cancelled, refunds
  Amazon requested;
- answers every refund: pays it (in two instalments above $20) and reports PARTIAL, then SUCCESS,
  with the running total each time;
- retries calls the error catalog says to retry (throttling, conflicts), with exponential
  backoff, and leaves the rest of its work queued for the next round.

It talks to the API through a *transport*, ``transport(operation, variables) -> response``: in
production a guarded HTTP client, in tests ``OrderWorkflowMachine.send``, in the demo the guard
plus ``FakeOrderApi``. A transport raises ``TimeoutError`` when no answer came back and
``orderguard.errors.RequestRejectedError`` when the guard refuses a request.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import attrs

from orderguard.errors import ApiError, RequestRejectedError, RetryPolicy, parse_api_errors
from orderguard.statemachine import parse_event
from orderguard.statemachine.records import EventKind

JSON = dict[str, Any]
Transport = Callable[[str, Mapping[str, Any]], JSON]
INSTALMENT_ABOVE = Decimal("20.00")
"""Refunds above this amount are paid in two instalments."""
_RETRIED = (RetryPolicy.RETRY_WITH_BACKOFF, RetryPolicy.RETRY)


class NotNow(Exception):
    """A call failed in a way worth trying again later (the work stays queued)."""


@attrs.define
class Refund:
    """A refund Amazon requested: what it asked for, what the shop has paid so far."""

    order_id: str
    refund_id: str
    requested: Decimal
    paid: Decimal = Decimal(0)

    def next_report(self) -> tuple[Decimal, str]:
        """The running total after the next payment, and the state to report with it."""
        if self.paid == 0 and self.requested > INSTALMENT_ABOVE:
            return (self.requested / 2).quantize(Decimal("0.01")), "PARTIAL"
        return self.requested, "SUCCESS"


@attrs.define
class ShopOrder:
    """The shop's view of one order."""

    number: str
    cart: JSON
    order_id: str | None = None
    reserved: bool = False
    started: bool = False
    shipped: bool = False
    cancelled: bool = False


class FulfillmentService:
    """Creates, starts, follows and refunds Buy with Prime orders through ``transport``."""

    def __init__(
        self,
        transport: Transport,
        api_version: str = "2024-11-01",
        *,
        attempts: int = 4,
        sleep: Callable[[float], None] = lambda seconds: None,
    ) -> None:
        self.transport = transport
        self.api_version = api_version
        self.attempts = attempts
        self.sleep = sleep
        self.orders: dict[str, ShopOrder] = {}
        self.refunds: dict[str, Refund] = {}
        self.log: list[str] = []

    # -- orders -----------------------------------------------------------------------------

    @staticmethod
    def alias(number: str) -> JSON:
        """The order's deterministic alias: the same on every attempt to create it."""
        return {"aliasType": "EXTERNAL_ID", "aliasId": f"shop-{number}"}

    def place(self, number: str, cart: Mapping[str, Any]) -> None:
        """Create shop order ``number`` from ``cart`` (createOrder ``input`` without aliases)."""
        data = copy.deepcopy(dict(cart))
        data["aliases"] = [self.alias(number)]
        data.pop("desiredExecutionState", None)  # fulfilment starts once stock is reserved
        self.orders[number] = ShopOrder(number, {"input": data})
        self.confirm(number)

    def confirm(self, number: str) -> None:
        """Make sure order ``number`` exists on Buy with Prime and learn its ID."""
        order = self.orders[number]
        if order.order_id is not None:
            return
        try:
            response = self._call("createOrder", order.cart)
        except TimeoutError:
            self.log.append(f"shop-{number}: no answer to createOrder; looking it up by alias")
            self._recover(order)
            return
        except (NotNow, RequestRejectedError) as problem:
            self.log.append(f"shop-{number}: not created yet ({problem})")
            return
        if _already_created(response):
            self._recover(order)
            return
        order.order_id = response["data"]["createOrder"]["order"]["id"]
        self.log.append(f"shop-{number}: created as {order.order_id}")

    def _recover(self, order: ShopOrder) -> None:
        """Find the order an unanswered (or conflicting) createOrder made, by its alias."""
        alias_key = "alias" if self.api_version == "2024-11-01" else "orderAlias"
        identifier = {alias_key: self.alias(order.number)}
        try:
            response = self._call("order", {"orderIdentifier": identifier})
        except NotNow as problem:
            self.log.append(f"shop-{order.number}: lookup failed ({problem}); will retry")
            return
        order.order_id = response["data"]["order"]["id"]
        self.log.append(f"shop-{order.number}: recovered {order.order_id} by its alias")

    def reserve(self, number: str) -> None:
        """The warehouse reserved the stock of order ``number``."""
        self.orders[number].reserved = True

    def start_reserved(self) -> None:
        """Start fulfilment of every known, reserved order that has not started or moved on."""
        for order in self.orders.values():
            self.confirm(order.number)
            ready = order.reserved and not (order.started or order.shipped or order.cancelled)
            if order.order_id is not None and ready:
                self._start(order)

    def _start(self, order: ShopOrder) -> None:
        input_ = {"desiredExecutionState": "STARTED"}
        try:
            self._update(str(order.order_id), input_)
        except (NotNow, RequestRejectedError) as problem:
            self.log.append(f"shop-{order.number}: not started ({problem})")
            return
        order.started = True
        self.log.append(f"shop-{order.number}: fulfilment started")

    def cancel(self, number: str) -> None:
        """Ask Buy with Prime to cancel order ``number`` (the guard knows whether it may)."""
        order = self.orders[number]
        if order.order_id is None or order.cancelled:
            return
        identifier = {"orderId": order.order_id}
        data = {"reason": "OUT_OF_STOCK"}
        variables: JSON = {"orderIdentifier": identifier, "input": data}
        if self.api_version != "2024-11-01":
            variables = {"input": {"orderIdentifier": identifier, **data}}
        try:
            self._call("cancelOrder", variables)
        except (NotNow, RequestRejectedError) as problem:
            self.log.append(f"shop-{number}: not cancelled ({problem})")
            return
        order.cancelled = True
        self.log.append(f"shop-{number}: cancellation requested")

    # -- events and refunds -----------------------------------------------------------------

    def handle(self, event: Mapping[str, Any]) -> None:
        """Follow one of Amazon's webhook events."""
        parsed = parse_event(event)
        order = next((o for o in self.orders.values() if o.order_id == parsed.order_id), None)
        if parsed.kind is EventKind.REFUND_REQUESTED:
            self._queue_refunds(parsed.order_id, event)
        elif order is not None and parsed.kind is EventKind.PACKAGE_IN_TRANSIT:
            order.shipped = True
        elif order is not None and parsed.kind is EventKind.PACKAGE_CANCELLED:
            order.cancelled = True
        self.log.append(f"event {parsed.name} for {parsed.order_id}")

    def _queue_refunds(self, order_id: str, event: Mapping[str, Any]) -> None:
        for detail in event["data"]["order"]["refunds"]["details"]:
            total = Decimal(str(detail["refundTotal"]["totalAmount"]["amount"]))
            self.refunds.setdefault(detail["id"], Refund(order_id, detail["id"], total))

    def answer_refunds(self) -> None:
        """Pay the next instalment of every open refund and report it."""
        for refund in list(self.refunds.values()):
            total, state = refund.next_report()
            detail = {
                "id": refund.refund_id,
                "refundTotal": {"totalAmount": {"amount": str(total), "currencyCode": "USD"}},
                "state": state,
            }
            try:
                self._update(refund.order_id, {"refunds": {"details": [detail]}})
            except (NotNow, RequestRejectedError) as problem:
                self.log.append(f"refund {refund.refund_id}: not answered yet ({problem})")
                continue
            refund.paid = total
            self.log.append(f"refund {refund.refund_id}: {state} at ${total}")
            if state == "SUCCESS":
                del self.refunds[refund.refund_id]

    # -- calls ------------------------------------------------------------------------------

    def _update(self, order_id: str, input_: JSON) -> JSON:
        if self.api_version == "2024-11-01":
            return self._call(
                "updateOrder", {"orderIdentifier": {"orderId": order_id}, "input": input_}
            )
        return self._call("updateOrder", {"input": {"orderId": order_id, **input_}})

    def _call(self, operation: str, variables: Mapping[str, Any]) -> JSON:
        """One call, retried with backoff while the catalog says to; ``NotNow`` if it still fails.

        Returns the response when it succeeded or failed for a reason a retry would not fix
        (the caller reads it); raises ``TimeoutError`` and ``RequestRejectedError`` unchanged.
        """
        for attempt in range(self.attempts):
            response = self.transport(operation, variables)
            errors = parse_api_errors(response)
            if not errors or _already_created(response):
                return response
            if not _retried(errors[0]):
                raise NotNow(f"{errors[0].error_type}/{errors[0].code or 'N/A'}")
            delay = 0.1 * 2**attempt
            self.log.append(f"{operation}: {errors[0].error_type}, retrying in {delay:.1f} s")
            self.sleep(delay)
        raise NotNow(f"{operation} still failing after {self.attempts} attempts")


def _retried(error: ApiError) -> bool:
    return error.spec is not None and error.spec.retry in _RETRIED


def _already_created(response: Mapping[str, Any]) -> bool:
    """A createOrder refused because an earlier attempt created the order (retry after a loss)."""
    errors = parse_api_errors(response)
    return bool(errors) and (errors[0].code or errors[0].error_type) in (
        "ConflictError",
        "AliasValueAlreadyExists",
    )
