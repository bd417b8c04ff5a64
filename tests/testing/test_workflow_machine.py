"""OrderWorkflowMachine: sending through the guard, the built-in checks, definition errors."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import settings
from hypothesis.stateful import invariant, rule, run_state_machine_as_test

from orderguard import OrderSnapshot
from orderguard.errors import RequestRejectedError
from orderguard.fake import Fault, Faults, LostResponseError
from orderguard.samples import create_variables, update_variables
from orderguard.testing import OrderWorkflowMachine
from orderguard.testing import WorkflowDefinitionError as DefinitionError


class Shop(OrderWorkflowMachine):
    """A minimal workflow: it creates orders and answers every refund it hears of."""

    def __init__(self) -> None:
        super().__init__()
        self.made = 0

    @rule()
    def create(self) -> None:
        """Create the next order."""
        self.made += 1
        self.send_create(create_variables(order_ref=str(self.made)))

    def on_event(self, event: dict[str, Any], result: Any) -> None:
        """Answer a requested refund at once."""
        total = {"totalAmount": {"amount": "1.00", "currencyCode": "USD"}}
        for refund_id in result.event.refund_ids:
            detail = {"id": refund_id, "refundTotal": total, "state": "SUCCESS"}
            refunds = {"refunds": {"details": [detail]}}
            self.send_update(update_variables(result.event.order_id, refunds))


def created(shop: Shop, ref: str = "1", **options: Any) -> str:
    """The ID of an order ``shop`` creates through the guard."""
    response = shop.send_create(create_variables(order_ref=ref, **options))
    return str(response["data"]["createOrder"]["order"]["id"])


def test_a_correct_workflow_passes_every_check() -> None:
    """Creating orders and answering refunds passes the invariants and the end-of-run check."""
    run_state_machine_as_test(Shop, settings=settings(max_examples=10, stateful_step_count=15))


def test_a_refused_request_is_recorded_and_not_sent() -> None:
    """send() raises RequestRejectedError for what the guard refuses; the fake never sees it."""
    shop = Shop()
    with pytest.raises(RequestRejectedError, match="OrderLinkLimitExceeded"):
        shop.send_create(create_variables(links=6))
    (exchange,) = shop.exchanges
    assert not exchange.sent and shop.fake.order_ids() == ()
    assert exchange.describe() == "createOrder: refused by the guard (OrderLinkLimitExceeded)"


def test_responses_keep_the_workflows_view_current() -> None:
    """A created order is tracked; the guard then checks updates against it."""
    shop = Shop()
    order_id = created(shop)
    assert shop.tracker[order_id].aliases == (("EXTERNAL_ID", "order-1-0"),)
    cancel = {"orderIdentifier": {"orderId": order_id}}
    shop.send_cancel(cancel)
    assert shop.tracker[order_id].cancellation == "PENDING"
    with pytest.raises(RequestRejectedError, match="ExecutionCannotBeStartedDueToCancellation"):
        shop.send_update(update_variables(order_id, {"desiredExecutionState": "STARTED"}))


def test_a_lost_answer_is_raised_and_recorded() -> None:
    """A lost createOrder response raises LostResponseError; the exchange says it was lost."""
    shop = Shop()
    shop.fake.inject_next(Fault.LOST_RESPONSE)
    with pytest.raises(LostResponseError):
        created(shop)
    assert shop.exchanges[-1].lost and shop.exchanges[-1].describe().endswith("response lost")
    shop.one_order_per_alias()


def test_a_call_around_the_guard_fails_the_check() -> None:
    """A mutation sent to the fake directly, not through send(), fails guard_approved_every_call."""
    shop = Shop()
    shop.fake.execute("createOrder", create_variables())
    with pytest.raises(AssertionError, match="without the guard's approval"):
        shop.guard_approved_every_call()


def test_starting_an_order_in_transit_fails_the_check() -> None:
    """STARTED sent (by alias, unknown to the guard) to a shipped order fails the check."""
    shop = Shop()
    shop.fake.inject_next(Fault.LOST_RESPONSE)
    variables = create_variables()
    variables["input"]["desiredExecutionState"] = "STARTED"
    with pytest.raises(LostResponseError):
        shop.send_create(variables)
    shop.fake.ship(shop.fake.order_ids()[0])
    alias = {"alias": {"aliasType": "EXTERNAL_ID", "aliasId": "order-1001-0"}}
    start = {"orderIdentifier": alias, "input": {"desiredExecutionState": "STARTED"}}
    shop.send_update(start)
    with pytest.raises(AssertionError, match=r"STARTED was sent to order .* IN_TRANSIT"):
        shop.never_started_too_late()


def test_an_error_outside_the_catalog_fails_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """An error type the catalog does not know fails errors_are_in_the_catalog."""
    shop = Shop()
    teapot = {
        "data": None,
        "errors": [{"message": "no", "extensions": {"errorType": "TeapotError"}}],
    }
    monkeypatch.setattr(shop.fake, "execute", lambda *args, **kwargs: teapot)
    shop.query_order({"orderId": "322-NOPE-000000"})
    with pytest.raises(AssertionError, match="TeapotError"):
        shop.errors_are_in_the_catalog()


def test_an_unknown_order_is_a_known_error() -> None:
    """Querying an order that does not exist gets ResourceNotFoundError, which the catalog knows."""
    shop = Shop()
    shop.query_order({"orderId": "322-NOPE-000000"})
    shop.errors_are_in_the_catalog()


def test_an_alias_known_under_another_order_fails_the_check() -> None:
    """The workflow tracking an alias under an order Amazon does not give it fails the check."""
    shop = Shop()
    created(shop)
    shop.tracker.track(OrderSnapshot("322-MINE-000000", aliases=(("EXTERNAL_ID", "order-1-0"),)))
    with pytest.raises(AssertionError, match="one_order_per_alias: the workflow holds alias"):
        shop.one_order_per_alias()


class Forgetful(Shop):
    """A workflow that never answers refunds."""

    def on_event(self, event: dict[str, Any], result: Any) -> None:
        """Ignore Amazon's events."""


def test_an_unanswered_refund_fails_at_teardown_but_not_after_a_failure() -> None:
    """A PENDING refund fails teardown, unless the run already failed (that error is kept)."""
    shop = Forgetful()
    shop.fake.request_refund(created(shop))
    try:
        raise ValueError("the run failed")
    except ValueError:
        shop.teardown()
    with pytest.raises(AssertionError, match=r"every refund is answered: refund .* PENDING"):
        shop.teardown()


def test_settle_runs_with_faults_off() -> None:
    """teardown() switches faults off before settle(), so the workflow can finish its work."""

    class Throttled(Shop):
        faults = Faults(throttle_rate=1.0)

        def settle(self) -> None:
            created(self, "late")

    shop = Throttled()
    assert "errors" in shop.send_create(create_variables(order_ref="early"))
    shop.teardown()
    assert len(shop.fake.order_ids()) == 1


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"teardown": lambda self: None}, "settle\\(\\) instead"),
        ({"one_order_per_alias": lambda self: None}, "without @invariant\\(\\)"),
        ({"amazon_acts": lambda self, moves: None}, "without @rule\\(...\\)"),
        ({"api_version": "2023-01-01"}, "api_version: .*2023-01-01"),
    ],
)
def test_definition_mistakes_say_what_to_do(body: dict[str, Any], message: str) -> None:
    """A subclass that would drop a check or name an unknown version is refused at definition."""
    with pytest.raises(DefinitionError, match=message):
        type("Broken", (Shop,), body)


def test_an_override_with_its_decorator_is_accepted() -> None:
    """Overriding a built-in invariant with @invariant() (and super()) is allowed."""

    class Stricter(Shop):
        @invariant()
        def one_order_per_alias(self) -> None:
            super().one_order_per_alias()

    assert Stricter().one_order_per_alias() is None


def test_a_machine_without_rules_of_its_own_is_refused() -> None:
    """A subclass adding no rule of its own would test only Amazon: instantiating it says so."""

    class Idle(OrderWorkflowMachine):
        pass

    with pytest.raises(DefinitionError, match="defines no rules of its own"):
        Idle()


def test_a_machine_that_cannot_answer_refunds_is_refused() -> None:
    """A subclass overriding neither on_event nor settle could never answer a refund: refused."""

    class Deaf(OrderWorkflowMachine):
        @rule()
        def create(self) -> None:
            """Create an order."""
            self.send_create(create_variables())

    with pytest.raises(DefinitionError, match="overrides neither on_event\\(\\) nor settle"):
        Deaf()
