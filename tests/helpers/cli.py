"""Running the ``orderguard`` command in a child process, for the CLI tests."""

from __future__ import annotations

import os
import subprocess
import sys


def orderguard(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run ``python -m orderguard ARGS`` in a child process."""
    env = {k: v for k, v in os.environ.items() if k != "ORDERGUARD_TRACEBACK"}
    return subprocess.run(
        [sys.executable, "-m", "orderguard", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def assert_one_line_failure(result: subprocess.CompletedProcess[str]) -> str:
    """Exit 2, nothing on stdout, one stderr line, no traceback; return that line."""
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("orderguard: error: ")
    return result.stderr
