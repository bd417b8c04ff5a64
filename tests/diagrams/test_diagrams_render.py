"""Tests of the renderers: golden DOT and Mermaid text, SVG/PNG through ``dot``, missing tools.

The golden files in ``tests/golden/`` are small, reviewed drawings. After an intended change to
the drawings, regenerate them with ``make golden`` (``python -m tests.regen_golden``) and review
``git diff tests/golden``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from orderguard.diagrams import (
    Edge,
    Graph,
    GraphvizNotFoundError,
    Node,
    RenderError,
    UnknownDiagramError,
    graph,
    render,
    to_dot,
    to_mermaid,
)
from orderguard.diagrams._mermaid import mermaid_id
from orderguard.statemachine import Actor
from tests.helpers.diagrams import BLOCKER, GOLDEN, golden_graphs, golden_texts, require_dot


@pytest.mark.parametrize("name", sorted(golden_texts()))
def test_text_matches_golden_file(name: str) -> None:
    """The DOT and Mermaid text equals the reviewed golden file (make golden rewrites it)."""
    golden = (GOLDEN / name).read_text(encoding="utf-8")
    assert golden_texts()[name] == golden, f"drawing changed: run 'make golden' and review {name}"


def test_mermaid_marks_start_end_current_and_refusals() -> None:
    """Mermaid has [*] for initial and terminal states and classes for current and refused."""
    text = to_mermaid(golden_graphs()["refund-forbidden-current"])
    lines = [line.strip() for line in text.splitlines()]
    assert lines[3] == "stateDiagram-v2"
    assert "[*] --> NONE" in lines and {"SUCCESS --> [*]", "REJECTED --> [*]"} <= set(lines)
    assert "class PENDING, SUCCESS current" in lines
    assert "PENDING --> SUCCESS : set_SUCCESS (merchant)" in lines
    assert "NONE --> PENDING : request_refund (Amazon)" in lines
    assert any(
        line.startswith("FAILURE --> refused_InvalidRefundStateTransition") for line in lines
    )


@pytest.mark.parametrize(
    ("node_id", "expected"),
    [("IN_TRANSIT", "IN_TRANSIT"), ("a-b c", "a_b_c"), ("end", "s_end"), ("1st", "s_1st")],
)
def test_mermaid_ids_are_sanitised(node_id: str, expected: str) -> None:
    """State ids keep letters, digits and underscores, and never start a statement wrongly."""
    assert mermaid_id(node_id) == expected


def test_mermaid_keeps_clashing_ids_apart_and_labels_on_one_line() -> None:
    """Ids that sanitise alike stay distinct; quotes, semicolons and newlines leave labels."""
    nodes = (Node("a b", 'say "hi"; bye', initial=True), Node("a-b", "two\nlines", terminal=True))
    text = to_mermaid(Graph("g", "G", nodes, (Edge("a b", "a-b", "go;", Actor.MERCHANT),)))
    assert "state \"say 'hi', bye\" as a_b" in text
    assert 'state "two / lines" as a_b_2' in text
    assert "a_b --> a_b_2 : go, (merchant)" in text


def test_dot_styles_each_kind_of_edge_and_the_legend() -> None:
    """Merchant blue, Amazon green, refused dashed red; the legend explains each mark."""
    text = to_dot(golden_graphs()["refund-forbidden-current"])
    assert 'color="#1f5fbf"' in text and 'color="#1b7a3a"' in text
    assert "style=dashed" in text and 'color="#c62828"' in text
    assert "rank=sink" in text and "Legend" in text and "current state" in text


def test_overview_is_drawn_top_to_bottom() -> None:
    """The overview's three-line states read best top to bottom; machines left to right."""
    assert "rankdir=TB" in to_dot(graph("overview"))
    assert "direction TB" in to_mermaid(graph("overview"))
    assert "rankdir=LR" in to_dot(graph("refund"))


@pytest.mark.parametrize(("fmt", "magic"), [("svg", b"<svg"), ("png", b"\x89PNG\r\n\x1a\n")])
def test_render_draws_svg_and_png(fmt: str, magic: bytes) -> None:
    """With Graphviz installed, render() returns an SVG or PNG image of the drawing."""
    require_dot()
    image = render(graph("cancellation", forbidden=True), fmt)
    assert magic in image[:400]


def test_svg_shows_every_state_and_error() -> None:
    """The SVG carries each state's label and each refusal's API error."""
    require_dot()
    svg = render(graph("refund", forbidden=True), "svg").decode()
    for text in ("no request", "PARTIAL", "REJECTED", "InvalidRefundStateTransition", "Legend"):
        assert f">{text}<" in svg


def test_render_refuses_other_formats() -> None:
    """render() names the image formats it makes."""
    with pytest.raises(UnknownDiagramError, match="svg, png"):
        render(graph("execution"), "gif")


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_missing_dot_says_how_to_install_graphviz(
    fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without dot on PATH, a one-line error names the Debian and macOS install commands."""
    monkeypatch.delenv("ORDERGUARD_DOT", raising=False)
    monkeypatch.setenv("PATH", "")
    with pytest.raises(GraphvizNotFoundError) as caught:
        render(graph("execution"), fmt)
    message = str(caught.value)
    assert "\n" not in message and fmt.upper() in message
    assert "apt-get install graphviz" in message and "brew install graphviz" in message


def test_orderguard_dot_must_name_a_program(monkeypatch: pytest.MonkeyPatch) -> None:
    """ORDERGUARD_DOT pointing nowhere is reported as a missing Graphviz, naming the value."""
    monkeypatch.setenv("ORDERGUARD_DOT", "/nowhere/dot")
    with pytest.raises(GraphvizNotFoundError, match="ORDERGUARD_DOT=/nowhere/dot"):
        render(graph("execution"), "svg")


def test_failing_dot_is_a_render_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A dot that exits non-zero gives RenderError with the first line it printed."""
    fake = tmp_path / "dot"
    fake.write_text("#!/bin/sh\necho 'Error: syntax error in line 1' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("ORDERGUARD_DOT", str(fake))
    with pytest.raises(RenderError, match="syntax error in line 1"):
        render(graph("execution"), "png")


def run_blocked(code: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a child Python where the graphviz package cannot be imported."""
    return subprocess.run(
        [sys.executable, "-c", BLOCKER, code],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_diagrams_import_and_draw_mermaid_without_graphviz_package() -> None:
    """import orderguard.diagrams and Mermaid output need no graphviz package."""
    code = "from orderguard.diagrams import graph, to_mermaid; print(to_mermaid(graph('refund')))"
    result = run_blocked(code)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "stateDiagram-v2" in result.stdout


@pytest.mark.slow
def test_dot_without_graphviz_package_says_pip_install() -> None:
    """to_dot() without the graphviz package raises GraphvizPackageError naming the extra."""
    code = (
        "from orderguard.diagrams import GraphvizPackageError, graph, to_dot\n"
        "try:\n    to_dot(graph('execution'))\n"
        "except GraphvizPackageError as error:\n"
        "    print(isinstance(error, ImportError), error)\n"
    )
    result = run_blocked(code)
    assert result.returncode == 0, result.stderr[-2000:]
    assert (
        result.stdout.startswith("True ") and "pip install 'orderguard[diagrams]'" in result.stdout
    )
