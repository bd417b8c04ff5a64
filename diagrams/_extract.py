"""From the state machines to ``Graph``: one function per machine, and ``graph(name)``.

Every function takes the same two options:

- ``forbidden``: add the merchant moves the API refuses, as dashed edges labelled with the event,
  ending in one refusal node per API error (a sink), so each error reads once however many
  states it refuses from.
- ``highlight``: an ``OrderSnapshot`` whose current state(s) are marked: the state of each
  package, of each refund (``NONE`` when there is none), of the latest cancellation request
  (``NONE`` when there is none), the execution state, and the combined overview state.

Edges of the component machines carry the couplings' conditions the way python-statemachine
draws ``cond=`` guards: ``event [condition]``, the condition's repr. A conditional refusal shows
when it refuses (``start [delivery_in(IN_TRANSIT, DELIVERED)]``); an Amazon move its gate
(``ship [execution_in(STARTED) and not cancellation_in(PENDING)]``). The overview's states are
concrete, so its edges are plain events.

The overview reads the snapshot as the overview draws the order: packages moving together (the
rolled-up delivery state, ``PENDING`` while no package is known), and ``STARTED`` once a package is
under way whatever the stored execution state says (Amazon's facts win, as in the decisions).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Collection, Iterator
from typing import Any, Generic, TypeVar

import attrs

from orderguard.diagrams._model import Direction, Edge, Graph, Node
from orderguard.enums import ExecutionState, PackageState
from orderguard.errors import ErrorSpec
from orderguard.errors.exceptions import UnknownDiagramError
from orderguard.statemachine import (
    TABLES,
    Event,
    Forbidden,
    MachineTable,
    Move,
    OrderSnapshot,
    overview,
)
from orderguard.statemachine._couplings import gate_of
from orderguard.statemachine.couplings import Condition
from orderguard.statemachine.records import NoRequest, OrderState

N = TypeVar("N", bound="enum.StrEnum | OrderState")


@attrs.frozen
class _Machine(Generic[N]):
    """What a drawing needs from a machine, whatever its state type."""

    states: tuple[N, ...]
    initial: N
    terminal: frozenset[N]
    moves: tuple[Move[N], ...]
    refusals: tuple[Forbidden[N], ...]
    gated: bool = True
    """Whether Amazon's moves are labelled with the couplings' gates (component machines)."""


def state_id(state: enum.StrEnum | OrderState) -> str:
    """The node id of a table's state (its value) or of an overview state.

    ``OrderState(STARTED, IN_TRANSIT, REJECTED)`` is ``STARTED__IN_TRANSIT__cancel_REJECTED``.
    """
    if isinstance(state, OrderState):
        return "__".join(part.replace(" ", "_") for part in state.label.split(" / "))
    return state.value


def _label(state: enum.StrEnum | OrderState) -> str:
    if isinstance(state, OrderState):
        return state.label.replace(" / ", "\n")
    return "no request" if state is NoRequest.NONE else state.value


def _from_table(table: MachineTable[Any]) -> _Machine[Any]:
    return _Machine(table.states, table.initial, table.terminal, table.moves, table.forbidden)


def refusal_id(spec: ErrorSpec) -> str:
    """The id of the refusal node standing for catalog entry ``spec``."""
    return f"refused_{spec.name}"


def _refusal_node(spec: ErrorSpec) -> Node:
    kind = spec.error_type if spec.code else f"{spec.error_type}, no API code"
    return Node(refusal_id(spec), f"{spec.code or spec.name}\n{kind}", refusal=True)


def _state_nodes(machine: _Machine[N], current: Collection[N]) -> Iterator[Node]:
    for state in machine.states:
        yield Node(
            state_id(state),
            _label(state),
            initial=state == machine.initial,
            terminal=state in machine.terminal,
            highlighted=state in current,
        )


def edge_label(event: Event, condition: Condition | None = None) -> str:
    """An edge's label: the event, then ``[condition]`` when the move depends on one."""
    return event.value if condition is None else f"{event.value} [{condition!r}]"


def _move_edge(move: Move[Any], gated: bool) -> Edge:
    label = edge_label(move.event, gate_of(move.event) if gated else None)
    return Edge(state_id(move.source), state_id(move.dest), label, move.actor)


def _refusal_edge(refusal: Forbidden[Any]) -> Edge:
    spec = refusal.spec
    source, label = state_id(refusal.source), edge_label(refusal.event, refusal.when)
    return Edge(source, refusal_id(spec), label, refusal.event.actor, True, spec.code)


def _graph(
    name: str,
    title: str,
    machine: _Machine[N],
    *,
    forbidden: bool,
    current: Collection[N],
    direction: Direction = "LR",
) -> Graph:
    nodes = list(_state_nodes(machine, current))
    edges = [_move_edge(move, machine.gated) for move in machine.moves]
    if forbidden:
        specs = {refusal_id(r.spec): r.spec for r in machine.refusals}
        nodes.extend(_refusal_node(spec) for spec in specs.values())
        edges.extend(_refusal_edge(refusal) for refusal in machine.refusals)
    return Graph(name, title, tuple(nodes), tuple(edges), direction=direction)


def execution_graph(*, forbidden: bool = False, highlight: OrderSnapshot | None = None) -> Graph:
    """The execution machine (``metadata.executionState``)."""
    current = {highlight.execution} if highlight else set()
    machine = _from_table(TABLES.execution)
    title = "Execution state (metadata.executionState)"
    return _graph("execution", title, machine, forbidden=forbidden, current=current)


def package_graph(*, forbidden: bool = False, highlight: OrderSnapshot | None = None) -> Graph:
    """The package machine; every package's state is highlighted (only Amazon moves it)."""
    current: set[PackageState] = set()
    if highlight:
        current = {p.state for p in highlight.packages}
        if not current and highlight.delivery_summary:
            current = {highlight.delivery_summary}
    machine = _from_table(TABLES.package)
    title = "Package state (packageInformation.details[].state)"
    return _graph("package", title, machine, forbidden=forbidden, current=current)


def cancellation_graph(*, forbidden: bool = False, highlight: OrderSnapshot | None = None) -> Graph:
    """The cancellation request machine (``NONE``: no request yet)."""
    current = {highlight.cancellation or NoRequest.NONE} if highlight else set()
    machine = _from_table(TABLES.cancellation)
    title = "Cancellation request (cancellations.details[].state)"
    return _graph("cancellation", title, machine, forbidden=forbidden, current=current)


def refund_graph(*, forbidden: bool = False, highlight: OrderSnapshot | None = None) -> Graph:
    """The refund machine, one per refund (``NONE``: no such refund); each refund is marked."""
    current: set[object] = set()
    if highlight:
        current = {r.state for r in highlight.refunds} or {NoRequest.NONE}
    machine = _from_table(TABLES.refund)
    title = "Refund state (refunds.details[].state)"
    return _graph("refund", title, machine, forbidden=forbidden, current=current)


def _overview_state(snapshot: OrderSnapshot) -> OrderState:
    delivery = snapshot.delivery_summary or PackageState.PENDING
    under_way = delivery in (PackageState.IN_TRANSIT, PackageState.DELIVERED)
    execution = ExecutionState.STARTED if under_way else snapshot.execution
    return OrderState(execution, delivery, snapshot.cancellation)


def _overview_machine() -> _Machine[OrderState]:
    view = overview()
    leaving = {m.source for m in view.moves if m.dest != m.source}
    terminal = frozenset(s for s in view.states if s not in leaving)
    return _Machine(view.states, view.initial, terminal, view.moves, view.forbidden, gated=False)


def overview_graph(*, forbidden: bool = False, highlight: OrderSnapshot | None = None) -> Graph:
    """The whole order: execution x delivery x cancellation, with who may move it where.

    Drawn top to bottom: with three-line state labels it reads better than left to right.
    """
    current = {_overview_state(highlight)} if highlight else set()
    title = "Order overview: execution / delivery / cancellation request"
    machine = _overview_machine()
    return _graph("overview", title, machine, forbidden=forbidden, current=current, direction="TB")


_BUILDERS: dict[str, Callable[..., Graph]] = {
    "execution": execution_graph,
    "package": package_graph,
    "cancellation": cancellation_graph,
    "refund": refund_graph,
    "overview": overview_graph,
}

MACHINES: tuple[str, ...] = tuple(_BUILDERS)
"""The names ``graph`` draws, in lifecycle order, the overview last."""


def graph(machine: str, *, forbidden: bool = False, snapshot: OrderSnapshot | None = None) -> Graph:
    """The drawing of ``machine`` (one of ``MACHINES``), optionally with refusals and a snapshot.

    Raises ``UnknownDiagramError`` naming the valid machines for any other name.
    """
    builder = _BUILDERS.get(machine)
    if builder is None:
        raise UnknownDiagramError(
            f"no machine named {machine!r}; choose one of {', '.join(MACHINES)}"
        )
    return builder(forbidden=forbidden, highlight=snapshot)
