"""``to_dot``: a ``Graph`` as Graphviz DOT text, built with the ``graphviz`` package's ``Digraph``.

The package is the ``[diagrams]`` extra and is imported only when DOT is asked for. Style:
merchant moves solid blue, Amazon's solid dark green, refused moves dashed red into a red box
naming the API error; the current state filled amber; terminal states double-bordered; a black
dot points at the initial state; a legend table explains the marks the drawing uses.
"""

from __future__ import annotations

from typing import Any

from orderguard.diagrams._model import Graph, Mark, Node, edge_mark, merged_edges
from orderguard.errors.exceptions import GraphvizPackageError

FONT = "Helvetica"
MERCHANT = "#1f5fbf"
AMAZON = "#1b7a3a"
REFUSED = "#c62828"
CURRENT_FILL = "#ffe08a"
CURRENT_LINE = "#9a6700"

_EDGE_STYLE: dict[Mark, dict[str, str]] = {
    Mark.MERCHANT: {"color": MERCHANT, "fontcolor": MERCHANT, "penwidth": "1.6"},
    Mark.AMAZON: {"color": AMAZON, "fontcolor": AMAZON},
    Mark.FORBIDDEN: {"color": REFUSED, "fontcolor": REFUSED, "style": "dashed"},
}
_CURRENT = {"fillcolor": CURRENT_FILL, "color": CURRENT_LINE, "penwidth": "2.5"}
_REFUSAL = {"fillcolor": "#fdecea", "color": REFUSED, "fontcolor": REFUSED, "style": "filled"}
_GRAPH = {"labelloc": "t", "fontname": FONT, "fontsize": "16", "nodesep": "0.35", "pad": "0.2"}
_NODE = {
    "shape": "box",
    "style": "rounded,filled",
    "fillcolor": "white",
    "fontname": FONT,
    "fontsize": "11",
}
_START = "__start"
_LEGEND = "__legend"

_ARROW = "&#9472;&#9472;&#9472;&#9654;"
_SAMPLES = {
    Mark.MERCHANT: f'<FONT COLOR="{MERCHANT}">{_ARROW}</FONT>',
    Mark.AMAZON: f'<FONT COLOR="{AMAZON}">{_ARROW}</FONT>',
    Mark.FORBIDDEN: f'<FONT COLOR="{REFUSED}">- - &#9654;</FONT>',
    Mark.TERMINAL: "&#9678;",
    Mark.CURRENT: f'<FONT COLOR="{CURRENT_LINE}">&#9632;</FONT>',
}
"""What each legend row shows before its text (HTML-like label)."""


def _graphviz() -> Any:
    """The ``graphviz`` module, or ``GraphvizPackageError`` saying how to install it."""
    try:
        import graphviz
    except ImportError:
        raise GraphvizPackageError() from None
    return graphviz


def _text(label: str) -> str:
    """A label with DOT's centred line breaks."""
    return label.replace("\n", "\\n")


def _node_attrs(node: Node) -> dict[str, str]:
    if node.refusal:
        return dict(_REFUSAL)
    attrs = {"peripheries": "2"} if node.terminal else {}
    return {**attrs, **(_CURRENT if node.highlighted else {})}


def _legend_label(marks: tuple[Mark, ...]) -> str:
    """The legend as an HTML-like table: one row per mark, sample then meaning."""
    rows = "".join(
        f'<TR><TD ALIGN="RIGHT">{_SAMPLES[mark]}</TD><TD ALIGN="LEFT">{mark.value}</TD></TR>'
        for mark in marks
    )
    return (
        '<<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3" STYLE="ROUNDED" '
        f'COLOR="#888888"><TR><TD COLSPAN="2"><B>Legend</B></TD></TR>{rows}</TABLE>>'
    )


def _add_legend(dot: Any, graph: Graph) -> None:
    """The legend, in the last rank (right of LR drawings, under TB ones)."""
    with dot.subgraph() as last:
        last.attr(rank="sink")
        last.node(_LEGEND, _legend_label(graph.legend), shape="plaintext", fontsize="10")


def to_dot(graph: Graph) -> str:
    """The DOT source of ``graph``; needs the graphviz Python package (``[diagrams]`` extra)."""
    dot = _graphviz().Digraph(
        name=graph.name,
        graph_attr={"label": graph.title, "rankdir": graph.direction, **_GRAPH},
        node_attr=_NODE,
        edge_attr={"fontname": FONT, "fontsize": "10"},
    )
    initial = [node.id for node in graph.nodes if node.initial]
    if initial:
        dot.node(_START, "", shape="point", width="0.18", color="black", fillcolor="black")
    for node in graph.nodes:
        dot.node(node.id, _text(node.label), **_node_attrs(node))
    for node_id in initial:
        dot.edge(_START, node_id)
    for edge in merged_edges(graph.edges):
        dot.edge(edge.source, edge.target, _text(edge.label), **_EDGE_STYLE[edge_mark(edge)])
    if graph.legend:
        _add_legend(dot, graph)
    return str(dot.source)
