"""``orderguard serve --port 0 --ready-json`` as a script runs it: the port read from stdout."""

from __future__ import annotations

import contextlib
import json
import select
import subprocess
import sys

import httpx
import pytest

from orderguard.cli._main import main
from orderguard.emulator._server import MAX_CONNECTIONS


def test_ready_json_names_the_bound_port() -> None:
    """The first stdout line is JSON with host and port; the server answers there; TERM stops it."""
    command = [sys.executable, "-m", "orderguard", "serve", "--port", "0", "--ready-json"]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdout is not None
    try:
        ready, _, _ = select.select([proc.stdout], [], [], 30)
        assert ready, "serve printed no ready line"
        listening = json.loads(proc.stdout.readline())
        assert listening["host"] == "127.0.0.1" and listening["port"] > 0
        assert listening["graphql_url"] == f"{listening['url']}/graphql"
        url = f"http://{listening['host']}:{listening['port']}/health"
        assert httpx.get(url, timeout=10).json()["status"] == "ok"
        proc.terminate()
        assert proc.wait(timeout=10) == 0
        assert proc.stdout.read() == b"", "the ready line is the only stdout output"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
        proc.stdout.close()


def test_serve_help_names_the_connection_cap(capsys: pytest.CaptureFixture[str]) -> None:
    """--help documents --ready-json and the emulator's real default connection cap."""
    with contextlib.suppress(SystemExit):
        main(["serve", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--ready-json" in text and f"(default {MAX_CONNECTIONS})" in text
    assert main(["serve", "--max-connections", "0"]) == 2
