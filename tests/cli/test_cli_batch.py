"""``orderguard check --batch``: JSON lines in, one answer each, in order, bad lines reported."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from orderguard import Guard, samples
from orderguard.enums import ApiVersion
from tests.helpers.cli import assert_one_line_failure, orderguard

pytestmark = pytest.mark.slow

JSON = dict[str, Any]

START = samples.update_variables("322-ABC1-AAAAAA", {"desiredExecutionState": "STARTED"})
CANCEL = {"orderIdentifier": {"orderId": "322-ABC1-AAAAAA"}}
ITEMS: tuple[JSON, ...] = (
    {"operation": "createOrder", "request": samples.create_variables(2)},
    {"operation": "createOrder", "request": samples.create_variables(1, links=6)},
    {"operation": "updateOrder", "request": START, "order": samples.order_json()},
    {
        "operation": "updateOrder",
        "request": START,
        "order": samples.order_json(packages=("IN_TRANSIT",), execution="STARTED"),
    },
    {"operation": "cancelOrder", "request": CANCEL, "order": samples.order_json()},
    {
        "operation": "cancelOrder",
        "request": CANCEL,
        "order": samples.order_json(packages=("DELIVERED",)),
    },
)
"""Allowed and refused requests of every mutation, with and without the order."""

UNUSABLE = {
    17: "not json at all",
    4_000: json.dumps({"operation": "createOrder"}),
    7_777: json.dumps({"operation": "order", "request": {}}),
    9_999: json.dumps({"operation": "updateOrder", "request": START, "order": {"id": []}}),
}
"""Line numbers (1-based) of lines that cannot be judged, and what they hold."""


def batch(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run ``orderguard check --batch ARGS`` in a child process."""
    return orderguard("check", "--batch", *args, stdin=stdin)


def expected(item: JSON, version: str = "2024-11-01") -> JSON:
    """What the answer line for ``item`` must be: its id, then the in-process decision."""
    decision = Guard(version).check(
        item["operation"], item["request"], item.get("order"), item.get("context")
    )
    return {"id": item.get("id"), **decision.to_json()}


def lines_of(result: subprocess.CompletedProcess[str]) -> list[JSON]:
    """Every stdout line of ``result``, decoded."""
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_ten_thousand_lines_answer_in_order_with_ids_and_the_bad_ones_reported(
    tmp_path: Path,
) -> None:
    """10,000 lines: one answer each in input order, ids echoed, the 4 unusable ones named."""
    rows: list[str] = []
    for number in range(1, 10_001):
        item = {"id": f"req-{number}", **ITEMS[number % len(ITEMS)]}
        rows.append(UNUSABLE.get(number) or json.dumps(item))
    source = tmp_path / "checks.jsonl"
    source.write_text("\n".join(rows) + "\n")
    result = batch(str(source))
    answers = lines_of(result)
    assert len(answers) == 10_000
    failures = {n: a for n, a in enumerate(answers, start=1) if "error" in a}
    assert sorted(failures) == sorted(UNUSABLE)
    assert failures[17] == {"id": None, "line": 17, "error": failures[17]["error"]}
    assert failures[4_000]["id"] is None and "request" in failures[4_000]["error"]
    assert "operation" in failures[7_777]["error"] and "order" in failures[9_999]["error"]
    for number in (1, 2, 3, 4, 5, 6, 5_000, 10_000):
        item = {"id": f"req-{number}", **ITEMS[number % len(ITEMS)]}
        assert answers[number - 1] == expected(item)
    assert [a["id"] for a in answers if "error" not in a] == [
        f"req-{n}" for n in range(1, 10_001) if n not in UNUSABLE
    ]
    assert result.returncode == 2
    assert "4 of 10000 lines could not be judged (the first: line 17)" in result.stderr


def test_every_line_judged_exits_0_whether_allowed_or_refused() -> None:
    """Allowed and refused lines alike are judged: exit 0, nothing on stderr."""
    stdin = "".join(json.dumps({"id": i, **item}) + "\n" for i, item in enumerate(ITEMS))
    result = batch("-", stdin=stdin)
    assert (result.returncode, result.stderr) == (0, "")
    answers = lines_of(result)
    assert [a["allowed"] for a in answers] == [True, False, True, False, True, False]
    assert answers == [expected({"id": i, **item}) for i, item in enumerate(ITEMS)]


def test_batch_answers_equal_single_checks(tmp_path: Path) -> None:
    """Each batch answer is the single ``check --format json`` object plus the echoed id."""
    stdin = "".join(json.dumps({"id": i, **item}) + "\n" for i, item in enumerate(ITEMS))
    answers = lines_of(batch(stdin=stdin))
    for index, item in enumerate(ITEMS):
        request, order = tmp_path / f"r{index}.json", tmp_path / f"o{index}.json"
        request.write_text(json.dumps(item["request"]))
        args = [item["operation"], "--request", str(request), "--format", "json"]
        if "order" in item:
            order.write_text(json.dumps(item["order"]))
            args += ["--order", str(order)]
        single = json.loads(orderguard("check", *args).stdout)
        assert answers[index] == {"id": index, **single}


def test_blank_lines_are_skipped_and_numbers_stay_physical() -> None:
    """Blank lines give no answer; an error names the line as counted in the input."""
    item = json.dumps({"id": "a", **ITEMS[0]})
    result = batch(stdin=f"\n{item}\n   \n{{bad\n\n")
    answers = lines_of(result)
    assert [a.get("line") for a in answers] == [None, 4]
    assert "2 lines" in result.stderr and "line 4" in result.stderr


def test_a_line_that_is_not_utf8_is_reported_and_the_rest_judged(tmp_path: Path) -> None:
    """Bytes that are not UTF-8 make that line unusable, not the batch."""
    good = json.dumps({"id": "ok", **ITEMS[0]}).encode()
    source = tmp_path / "mixed.jsonl"
    source.write_bytes(b'{"id": "\xff\xfe"}\n' + good + b"\n")
    answers = lines_of(batch(str(source)))
    assert answers[0]["line"] == 1 and "not JSON" in answers[0]["error"]
    assert answers[1] == expected({"id": "ok", **ITEMS[0]})


def test_an_unusable_line_echoes_the_id_it_carried() -> None:
    """A line with an id but a bad order answers with that id and the field at fault."""
    line = {"id": "bad-order", "operation": "cancelOrder", "request": CANCEL, "order": [1]}
    [answer] = lines_of(batch(stdin=json.dumps(line) + "\n"))
    assert answer["id"] == "bad-order" and answer["line"] == 1
    assert answer["error"].startswith("order")


def test_api_version_applies_to_every_line() -> None:
    """``--api-version 2024-04-01`` judges each line in that version's schema."""
    older = samples.update_variables(
        "322-ABC1-AAAAAA", {"desiredExecutionState": "STARTED"}, ApiVersion.V2024_04_01
    )
    stdin = "".join(
        json.dumps({"id": name, "operation": "updateOrder", "request": request}) + "\n"
        for name, request in (("older", older), ("newer", START))
    )
    answers = lines_of(batch("--api-version", "2024-04-01", stdin=stdin))
    assert [a["apiVersion"] for a in answers] == ["2024-04-01", "2024-04-01"]
    assert answers[0]["allowed"] is True
    assert answers[1]["allowed"] is False
    assert "SchemaError" in {v["errorType"] for v in answers[1]["violations"]}


def test_answers_stream_one_line_per_line_read() -> None:
    """Each answer is written before the next line is read, so the command works in a pipe."""
    command = [sys.executable, "-m", "orderguard", "check", "--batch"]
    pipe = subprocess.PIPE
    with subprocess.Popen(command, stdin=pipe, stdout=pipe, text=True) as process:
        assert process.stdin is not None and process.stdout is not None
        answers: queue.Queue[str] = queue.Queue()
        reader = threading.Thread(
            target=lambda: [answers.put(line) for line in process.stdout or ()]
        )
        reader.start()
        for index, item in enumerate(ITEMS[:3]):
            process.stdin.write(json.dumps({"id": index, **item}) + "\n")
            process.stdin.flush()
            assert json.loads(answers.get(timeout=30))["id"] == index
        process.stdin.close()
        reader.join(timeout=30)
    assert process.returncode == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("createOrder", "--batch"), "drop OPERATION"),
        (("--batch", "-", "--request", "r.json"), "drop --request"),
        (("--batch", "-", "--api-version", "1999-01-01"), "1999-01-01"),
    ],
)
def test_batch_with_single_check_options_fails_in_one_line(
    args: tuple[str, ...], message: str
) -> None:
    """--batch with OPERATION, a file option or an unknown version is unusable: exit 2."""
    assert message in assert_one_line_failure(orderguard("check", *args))


def test_an_unreadable_batch_file_fails_in_one_line(tmp_path: Path) -> None:
    """A batch file that cannot be opened: exit 2, one line naming it, nothing judged."""
    assert "cannot read" in assert_one_line_failure(batch(str(tmp_path / "missing.jsonl")))


def test_check_without_operation_or_batch_fails_in_one_line() -> None:
    """``check`` with neither OPERATION nor --batch says what it needs."""
    assert "OPERATION and --request" in assert_one_line_failure(orderguard("check"))
