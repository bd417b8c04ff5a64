"""``to_mermaid``: a ``Graph`` as Mermaid ``stateDiagram-v2`` text, with no dependency.

Mermaid's state diagrams cannot style a transition, so the actor is part of each label
(``start (merchant)``, ``ship (Amazon)``) and refused moves end in a refusal state styled with the
``refused`` class (red, dashed border). ``[*]`` marks the initial and terminal states; the current
state gets the ``current`` class. State ids are sanitised to letters, digits and ``_``; labels are
kept readable in ``state "label" as id`` declarations.
"""

from __future__ import annotations

import json
import re

from orderguard.diagrams._model import Edge, Graph, Mark, Node, edge_mark, merged_edges

_CLASSES = {
    "current": "fill:#ffe08a,stroke:#9a6700,stroke-width:3px",
    "refused": "fill:#fdecea,stroke:#c62828,color:#c62828,stroke-dasharray:4",
}
_SUFFIX = {Mark.MERCHANT: "merchant", Mark.AMAZON: "Amazon", Mark.FORBIDDEN: "refused"}
_KEYWORDS = frozenset({"state", "note", "end", "class", "classdef", "direction", "as", "click"})
_NOT_ID = re.compile(r"[^A-Za-z0-9_]")
_INDENT = "    "


def mermaid_id(node_id: str) -> str:
    """``node_id`` as a Mermaid state id: letters, digits, ``_``; no keyword, no digit first."""
    clean = _NOT_ID.sub("_", node_id) or "_"
    if clean[0].isdigit() or clean.casefold() in _KEYWORDS:
        clean = f"s_{clean}"
    return clean


def _text(label: str) -> str:
    """Label text that cannot end a Mermaid statement early."""
    return " / ".join(label.splitlines()).replace('"', "'").replace(";", ",").replace("%%", "%")


def _ids(graph: Graph) -> dict[str, str]:
    """Every node id -> a distinct Mermaid id."""
    ids: dict[str, str] = {}
    for node in graph.nodes:
        candidate, number = mermaid_id(node.id), 1
        while candidate in ids.values():
            number += 1
            candidate = f"{mermaid_id(node.id)}_{number}"
        ids[node.id] = candidate
    return ids


def _declaration(node: Node, ids: dict[str, str]) -> str:
    return f'state "{_text(node.label)}" as {ids[node.id]}'


def _transition(edge: Edge, ids: dict[str, str]) -> str:
    label = f"{_text(edge.label)} ({_SUFFIX[edge_mark(edge)]})"
    return f"{ids[edge.source]} --> {ids[edge.target]} : {label}"


def _classes(graph: Graph, ids: dict[str, str]) -> dict[str, list[str]]:
    """Each class the drawing uses -> the Mermaid ids of its states."""
    members = {
        "current": [ids[n.id] for n in graph.nodes if n.highlighted],
        "refused": [ids[n.id] for n in graph.nodes if n.refusal],
    }
    return {name: states for name, states in members.items() if states}


def _lines(graph: Graph) -> list[str]:
    ids = _ids(graph)
    classes = _classes(graph, ids)
    lines = [f"direction {graph.direction}"]
    lines += [f"classDef {name} {_CLASSES[name]}" for name in classes]
    lines += [_declaration(node, ids) for node in graph.nodes]
    lines += [f"[*] --> {ids[node.id]}" for node in graph.nodes if node.initial]
    lines += [_transition(edge, ids) for edge in merged_edges(graph.edges, sep=", ")]
    lines += [f"{ids[node.id]} --> [*]" for node in graph.nodes if node.terminal]
    lines += [f"class {', '.join(states)} {name}" for name, states in classes.items()]
    return lines


def to_mermaid(graph: Graph) -> str:
    """The Mermaid ``stateDiagram-v2`` source of ``graph``, titled, ending in a newline."""
    header = ["---", f"title: {json.dumps(graph.title)}", "---", "stateDiagram-v2"]
    return "\n".join([*header, *(_INDENT + line for line in _lines(graph))]) + "\n"
