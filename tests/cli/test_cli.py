"""Tests of the ``orderguard`` command: subcommands, help, version, start-up, clean failures."""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from orderguard import __version__, samples
from orderguard.cli._demo_scenes import SCENES, run_demo
from orderguard.cli._main import COMMANDS, Command, main
from orderguard.cli._util import EXIT_UNUSABLE, Parser, UsageError, read_json, run
from orderguard.errors import PayloadError, RetryPolicy
from tests.helpers.cli import assert_one_line_failure, orderguard
from tests.helpers.seed import SEED_ROWS


@pytest.mark.slow
@pytest.mark.parametrize(
    ("code", "meaning"),
    [
        ("DuplicateRefundId", "same refund ID"),
        ("ExecutionAlreadyStarted", "already in transit"),
    ],
)
def test_explain_prints_the_entry(code: str, meaning: str) -> None:
    """explain prints operation, type, code, meaning, what to do and retry policy."""
    result = orderguard("explain", code.lower())
    assert result.returncode == 0, result.stderr
    for text in ("updateOrder", "ValidationError", code, meaning, "what to do:", "do-not-retry"):
        assert text in result.stdout


@pytest.mark.slow
def test_explain_unknown_code_fails_in_one_line_with_near_matches() -> None:
    """An unknown code exits 2 with one stderr line naming close catalog names."""
    line = assert_one_line_failure(orderguard("explain", "DuplicateRefundID2"))
    assert "DuplicateRefundId" in line


@pytest.mark.slow
def test_errors_json_lists_every_seed_row() -> None:
    """errors --format json is one object whose entries cover every seed row with its policy."""
    result = orderguard("errors", "--format", "json")
    assert result.returncode == 0, result.stderr
    entries = json.loads(result.stdout)["errors"]
    listed = {(e["operation"], e["errorType"], e["errorCode"]): e for e in entries}
    for row in SEED_ROWS:
        entry = listed[(row.operation.value, row.error_type, row.code)]
        assert RetryPolicy(entry["retryPolicy"])


@pytest.mark.slow
def test_version() -> None:
    """--version prints the package name and version."""
    result = orderguard("--version")
    assert (result.returncode, result.stdout) == (0, f"orderguard {__version__}\n")


@pytest.mark.slow
@pytest.mark.parametrize("command", [[], ["explain"], ["errors"], ["demo"]])
def test_help_everywhere(command: list[str]) -> None:
    """--help works on the command and every subcommand."""
    result = orderguard(*command, "--help")
    assert result.returncode == 0
    assert result.stdout.startswith(f"usage: orderguard {' '.join(command)}".rstrip())


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [[], ["bogus"], ["explain"], ["errors", "--format", "xml"], ["errors", "--operation", "nope"]],
)
def test_usage_errors_fail_in_one_line(args: list[str]) -> None:
    """A missing or bad argument exits 2 with one stderr line, not argparse's usage block."""
    assert "--help" in assert_one_line_failure(orderguard(*args))


@pytest.mark.slow
def test_demo_plays_and_saves(tmp_path: Path) -> None:
    """demo plays every scene and saves the sample response under --out."""
    result = orderguard("demo", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("== ") == len(SCENES)
    assert json.loads((tmp_path / "out" / "sample-error-response.json").read_text())["errors"]


def test_errors_text_marks_orderguards_own_names(capsys: pytest.CaptureFixture[str]) -> None:
    """The text table shows N/A for codeless API rows and [brackets] for orderguard's names."""
    assert main(["errors", "--operation", "cancelorder"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["OPERATION", "TYPE", "CODE", "RETRY"]
    assert any("[CancellationRequiresPendingPackages]" in line for line in lines)
    assert all(line.startswith("cancelOrder") for line in lines[1:])


def test_explain_filters_by_operation(capsys: pytest.CaptureFixture[str]) -> None:
    """explain --operation keeps that operation's entries and refuses a code it lacks."""
    assert main(["explain", "ThrottlingError", "--operation", "order"]) == 0
    assert capsys.readouterr().out.count("retry:") == 1
    assert main(["explain", "DuplicateRefundId", "--operation", "createOrder"]) == EXIT_UNUSABLE
    assert "only of updateOrder" in capsys.readouterr().err


def test_every_command_module_registers_a_handler() -> None:
    """Each module in COMMANDS adds a subcommand that sets a handler."""
    parser = Parser(prog="t")
    subparsers = parser.add_subparsers()
    for command in COMMANDS:
        command.register(subparsers)
    assert set(subparsers.choices) == {
        *("check", "explain", "errors", "diagram", "demo", "samples", "serve", "events", "orders"),
        "proxy",
    }
    assert all(callable(p.get_default("handler")) for p in subparsers.choices.values())


def parser_raising(error: BaseException) -> Parser:
    """A parser whose only handler raises ``error``."""

    def handler(args: argparse.Namespace) -> int:
        raise error

    parser = Parser(prog="t")
    parser.set_defaults(handler=handler)
    return parser


@pytest.mark.parametrize(
    "error",
    [
        PayloadError("order", []),
        UsageError("bad\ninput"),
        FileNotFoundError(2, "No such file"),
        RuntimeError("bug"),
        KeyboardInterrupt(),
    ],
)
def test_failures_become_one_line(error: BaseException, capsys: pytest.CaptureFixture[str]) -> None:
    """Library, usage, OS and unexpected errors all give exit 2 and one stderr line."""
    assert run(parser_raising(error), []) == EXIT_UNUSABLE
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("orderguard: error: ")


def test_traceback_env_lets_bugs_through(monkeypatch: pytest.MonkeyPatch) -> None:
    """With ORDERGUARD_TRACEBACK=1 an unexpected exception propagates for debugging."""
    monkeypatch.setenv("ORDERGUARD_TRACEBACK", "1")
    with pytest.raises(RuntimeError, match="bug"):
        run(parser_raising(RuntimeError("bug")), [])


def test_read_json_reads_files_and_stdin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """read_json parses a file, and standard input for '-'."""
    path = tmp_path / "v.json"
    path.write_text('{"input": {}}', encoding="utf-8")
    assert read_json(str(path)) == {"input": {}}
    monkeypatch.setattr(sys, "stdin", io.StringIO("[1, 2]"))
    assert read_json("-") == [1, 2]


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "cannot read"), (b"{nope", "is not JSON"), (b"\xff\xfe", "is not JSON")],
)
def test_read_json_failures_are_usage_errors(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    """A missing, non-JSON or non-UTF-8 file is a UsageError naming the file."""
    path = tmp_path / "in.json"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(UsageError, match=message) as caught:
        read_json(str(path))
    assert str(path) in str(caught.value)


def test_demo_scenes_run_in_order(tmp_path: Path) -> None:
    """run_demo numbers the scenes in registration order and saves files only under out."""
    lines: list[Any] = []
    run_demo(tmp_path / "demo", lines.append)
    titles = [line for line in lines if str(line).startswith("== ")]
    assert titles == [f"== {n}. {s.title} ==" for n, s in enumerate(SCENES, start=1)]
    names = sorted(p.name for p in (tmp_path / "demo").iterdir())
    assert [name for name in names if not name.startswith("diagram-")] == [
        "check-start-in-transit.order.json",
        "check-start-in-transit.request.json",
        "emulator-requests.log",
        "orders.db",
        "sample-error-response.json",
    ]


def test_help_lists_every_command_with_its_help_line(capsys: pytest.CaptureFixture[str]) -> None:
    """orderguard --help names every command of COMMANDS beside its help line."""
    assert main(["--help"]) == 0
    lines = capsys.readouterr().out.splitlines()
    for command in COMMANDS:
        assert any(line.split() == [command.name, *command.help.split()] for line in lines)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: command.name)
def test_a_command_loaded_on_demand_has_its_complete_help(
    command: Command, capsys: pytest.CaptureFixture[str]
) -> None:
    """COMMAND --help, loaded when chosen, prints what the eagerly registered parser prints."""
    assert main([command.name, "--help"]) == 0
    lazy = capsys.readouterr().out
    subparsers = Parser(prog="orderguard").add_subparsers()
    command.register(subparsers)
    eager = subparsers.choices[command.name]
    assert eager.description and lazy == eager.format_help()


IMPORTED_AFTER = """
import sys
from orderguard.cli import main
main(sys.argv[1:])
print(" ".join(sorted(sys.modules)))
"""
"""A child's script: run ``orderguard ARGS``, then print every module it imported."""


def modules_imported_by(*args: str, tmp_path: Path) -> set[str]:
    """The modules a fresh interpreter has imported after running ``orderguard ARGS``."""
    done = subprocess.run(
        [sys.executable, "-c", IMPORTED_AFTER, *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return set(done.stdout.splitlines()[-1].split())


@pytest.mark.slow
def test_version_imports_no_command_and_no_pydantic(tmp_path: Path) -> None:
    """orderguard --version loads no subcommand module, no checker and no pydantic."""
    modules = modules_imported_by("--version", tmp_path=tmp_path)
    assert not {c.module for c in COMMANDS} & modules
    assert not {"pydantic", "orderguard.api", "orderguard.policies"} & modules


@pytest.mark.slow
def test_check_imports_only_the_check_command(tmp_path: Path) -> None:
    """orderguard check loads its own module, not the diagram, demo or emulator code."""
    request = tmp_path / "request.json"
    request.write_text(json.dumps(samples.create_variables(2)), encoding="utf-8")
    modules = modules_imported_by(
        "check", "createOrder", "--request", str(request), tmp_path=tmp_path
    )
    assert "orderguard.cli._check" in modules
    others = {c.module for c in COMMANDS if c.name != "check"}
    assert not (others | {"orderguard.diagrams", "orderguard.emulator"}) & modules


@pytest.mark.slow
def test_import_orderguard_is_light_and_its_names_load_on_use(tmp_path: Path) -> None:
    """import orderguard loads no pydantic; orderguard.Guard and its subpackages load on use."""
    script = (
        "import sys, orderguard\n"
        "light = 'pydantic' not in sys.modules\n"
        "from orderguard import Guard, OrderSnapshot\n"
        "print(light, repr(Guard), orderguard.policies.Decision.__name__, OrderSnapshot.__name__)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert done.stdout.split() == [
        "True",
        "<class",
        "'orderguard.Guard'>",
        "Decision",
        "OrderSnapshot",
    ]
