"""Every reader of the couplings agrees on every move from every reachable composite state.

The overview's states are the reachable composite states (execution, delivery, cancellation
request) and its moves and refusals are what the tables and couplings allow from each. For each
state, reached in the order histories the strategies draw (``Life`` / ``OrderHistory``) and in
``FakeOrderApi`` by replaying the same steps, and for each merchant move and Amazon move:

- the decisions (``start_decision``, ``cancel_decision``, ``may_start``, the snapshot's
  ``start_error`` / ``cancel_error``) refuse exactly what the overview refuses, with its error;
- the fake refuses the merchant's request with that error, or accepts it and lands where the
  overview says;
- the fake's legal Amazon moves and the histories' legal steps are the overview's moves;
- after each Amazon move the fake, the history and ``apply_event`` fed the fake's events (and
  the history's) all land in the overview's destination. The one move no event announces is a
  rejected cancellation (the API documents no event for it): there ``apply_event`` has nothing
  to apply and the merchant learns the decision by querying the order.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from orderguard import samples
from orderguard.api import parse_order
from orderguard.enums import ApiVersion, CancellationState, ExecutionState, PackageState
from orderguard.errors import ApiError
from orderguard.fake import AmazonMove, FakeOrderApi
from orderguard.fake._dialect import dialect_for
from orderguard.fake._model import Cancellation, Package, StoredOrder
from orderguard.fake._reader import Rejection
from orderguard.fake._render import order_json as render_order
from orderguard.fake._update import check_can_cancel, check_can_start
from orderguard.statemachine import (
    TABLES,
    Actor,
    Event,
    Forbidden,
    Move,
    OrderSnapshot,
    apply_event,
    overview,
)
from orderguard.statemachine.couplings import cancel_decision, may_start, start_decision
from orderguard.statemachine.records import OrderState
from orderguard.testing._history import OrderHistory, cancel_variables
from orderguard.testing._life import Step, legal_steps
from orderguard.testing._st_lifecycle import refund_states
from orderguard.testing.strategies import Action

C = CancellationState
VIEW = overview()
VERSIONS = list(ApiVersion)
COMPONENT_EVENTS = {m.event for m in (*TABLES.package.moves, *TABLES.cancellation.moves)}
"""The events a composite state moves on (refunds and splits leave it where it is)."""


def paths() -> dict[OrderState, tuple[Move[OrderState], ...]]:
    """A shortest path of overview moves from the initial state to each reachable state."""
    found: dict[OrderState, tuple[Move[OrderState], ...]] = {VIEW.initial: ()}
    frontier = [VIEW.initial]
    while frontier:
        state = frontier.pop(0)
        for move in VIEW.moves:
            if move.source == state and move.dest not in found:
                found[move.dest] = (*found[state], move)
                frontier.append(move.dest)
    return found


PATHS = paths()
STATES = list(VIEW.states)
IDS = [state.label for state in STATES]


def composite(snapshot: OrderSnapshot) -> OrderState:
    """The overview state a one-package snapshot is in."""
    delivery = snapshot.delivery_summary or PackageState.PENDING
    return OrderState(snapshot.execution, delivery, snapshot.cancellation)


def step_for(history: OrderHistory, event: Event) -> Step:
    """The history's step that makes ``event`` now (a merchant repeat is not a listed step)."""
    if event is Event.START:
        return Step(Action.START)
    if event is Event.CANCEL:
        return Step(Action.CANCEL)
    steps = [
        s for s in legal_steps(history.life, refund_states(history.api_version)) if s.event is event
    ]
    assert steps, f"the histories allow no {event} from {composite(history.snapshot).label}"
    return steps[0]


def history_at(state: OrderState, version: ApiVersion) -> OrderHistory:
    """An order history (one Prime line, so one package) that reached ``state``."""
    create = samples.create_variables(lines=1, links=0, aliases=1, version=version)
    history = OrderHistory.begin(create, version)
    for move in PATHS[state]:
        history = history.then(step_for(history, move.event))
    assert composite(history.snapshot) == state
    return history


def fake_at(history: OrderHistory) -> tuple[FakeOrderApi, str]:
    """A fake driven through the history's steps, and its ID of the order."""
    fake = FakeOrderApi(api_version=history.api_version.value)
    ids = history.replay(fake)
    return fake, ids[history.order_id]


def fake_snapshot(fake: FakeOrderApi, order_id: str, version: ApiVersion) -> OrderSnapshot:
    return OrderSnapshot.from_json(fake.peek(order_id), version)


def merchant_answer(state: OrderState, event: Event) -> Move[OrderState] | Forbidden[OrderState]:
    """The overview's one move or refusal of the merchant's ``event`` from ``state``."""
    (found,) = [
        step
        for step in (*VIEW.moves, *VIEW.forbidden)
        if (step.source, step.event) == (state, event)
    ]
    return found


def send(fake: FakeOrderApi, order_id: str, event: Event, version: ApiVersion) -> ApiError | None:
    """The merchant's request for ``event`` sent to the fake; the API error, if refused."""
    try:
        if event is Event.START:
            start = samples.update_variables(
                order_id, {"desiredExecutionState": "STARTED"}, version
            )
            fake.update_order(start, api_version=version.value)
        else:
            cancel = cancel_variables(order_id, {"reason": "OTHER"}, version)
            fake.cancel_order(cancel, api_version=version.value)
    except ApiError as error:
        return error
    return None


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("state", STATES, ids=IDS)
def test_every_reader_reaches_every_state(state: OrderState, version: ApiVersion) -> None:
    """The history and the fake reach each overview state along the overview's own path."""
    history = history_at(state, version)
    fake, order_id = fake_at(history)
    assert composite(fake_snapshot(fake, order_id, version)) == state


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("state", STATES, ids=IDS)
@pytest.mark.parametrize("event", [Event.START, Event.CANCEL])
def test_merchant_moves_are_decided_alike(
    state: OrderState, event: Event, version: ApiVersion
) -> None:
    """Decisions, snapshots, histories and the fake refuse or allow as the overview does."""
    answer = merchant_answer(state, event)
    expected = answer.spec if isinstance(answer, Forbidden) else None
    history = history_at(state, version)
    fake, order_id = fake_at(history)
    snapshot = fake_snapshot(fake, order_id, version)
    life = history.life
    if event is Event.START:
        decided = start_decision(state.execution, state.delivery, state.cancellation)
        assert may_start(state.execution, state.delivery, state.cancellation) is (expected is None)
        assert snapshot.start_error == expected and snapshot.may_start is (expected is None)
        assert life.start_refusal() == (expected.name if expected else None)
    else:
        decided = cancel_decision([state.delivery], state.cancellation)
        assert snapshot.cancel_error == expected
        assert life.cancel_refusal() == (expected.name if expected else None)
    assert decided == expected
    error = send(fake, order_id, event, version)
    if expected is not None:
        assert error is not None
        assert (error.error_type, error.code) == (expected.error_type, expected.code)
    else:
        assert error is None
        assert isinstance(answer, Move)
        assert composite(fake_snapshot(fake, order_id, version)) == answer.dest


def amazon_moves(state: OrderState) -> dict[Event, OrderState]:
    """The overview's Amazon moves from ``state``: event -> destination."""
    return {m.event: m.dest for m in VIEW.moves if m.source == state and m.actor is Actor.AMAZON}


def fake_moves(fake: FakeOrderApi, order_id: str) -> dict[Event, AmazonMove]:
    """The fake's legal Amazon moves on the order that move a composite state, by event."""
    moves = [m for m in fake.legal_moves() if m.order_id == order_id]
    return {m.event: m for m in moves if m.event in COMPONENT_EVENTS}


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("state", STATES, ids=IDS)
def test_amazon_may_make_the_same_moves_everywhere(state: OrderState, version: ApiVersion) -> None:
    """The fake's legal moves and the histories' legal steps are the overview's Amazon moves."""
    history = history_at(state, version)
    fake, order_id = fake_at(history)
    steps = legal_steps(history.life, refund_states(history.api_version))
    amazon_steps = {s.event for s in steps if s.action.actor is Actor.AMAZON}
    assert set(fake_moves(fake, order_id)) == set(amazon_moves(state))
    assert amazon_steps & COMPONENT_EVENTS == set(amazon_moves(state))
    merchant_steps = {s.event for s in steps if s.action.actor is Actor.MERCHANT}
    changing = {m.event for m in VIEW.moves if m.source == state and m.dest != state}
    assert merchant_steps & {Event.START, Event.CANCEL} == changing - set(amazon_moves(state))


AMAZON_CASES = [
    (state, event) for state in STATES for event in sorted(amazon_moves(state), key=str)
]


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(
    ("state", "event"), AMAZON_CASES, ids=[f"{s.label}:{e}" for s, e in AMAZON_CASES]
)
def test_each_amazon_move_lands_alike(state: OrderState, event: Event, version: ApiVersion) -> None:
    """The fake, the history and apply_event (of either's events) land where the overview does."""
    dest = amazon_moves(state)[event]
    history = history_at(state, version)
    fake, order_id = fake_at(history)
    before = fake_snapshot(fake, order_id, version)
    emitted = fake.apply(fake_moves(fake, order_id)[event])
    assert composite(fake_snapshot(fake, order_id, version)) == dest
    moved = history.then(step_for(history, event))
    assert composite(moved.snapshot) == dest
    new_events = moved.events[len(history.events) :]
    assert [e["eventDescriptor"] for e in new_events] == [e["eventDescriptor"] for e in emitted]
    if not emitted:
        assert event is Event.REJECT  # the only silent move
        return
    from_fake, from_history = before, history.snapshot
    for ours, theirs in zip(emitted, new_events, strict=True):
        from_fake = apply_event(from_fake, ours).snapshot
        from_history = apply_event(from_history, theirs).snapshot
    assert composite(from_fake) == composite(from_history) == dest


def stored_order(execution: str, packages: list[str], requests: list[str]) -> StoredOrder:
    """A fake's order record in any state, reachable or not."""
    now = "2026-01-01T00:00:00Z"
    order = StoredOrder("322-A", "", [], [], execution, now, now, [])
    order.packages = [Package(f"P{i}", state) for i, state in enumerate(packages)]
    order.cancellations = [
        Cancellation(f"C{i}", state, "SHOPPER", None, [], None, now, now)
        for i, state in enumerate(requests)
    ]
    return order


def refusal_code(check: Callable[[StoredOrder], None], order: StoredOrder) -> object:
    """What the fake's precondition check answers: None, or the rejection's (type, code)."""
    try:
        check(order)
    except Rejection as rejection:
        return (rejection.error_type, rejection.code)
    return None


@given(
    st.sampled_from(ExecutionState),
    st.lists(st.sampled_from(PackageState), max_size=3),
    st.lists(st.sampled_from(CancellationState), max_size=3),
)
@example(ExecutionState.STARTED, [PackageState.IN_TRANSIT], [CancellationState.PENDING])
@example(ExecutionState.STARTED, [PackageState.PENDING], [C.SUCCESS, C.REJECTED])
@example(ExecutionState.STARTED, [PackageState.PENDING], [C.PENDING, C.REJECTED])
def test_guard_and_fake_refuse_alike_in_any_state(
    execution: ExecutionState, packages: list[PackageState], requests: list[CancellationState]
) -> None:
    """In any state, reachable or not, the fake's start and cancel checks answer as the snapshot.

    Covers what no history reaches: a package in transit while a request is pending (where the
    precedence of the two start errors decides), several requests (which one counts).
    """
    order = stored_order(execution.value, [p.value for p in packages], [r.value for r in requests])
    snapshot = OrderSnapshot.from_order(parse_order(render_order(order, dialect_for("2024-11-01"))))
    answers = ((check_can_start, snapshot.start_error), (check_can_cancel, snapshot.cancel_error))
    for check, spec in answers:
        assert refusal_code(check, order) == (spec and (spec.error_type, spec.code))
