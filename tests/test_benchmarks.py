"""Tests of the benchmark harness: every DESIGN §8 row is printed with its floor and a ratio.

No timing is asserted: ``--quick`` figures mean nothing; the rows, floors and verdicts must exist.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

from benchmarks import __main__ as bench
from benchmarks._harness import Row, interleave, write_json
from benchmarks.bench_statemachine import BareOrder, BarePackage
from orderguard.statemachine import OrderSnapshot
from orderguard.statemachine.records import PackageSnapshot

ROOT = Path(__file__).resolve().parents[1]

TARGET_ROWS = {
    "may this order start?": 3,
    "memory per tracked order from an order query": 2,
    "pre-flight of a maximal createOrder": 1.15,
    "pre-flight of a typical createOrder": 1.5,
    "orderguard --version": 5,
    "one orderguard check": 1.5,
    "10,000 lines through check --batch": 2,
    "10,000 lines through the batch loop": 2,
}
"""The start of each DESIGN §8 row that has code today, and its target ratio."""


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, object]]:
    """One ``python -m benchmarks --quick --json FILE`` run: its stdout and its saved JSON."""
    saved = tmp_path_factory.mktemp("bench") / "run.json"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--json", str(saved)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout, json.loads(saved.read_text())


@pytest.mark.slow
def test_quick_run_prints_every_design_row_with_floor_ratio_and_verdict(
    quick_run: tuple[str, dict[str, object]],
) -> None:
    """Each §8 row with code is printed once with a floor value, a ratio, its target, a verdict."""
    stdout, _ = quick_run
    lines = stdout.splitlines()
    for start, target in TARGET_ROWS.items():
        matching = [line for line in lines if start in line]
        assert len(matching) == 1, start
        pattern = rf"\d[\d,.]* \w+ .+ \d[\d,.]* \w+ +\d[\d,.]*x +<= {target:g}x (PASS|FAIL)$"
        assert re.search(pattern, matching[0]), matching[0]


@pytest.mark.slow
def test_quick_run_saves_the_same_rows_as_json(quick_run: tuple[str, dict[str, object]]) -> None:
    """--json saves every printed row with floor, ratio, target and verdict, marked quick."""
    stdout, saved = quick_run
    assert saved["quick"] is True
    rows = saved["rows"]
    assert isinstance(rows, list) and rows
    for row in rows:
        # An overhead is a difference: the proxy refusing a call can beat the upstream doing it.
        assert row["floor"] > 0 and (row["ratio"] > 0 or "overhead" in row["what"])
        assert row["verdict"] in ("PASS", "FAIL", "info")
        assert (row["target"] is None) == (row["verdict"] == "info")
        assert row["what"] in stdout
    targets = {row["what"]: row["target"] for row in rows if row["target"] is not None}
    assert len(targets) == len(TARGET_ROWS)


def test_markdown_renders_a_saved_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--markdown FILE prints one table row per saved row, with floor, ratio and verdict."""
    rows = [Row("t", "may start", 2e-8, "attribute read", 5e-9, "ns", 3, 3)]
    saved = tmp_path / "run.json"
    write_json(str(saved), rows, {"quick": False})
    assert bench.main(["--markdown", str(saved)]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[2] == "| may start | 20.0 ns | attribute read 5.0 ns | 4.00x | <= 3x FAIL |"


def test_rounds_interleave_floor_first_and_report_medians() -> None:
    """interleave runs floor, subject, floor, subject, ... and returns each side's median."""
    calls: list[str] = []
    floors, subjects = iter([1.0, 9.0, 2.0]), iter([10.0, 30.0, 20.0])

    def floor() -> float:
        calls.append("floor")
        return next(floors)

    def subject() -> float:
        calls.append("subject")
        return next(subjects)

    assert interleave(floor, subject, 3) == (2.0, 20.0)
    assert calls == ["floor", "subject"] * 3


def test_memory_floor_records_have_the_snapshots_own_fields() -> None:
    """The bare records hold exactly the fields OrderSnapshot and PackageSnapshot hold."""
    assert set(BareOrder.__slots__) == {f.name for f in attrs.fields(OrderSnapshot)}
    assert set(BarePackage.__slots__) == {f.name for f in attrs.fields(PackageSnapshot)}
