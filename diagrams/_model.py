"""The tiny graph model every renderer draws: ``Graph`` of ``Node`` and ``Edge`` records.

The model is 1:1 with the tables: one ``Edge`` per ``Move`` (and, when asked, one per
``Forbidden``), so tests can compare a drawing with its table. Renderers draw parallel edges of the
same kind as one arrow with a multi-line label (``merged_edges``).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Literal

import attrs

from orderguard.statemachine import Actor

Direction = Literal["LR", "TB"]
"""Layout direction: left to right, or top to bottom."""


class Mark(enum.StrEnum):
    """What a legend explains: the three kinds of edge, terminal and highlighted states."""

    MERCHANT = "merchant move"
    AMAZON = "Amazon move"
    FORBIDDEN = "merchant move the API refuses, and its error"
    TERMINAL = "terminal state"
    CURRENT = "current state"


@attrs.frozen(slots=True)
class Node:
    """A state (or, with ``refusal``, the API error that refused moves end in)."""

    id: str
    label: str
    initial: bool = False
    terminal: bool = False
    highlighted: bool = False
    refusal: bool = False


@attrs.frozen(slots=True)
class Edge:
    """A move from ``source`` to ``target`` on the event ``label``, made by ``actor``.

    A forbidden edge is a merchant move the API refuses; its target is a refusal node and
    ``error_code`` is the API's error code (``None`` where the API documents none).
    """

    source: str
    target: str
    label: str
    actor: Actor
    forbidden: bool = False
    error_code: str | None = None


def edge_mark(edge: Edge) -> Mark:
    """How ``edge`` is drawn: refused, or moved by the merchant or by Amazon."""
    if edge.forbidden:
        return Mark.FORBIDDEN
    return Mark.MERCHANT if edge.actor is Actor.MERCHANT else Mark.AMAZON


def _marks(graph: Graph) -> tuple[Mark, ...]:
    used = {edge_mark(edge) for edge in graph.edges}
    if any(node.terminal for node in graph.nodes):
        used.add(Mark.TERMINAL)
    if any(node.highlighted for node in graph.nodes):
        used.add(Mark.CURRENT)
    return tuple(mark for mark in Mark if mark in used)


@attrs.frozen(slots=True)
class Graph:
    """A drawing: titled nodes and edges, the legend it needs, and its layout direction.

    ``legend`` defaults to the marks the drawing uses, in ``Mark`` order.
    """

    name: str
    title: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    legend: tuple[Mark, ...] = attrs.field(
        default=attrs.Factory(_marks, takes_self=True), kw_only=True
    )
    direction: Direction = attrs.field(default="LR", kw_only=True)

    def __attrs_post_init__(self) -> None:
        ids = [node.id for node in self.nodes]
        if len(set(ids)) != len(ids):
            raise ValueError(f"graph {self.name!r} lists a node id twice: {ids}")
        ends = {e.source for e in self.edges} | {e.target for e in self.edges}
        if stray := ends - set(ids):
            raise ValueError(f"graph {self.name!r}: edges use unknown nodes {sorted(stray)}")

    def node(self, node_id: str) -> Node:
        """The node with id ``node_id``; ``KeyError`` if there is none."""
        for node in self.nodes:
            if node.id == node_id:
                return node
        raise KeyError(node_id)

    @property
    def highlighted(self) -> frozenset[str]:
        """The ids of the highlighted nodes."""
        return frozenset(node.id for node in self.nodes if node.highlighted)


def merged_edges(edges: Iterable[Edge], sep: str = "\n") -> tuple[Edge, ...]:
    """Edges of the same kind between the same two nodes as one edge, labels joined by ``sep``."""
    groups: dict[tuple[object, ...], list[Edge]] = {}
    for edge in edges:
        key = (edge.source, edge.target, edge.actor, edge.forbidden, edge.error_code)
        groups.setdefault(key, []).append(edge)
    return tuple(
        attrs.evolve(group[0], label=sep.join(e.label for e in group)) for group in groups.values()
    )
