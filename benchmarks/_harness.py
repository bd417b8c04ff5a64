"""The benchmark harness: paired measurements, the rows they make, the table and the JSON.

DESIGN §8's rules, applied to every row: the floor is measured in the same run as the subject,
in interleaved rounds (floor, subject, floor, subject, ...) so both see the same machine load,
and each side reports the median of its rounds. A ``Probe`` is one round of one side: a function
returning one measurement (seconds per call, bytes per object, seconds of wall time).

In-process rows count the CPU time of this thread (:data:`CLOCK`), so a round during which
another process held the CPU is not charged for the wait (the development machines are shared);
start-up rows count wall time, which is what a shell user waits for.

Nothing here asserts a timing: benchmarks report, the test suite decides on behaviour only.
"""

from __future__ import annotations

import gc
import json
import resource
import statistics
import subprocess
import time
import timeit
import tracemalloc
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs

CLOCK = time.thread_time
"""The in-process clock: CPU seconds of this thread."""

Probe = Callable[[], float]
"""One round of one side of a row: returns one measurement."""

UNITS = {
    "ms": (1e3, "ms"),
    "us": (1e6, "us"),
    "ns": (1e9, "ns"),
    "B": (1.0, "B"),
    "MB": (1e-6, "MB"),
}
"""A row's display unit: the factor from its raw measurement (seconds or bytes) and the label."""


@attrs.frozen
class Budget:
    """How long to measure: the full run (``make bench``) or the smoke test (``--quick``)."""

    quick: bool
    rounds: int
    """Interleaved rounds of the in-process timings (each side gets this many)."""
    round_seconds: float
    """Roughly how long one round of one side runs."""
    memory_orders: int
    """How many orders the memory rows build per round."""
    memory_rounds: int
    process_runs: int
    """Child processes per side of a start-up row."""


FULL = Budget(
    quick=False,
    rounds=41,
    round_seconds=0.02,
    memory_orders=50_000,
    memory_rounds=3,
    process_runs=21,
)
QUICK = Budget(
    quick=True, rounds=3, round_seconds=0.002, memory_orders=300, memory_rounds=1, process_runs=2
)


@attrs.frozen
class Row:
    """One line of the table: the subject, its floor from the same run, and the target ratio."""

    topic: str
    what: str
    value: float
    """The subject's median, in the raw unit (seconds or bytes)."""
    floor_what: str
    floor: float
    unit: str
    """The display unit, a key of :data:`UNITS`."""
    target: float | None = None
    """The ratio DESIGN §8 asks for (``None``: reported for information)."""
    rounds: int = 0

    @property
    def ratio(self) -> float:
        """value / floor."""
        return self.value / self.floor if self.floor else float("inf")

    @property
    def verdict(self) -> str:
        """``PASS`` when the ratio meets the target, ``FAIL`` when not, ``info`` without one."""
        if self.target is None:
            return "info"
        return "PASS" if self.ratio <= self.target else "FAIL"

    def shown(self, raw: float) -> str:
        """``raw`` in the row's display unit, e.g. ``38.7 ns``."""
        factor, label = UNITS[self.unit]
        return f"{raw * factor:,.1f} {label}"

    def to_json(self) -> dict[str, Any]:
        """The row as a JSON object (raw values, and the display forms the table prints)."""
        data = attrs.asdict(self)
        data.update(ratio=round(self.ratio, 3), verdict=self.verdict)
        data.update(shown_value=self.shown(self.value), shown_floor=self.shown(self.floor))
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Row:
        """A row saved by :meth:`to_json`."""
        fields = ("topic", "what", "value", "floor_what", "floor", "unit", "target", "rounds")
        return cls(**{name: data[name] for name in fields})


def interleave(floor: Probe, subject: Probe, rounds: int) -> tuple[float, float]:
    """Medians of ``floor`` and ``subject`` over ``rounds`` alternating rounds, floor first.

    Each round starts from a collected heap, so one side does not pay for the other's garbage.
    """
    floors, subjects = [], []
    for _ in range(rounds):
        gc.collect()
        floors.append(floor())
        gc.collect()
        subjects.append(subject())
    return statistics.median(floors), statistics.median(subjects)


def paired_row(
    topic: str,
    what: str,
    floor_what: str,
    probes: tuple[Probe, Probe],
    *,
    unit: str,
    rounds: int,
    target: float | None = None,
) -> Row:
    """Measure ``(floor, subject)`` probes interleaved and make their row."""
    floor, value = interleave(*probes, rounds)
    return Row(topic, what, value, floor_what, floor, unit, target, rounds)


def calls_per_round(func: Callable[[], object], budget: Budget) -> int:
    """How many calls of ``func`` fill one round of the budget (after one warm-up call)."""
    start = CLOCK()
    func()
    once = max(CLOCK() - start, 1e-9)
    return max(1, int(budget.round_seconds / once))


def statement_probe(stmt: str, env: dict[str, Any], number: int, unroll: int = 10) -> Probe:
    """Seconds per execution of ``stmt``, written ``unroll`` times per loop to dwarf the loop."""
    timer = timeit.Timer("; ".join([stmt] * unroll), timer=CLOCK, globals=env)
    timer.timeit(max(1, number // 10))  # warm the specialising interpreter
    return lambda: timer.timeit(number) / (number * unroll)


def call_probe(func: Callable[[], object], calls: int) -> Probe:
    """Seconds per call of ``func``, over ``calls`` calls."""

    def probe() -> float:
        start = CLOCK()
        for _ in range(calls):
            func()
        return (CLOCK() - start) / calls

    return probe


def pool_probe(func: Callable[[Any], object], pool: Sequence[Any], calls: int) -> Probe:
    """Seconds per ``func(item)``, cycling through ``pool`` (distinct inputs: nothing cached)."""
    items = [pool[i % len(pool)] for i in range(calls)]

    def probe() -> float:
        start = CLOCK()
        for item in items:
            func(item)
        return (CLOCK() - start) / calls

    return probe


def memory_probe(build: Callable[[int], object], count: int) -> Probe:
    """Bytes still allocated per object after ``build(count)`` made (and kept) ``count`` of them.

    Whatever ``build`` allocates and frees on the way (the JSON an object is parsed from) is not
    counted; what the result keeps alive is.
    """

    def probe() -> float:
        gc.collect()
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            kept = build(count)
            after = tracemalloc.get_traced_memory()[0]
        finally:
            tracemalloc.stop()
        del kept
        gc.collect()
        return (after - before) / count

    return probe


def print_table(rows: Iterable[Row]) -> None:
    """Print the rows as an aligned text table."""
    header = ("topic", "measured", "value", "floor (same run)", "floor value", "ratio", "target")
    lines = [header, *(_cells(row) for row in rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    for line in lines:
        cells = zip(line, widths, strict=True)
        print("  ".join(cell.ljust(width) for cell, width in cells).rstrip())


def _cells(row: Row) -> tuple[str, ...]:
    target = f"<= {row.target:g}x {row.verdict}" if row.target is not None else "info"
    return (
        row.topic,
        row.what,
        row.shown(row.value),
        row.floor_what,
        row.shown(row.floor),
        f"{row.ratio:.2f}x",
        target,
    )


def markdown_table(rows: Iterable[Row]) -> str:
    """The rows as the Markdown table the README records."""
    lines = ["| measured | value | floor (same run) | ratio | target |", "|---|---|---|---|---|"]
    for row in rows:
        target = f"<= {row.target:g}x {row.verdict}" if row.target is not None else ""
        lines.append(
            f"| {row.what} | {row.shown(row.value)} | {row.floor_what} {row.shown(row.floor)} "
            f"| {row.ratio:.2f}x | {target} |"
        )
    return "\n".join(lines)


def write_json(path: str, rows: Sequence[Row], about: dict[str, Any]) -> None:
    """Save one run: ``about`` (machine, Python, budget) and every row."""
    document = {**about, "rows": [row.to_json() for row in rows]}
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(document, handle, indent=2)
        handle.write("\n")


def read_json(path: str) -> tuple[dict[str, Any], list[Row]]:
    """A run saved by :func:`write_json`: its ``about`` fields and its rows."""
    with open(path, encoding="utf-8") as handle:
        document = json.load(handle)
    rows = [Row.from_json(row) for row in document.pop("rows")]
    return document, rows


class ProcessProbe:
    """A probe running ``command`` once per call: returns its wall seconds, keeps its CPU seconds.

    Wall time is what a shell user waits for; the child's CPU time (user + system, from
    ``RUSAGE_CHILDREN``) is the same run's figure with other processes' load taken out.
    """

    def __init__(self, command: Sequence[str], env: Mapping[str, str]) -> None:
        self.command, self.env = list(command), dict(env)
        self.cpu: list[float] = []

    def __call__(self) -> float:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(
            self.command,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        return wall
