"""Hypothesis strategies for orders over time: histories, snapshots, events, valid updates.

A history starts from a valid createOrder and takes legal steps only (``_life.legal_steps``, driven
by the state machine's tables), so every snapshot it yields is reachable. ``update_variables_for``
and ``cancel_variables_for`` write requests the API accepts for a given snapshot: start only when
the decisions allow it, refund updates that follow the refund table, fresh aliases and links
within the limits.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from orderguard import samples
from orderguard.api import dialect_for
from orderguard.enums import ApiVersion, CancellationReason, RefundState
from orderguard.samples import update_variables
from orderguard.statemachine import OrderSnapshot, couplings
from orderguard.statemachine.records import RefundSnapshot
from orderguard.testing._history import OrderHistory, cancel_variables
from orderguard.testing._life import Action, Life, Step, legal_steps
from orderguard.testing._st_values import alias_lists, money, order_links

JSON = dict[str, Any]
CANCEL_REASONS = tuple(reason.value for reason in CancellationReason)
"""Every ``CancellationReasonInput`` value."""


def refund_states(api_version: ApiVersion | str) -> frozenset[RefundState]:
    """The refund states ``api_version`` knows (``REJECTED`` only from 2024-11-01)."""
    return dialect_for(api_version).refund_states


@st.composite
def plain_carts(draw: st.DrawFn, api_version: ApiVersion | str) -> JSON:
    """A simple valid createOrder: 1 to 3 one-unit Prime lines, 1 to 5 aliases, 0 to 5 links."""
    variables = samples.create_variables(
        lines=draw(st.integers(1, 3)),
        links=draw(st.integers(0, 5)),
        aliases=draw(st.integers(1, 5)),
        version=ApiVersion(api_version),
        order_ref=str(draw(st.integers(1000, 99_999))),
    )
    if draw(st.booleans()):
        variables["input"]["desiredExecutionState"] = draw(
            st.sampled_from(["NOT_STARTED", "STARTED"])
        )
    return variables


@st.composite
def order_histories(
    draw: st.DrawFn,
    api_version: ApiVersion | str = ApiVersion.V2024_11_01,
    max_steps: int = 12,
    creates: st.SearchStrategy[JSON] | None = None,
) -> OrderHistory:
    """An order created with ``creates`` (default ``plain_carts``), then up to ``max_steps`` steps.

    Each step is one the tables allow from where the order is, the merchant's or Amazon's,
    after one of a few typical openings (``_OPENINGS``) so that every kind of state comes up
    often. The order's lifecycle, not its cart, is what varies; pass
    ``creates=create_variables(version, min_aliases=1)`` for rich carts (slower to draw).
    """
    version = ApiVersion(api_version)
    history = OrderHistory.begin(draw(creates or plain_carts(version)), version)
    for step in draw(st.sampled_from(_OPENINGS)):
        if step in legal_steps(history.life, refund_states(version)):
            history = history.then(step)
    for _ in range(draw(st.integers(0, max_steps))):
        history = history.then(draw(_next_step(history.life, version)))
    return history


_OPENINGS: tuple[tuple[Step, ...], ...] = (
    (),
    (Step(Action.START),),
    (Step(Action.SPLIT_PACKAGE, 0), Step(Action.START), Step(Action.SHIP, 0)),
    (Step(Action.START), Step(Action.SHIP, 0), Step(Action.DELIVER, 0)),
    (Step(Action.CANCEL),),
)
"""How histories begin before the random walk: as created, started, one of two packages shipped,
delivered, or cancelled; the walk then goes anywhere the tables allow from there."""


def _next_step(life: Life, version: ApiVersion) -> st.SearchStrategy[Step]:
    """A legal step: first a kind of move (weighted by ``_WEIGHTS``), then one of that kind.

    Drawing the kind first keeps the many refund answers of a refund-rich order from crowding
    out the package moves that make mixed states (one package shipped, another pending).
    """
    by_action: dict[Action, list[Step]] = {}
    for step in legal_steps(life, refund_states(version)):
        by_action.setdefault(step.action, []).append(step)
    kinds = [action for action in sorted(by_action) for _ in range(_WEIGHTS.get(action, 1))]
    return st.sampled_from(kinds).flatmap(lambda action: st.sampled_from(by_action[action]))


_WEIGHTS = {
    Action.START: 3,
    Action.SHIP: 3,
    Action.DELIVER: 2,
    Action.SPLIT_PACKAGE: 2,
    Action.ANSWER_REFUND: 2,
}
"""How much likelier than a cancellation or a refund request each kind of move is drawn: orders
mostly move forward, as they do in life, so shipped and mixed states come up often."""


def order_snapshots(
    api_version: ApiVersion | str = ApiVersion.V2024_11_01,
) -> st.SearchStrategy[OrderSnapshot]:
    """An ``OrderSnapshot`` in a state the tables can reach (placeholder IDs)."""
    return order_histories(api_version).map(lambda history: history.snapshot)


def event_sequences(
    api_version: ApiVersion | str = ApiVersion.V2024_11_01,
) -> st.SearchStrategy[tuple[JSON, ...]]:
    """The webhook events Amazon sends about one order, in an order the package machine allows."""
    return order_histories(api_version).map(lambda history: history.events)


def next_refund_states(refund: RefundSnapshot, api_version: ApiVersion | str) -> list[RefundState]:
    """The states the refund table lets the merchant report next for ``refund``."""
    allowed = couplings.next_refund_states(refund.state)
    return sorted(allowed & refund_states(api_version))


@st.composite
def refund_updates(draw: st.DrawFn, refund: RefundSnapshot, api_version: ApiVersion | str) -> JSON:
    """A ``refunds.details[]`` entry for ``refund`` the table allows (running total, new alias)."""
    detail: JSON = {"id": refund.id, "refundTotal": {"totalAmount": draw(money(1, 200))}}
    targets = next_refund_states(refund, api_version)
    if draw(st.booleans()) and targets:
        detail["state"] = draw(st.sampled_from(targets)).value
    if draw(st.booleans()):
        alias = f"pay-{refund.id}-{draw(st.integers(0, 999))}"
        detail["aliases"] = [{"aliasType": "EXTERNAL_REFUND_ID", "aliasId": alias}]
    return detail


@st.composite
def update_inputs(draw: st.DrawFn, snapshot: OrderSnapshot, api_version: ApiVersion | str) -> JSON:
    """An updateOrder ``input`` the API accepts for ``snapshot`` (without the order's ID)."""
    limits = dialect_for(api_version)
    room = limits.max_order_aliases - len(snapshot.aliases)
    links = limits.max_order_links - len(snapshot.order_links)
    data: JSON = {
        "aliases": draw(alias_lists("update-", 0, max(room, 0))),
        "orderLinks": draw(order_links(0, max(links, 0))),
    }
    if snapshot.start_error is None and draw(st.booleans()):
        data["desiredExecutionState"] = "STARTED"
    if snapshot.refunds:
        chosen = draw(st.lists(st.sampled_from(snapshot.refunds), unique_by=lambda r: r.id))
        details = [draw(refund_updates(refund, api_version)) for refund in chosen]
        data["refunds"] = {"details": details}
    return data


def update_variables_for(
    snapshot: OrderSnapshot, api_version: ApiVersion | str = ApiVersion.V2024_11_01
) -> st.SearchStrategy[JSON]:
    """updateOrder variables the API accepts for ``snapshot``, addressed by its ID."""
    version = ApiVersion(api_version)
    return update_inputs(snapshot, version).map(
        lambda data: update_variables(snapshot.id, data, version)
    )


@st.composite
def cancel_inputs(draw: st.DrawFn) -> JSON:
    """A cancelOrder ``input``: a reason, up to 5 aliases, sometimes a comment."""
    data: JSON = {
        "reason": draw(st.sampled_from(CANCEL_REASONS)),
        "aliases": draw(alias_lists("cancel-")),
    }
    if draw(st.booleans()):
        data["additionalComments"] = "Cancelled at the shopper's request"
    return data


def cancel_variables_for(
    snapshot: OrderSnapshot, api_version: ApiVersion | str = ApiVersion.V2024_11_01
) -> st.SearchStrategy[JSON]:
    """cancelOrder variables the API accepts for ``snapshot``.

    Raises ``ValueError`` when the order cannot be cancelled now (no such request exists); draw
    a snapshot whose ``cancel_error`` is ``None``.
    """
    if snapshot.cancel_error is not None:
        raise ValueError(
            f"order {snapshot.id} cannot be cancelled ({snapshot.cancel_error.name}); "
            "draw a snapshot whose cancel_error is None"
        )
    version = ApiVersion(api_version)
    return cancel_inputs().map(lambda data: cancel_variables(snapshot.id, data, version))
