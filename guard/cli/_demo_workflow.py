"""The demo's workflow scene: the example fulfillment service against the fake, behind a guard.

Three seeded shop orders go through ``orderguard.samples.fulfillment``: created (one answer is
lost and recovered by alias), started once stock is reserved, shipped and delivered by Amazon,
one cancelled by Amazon with a refund the service pays. The service's transport checks each
mutation with a ``Guard`` against the order as last seen (kept current from responses and
events) before handing it to ``FakeOrderApi``. Needs no hypothesis.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from orderguard import samples
from orderguard._guard import Guard
from orderguard.fake import FakeOrderApi, Fault
from orderguard.samples import fulfillment
from orderguard.statemachine import OrderSnapshot, OrderTracker

JSON = dict[str, Any]
Say = Callable[[str], None]


class GuardedTransport:
    """``transport(operation, variables)``: the guard first, then the fake; views kept current."""

    def __init__(self, fake: FakeOrderApi, guard: Guard) -> None:
        self.fake, self.guard, self.tracker = fake, guard, OrderTracker()
        self.refused = 0

    def __call__(self, operation: str, variables: Mapping[str, Any]) -> JSON:
        if operation != "order":
            order_id = (variables.get("orderIdentifier") or {}).get("orderId")
            known = next((s for s in self.tracker if s.id == order_id), None)
            self.guard.enforce(operation, variables, known)
        response = self.fake.execute(operation, variables)
        payload = (response.get("data") or {}).get(operation) or {}
        order = payload if operation == "order" else payload.get("order")
        if isinstance(order, dict):
            self.tracker.track(OrderSnapshot.from_json(order))
        return response


def fulfillment_day(say: Say) -> None:
    """Run the example service on three orders and say what happened."""
    fake = FakeOrderApi(seed=5)
    transport = GuardedTransport(fake, Guard())
    service = fulfillment.FulfillmentService(transport)

    def webhook(event: JSON) -> None:
        transport.tracker.apply(event)
        service.handle(event)

    fake.subscribe(webhook)
    _run(fake, service)
    for line in service.log:
        if not line.startswith("event "):
            say(f"  {line}")
    events = ", ".join(sorted({event["eventDescriptor"] for event in fake.events}))
    say(f"  Amazon sent {len(fake.events)} events: {events}")


def _run(fake: FakeOrderApi, service: Any) -> None:
    """The day's work: three orders, one lost answer, shipping, a cancelled package, refunds."""
    for number in ("1001", "1002", "1003"):
        cart = samples.create_variables(lines=2, order_ref=number)["input"]
        if number == "1002":
            fake.inject_next(Fault.LOST_RESPONSE)
        service.place(number, cart)
        service.reserve(number)
    fake.inject_next(Fault.THROTTLING, operation="updateOrder")
    service.start_reserved()
    first, second, third = (service.orders[n].order_id for n in ("1001", "1002", "1003"))
    fake.ship(first)
    fake.deliver(first)
    fake.ship(second)
    fake.cancel_package(third, reason="UNFULFILLABLE")
    service.answer_refunds()
    service.answer_refunds()
