"""A stateful test of the component machines driven together, as one order's lifecycle."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from orderguard.enums import ExecutionState, PackageState, RefundState
from orderguard.errors.exceptions import TransitionNotAllowedError
from orderguard.statemachine import TABLES, Event, Machine, MachineTable
from orderguard.statemachine.couplings import (
    cancel_decision,
    delivery_summary,
    may_start,
    start_decision,
)
from tests.helpers.strategies import PACKAGE_EVENTS, REFUND_TARGETS

EXECUTION, PACKAGE = Machine(TABLES.execution), Machine(TABLES.package)
CANCELLATION, REFUND = Machine(TABLES.cancellation), Machine(TABLES.refund)
INDEXES = st.integers(min_value=0, max_value=99)


def step(machine: Machine[Any], obj: Any, event: Event) -> None:
    """Fire ``event`` if the table allows it; else check the refusal carries the table's error."""
    if machine.can(obj, event):
        machine.fire(obj, event)
        return
    refusal = machine.table.refusal(machine.state(obj), event)
    with pytest.raises(TransitionNotAllowedError) as caught:
        machine.fire(obj, event)
    assert caught.value.spec == (refusal.spec if refusal else None)


def linked(table: MachineTable[Any], before: Any, after: Any) -> bool:
    """Whether ``after`` is ``before`` or one table move away from it."""
    return before == after or any(m.source == before and m.dest == after for m in table.moves)


class OrderLifecycle(RuleBasedStateMachine):
    """Packages, cancellation, refunds and execution moved by random merchant and Amazon steps."""

    def __init__(self) -> None:
        super().__init__()
        self.execution = SimpleNamespace(state=ExecutionState.NOT_STARTED)
        self.cancellation = SimpleNamespace(state=None)
        self.packages: list[SimpleNamespace] = []
        self.refunds: list[SimpleNamespace] = []
        self.seen: dict[int, tuple[MachineTable[Any], Any]] = {}

    def objects(self) -> list[tuple[Machine[Any], SimpleNamespace]]:
        pairs = [(EXECUTION, self.execution), (CANCELLATION, self.cancellation)]
        pairs += [(PACKAGE, p) for p in self.packages] + [(REFUND, r) for r in self.refunds]
        return pairs

    def package_states(self) -> list[PackageState]:
        return [PACKAGE.state(p) for p in self.packages]

    @initialize(count=st.integers(min_value=1, max_value=4))
    def create(self, count: int) -> None:
        """The order is created with one to four pending packages."""
        self.packages = [SimpleNamespace(state=PackageState.PENDING) for _ in range(count)]

    @rule(index=INDEXES, event=PACKAGE_EVENTS)
    def amazon_moves_a_package(self, index: int, event: Event) -> None:
        """Amazon ships, delivers or cancels a package, if its table allows."""
        step(PACKAGE, self.packages[index % len(self.packages)], event)

    @rule()
    def merchant_starts(self) -> None:
        """The merchant starts fulfilment only when start_decision (and may_start) allow it."""
        summary = delivery_summary(self.package_states())
        cancellation = self.cancellation.state
        refusal = start_decision(self.execution.state, summary, cancellation)
        assert may_start(self.execution.state, summary, cancellation) is (refusal is None)
        if refusal is None:
            assert EXECUTION.fire(self.execution, Event.START) is ExecutionState.STARTED

    @rule()
    def merchant_cancels(self) -> None:
        """The merchant cancels only when cancel_decision allows it; it agrees with the table."""
        refusal = cancel_decision(self.package_states(), self.cancellation.state)
        table_refusal = TABLES.cancellation.refusal(
            CANCELLATION.state(self.cancellation), Event.CANCEL
        )
        assert table_refusal is None or refusal == table_refusal.spec
        if refusal is None:
            CANCELLATION.fire(self.cancellation, Event.CANCEL)

    @rule(succeed=st.booleans())
    def amazon_decides_the_cancellation(self, succeed: bool) -> None:
        """Amazon rejects a pending cancellation, or succeeds and cancels the packages."""
        shipped = any(
            s not in (PackageState.PENDING, PackageState.CANCELLED) for s in self.package_states()
        )
        step(
            CANCELLATION,
            self.cancellation,
            Event.REJECT if shipped or not succeed else Event.SUCCEED,
        )
        if CANCELLATION.state(self.cancellation) == "SUCCESS":
            for package in self.packages:
                if PACKAGE.can(package, Event.CANCEL_CUSTOMER_REQUESTED):
                    PACKAGE.fire(package, Event.CANCEL_CUSTOMER_REQUESTED)

    @rule()
    def amazon_requests_a_refund(self) -> None:
        """Amazon requests a refund, which starts PENDING."""
        refund = SimpleNamespace(state=None)
        assert REFUND.fire(refund, Event.REQUEST_REFUND) is RefundState.PENDING
        self.refunds.append(refund)

    @precondition(lambda self: self.refunds)
    @rule(index=INDEXES, wanted=REFUND_TARGETS)
    def merchant_updates_a_refund(self, index: int, wanted: RefundState) -> None:
        """The merchant asks for a refund state; refused moves carry the table's error."""
        step(REFUND, self.refunds[index % len(self.refunds)], Event.refund_target(wanted))

    @rule(wanted=REFUND_TARGETS)
    def merchant_updates_an_unknown_refund(self, wanted: RefundState) -> None:
        """Updating a refund that does not exist is InvalidRefundId."""
        with pytest.raises(TransitionNotAllowedError) as caught:
            REFUND.fire(SimpleNamespace(state=None), Event.refund_target(wanted))
        assert caught.value.spec is not None
        assert caught.value.spec.code == "InvalidRefundId"

    @invariant()
    def moves_follow_the_tables_and_terminal_states_stay(self) -> None:
        """Every object moved by a table move (or not at all); terminal states stay."""
        for machine, obj in self.objects():
            now = machine.state(obj)
            table, before = self.seen.get(id(obj), (machine.table, machine.table.initial))
            assert linked(table, before, now)
            assert before not in table.terminal or now == before
            self.seen[id(obj)] = (table, now)

    @invariant()
    def a_successful_cancellation_cancelled_every_package(self) -> None:
        """A SUCCESS cancellation leaves every package CANCELLED."""
        if self.cancellation.state == "SUCCESS":
            assert delivery_summary(self.package_states()) is PackageState.CANCELLED

    @invariant()
    def summary_is_the_roll_up_of_the_details(self) -> None:
        """The summary is one of the packages' states, PENDING iff any is."""
        states = self.package_states()
        summary = delivery_summary(states)
        assert summary is not None
        assert summary in states
        assert (summary is PackageState.PENDING) == (PackageState.PENDING in states)


TestOrderLifecycle = OrderLifecycle.TestCase
