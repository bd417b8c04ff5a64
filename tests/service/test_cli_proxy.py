"""``orderguard proxy`` as a child process: where it binds, what it logs, what it never logs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from orderguard.cli._proxy import DEFAULT_LISTEN
from orderguard.emulator import EmulatorServer
from tests.helpers.cli import assert_one_line_failure, orderguard
from tests.helpers.http import reset_emulator, serve_emulator
from tests.service.support import CREATE, ORDER_FIELDS, basic, proxy_process, send

pytestmark = pytest.mark.slow

TOKEN = "Atza|client-access-token-0123456789"
SECRET = "event-shared-secret-9876"
PASSWORD = "basic-password-5555"


@pytest.fixture(scope="module")
def emulator() -> Iterator[EmulatorServer]:
    yield from serve_emulator()


def test_the_default_address_is_loopback() -> None:
    """Without --listen the proxy serves 127.0.0.1 only."""
    assert DEFAULT_LISTEN.startswith("127.0.0.1:")


def test_secrets_tokens_and_authorization_never_reach_any_log(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    """Requests with a bearer token and events with right and wrong secrets: none is logged."""
    reset_emulator(emulator)
    log = tmp_path / "decisions.jsonl"
    upstream = emulator.graphql_url.replace("http://", f"http://merchant:{PASSWORD}@")
    env = {"ORDERGUARD_EVENTS_SECRET": SECRET, "ORDERGUARD_EVENTS_BASIC": f"hooks:{PASSWORD}"}
    with proxy_process("--upstream", upstream, "--decision-log", str(log), env=env) as proxy:
        assert proxy.graphql_url.startswith("http://127.0.0.1:")
        body = {"query": CREATE % ORDER_FIELDS, "variables": {"input": {"lineItems": []}}}
        refused = send(proxy.graphql_url, body, {"authorization": f"Bearer {TOKEN}"})
        assert refused.json()["errors"][0]["extensions"]["refusedBy"] == "orderguard"
        events = f"{proxy.url}/v1/events"
        for headers in (
            {"x-api-key": SECRET},
            {"x-api-key": f"{SECRET}-wrong"},
            {"authorization": basic("hooks", PASSWORD)},
            {"authorization": basic("hooks", f"{PASSWORD}-wrong")},
            {"authorization": f"Bearer {TOKEN}"},
        ):
            httpx.post(events, json={"eventDescriptor": "X"}, headers=headers, timeout=30)
        status, stdout, stderr = proxy.stop()
    written = log.read_text()
    assert status == 0 and "stopped" in stderr
    assert "POST /v1/events" in stderr and "POST /graphql" in stderr
    assert json.loads(written.splitlines()[0])["allowed"] is False
    for text in (stdout, stderr, written):
        for secret in (TOKEN, SECRET, PASSWORD, "client-access-token", "Authorization"):
            assert secret not in text


def test_report_mode_and_the_upstream_are_named_at_start(emulator: EmulatorServer) -> None:
    """The first log line names the address, the upstream (without credentials) and the mode."""
    with proxy_process("--upstream", emulator.graphql_url, "--mode", "report") as proxy:
        first = proxy.stderr[0]
    assert f"-> {emulator.graphql_url}" in first
    assert "report mode" in first and "events off" in first


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--upstream", "http://x", "--listen", "nowhere"), "HOST:PORT"),
        (("--upstream", "http://x", "--mode", "loud"), "invalid choice"),
        (("--listen", "127.0.0.1:0"), "--upstream"),
    ],
)
def test_unusable_options_fail_in_one_line(args: tuple[str, ...], message: str) -> None:
    """A bad option is exit 2 with one line, before anything listens."""
    assert message in assert_one_line_failure(orderguard("proxy", *args))


def test_bad_basic_credentials_in_the_environment_fail_in_one_line() -> None:
    """ORDERGUARD_EVENTS_BASIC without a colon: exit 2, one line, the value not echoed."""
    result = orderguard_env({"ORDERGUARD_EVENTS_BASIC": "no-colon-secret"})
    line = assert_one_line_failure(result)
    assert "user:password" in line and "no-colon-secret" not in line


def orderguard_env(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``orderguard proxy`` with extra environment variables, in a child process."""
    return subprocess.run(
        [sys.executable, "-m", "orderguard", "proxy", "--upstream", "http://127.0.0.1:1/graphql"],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=60,
        check=False,
    )
