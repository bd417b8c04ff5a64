"""``orderguard serve`` as a user runs it, and the demo's session against its own emulator."""

from __future__ import annotations

import re
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from orderguard.cli._demo_scenes import Stage
from orderguard.cli._demo_session import client_session
from orderguard.cli._main import main
from orderguard.client import OrderClient
from orderguard.samples import create_variables

ADDRESS = re.compile(rb"at (http://127\.0\.0\.1:\d+)/graphql")


def read_line(stream: object, deadline: float) -> bytes:
    """One line of a subprocess pipe, failing the test if none comes before ``deadline``."""
    ready, _, _ = select.select([stream], [], [], max(deadline - time.monotonic(), 0))
    assert ready, "the server printed nothing in time"
    return stream.readline()  # type: ignore[attr-defined, no-any-return]


@pytest.fixture
def serving() -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """``orderguard serve --port 0 --seed 5`` running, and its base URL."""
    command = [sys.executable, "-m", "orderguard", "serve", "--port", "0", "--seed", "5"]
    proc = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
    try:
        found = ADDRESS.search(read_line(proc.stderr, time.monotonic() + 30))
        assert found, "the first line names the address"
        yield proc, found.group(1).decode()
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)
        assert proc.stderr is not None
        proc.stderr.close()


@pytest.mark.slow
def test_serve_logs_each_request_and_stops_on_ctrl_c(
    serving: tuple[subprocess.Popen[bytes], str],
) -> None:
    """The command serves the client, logs one line per request and exits 0 on SIGINT."""
    proc, url = serving
    with OrderClient(endpoint=f"{url}/graphql") as client:
        order_id = client.create_order(create_variables()).order_id
    assert order_id is not None and order_id.startswith("322-")
    line = read_line(proc.stderr, time.monotonic() + 10).decode()
    assert '"POST /graphql" 200 createOrder' in line and line.startswith("127.0.0.1 ")
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=10) == 0
    rest = proc.stderr.read().decode() if proc.stderr else ""
    assert "stopped" in rest and "Traceback" not in rest


@pytest.mark.slow
def test_serve_stops_on_sigterm(serving: tuple[subprocess.Popen[bytes], str]) -> None:
    """kill (SIGTERM) stops the server as cleanly as Ctrl-C."""
    proc, url = serving
    assert httpx.get(f"{url}/health").status_code == 200
    proc.terminate()
    assert proc.wait(timeout=10) == 0


def test_bad_arguments_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    """Unusable --faults or --port exit 2 with one line, before binding anything."""
    assert main(["serve", "--faults", "meteor=0.5"]) == 2
    assert main(["serve", "--port", "70000"]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 2 and all(line.startswith("orderguard: error:") for line in lines)


def test_demo_client_session(tmp_path: Path) -> None:
    """The demo's client scene refuses without sending, retries throttling, recovers by alias."""
    lines: list[str] = []
    client_session(Stage(tmp_path, lines.append))
    text = "\n".join(lines)
    assert "refused by the guard: OrderLinkLimitExceeded; requests the emulator received: 0" in text
    assert "ApiThrottlingError: retry 1" in text and "started after 2 attempts" in text
    assert "found by alias EXTERNAL_ID/order-2002-0" in text
    assert "orders the emulator holds: 2, no duplicate" in text
    log = (tmp_path / "emulator-requests.log").read_text()
    assert "connection dropped (lost response)" in log
