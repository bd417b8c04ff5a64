"""``OrderWorkflowMachine``: a hypothesis state machine for testing a merchant's order workflow.

A merchant subclasses it and adds ``@rule()`` methods that drive their own workflow; the workflow
sends its requests through :meth:`~OrderWorkflowMachine.send` (or ``send_create``,
``send_update``, ``send_cancel``, ``query_order``), which asks the ``Guard`` first and sends only
what it allows to the ``FakeOrderApi``. Between steps Amazon moves (the built-in rules), its
events reach an ``OrderTracker`` and the :meth:`~OrderWorkflowMachine.on_event` hook. After every
step the built-in invariants hold, and at the end of a run every refund must have been answered.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any, ClassVar

import attrs
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from orderguard._guard import Guard
from orderguard.enums import ApiVersion, CancellationState, Operation
from orderguard.errors import ApiError, RequestRejectedError, parse_api_errors
from orderguard.fake._errors import LostResponseError
from orderguard.fake._fake import FakeOrderApi
from orderguard.fake._faults import Faults
from orderguard.fake._wire import Call
from orderguard.policies import Context, Decision
from orderguard.statemachine import EventResult, OrderSnapshot, OrderTracker
from orderguard.testing._exchange import Exchange, Findings
from orderguard.testing._truth import Truth, order_ref
from orderguard.testing._workflow_checks import (
    WorkflowDefinitionError,
    check_definition,
    check_own_rules,
)

JSON = dict[str, Any]
_MUTATIONS = (Operation.CREATE_ORDER, Operation.UPDATE_ORDER, Operation.CANCEL_ORDER)


class OrderWorkflowMachine(RuleBasedStateMachine):
    """Property-test an order workflow against a fake Order API behind a guard.

    Subclass it, set ``api_version`` (and ``faults``) if needed, and add ``@rule()`` methods that
    run your workflow; have it send through :meth:`send`. Override :meth:`on_event` to react to
    Amazon's events and :meth:`settle` to finish outstanding work at the end of a run (faults are
    switched off then). ``make_fake`` and ``make_guard`` build the fake and the guard.

    Built-in checks: every call the fake received was one the guard approved
    (``guard_approved_every_call``); no alias names two orders, and the workflow knows each alias
    under the order Amazon has (``one_order_per_alias``); STARTED never went to an order in transit,
    delivered or cancelled (``never_started_too_late``); every error the API returned is in
    ``orderguard.errors.CATALOG`` (``errors_are_in_the_catalog``); and, after :meth:`settle`, no
    refund Amazon requested is still PENDING. Overriding one needs ``@invariant()`` and a call to
    ``super()``; overriding ``teardown`` is refused (use :meth:`settle`), and so is a subclass
    with no rule of its own or with neither :meth:`on_event` nor :meth:`settle`.
    """

    api_version: ClassVar[str] = ApiVersion.V2024_11_01.value
    """The API version the workflow speaks."""
    faults: ClassVar[Faults | None] = None
    """Seeded fault rates of the default fake (throttling, server errors, lost responses)."""
    amazon_requests_refunds: ClassVar[bool] = True
    """Whether the built-in rule lets Amazon request refunds out of the blue."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        check_definition(cls)

    def __init__(self) -> None:
        super().__init__()
        check_own_rules(type(self), OrderWorkflowMachine)
        self.fake = self.make_fake()
        self.guard = self.make_guard()
        self.tracker = OrderTracker()
        self.exchanges: list[Exchange] = []
        self._version = ApiVersion(self.fake.api_version)
        self._truth = Truth(self.fake, self._version)
        self._findings = Findings()
        self._approved: tuple[str, Mapping[str, Any]] | None = None
        self.fake.subscribe(self._deliver)
        self.fake.watch(self._watch)

    # -- factories and hooks --------------------------------------------------------------

    def make_fake(self) -> FakeOrderApi:
        """The fake the workflow talks to (default: ``api_version``, seed 0, ``faults``)."""
        return FakeOrderApi(api_version=self.api_version, faults=self.faults)

    def make_guard(self) -> Guard:
        """The guard every request goes through (default: all rules of ``api_version``)."""
        return Guard(self.api_version)

    def context_for(self, operation: Operation, variables: Mapping[str, Any]) -> Context | None:
        """The context the guard checks a request with (default: aliases the workflow knows)."""
        used = frozenset(pair for snapshot in self.tracker for pair in snapshot.aliases)
        return Context(used_aliases=used) if used else None

    def on_event(self, event: JSON, result: EventResult) -> None:
        """React to one of Amazon's events (already applied to ``self.tracker``)."""

    def settle(self) -> None:
        """Finish outstanding work at the end of a run, before the refund check (no faults)."""

    # -- sending ----------------------------------------------------------------------------

    def send(self, operation: Operation | str, variables: Mapping[str, Any]) -> JSON:
        """Check ``variables`` with the guard, send them if allowed, and return the response.

        Raises ``RequestRejectedError`` (nothing sent) when the guard refuses, and
        ``LostResponseError`` when the fake loses the response; API errors come back in the
        response's ``errors``, as over the wire. Everything is recorded in ``exchanges``.
        """
        op = Operation(operation)
        decision = self._decide(op, variables)
        if decision is not None and not decision.allowed:
            self.exchanges.append(Exchange(op, variables, decision, sent=False))
            raise RequestRejectedError(op, decision.violations)
        if problem := self._truth.late_start(op, variables):
            self._findings.add("never_started_too_late", problem)
        return self._execute(op, variables, decision)

    def send_create(self, variables: Mapping[str, Any]) -> JSON:
        """``send("createOrder", variables)``."""
        return self.send(Operation.CREATE_ORDER, variables)

    def send_update(self, variables: Mapping[str, Any]) -> JSON:
        """``send("updateOrder", variables)``."""
        return self.send(Operation.UPDATE_ORDER, variables)

    def send_cancel(self, variables: Mapping[str, Any]) -> JSON:
        """``send("cancelOrder", variables)``."""
        return self.send(Operation.CANCEL_ORDER, variables)

    def query_order(self, identifier: Mapping[str, Any]) -> JSON:
        """The ``order`` query by ``{"orderId": ...}`` or alias; the response, recorded."""
        return self.send(Operation.ORDER, {"orderIdentifier": dict(identifier)})

    # -- built-in rules ---------------------------------------------------------------------

    @rule(moves=st.integers(1, 3))
    def amazon_acts(self, moves: int) -> None:
        """Amazon makes up to ``moves`` legal moves, chosen by the fake's seeded scheduler."""
        self.fake.advance(moves)

    @precondition(lambda self: self.amazon_requests_refunds and bool(self.fake.order_ids()))
    @rule(data=st.data(), cents=st.integers(100, 5_000))
    def amazon_requests_refund(self, data: st.DataObject, cents: int) -> None:
        """Amazon requests a refund of one of the orders (say, after a customer contact)."""
        order_id = data.draw(st.sampled_from(self.fake.order_ids()), label="order")
        self.fake.request_refund(order_id, f"{cents // 100}.{cents % 100:02d}")

    # -- built-in invariants ----------------------------------------------------------------

    @invariant()
    def guard_approved_every_call(self) -> None:
        """Every mutation the fake received went through :meth:`send` and the guard allowed it."""
        self._findings.assert_none("guard_approved_every_call")

    @invariant()
    def one_order_per_alias(self) -> None:
        """No alias names two orders; the workflow knows each alias under Amazon's order."""
        for problem in self._truth.alias_clashes(self.tracker):
            self._findings.add("one_order_per_alias", problem)
        self._findings.assert_none("one_order_per_alias")

    @invariant()
    def never_started_too_late(self) -> None:
        """STARTED was never sent to an order in transit, delivered or cancelled."""
        self._findings.assert_none("never_started_too_late")

    @invariant()
    def errors_are_in_the_catalog(self) -> None:
        """Every error the API returned has an entry in ``orderguard.errors.CATALOG``."""
        self._findings.assert_none("errors_are_in_the_catalog")

    def teardown(self) -> None:
        """At the end of a run that passed: faults off, :meth:`settle`, then no PENDING refund."""
        if sys.exception() is not None:
            return
        self.fake.set_faults(None)
        self.settle()
        pending = list(self._truth.unanswered_refunds())
        if pending:
            raise AssertionError(
                f"every refund is answered: {pending[0]} (answer REFUND_REQUESTED events in "
                "on_event or a rule, and what is left in settle())"
            )

    # -- internals --------------------------------------------------------------------------

    def _decide(self, op: Operation, variables: Mapping[str, Any]) -> Decision | None:
        if op not in _MUTATIONS:
            return None
        snapshot = self._known(op, variables)
        return self.guard.check(op, variables, snapshot, self.context_for(op, variables))

    def _known(self, op: Operation, variables: Mapping[str, Any]) -> OrderSnapshot | None:
        """The workflow's snapshot of the order a request addresses, if it has one."""
        order_id, alias = order_ref(op, variables)
        for snapshot in self.tracker:
            if snapshot.id == order_id or (alias is not None and alias in snapshot.aliases):
                return snapshot
        return None

    def _execute(
        self, op: Operation, variables: Mapping[str, Any], decision: Decision | None
    ) -> JSON:
        self._approved = (op.value, variables)
        try:
            response = self.fake.execute(op.value, variables, api_version=self._version.value)
        except LostResponseError:
            self.exchanges.append(Exchange(op, variables, decision, sent=True, lost=True))
            raise
        finally:
            self._approved = None
        errors = parse_api_errors(response, op)
        self.exchanges.append(Exchange(op, variables, decision, True, response, errors=errors))
        self._note(op, variables, response, errors)
        return response

    def _note(
        self,
        op: Operation,
        variables: Mapping[str, Any],
        response: JSON,
        errors: tuple[ApiError, ...],
    ) -> None:
        for error in errors:
            if error.spec is None:
                self._findings.add(
                    "errors_are_in_the_catalog",
                    f"{op.value} got {error.error_type}/{error.code or 'N/A'} ({error}); the "
                    "catalog has no such entry, so the workflow cannot know what to do",
                )
        if not errors:
            self._track(op, variables, response["data"][op.value])

    def _track(self, op: Operation, variables: Mapping[str, Any], data: JSON) -> None:
        """Keep the workflow's view current with what a successful call returned."""
        if op is Operation.CANCEL_ORDER:
            known = self._known(op, variables)
            if known is not None:
                pending = attrs.evolve(known, cancellation=CancellationState.PENDING)
                self.tracker.track(pending)
            return
        order = data if op is Operation.ORDER else data["order"]
        self.tracker.track(OrderSnapshot.from_json(order, self._version))

    def _watch(self, call: Call) -> None:
        """Each call the fake answers: mutations must be the one :meth:`send` approved."""
        approved, self._approved = self._approved, None
        if call.response is not None and "errors" not in call.response:
            payload = call.response["data"][call.operation]
            order = payload.get("order") if call.operation != "order" else payload
            if isinstance(order, dict):
                self._truth.learn(order)
        if call.operation == "order" or approved == (call.operation, call.variables):
            return
        self._findings.add(
            "guard_approved_every_call",
            f"{call.operation} reached the API without the guard's approval; send requests "
            "with self.send(...) (or send_create/send_update/send_cancel)",
        )

    def _deliver(self, event: JSON) -> None:
        self.on_event(event, self.tracker.apply(event))


OrderWorkflowMachine.__module__ = WorkflowDefinitionError.__module__ = "orderguard.testing"
