"""The example fulfillment service (``orderguard.samples.fulfillment``) under OrderWorkflowMachine.

Faults are on: throttling, server errors, update conflicts and lost createOrder answers.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis.stateful import Bundle, precondition, rule

from orderguard.cli._demo_workflow import fulfillment_day
from orderguard.fake import Faults
from orderguard.samples import fulfillment
from orderguard.statemachine import EventResult
from orderguard.testing import OrderWorkflowMachine
from orderguard.testing.strategies import create_variables

CARTS = create_variables().map(lambda variables: variables["input"])


class FulfillmentWorkflow(OrderWorkflowMachine):
    """The shop places, reserves, starts, cancels and refunds while Amazon acts and faults hit."""

    faults = Faults(
        throttle_rate=0.15,
        internal_error_rate=0.05,
        conflict_rate=0.05,
        lost_response_rate=0.15,
        seed=11,
    )
    numbers = Bundle("numbers")

    def __init__(self) -> None:
        super().__init__()
        self.service = fulfillment.FulfillmentService(self.send, self.api_version)
        self.placed = 0

    @rule(target=numbers, cart=CARTS)
    def place_order(self, cart: dict[str, Any]) -> str:
        """A shopper checks out: the service creates the order (or recovers it by alias)."""
        self.placed += 1
        number = str(1000 + self.placed)
        self.service.place(number, cart)
        return number

    @rule(number=numbers)
    def reserve_stock(self, number: str) -> None:
        """The warehouse reserves an order's stock."""
        self.service.reserve(number)

    @rule()
    def start_fulfilment(self) -> None:
        """The service starts every reserved order it may start."""
        self.service.start_reserved()

    @rule(number=numbers)
    def cancel(self, number: str) -> None:
        """The shopper cancels; the service asks Buy with Prime (if the guard lets it)."""
        self.service.cancel(number)

    @precondition(lambda self: bool(self.service.refunds))
    @rule()
    def pay_refunds(self) -> None:
        """Finance pays the next instalment of every open refund."""
        self.service.answer_refunds()

    def on_event(self, event: dict[str, Any], result: EventResult) -> None:
        """Amazon's webhook reaches the service."""
        self.service.handle(event)

    def settle(self) -> None:
        """End of the day: confirm every order, pay every refund in full."""
        for number in self.service.orders:
            self.service.confirm(number)
        while self.service.refunds:
            self.service.answer_refunds()


FulfillmentWorkflow.TestCase.settings = settings(
    stateful_step_count=25,
    max_examples=max(10, settings.default.max_examples // 3),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestFulfillmentWorkflow = FulfillmentWorkflow.TestCase


def test_the_demo_runs_the_example_on_seeded_orders() -> None:
    """The demo scene recovers a lost create, retries throttling and pays a refund in two."""
    lines: list[str] = []
    fulfillment_day(lines.append)
    text = "\n".join(lines)
    assert "recovered" in text and "retrying" in text
    assert "PARTIAL at $12.99" in text and "SUCCESS at $25.98" in text
