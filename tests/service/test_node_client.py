"""A client not written in Python: a Node.js script drives the Order API through the proxy.

Node runs on the development machines and in CI; without it the test skips locally (with the
reason) and fails under CI (``CI`` set), like the other real components.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from orderguard import samples
from orderguard.emulator import EmulatorServer
from tests.helpers.http import serve_emulator
from tests.service.support import graphql_sent, guarding

SCRIPT = Path(__file__).with_name("node") / "client.mjs"
NODE = shutil.which("node")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def emulator() -> Iterator[EmulatorServer]:
    yield from serve_emulator()


def node() -> str:
    """The ``node`` executable; skip locally without it, fail under CI."""
    if NODE is None:
        if os.environ.get("CI"):
            pytest.fail("node is not installed, and CI needs the Node.js client test")
        pytest.skip("node is not installed (the Node.js client test needs it)")
    return NODE


def test_a_node_client_creates_starts_and_is_refused_a_cancel(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    """Node's fetch: create and start are forwarded, the cancel of a shipped order refused."""
    variables = tmp_path / "create.json"
    variables.write_text(json.dumps(samples.create_variables(1, order_ref="node-1")))
    with guarding(emulator) as proxy:
        result = subprocess.run(
            [node(), str(SCRIPT), proxy.graphql_url, str(variables)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        answer = json.loads(result.stdout)
        assert answer["refused"]["errorType"] == "ValidationError"
        assert ("cancelOrder",) not in graphql_sent(emulator)
        outcomes = [(line["operation"], line["outcome"]) for line in proxy.decisions()]
        assert outcomes == [
            ("createOrder", "forwarded"),
            ("updateOrder", "forwarded"),
            ("cancelOrder", "refused"),
        ]
