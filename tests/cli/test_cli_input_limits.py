"""``orderguard check`` on hostile input, as a child process: each case exits 2 in one line.

Deep nesting, huge integers, endless devices, a named pipe nobody writes to, a directory, NaN,
files over the size cap; and values that cannot be printed as they are (a lone surrogate,
terminal escapes, an ASCII-only standard output), which are escaped in a rejection (exit 1).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from orderguard import samples
from orderguard.api.schema import MAX_TEXT
from orderguard.cli._input import MAX_DEPTH, MAX_INPUT_ENV, MAX_INTEGER_DIGITS
from tests.helpers.cli import assert_one_line_failure, orderguard

pytestmark = pytest.mark.slow


def written(tmp_path: Path, name: str, content: str | bytes) -> str:
    """The path of a new file ``name`` in ``tmp_path`` holding ``content``."""
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return str(path)


def with_email(email: str) -> str:
    """createOrder variables (JSON text) whose customer has the e-mail address ``email``."""
    variables = samples.create_variables(1)
    variables["input"]["customer"]["contact"]["emailData"]["email"] = email
    return json.dumps(variables)


def check(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m orderguard check ARGS`` with extra environment variables."""
    base = {k: v for k, v in os.environ.items() if k != "ORDERGUARD_TRACEBACK"}
    return subprocess.run(
        [sys.executable, "-m", "orderguard", "check", *args],
        capture_output=True,
        text=True,
        env=base | (env or {}),
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[" * 1000 + "]" * 1000, f"nested 1000 levels deep; at most {MAX_DEPTH}"),
        ("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), f"nested {MAX_DEPTH + 1} levels"),
        ('{"a": ' + "9" * 5000 + "}", f"an integer of 5,000 digits; at most {MAX_INTEGER_DIGITS}"),
        ('{"a": -' + "9" * 4301 + "}", "an integer of 4,301 digits"),
        ('{"a": NaN}', "NaN is not a JSON number"),
        ('{"a": -Infinity}', "-Infinity is not a JSON number"),
        ("", "is empty"),
        ("   \n", "is empty"),
        (b"\xff\xfe{}", "not UTF-8 text (byte 0xff at offset 0)"),
        ('["' + 'a\\"[' * 1_000_000, "is not JSON: Unterminated string"),
    ],
    ids=[
        "deep",
        "one-too-deep",
        "long-int",
        "long-negative",
        "nan",
        "infinity",
        "empty",
        "blank",
        "not-utf8",
        "unterminated",
    ],
)
def test_unparseable_json_exits_2_naming_the_problem(
    tmp_path: Path, content: str | bytes, message: str
) -> None:
    """Nesting, integers, constants and encodings beyond the limits exit 2 in one line."""
    path = written(tmp_path, "request.json", content)
    line = assert_one_line_failure(check("createOrder", "--request", path))
    assert message in line and path in line


def test_brackets_inside_strings_do_not_count_as_nesting(tmp_path: Path) -> None:
    """A string full of brackets is a string: the request is judged, not refused."""
    path = written(tmp_path, "request.json", with_email("{[" * 2500 + "]}"))
    result = check("createOrder", "--request", path)
    assert result.returncode == 1 and "InvalidShopperContactInput" in result.stdout


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_endless_devices_exit_2_at_the_size_cap(device: str) -> None:
    """/dev/zero and /dev/urandom are read up to the cap, then refused in one line."""
    if not os.path.exists(device):
        pytest.skip(f"{device} does not exist here")
    line = assert_one_line_failure(check("createOrder", "--request", device))
    assert f"{device} is larger than 8,388,608 bytes" in line and MAX_INPUT_ENV in line


def test_standard_input_is_capped_too() -> None:
    """Standard input larger than the cap is refused in one line naming the variable."""
    stdin = json.dumps({"input": {"note": "x" * 2000}})
    result = orderguard("check", "createOrder", "--request", "-", stdin=stdin)
    assert result.returncode == 1  # under the default cap: judged
    capped = subprocess.run(
        [sys.executable, "-m", "orderguard", "check", "createOrder", "--request", "-"],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, MAX_INPUT_ENV: "1000"},
        timeout=60,
        check=False,
    )
    assert "standard input is larger than 1,000 bytes" in assert_one_line_failure(capped)


def test_the_cap_is_configurable(tmp_path: Path) -> None:
    """ORDERGUARD_MAX_INPUT_BYTES lowers the cap; a value that is not a size exits 2."""
    path = str(samples.request_path("create-valid"))
    small = check("createOrder", "--request", path, env={MAX_INPUT_ENV: "100"})
    assert "is larger than 100 bytes" in assert_one_line_failure(small)
    bad = check("createOrder", "--request", path, env={MAX_INPUT_ENV: "lots"})
    assert "must be a positive number of bytes, not 'lots'" in assert_one_line_failure(bad)
    assert check("createOrder", "--request", path, env={MAX_INPUT_ENV: "100000"}).returncode == 0


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_named_pipe_without_writer_exits_2_at_once(tmp_path: Path) -> None:
    """A FIFO nothing writes to is empty input, not a hang (the child's timeout would fail)."""
    fifo = tmp_path / "request.fifo"
    os.mkfifo(fifo)
    line = assert_one_line_failure(check("createOrder", "--request", str(fifo)))
    assert "is empty (a named pipe that nothing writes to)" in line


def test_a_directory_exits_2_saying_so(tmp_path: Path) -> None:
    """A directory given as a file exits 2 naming it, without Python's errno text."""
    line = assert_one_line_failure(check("createOrder", "--request", str(tmp_path)))
    assert f"{tmp_path} is a directory, not a JSON file" in line and "Errno" not in line


def test_a_context_whose_token_outlives_the_calendar_exits_2(tmp_path: Path) -> None:
    """tokenLifetimeSeconds of 10**14 is unusable context: exit 2 naming it (item 1)."""
    request = str(samples.request_path("create-valid"))
    context = written(tmp_path, "context.json", json.dumps({"tokenLifetimeSeconds": 10**14}))
    line = assert_one_line_failure(check("createOrder", "--request", request, "--context", context))
    assert "is not a context: tokenLifetimeSeconds:" in line and "internal error" not in line


@pytest.mark.parametrize(
    ("email", "shown"),
    [
        ("\ud800@x", "\\ud800@x"),
        ("\x1b[2J@x", "\\x1b[2J@x"),
        ("jörg\u200b", "jörg\\u200b"),
    ],
    ids=["lone-surrogate", "terminal-escape", "zero-width-space"],
)
def test_unprintable_values_are_escaped_in_text(tmp_path: Path, email: str, shown: str) -> None:
    """A rejected value that cannot be printed as it is appears escaped; exit 1, not 2."""
    path = written(tmp_path, "request.json", with_email(email))
    result = check("createOrder", "--request", path)
    assert (result.returncode, result.stderr) == (1, "")
    assert f"found:      {shown}" in result.stdout and "\x1b" not in result.stdout


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_an_ascii_only_standard_output_still_prints_everything(tmp_path: Path, fmt: str) -> None:
    """With PYTHONIOENCODING=ascii, non-ASCII values are escaped; JSON stays valid JSON."""
    path = written(tmp_path, "request.json", with_email("jörg\ud800"))
    result = check(
        "createOrder", "--request", path, "--format", fmt, env={"PYTHONIOENCODING": "ascii"}
    )
    assert (result.returncode, result.stderr) == (1, "")
    if fmt == "json":
        [violation] = json.loads(result.stdout)["violations"]
        assert violation["message"] == "'jörg\\ud800' is not an e-mail address"
    else:
        assert "found:      j\\xf6rg\\ud800" in result.stdout


def test_a_lone_surrogate_in_json_output_is_valid_json(tmp_path: Path) -> None:
    """On a UTF-8 output, JSON holding a lone surrogate is written with ASCII escapes."""
    path = written(tmp_path, "request.json", with_email("\ud800"))
    result = check("createOrder", "--request", path, "--format", "json")
    assert result.returncode == 1, result.stderr
    assert json.loads(result.stdout)["violations"][0]["name"] == "InvalidShopperContactInput"


def test_a_huge_bad_value_is_echoed_cut_in_the_middle(tmp_path: Path) -> None:
    """A long bad e-mail gives a short text rejection that says how much it left out (item 3).

    As long as a string may be (``MAX_TEXT``): a longer one is refused by the schema instead.
    """
    path = written(tmp_path, "request.json", with_email("x" * MAX_TEXT))
    result = check("createOrder", "--request", path)
    assert result.returncode == 1, result.stderr
    assert len(result.stdout) < 3000 and "characters left out)" in result.stdout
    assert "' is not an e-mail address" in " ".join(result.stdout.split())  # its end survives


def closed_pipe_run(*args: str) -> subprocess.CompletedProcess[bytes]:
    """Run ``orderguard ARGS`` with a standard output whose reader has already gone."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(
            [sys.executable, "-m", "orderguard", *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            timeout=60,
            check=False,
        )
    finally:
        os.close(write_end)


@pytest.mark.parametrize(
    "args",
    [["errors"], ["errors", "--format", "json"], ["check", "createOrder", "--request", "-"]],
    ids=["errors", "errors-json", "check"],
)
def test_a_closed_pipe_ends_quietly(args: list[str]) -> None:
    """`orderguard errors | head`: no message, exit 141 (128 + SIGPIPE) like standard tools."""
    if args[0] == "check":
        args = [*args[:-1], str(samples.request_path("create-valid"))]
    result = closed_pipe_run(*args)
    assert (result.returncode, result.stderr) == (141, b"")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["createOrder", "--reqest", "x.json"],
            "unrecognized option '--reqest'; did you mean '--request'?",
        ),
        (
            ["createOrder", "--request", "x.json", "--formt", "json"],
            "'--formt'; did you mean '--format'?",
        ),
        (["createOrder", "--zzz"], "unrecognized option '--zzz' (see"),
    ],
    ids=["misspelt-required", "misspelt-optional", "unknown"],
)
def test_a_misspelt_option_is_named_not_a_missing_one(args: list[str], message: str) -> None:
    """A misspelt option is reported as such, with the nearest real one (item 8)."""
    line = assert_one_line_failure(check(*args))
    assert message in line and "required" not in line


def test_abbreviated_options_still_work() -> None:
    """An unambiguous prefix (--req) is the option it abbreviates, as argparse allows."""
    result = check("createOrder", "--req", str(samples.request_path("create-valid")))
    assert result.returncode == 0, result.stderr


def violations_of(result: subprocess.CompletedProcess[str]) -> list[dict[str, Any]]:
    document: dict[str, Any] = json.loads(result.stdout)
    return list(document["violations"])


def test_an_update_without_the_order_says_what_it_did_not_check() -> None:
    """Text: the verdict is followed by the rules that need --order (item 7)."""
    result = check("updateOrder", "--request", str(samples.request_path("update-start")))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1] == (
        "  not checked without --order: execution_start, refund_transitions,"
    )


def test_an_orderguard_only_refusal_has_a_name_in_json(tmp_path: Path) -> None:
    """JSON: a cancel refused by orderguard's own rule has errorCode null and its name."""
    order = written(
        tmp_path, "order.json", json.dumps(samples.order_json(packages=("IN_TRANSIT",)))
    )
    request = written(
        tmp_path, "cancel.json", '{"orderIdentifier": {"orderId": "322-ABC1-AAAAAA"}}'
    )
    result = check("cancelOrder", "--request", request, "--order", order, "--format", "json")
    assert result.returncode == 1
    [violation] = violations_of(result)
    assert (violation["errorCode"], violation["name"]) == (
        None,
        "CancellationRequiresPendingPackages",
    )
    assert json.loads(result.stdout)["skipped"] == []
