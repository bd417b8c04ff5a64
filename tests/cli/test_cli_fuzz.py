"""Fuzzing ``orderguard check``: any files, any options give exit 0, 1 or 2, never a crash.

In-process (``main``) for speed: what a child process adds (flushing at exit, the terminal)
is covered by ``test_cli_input_limits``. Exit 2 must be one line on standard error that is not
the "internal error" of an unexpected exception; 0 and 1 print a decision and nothing else.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from orderguard import samples
from orderguard.cli import main
from tests.helpers.strategies import json_values

NASTY_TEXTS = st.sampled_from(
    [
        "[" * 1200 + "]" * 1200,
        '{"a": ' * 150 + "1" + "}" * 150,
        '{"input": ' + "9" * 5000 + "}",
        '{"input": NaN}',
        '"\\ud800"',
        '{"input": {"lineItems": "\\u0000\\u001b[2J"}}',
        "",
        "\ufeff{}",
        "{" * 50,
        '{"a": 1e999999}',
    ]
)
"""Texts that broke the command before: nesting, long integers, constants, escapes."""

KINDS = ("sample", "sample", "mutated", "mutated", "mutated", "json", "nasty", "bytes")
"""The kinds of file content, weighted towards usable ones (so all three exits occur)."""

STRINGS = st.text(st.characters(codec=None, categories=None), max_size=40) | st.just("\ud800")


def mutated(payload: Any, data: st.DataObject) -> Any:
    """``payload`` with one value somewhere replaced by arbitrary JSON (or a nasty string)."""
    if not isinstance(payload, dict | list) or not payload or data.draw(st.integers(0, 3)) == 0:
        return data.draw(json_values(6) | STRINGS)
    keys = list(payload) if isinstance(payload, dict) else list(range(len(payload)))
    key = data.draw(st.sampled_from(keys))
    copy = dict(payload) if isinstance(payload, dict) else list(payload)
    copy[key] = mutated(payload[key], data)  # type: ignore[index]
    return copy


def file_contents(data: st.DataObject, sample: str) -> bytes:
    """What one input file holds: the sample, a mutated one, any JSON, nasty text, any bytes."""
    kind = data.draw(st.sampled_from(KINDS))
    if kind == "sample":
        return samples.request_path(sample).read_bytes()
    if kind == "mutated":
        text = json.dumps(mutated(samples.load_request(sample), data))
    elif kind == "json":
        text = json.dumps(data.draw(json_values() | STRINGS))
    elif kind == "nasty":
        text = data.draw(NASTY_TEXTS)
    else:
        return data.draw(st.binary(max_size=64))
    return text.encode("utf-8", "surrogatepass")


REQUESTS = {
    "createOrder": "create-valid",
    "updateOrder": "update-start",
    "cancelOrder": "update-start",
}


@settings(
    max_examples=150,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    deadline=None,
)
@given(data=st.data())
def test_check_never_crashes(data: st.DataObject, capsys: pytest.CaptureFixture[str]) -> None:
    """Any request, order and context files give exit 0/1 with output, or 2 in one line."""
    operation = data.draw(st.sampled_from(sorted(REQUESTS)))
    with tempfile.TemporaryDirectory() as folder:
        args = ["check", operation]
        for option, sample in (
            ("--request", REQUESTS[operation]),
            ("--order", "order-in-transit"),
            ("--context", "create-valid.context"),
        ):
            if option == "--request" or data.draw(st.booleans()):
                path = Path(folder) / f"{option[2:]}.json"
                path.write_bytes(file_contents(data, sample))
                args += [option, str(path)]
        args += ["--format", data.draw(st.sampled_from(["text", "json"]))]
        args += ["--api-version", data.draw(st.sampled_from(["2024-11-01", "2024-04-01"]))]
        capsys.readouterr()
        status = main(args)
    out, err = capsys.readouterr()
    event(f"exit {status}")
    assert status in (0, 1, 2)
    if status == 2:
        assert out == "" and err.count("\n") == 1 and err.startswith("orderguard: error: ")
        assert "internal error" not in err, err
    else:
        assert err == "" and out
        if "--format" in args and args[args.index("--format") + 1] == "json":
            assert json.loads(out)["allowed"] is (status == 0)
