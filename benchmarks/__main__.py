"""Run the benchmarks and print one table: ``python -m benchmarks`` (``make bench``).

``--quick`` runs every row briefly (a smoke test: the figures mean nothing); ``--json FILE``
also saves the run; ``--markdown FILE`` prints a saved run as the README's Markdown table;
``--only TOPIC`` runs one suite. Each suite module has ``TOPIC`` and ``rows(budget)``; the
store's intake and claim rows run on their own: ``python -m benchmarks.bench_store``.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
from collections.abc import Sequence
from typing import Any

from benchmarks import bench_policies, bench_service, bench_startup, bench_statemachine
from benchmarks._harness import FULL, QUICK, Budget, Row, markdown_table, print_table
from benchmarks._harness import read_json as read_run
from benchmarks._harness import write_json as write_run

SUITES = (bench_statemachine, bench_policies, bench_startup, bench_service)
"""Every suite, in the order the table lists them."""


def _about(budget: Budget) -> dict[str, Any]:
    """What a saved run records beside its rows."""
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "quick": budget.quick,
        "rounds": budget.rounds,
    }


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a few short rounds (smoke test)")
    parser.add_argument("--json", metavar="FILE", help="also save the run as JSON")
    parser.add_argument("--markdown", metavar="FILE", help="print a saved run as Markdown")
    parser.add_argument(
        "--only", metavar="TOPIC", choices=[s.TOPIC for s in SUITES], help="run one suite"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Measure every suite (or print a saved run), then print the table."""
    args = _parser().parse_args(argv)
    if args.markdown:
        print(markdown_table(read_run(args.markdown)[1]))
        return 0
    budget = QUICK if args.quick else FULL
    about = _about(budget)
    print(
        f"orderguard benchmarks: Python {about['python']} on {about['machine']}, "
        f"{about['cpus']} CPUs, {budget.rounds} interleaved rounds, medians"
        + (" (--quick: figures are not meaningful)" if budget.quick else "")
    )
    rows: list[Row] = []
    for suite in SUITES:
        if args.only in (None, suite.TOPIC):
            print(f"  measuring {suite.TOPIC} ...", file=sys.stderr, flush=True)
            rows.extend(suite.rows(budget))
    print_table(rows)
    if args.json:
        write_run(args.json, rows, about)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
