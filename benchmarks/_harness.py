"""A tiny benchmark harness: best-of-N timings, memory per object, and the printed table.

Every measured row carries its floor, measured in the same run on the same machine, and the
ratio to it; the target is printed beside it. Nothing here asserts: benchmarks report, the test
suite decides pass/fail on behaviour only.
"""

from __future__ import annotations

import gc
import timeit
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Row:
    """One line of the table: a measurement, its floor, and the target ratio."""

    topic: str
    what: str
    value: float
    unit: str
    floor_what: str = ""
    floor: float | None = None
    target: float | None = None

    @property
    def ratio(self) -> float | None:
        """value / floor, when there is a floor."""
        return None if not self.floor else self.value / self.floor

    @property
    def verdict(self) -> str:
        """'ok' when the ratio meets the target, 'MISS' otherwise, '' without a target."""
        if self.target is None or self.ratio is None:
            return ""
        return "ok" if self.ratio <= self.target else "MISS"


def ns_per_call(stmt: str, env: dict[str, Any], number: int = 200_000, repeat: int = 7) -> float:
    """Best-of-``repeat`` nanoseconds per execution of ``stmt`` (a timeit statement)."""
    timer = timeit.Timer(stmt, globals=env)
    timer.timeit(number // 10)  # warm up caches and specialising interpreter paths
    return min(timer.repeat(repeat=repeat, number=number)) / number * 1e9


def us_per_call(func: Callable[[], object], number: int = 2_000, repeat: int = 5) -> float:
    """Best-of-``repeat`` microseconds per call of ``func``."""
    timer = timeit.Timer(func)
    timer.timeit(max(1, number // 10))
    return min(timer.repeat(repeat=repeat, number=number)) / number * 1e6


def bytes_per_object(build: Callable[[int], list[Any]], count: int) -> float:
    """Bytes allocated per object when ``build(count)`` makes ``count`` of them."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    kept = build(count)
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del kept
    gc.collect()
    return (after - before) / count


def print_table(rows: list[Row]) -> None:
    """Print the rows as an aligned text table (the README records one run of it)."""
    header = ("topic", "measured", "value", "floor (same run)", "floor value", "ratio", "target")
    lines = [header]
    for row in rows:
        floor = f"{row.floor:,.1f} {row.unit}" if row.floor else ""
        ratio = f"{row.ratio:.2f}x" if row.ratio is not None else ""
        target = f"<= {row.target:g}x {row.verdict}" if row.target is not None else ""
        lines.append(
            (
                row.topic,
                row.what,
                f"{row.value:,.1f} {row.unit}",
                row.floor_what,
                floor,
                ratio,
                target,
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    for line in lines:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        )
