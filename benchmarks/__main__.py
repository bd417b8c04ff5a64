"""Run every benchmark and print one table: ``python -m benchmarks`` (``make bench``)."""

from __future__ import annotations

import platform
import sys

from benchmarks import bench_policies, bench_statemachine
from benchmarks._harness import Row, print_table

SUITES = (bench_statemachine, bench_policies)
"""Each suite module has ``rows() -> list[Row]``."""


def main() -> int:
    """Measure every suite, then print the table."""
    print(f"orderguard benchmarks on Python {platform.python_version()}, {platform.machine()}")
    rows: list[Row] = []
    for suite in SUITES:
        print(f"  running {suite.__name__.rsplit('.', 1)[-1]} ...", file=sys.stderr, flush=True)
        rows.extend(suite.rows())
    print_table(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
