"""Diagrams of the order's state machines, drawn from the same tables the guard enforces.

A pipeline, like python-statemachine's: ``graph(machine)`` extracts a table (or the overview)
into a tiny frozen ``Graph`` of ``Node`` and ``Edge`` records; renderers turn it into text or
images:

- ``to_mermaid(graph)``: Mermaid ``stateDiagram-v2`` text, no dependency;
- ``to_dot(graph)``: Graphviz DOT text, needs the graphviz package (``orderguard[diagrams]``);
- ``render(graph, "svg" | "png")``: image bytes, also needs Graphviz's ``dot`` program.

``MACHINES`` names what ``graph`` draws. ``forbidden=True`` adds the merchant moves the API
refuses, each ending in the API error it causes; ``snapshot=`` highlights an order's current
state(s).

>>> from orderguard.diagrams import graph, to_mermaid
>>> print(to_mermaid(graph("execution")).splitlines()[3])
stateDiagram-v2
"""

from orderguard.diagrams._dot import to_dot
from orderguard.diagrams._extract import MACHINES, graph
from orderguard.diagrams._mermaid import to_mermaid
from orderguard.diagrams._model import Edge, Graph, Mark, Node
from orderguard.diagrams._render import render
from orderguard.errors.exceptions import (
    DiagramError,
    GraphvizNotFoundError,
    GraphvizPackageError,
    RenderError,
    UnknownDiagramError,
)

__all__ = [
    "MACHINES",
    "DiagramError",
    "Edge",
    "Graph",
    "GraphvizNotFoundError",
    "GraphvizPackageError",
    "Mark",
    "Node",
    "RenderError",
    "UnknownDiagramError",
    "graph",
    "render",
    "to_dot",
    "to_mermaid",
]

for _cls in (
    DiagramError,
    Edge,
    Graph,
    GraphvizNotFoundError,
    GraphvizPackageError,
    Mark,
    Node,
    RenderError,
    UnknownDiagramError,
):
    _cls.__module__ = __name__
del _cls
