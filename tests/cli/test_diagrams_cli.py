"""Tests of ``orderguard diagram``, run as a child process: formats, files, orders, failures."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from orderguard.cli._demo_scenes import run_demo
from orderguard.cli._diagram import all_drawings
from orderguard.diagrams import MACHINES, graph, to_mermaid
from orderguard.samples import order_json
from tests.helpers.diagrams import dot_or_none, require_dot

pytestmark = pytest.mark.slow

PNG = b"\x89PNG\r\n\x1a\n"


def diagram(
    *args: str, stdin: bytes = b"", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run ``python -m orderguard diagram ARGS`` in a child process (bytes out)."""
    base = {k: v for k, v in os.environ.items() if k not in ("ORDERGUARD_TRACEBACK",)}
    return subprocess.run(
        [sys.executable, "-m", "orderguard", "diagram", *args],
        input=stdin,
        capture_output=True,
        env=base | (env or {}),
        timeout=120,
        check=False,
    )


def one_line_failure(result: subprocess.CompletedProcess[bytes]) -> str:
    """Exit 2, nothing on stdout, one stderr line and no traceback; return that line."""
    err = result.stderr.decode()
    assert (result.returncode, result.stdout) == (2, b""), err
    assert err.count("\n") == 1 and err.startswith("orderguard: error: ")
    return err


def no_graphviz() -> dict[str, str]:
    """An environment where no dot can be found."""
    return {"PATH": "", "ORDERGUARD_DOT": ""}


@pytest.fixture
def order_file(tmp_path: Path) -> Path:
    """An order query response with one package in transit and one pending."""
    path = tmp_path / "order.json"
    order = order_json(execution="STARTED", packages=("IN_TRANSIT", "PENDING"))
    path.write_text(json.dumps(order), encoding="utf-8")
    return path


def test_default_is_the_overview_as_mermaid_on_stdout() -> None:
    """Without arguments the overview's Mermaid text goes to standard output."""
    result = diagram()
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode() == to_mermaid(graph("overview"))


def test_dot_format_prints_digraph() -> None:
    """--format dot prints the machine's DOT source."""
    result = diagram("refund", "--format", "dot", "--forbidden")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"digraph refund {") and b"InvalidRefundId" in result.stdout


@pytest.mark.parametrize(("fmt", "magic"), [("svg", b"<svg"), ("png", PNG)])
def test_images_go_to_a_pipe(fmt: str, magic: bytes) -> None:
    """SVG and PNG are written to standard output when it is not a terminal."""
    require_dot()
    result = diagram("execution", "--format", fmt)
    assert result.returncode == 0, result.stderr
    assert magic in result.stdout[:400]


@pytest.mark.parametrize("graphviz", [True, False], ids=["with-graphviz", "without-graphviz"])
def test_png_is_not_written_to_a_terminal(graphviz: bool) -> None:
    """PNG bound for a terminal is refused in one line pointing at --out, Graphviz or not."""
    try:
        leader, follower = pty.openpty()
    except OSError:
        pytest.skip("no pseudo-terminal available to stand for a terminal")
    env = {k: v for k, v in os.environ.items() if k != "ORDERGUARD_TRACEBACK"}
    try:
        result = subprocess.run(
            [sys.executable, "-m", "orderguard", "diagram", "--format", "png"],
            stdout=follower,
            stderr=subprocess.PIPE,
            env=env if graphviz else env | no_graphviz(),
            timeout=120,
            check=False,
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert result.returncode == 2
    assert result.stderr.decode().count("\n") == 1 and b"--out FILE" in result.stderr


@pytest.mark.parametrize(
    ("name", "start"),
    [("p.mmd", b"---"), ("p.dot", b"digraph"), ("p.svg", b"<?xml"), ("p.png", PNG)],
)
def test_out_writes_the_format_its_extension_names(tmp_path: Path, name: str, start: bytes) -> None:
    """--out FILE writes the file, in the format its extension names, and prints nothing."""
    if name.endswith((".svg", ".png")):
        require_dot()
    result = diagram("package", "--out", str(tmp_path / name))
    assert (result.returncode, result.stdout) == (0, b""), result.stderr
    assert (tmp_path / name).read_bytes().startswith(start)


def test_order_highlights_its_states(order_file: Path) -> None:
    """--order highlights the order's package states."""
    result = diagram("package", "--order", str(order_file))
    assert result.returncode == 0, result.stderr
    assert "class PENDING, IN_TRANSIT current" in result.stdout.decode()


def test_order_from_standard_input(order_file: Path) -> None:
    """--order - reads the order from standard input."""
    result = diagram("overview", "--order", "-", stdin=order_file.read_bytes())
    assert result.returncode == 0, result.stderr
    assert "class STARTED__PENDING current" in result.stdout.decode()


def test_unknown_machine_exits_2_naming_the_machines() -> None:
    """An unknown machine exits 2 with one line listing every machine."""
    assert ", ".join(MACHINES) in one_line_failure(diagram("shipping"))


def test_unknown_format_exits_2_naming_the_formats() -> None:
    """An unknown format exits 2 with one line listing every format."""
    assert "mermaid, dot, svg, png" in one_line_failure(diagram("--format", "gif"))


def test_an_order_that_is_not_an_order_exits_2(tmp_path: Path) -> None:
    """--order with JSON that is not an order exits 2 in one line."""
    path = tmp_path / "bad.json"
    path.write_text('{"data": {"order": "nope"}}', encoding="utf-8")
    one_line_failure(diagram("--order", str(path)))


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_images_without_graphviz_exit_2_saying_how_to_install(fmt: str) -> None:
    """Without dot, svg and png exit 2 with one line naming apt-get and brew."""
    line = one_line_failure(diagram("execution", "--format", fmt, env=no_graphviz()))
    assert "apt-get install graphviz" in line and "brew install graphviz" in line


@pytest.mark.parametrize(("fmt", "start"), [("mermaid", b"---"), ("dot", b"digraph")])
def test_text_formats_work_without_graphviz(fmt: str, start: bytes) -> None:
    """Without dot, Mermaid and DOT still work."""
    result = diagram("execution", "--format", fmt, env=no_graphviz())
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(start)


def test_all_writes_every_machine_and_prints_the_paths(tmp_path: Path) -> None:
    """--all --out DIR writes .mmd, .dot and .svg per machine, plus -forbidden variants."""
    require_dot()
    result = diagram("--all", "--out", str(tmp_path / "docs"))
    assert result.returncode == 0, result.stderr
    written = {Path(line).name for line in result.stdout.decode().splitlines()}
    refusing = ("execution", "cancellation", "refund", "overview")
    stems = [*MACHINES, *(f"{machine}-forbidden" for machine in refusing)]
    assert written == {f"{stem}.{ext}" for stem in stems for ext in ("mmd", "dot", "svg")}
    assert written == {path.name for path in (tmp_path / "docs").iterdir()}


def test_all_without_graphviz_writes_every_text_format_then_names_the_skipped(
    tmp_path: Path,
) -> None:
    """Without dot, --all writes each .mmd and .dot, says the .svg were skipped, exits 1."""
    result = diagram("--all", "--out", str(tmp_path), env=no_graphviz())
    stems = set(all_drawings())
    written = {Path(line).name for line in result.stdout.decode().splitlines()}
    assert written == {f"{stem}.{ext}" for stem in stems for ext in ("mmd", "dot")}
    assert written == {path.name for path in tmp_path.iterdir()}
    err = result.stderr.decode()
    assert result.returncode == 1 and err.count("\n") == 1
    assert err.startswith(f"orderguard: skipped {len(stems)} .svg files: SVG output needs")


@pytest.mark.parametrize("name", ["x.jpg", "x.PDF", "x.txt"])
def test_out_with_an_extension_it_cannot_write_exits_2(tmp_path: Path, name: str) -> None:
    """--out x.jpg without --format is refused in one line naming the extensions; no file."""
    line = one_line_failure(diagram("refund", "--out", str(tmp_path / name)))
    assert "cannot write a ." in line and ".mmd, .dot, .gv, .svg, .png" in line
    assert list(tmp_path.iterdir()) == []


def test_out_without_an_extension_or_with_format_writes_as_asked(tmp_path: Path) -> None:
    """--out without an extension writes Mermaid; --format decides whatever the extension."""
    assert diagram("refund", "--out", str(tmp_path / "refund")).returncode == 0
    assert (tmp_path / "refund").read_bytes().startswith(b"---")
    assert diagram("refund", "--format", "dot", "--out", str(tmp_path / "r.txt")).returncode == 0
    assert (tmp_path / "r.txt").read_bytes().startswith(b"digraph")


def test_a_file_that_cannot_be_written_is_named_without_errno(tmp_path: Path) -> None:
    """--out into a missing folder exits 2: 'cannot write PATH: reason', no [Errno N]."""
    target = tmp_path / "missing" / "x.mmd"
    line = one_line_failure(diagram("refund", "--out", str(target)))
    assert f"cannot write {target}: No such file or directory" in line and "Errno" not in line


@pytest.mark.parametrize(
    "args",
    [["--all"], ["--all", "--out", "x", "refund"], ["--all", "--out", "x", "--forbidden"]],
)
def test_all_misuse_exits_2(args: list[str]) -> None:
    """--all needs --out and takes no machine, format or --forbidden."""
    one_line_failure(diagram(*args))


def test_help_lists_machines_and_formats() -> None:
    """diagram --help names the machines and the formats."""
    result = diagram("--help")
    assert result.returncode == 0
    assert b"overview" in result.stdout and b"mermaid, dot, svg, png" in result.stdout


def test_demo_draws_its_orders_with_their_states(tmp_path: Path) -> None:
    """The demo's diagram scene saves each order's drawings, current state marked, and where."""
    lines: list[str] = []
    run_demo(tmp_path, lines.append)
    overview = (tmp_path / "diagram-in-transit-overview.mmd").read_text(encoding="utf-8")
    assert "class STARTED__IN_TRANSIT current" in overview
    refunds = (tmp_path / "diagram-refunds-refund.mmd").read_text(encoding="utf-8")
    assert "class PENDING, PARTIAL, SUCCESS current" in refunds
    assert f"  saved {tmp_path / 'diagram-refunds-refund.mmd'}" in lines
    if dot_or_none():
        assert (tmp_path / "diagram-cancelled-cancellation.svg").read_text().startswith("<?xml")


def test_demo_without_graphviz_still_writes_every_mermaid_drawing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without dot, the diagram scene says so once and still writes each order's Mermaid."""
    from orderguard.cli._demo_scenes import Stage, _diagrams

    monkeypatch.setenv("ORDERGUARD_DOT", str(tmp_path / "no-dot-here"))
    lines: list[str] = []
    _diagrams(Stage(tmp_path, lines.append))
    assert sum("no SVG" in line for line in lines) == 1
    assert len(list(tmp_path.glob("diagram-*.mmd"))) == 5
    assert list(tmp_path.glob("*.svg")) == []
