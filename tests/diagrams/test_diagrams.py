"""Tests of ``orderguard.diagrams``' graph model: drawings agree with the tables, highlights.

Every drawing is compared with the table it comes from: each ``Move`` is an edge and nothing else
is (each ``Forbidden`` too with ``forbidden=True``), so a drawing cannot drift from what the
guard enforces.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orderguard.diagrams import (
    MACHINES,
    Edge,
    Graph,
    Mark,
    Node,
    UnknownDiagramError,
    graph,
)
from orderguard.diagrams._extract import edge_label, state_id
from orderguard.diagrams._model import merged_edges
from orderguard.enums import CancellationState, ExecutionState, PackageState, RefundState
from orderguard.samples import order_json
from orderguard.statemachine import TABLES, Actor, Event, OrderSnapshot, overview
from orderguard.statemachine._couplings import gate_of
from orderguard.statemachine.records import OrderState, PackageSnapshot, RefundSnapshot

SOURCES: dict[str, Any] = {table.name: table for table in TABLES} | {"overview": overview()}
"""Each machine's name -> the table (or overview) it is drawn from."""


def move_label(source: Any, event: Event) -> str:
    """A move's label: a component table's Amazon moves carry their gate; overview moves not."""
    return edge_label(event, None if source is SOURCES["overview"] else gate_of(event))


def move_keys(source: Any) -> Counter[tuple[str, str, str, Actor]]:
    """The table's moves as (source id, target id, label, actor)."""
    return Counter(
        (state_id(m.source), state_id(m.dest), move_label(source, m.event), m.actor)
        for m in source.moves
    )


def edge_keys(edges: list[Edge]) -> Counter[tuple[str, str, str, Actor]]:
    """The edges as (source id, target id, label, actor)."""
    return Counter((e.source, e.target, e.label, e.actor) for e in edges)


@pytest.mark.parametrize("machine", MACHINES)
def test_every_move_is_an_edge_and_nothing_else(machine: str) -> None:
    """The drawing's edges are exactly the table's moves, with their actors."""
    drawn = graph(machine)
    assert edge_keys(list(drawn.edges)) == move_keys(SOURCES[machine])
    assert not any(edge.forbidden for edge in drawn.edges)


@pytest.mark.parametrize("machine", MACHINES)
def test_forbidden_adds_every_refusal_and_nothing_else(machine: str) -> None:
    """With forbidden=True each Forbidden is one dashed edge to its error; moves are unchanged."""
    drawn = graph(machine, forbidden=True)
    refused = [edge for edge in drawn.edges if edge.forbidden]
    assert edge_keys([e for e in drawn.edges if not e.forbidden]) == move_keys(SOURCES[machine])
    expected = Counter(
        (state_id(f.source), f"refused_{f.spec.name}", edge_label(f.event, f.when), f.spec.code)
        for f in SOURCES[machine].forbidden
    )
    assert Counter((e.source, e.target, e.label, e.error_code) for e in refused) == expected
    assert all(e.actor is Actor.MERCHANT and drawn.node(e.target).refusal for e in refused)


@pytest.mark.parametrize("machine", MACHINES)
def test_nodes_are_the_states_with_initial_and_terminal_marks(machine: str) -> None:
    """One node per state; the initial state and the states with no way out are marked."""
    source, drawn = SOURCES[machine], graph(machine)
    assert [node.id for node in drawn.nodes] == [state_id(s) for s in source.states]
    assert [n.id for n in drawn.nodes if n.initial] == [state_id(source.initial)]
    leaving = {state_id(m.source) for m in source.moves if m.dest != m.source}
    assert {n.id for n in drawn.nodes if n.terminal} == {n.id for n in drawn.nodes} - leaving


def test_forbidden_start_from_in_transit_names_execution_already_started() -> None:
    """The overview refuses start once a package is in transit, with ExecutionAlreadyStarted."""
    drawn = graph("overview", forbidden=True)
    source = state_id(OrderState(ExecutionState.STARTED, PackageState.IN_TRANSIT))
    (edge,) = [e for e in drawn.edges if e.source == source and e.label == Event.START.value]
    assert (edge.forbidden, edge.error_code) == (True, "ExecutionAlreadyStarted")
    assert drawn.node(edge.target).label.startswith("ExecutionAlreadyStarted")


def test_a_refusal_without_an_api_code_says_so() -> None:
    """CancellationRequiresPendingPackages has no API code: the edges say None, the node says so."""
    drawn = graph("cancellation", forbidden=True)
    refused = [e for e in drawn.edges if e.forbidden]
    assert {e.target for e in refused} == {"refused_CancellationRequiresPendingPackages"}
    assert all(e.error_code is None for e in refused)
    assert "no API code" in drawn.node(refused[0].target).label


def test_conditions_are_drawn_on_their_edges() -> None:
    """Execution refusals show when they refuse; package moves show what they wait for."""
    refusals = {e.label for e in graph("execution", forbidden=True).edges if e.forbidden}
    assert refusals == {
        "start [delivery_in(IN_TRANSIT, DELIVERED)]",
        "start [delivery_in(CANCELLED) or cancellation_in(PENDING, SUCCESS)]",
    }
    ship = [e for e in graph("package").edges if e.label.startswith("ship")]
    assert [e.label for e in ship] == [
        "ship [execution_in(STARTED) and not cancellation_in(PENDING)]"
    ]


def snapshot(**fields: Any) -> OrderSnapshot:
    """A snapshot from ``order_json`` with ``fields``."""
    return OrderSnapshot.from_json(order_json(**fields))


@pytest.mark.parametrize(
    ("order", "machine", "expected"),
    [
        ({"execution": "STARTED", "packages": ("IN_TRANSIT",)}, "overview", "STARTED__IN_TRANSIT"),
        ({"cancellation": "PENDING"}, "overview", "NOT_STARTED__PENDING__cancel_PENDING"),
        (
            {"packages": ("CANCELLED",), "cancellation": "SUCCESS"},
            "overview",
            "NOT_STARTED__CANCELLED__cancel_SUCCESS",
        ),
        ({"packages": ("IN_TRANSIT",)}, "overview", "STARTED__IN_TRANSIT"),  # Amazon's facts win
        ({"packages": ()}, "overview", "NOT_STARTED__PENDING"),  # no package known yet
        (
            {"execution": "STARTED", "packages": ("PENDING", "IN_TRANSIT")},
            "overview",
            "STARTED__PENDING",
        ),
        ({"packages": ("PENDING", "IN_TRANSIT")}, "package", {"PENDING", "IN_TRANSIT"}),
        ({"cancellation": "REJECTED"}, "cancellation", {"REJECTED"}),
        ({}, "cancellation", {"NONE"}),
        ({"refunds": (("a", "PARTIAL"), ("b", "SUCCESS"))}, "refund", {"PARTIAL", "SUCCESS"}),
        ({}, "refund", {"NONE"}),
        ({"execution": "STARTED"}, "execution", {"STARTED"}),
    ],
)
def test_highlight_marks_the_orders_states(
    order: dict[str, Any], machine: str, expected: str | set[str]
) -> None:
    """Each machine highlights exactly the states the order is in."""
    wanted = {expected} if isinstance(expected, str) else expected
    assert graph(machine, snapshot=snapshot(**order)).highlighted == wanted


snapshots = st.builds(
    OrderSnapshot,
    id=st.just("322-ABC1-AAAAAA"),
    execution=st.sampled_from(ExecutionState),
    packages=st.lists(st.sampled_from(PackageState), max_size=4).map(
        lambda states: tuple(PackageSnapshot(f"p{i}", s) for i, s in enumerate(states))
    ),
    cancellation=st.none() | st.sampled_from(CancellationState),
    refunds=st.lists(st.sampled_from(RefundState), max_size=4).map(
        lambda states: tuple(RefundSnapshot(f"r{i}", s) for i, s in enumerate(states))
    ),
)


@given(snapshots)
def test_highlight_is_exactly_the_snapshots_component_states(current: OrderSnapshot) -> None:
    """For any snapshot the component drawings highlight its states and nothing else."""
    assert graph("execution", snapshot=current).highlighted == {current.execution.value}
    assert graph("package", snapshot=current).highlighted == {p.state for p in current.packages}
    cancellation = {str(current.cancellation or "NONE")}
    assert graph("cancellation", snapshot=current).highlighted == cancellation
    refunds = {r.state.value for r in current.refunds} or {"NONE"}
    assert graph("refund", snapshot=current).highlighted == refunds
    assert len(graph("overview", snapshot=current).highlighted) <= 1


@pytest.mark.parametrize("machine", MACHINES)
def test_no_snapshot_no_highlight(machine: str) -> None:
    """Without a snapshot nothing is highlighted and the legend has no current-state entry."""
    drawn = graph(machine)
    assert not drawn.highlighted and Mark.CURRENT not in drawn.legend


def test_legend_lists_the_marks_in_use() -> None:
    """The legend names exactly the kinds of edge and state the drawing shows."""
    assert graph("package").legend == (Mark.AMAZON, Mark.TERMINAL)
    full = graph("refund", forbidden=True, snapshot=snapshot(refunds=(("a", "PENDING"),)))
    assert full.legend == tuple(Mark)


def test_unknown_machine_names_the_valid_ones() -> None:
    """graph() refuses an unknown name with a ValueError listing every machine."""
    with pytest.raises(UnknownDiagramError, match="execution, package") as caught:
        graph("shipping")
    assert isinstance(caught.value, ValueError)


def test_graph_refuses_edges_to_unknown_nodes_and_twice_listed_nodes() -> None:
    """A Graph is consistent: edges join its nodes, and node ids are unique."""
    node = Node("A", "A")
    with pytest.raises(ValueError, match="unknown nodes"):
        Graph("g", "G", (node,), (Edge("A", "B", "go", Actor.AMAZON),))
    with pytest.raises(ValueError, match="twice"):
        Graph("g", "G", (node, node), ())


def test_merged_edges_join_parallel_edges_of_one_kind() -> None:
    """Parallel edges of the same kind become one edge whose label lists each event."""
    edges = [
        Edge("A", "B", "one", Actor.AMAZON),
        Edge("A", "B", "two", Actor.AMAZON),
        Edge("A", "B", "three", Actor.MERCHANT),
    ]
    assert [e.label for e in merged_edges(edges, sep=", ")] == ["one, two", "three"]


def test_public_names_read_as_orderguard_diagrams() -> None:
    """Re-exported classes carry the public module path in their repr."""
    assert Graph.__module__ == Node.__module__ == "orderguard.diagrams"
    assert repr(Mark.MERCHANT).startswith("<Mark.MERCHANT")
