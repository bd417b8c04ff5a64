"""Start-up rows: ``orderguard --version`` and one ``orderguard check``, in child processes.

Each side is a child process timed by wall clock, the sides interleaved run by run; an info
row beside each gives the same runs' CPU time (steadier on a shared machine). The children
run with bytecode cached in a temporary folder (``PYTHONPYCACHEPREFIX``), as after
``pip install``, whatever ``PYTHONDONTWRITEBYTECODE`` this shell sets; one warm-up run of each
side fills the cache before the timed runs.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from benchmarks._harness import Budget, ProcessProbe, Row, paired_row
from orderguard import samples

TOPIC = "start-up"
PYDANTIC_CLI = Path(__file__).with_name("pydantic_cli.py")


def orderguard_command() -> list[str]:
    """How users start orderguard: the console script beside this Python, else ``-m``."""
    script = Path(sys.executable).with_name("orderguard")
    return [str(script)] if script.exists() else [sys.executable, "-m", "orderguard"]


def child_environment(cache: str) -> dict[str, str]:
    """This environment, with bytecode written to (and read from) ``cache``."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = cache
    return env


def _expect(command: Sequence[str], env: Mapping[str, str], output: str) -> None:
    """Run ``command`` once (the warm-up); stop unless it exits 0 printing ``output``."""
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0 or output not in done.stdout:
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr.strip() or done.stdout}")


def rows(budget: Budget) -> list[Row]:
    """``--version`` against ``python -c pass``; ``check`` against a minimal pydantic CLI."""
    orderguard = orderguard_command()
    with tempfile.TemporaryDirectory(prefix="orderguard-bench-") as folder:
        env = child_environment(str(Path(folder) / "pycache"))
        request = Path(folder) / "create-2-lines.json"
        request.write_text(json.dumps(samples.create_variables(lines=2)), encoding="utf-8")
        pairs = (
            (
                "orderguard --version",
                "python -c pass",
                [sys.executable, "-c", "pass"],
                [*orderguard, "--version"],
                ("", "orderguard "),
                5,
            ),
            (
                "one orderguard check createOrder --request FILE (2 lines)",
                "minimal pydantic CLI validating FILE",
                [sys.executable, str(PYDANTIC_CLI), str(request)],
                [*orderguard, "check", "createOrder", "--request", str(request)],
                ("valid", "allowed"),
                1.5,
            ),
        )
        made = []
        for what, floor_what, floor, subject, outputs, target in pairs:
            _expect(floor, env, outputs[0])
            _expect(subject, env, outputs[1])
            probes = (ProcessProbe(floor, env), ProcessProbe(subject, env))
            wall = paired_row(
                TOPIC,
                what,
                floor_what,
                probes,
                unit="ms",
                rounds=budget.process_runs,
                target=target,
            )
            cpu = Row(
                TOPIC,
                "same, CPU time of the child (user + system)",
                statistics.median(probes[1].cpu),
                floor_what,
                statistics.median(probes[0].cpu),
                "ms",
                None,
                budget.process_runs,
            )
            made += [wall, cpu]
    return made
