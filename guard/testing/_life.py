"""An order's lifecycle as a value, moved only by the state machine's tables.

``Life`` holds what the tables track for one order (execution, packages, cancellation, refunds);
``legal_steps`` lists the moves the merchant and Amazon may make from it, and ``advance`` makes
one. Every move is looked up in ``orderguard.statemachine.TABLES``, the order-level decisions
(``start_decision``, ``cancel_decision``) and the couplings (``COUPLINGS``: when Amazon may make
a move, and what follows it); nothing here restates a transition or a coupling. Splitting a
package is the fake's own move and follows the fake's rule (``orderguard.fake``).

The merchant's harmless repeats (``start`` of a started order, ``cancel`` while a request is
pending) are allowed by the tables but never drawn as steps: they change nothing.
"""

from __future__ import annotations

import enum
from typing import Any

import attrs

from orderguard.enums import (
    CancellationState,
    ExecutionState,
    PackageCancelReason,
    PackageState,
    RefundState,
)
from orderguard.fake._amazon import MAX_PACKAGES, may_split
from orderguard.statemachine import TABLES, Actor, Event, MachineTable
from orderguard.statemachine._couplings import amazon_may, consequences_of
from orderguard.statemachine.couplings import (
    COUPLINGS,
    OrderView,
    cancel_decision,
    delivery_summary,
    start_decision,
)
from orderguard.statemachine.records import NoRequest

AliasPair = tuple[str, str]


class Action(enum.StrEnum):
    """A move in an order's life; the first three are the merchant's, the rest Amazon's."""

    START = "start"
    CANCEL = "cancel"
    ANSWER_REFUND = "answer_refund"
    SHIP = "ship"
    DELIVER = "deliver"
    CANCEL_PACKAGE = "cancel_package"
    SPLIT_PACKAGE = "split_package"
    REQUEST_REFUND = "request_refund"
    RESOLVE_CANCELLATION = "resolve_cancellation"

    @property
    def actor(self) -> Actor:
        """Who makes the move."""
        merchant = {Action.START, Action.CANCEL, Action.ANSWER_REFUND}
        return Actor.MERCHANT if self in merchant else Actor.AMAZON


@attrs.frozen(slots=True)
class Step:
    """One move: ``target`` is a package or refund index, ``detail`` a reason, state or outcome."""

    action: Action
    target: int | None = None
    detail: str | None = None

    @property
    def event(self) -> Event | None:
        """The state machine's event this step makes (``None`` for a split, no table's move)."""
        if self.action is Action.CANCEL_PACKAGE:
            return Event.package_cancel(PackageCancelReason(str(self.detail)))
        if self.action is Action.ANSWER_REFUND:
            return Event.refund_target(RefundState(str(self.detail)))
        if self.action is Action.RESOLVE_CANCELLATION:
            decided = [m for m in TABLES.cancellation.moves if m.actor is Actor.AMAZON]
            return next((m.event for m in decided if m.dest == self.detail), None)
        return _EVENTS.get(self.action)


_EVENTS = {
    Action.START: Event.START,
    Action.CANCEL: Event.CANCEL,
    Action.SHIP: Event.SHIP,
    Action.DELIVER: Event.DELIVER,
    Action.REQUEST_REFUND: Event.REQUEST_REFUND,
}


@attrs.frozen(slots=True)
class Life:
    """What the tables track of one order; ``advance`` returns a new one."""

    execution: ExecutionState = ExecutionState.NOT_STARTED
    packages: tuple[tuple[PackageState, PackageCancelReason | None], ...] = (
        (PackageState.PENDING, None),
    )
    cancellation: CancellationState | None = None
    refunds: tuple[tuple[RefundState, tuple[AliasPair, ...]], ...] = ()

    @property
    def package_states(self) -> list[PackageState]:
        """Each package's state, in package order."""
        return [state for state, _ in self.packages]

    def start_refusal(self) -> str | None:
        """The error ``desiredExecutionState: STARTED`` would meet, by the decisions."""
        summary = delivery_summary(self.package_states)
        spec = start_decision(self.execution, summary, self.cancellation)
        return None if spec is None else spec.name

    def cancel_refusal(self) -> str | None:
        """The error ``cancelOrder`` would meet, by the decisions."""
        spec = cancel_decision(self.package_states, self.cancellation)
        return None if spec is None else spec.name

    @property
    def view(self) -> OrderView:
        """The order as the couplings read it."""
        return OrderView(self.execution, tuple(self.package_states), self.cancellation)


def refund_alias(index: int) -> AliasPair:
    """The alias the merchant puts on refund ``index`` when answering it."""
    return ("EXTERNAL_REFUND_ID", f"pay-{index}")


def legal_steps(life: Life, refund_states: frozenset[RefundState]) -> list[Step]:
    """Every move the merchant or Amazon may make now, in a stable order."""
    steps = [*_merchant_steps(life, refund_states), *_package_steps(life)]
    request = life.cancellation or NoRequest.NONE
    for outcome in TABLES.cancellation.moves:
        ours = outcome.actor is Actor.AMAZON and outcome.source == request
        if ours and amazon_may(outcome.event, life.view):
            steps.append(Step(Action.RESOLVE_CANCELLATION, None, outcome.dest.value))
    return [*steps, Step(Action.REQUEST_REFUND)]


def _merchant_steps(life: Life, refund_states: frozenset[RefundState]) -> list[Step]:
    steps = []
    if life.start_refusal() is None and life.execution is ExecutionState.NOT_STARTED:
        steps.append(Step(Action.START))
    if life.cancel_refusal() is None and life.cancellation is not CancellationState.PENDING:
        steps.append(Step(Action.CANCEL))
    for index, (state, _) in enumerate(life.refunds):
        for target in sorted(refund_states):
            moved = TABLES.refund.move(state, Event.refund_target(target))
            if moved is not None and target != state:
                steps.append(Step(Action.ANSWER_REFUND, index, target.value))
    return steps


def _package_steps(life: Life) -> list[Step]:
    steps = []
    for index, (state, _) in enumerate(life.packages):
        for event in TABLES.package.events:
            if TABLES.package.move(state, event) is not None and amazon_may(event, life.view):
                steps.append(_package_step(index, event))
        if may_split(state, len(life.packages)):
            steps.append(Step(Action.SPLIT_PACKAGE, index))
    return steps


_REASONS = {Event.package_cancel(reason): reason for reason in PackageCancelReason}


def _package_step(index: int, event: Event) -> Step:
    if event in _REASONS:
        return Step(Action.CANCEL_PACKAGE, index, _REASONS[event].value)
    return Step(Action.SHIP if event is Event.SHIP else Action.DELIVER, index)


def advance(life: Life, step: Step) -> Life:
    """``life`` after ``step``; ``ValueError`` if the tables do not allow it now."""
    handler = _HANDLERS[step.action]
    return handler(life, step)


def _dest(table: MachineTable[Any], state: Any, event: Event) -> Any:
    move = table.move(state, event)
    if move is None:
        raise ValueError(f"the {table.name} table allows no {event} from {state}")
    return move.dest


def _start(life: Life, step: Step) -> Life:
    if life.start_refusal() is not None:
        raise ValueError(f"start is refused: {life.start_refusal()}")
    return attrs.evolve(life, execution=_dest(TABLES.execution, life.execution, Event.START))


def _cancel(life: Life, step: Step) -> Life:
    if life.cancel_refusal() is not None:
        raise ValueError(f"cancel is refused: {life.cancel_refusal()}")
    request = _dest(TABLES.cancellation, life.cancellation or NoRequest.NONE, Event.CANCEL)
    return attrs.evolve(life, cancellation=CancellationState(request))


def _answer(life: Life, step: Step) -> Life:
    index, target = int(step.target or 0), RefundState(str(step.detail))
    state, _ = life.refunds[index]
    dest = _dest(TABLES.refund, state, Event.refund_target(target))
    refunds = list(life.refunds)
    refunds[index] = (RefundState(dest), (refund_alias(index),))
    return attrs.evolve(life, refunds=tuple(refunds))


def _move_package(life: Life, index: int, event: Event) -> Life:
    """Amazon's package ``event`` on package ``index``, then its consequences (a refund)."""
    if not amazon_may(event, life.view):
        raise ValueError(f"{event} is held by the couplings: {_held_by(event, life)}")
    return _moved_package(life, index, event)


def _held_by(event: Event, life: Life) -> str:
    return "; ".join(g.why for g in COUPLINGS.gates if event in g.events and not g.when(life.view))


def _moved_package(life: Life, index: int, event: Event) -> Life:
    packages = list(life.packages)
    dest = _dest(TABLES.package, packages[index][0], event)
    packages[index] = (PackageState(dest), event.cancel_reason)
    moved = attrs.evolve(life, packages=tuple(packages))
    for consequence in consequences_of(event):
        if consequence.machine == TABLES.refund.name:
            moved = _new_refund(moved)
    return moved


def _ship_or_deliver(life: Life, step: Step) -> Life:
    event = Event.SHIP if step.action is Action.SHIP else Event.DELIVER
    return _move_package(life, int(step.target or 0), event)


def _cancel_package(life: Life, step: Step) -> Life:
    reason = PackageCancelReason(str(step.detail))
    return _move_package(life, int(step.target or 0), Event.package_cancel(reason))


def _split(life: Life, step: Step) -> Life:
    state, _ = life.packages[int(step.target or 0)]
    if not may_split(state, len(life.packages)):
        raise ValueError(
            f"only a PENDING package of an order with under {MAX_PACKAGES} packages splits"
        )
    return attrs.evolve(life, packages=(*life.packages, (PackageState.PENDING, None)))


def _new_refund(life: Life, step: Step | None = None) -> Life:
    created = _dest(TABLES.refund, NoRequest.NONE, Event.REQUEST_REFUND)
    return attrs.evolve(life, refunds=(*life.refunds, (RefundState(created), ())))


def _resolve(life: Life, step: Step) -> Life:
    """Amazon decides the request (``detail`` names the new state); then its consequences."""
    request = life.cancellation or NoRequest.NONE
    outcome = next(
        (
            m
            for m in TABLES.cancellation.moves
            if m.actor is Actor.AMAZON and m.source == request and m.dest == step.detail
        ),
        None,
    )
    if outcome is None or not amazon_may(outcome.event, life.view):
        raise ValueError(f"Amazon cannot decide a {request} cancellation {step.detail} now")
    life = attrs.evolve(life, cancellation=CancellationState(outcome.dest))
    for consequence in consequences_of(outcome.event):
        if consequence.machine != TABLES.package.name:
            continue
        for index, (state, _) in enumerate(life.packages):
            if state in consequence.each:
                life = _moved_package(life, index, consequence.then)
    return life


_HANDLERS = {
    Action.START: _start,
    Action.CANCEL: _cancel,
    Action.ANSWER_REFUND: _answer,
    Action.SHIP: _ship_or_deliver,
    Action.DELIVER: _ship_or_deliver,
    Action.CANCEL_PACKAGE: _cancel_package,
    Action.SPLIT_PACKAGE: _split,
    Action.REQUEST_REFUND: _new_refund,
    Action.RESOLVE_CANCELLATION: _resolve,
}
