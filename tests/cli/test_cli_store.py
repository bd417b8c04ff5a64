"""``orderguard events apply`` and ``orderguard orders record|show|history`` (DESIGN §7)."""

from __future__ import annotations

import io
import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from orderguard.cli._main import main
from orderguard.enums import ApiVersion
from orderguard.samples import order_json
from tests.helpers.cli import assert_one_line_failure, orderguard
from tests.store.support import SQL_BACKENDS, fresh_url, package_event, refund_event

JSON = dict[str, Any]


@pytest.fixture(params=SQL_BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh store: a SQLite file, or a PostgreSQL schema of its own."""
    with fresh_url(request.param, tmp_path) as made:
        yield made


def run(capsys: pytest.CaptureFixture[str], *args: str, stdin: str = "") -> tuple[int, str, str]:
    """``orderguard ARGS`` in this process: exit status, stdout, stderr."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("sys.stdin", io.StringIO(stdin))
        status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def lines(*events: JSON | str) -> str:
    return "".join((e if isinstance(e, str) else json.dumps(e)) + "\n" for e in events)


def test_events_apply_prints_one_outcome_per_event(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each event gives {orderId, eventId, outcome, detail}; a redelivery is duplicate."""
    shipped = package_event("O-1", "P1", "IN_TRANSIT", "k-1")
    stdin = lines(shipped, shipped, refund_event("O-1", "R1", "k-2"))
    status, out, err = run(capsys, "events", "apply", "--store", url, stdin=stdin)
    assert (status, err) == (0, "")
    assert [json.loads(line) for line in out.splitlines()] == [
        {"orderId": "O-1", "eventId": "k-1", "outcome": "applied", "detail": ""},
        {
            "orderId": "O-1",
            "eventId": "k-1",
            "outcome": "duplicate",
            "detail": "delivery already seen",
        },
        {"orderId": "O-1", "eventId": "k-2", "outcome": "applied", "detail": ""},
    ]


def test_bad_lines_are_reported_and_the_rest_applied(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not JSON (or beyond bounds), not an event, refused by apply_event: {"line", "error"}, 1."""
    no_refund = refund_event("O-1", "R1", "k-3")
    no_refund["resources"], no_refund["data"] = [], {"order": {"id": "O-1"}}
    source = tmp_path / "events.jsonl"
    source.write_text(
        lines(
            package_event("O-1", "P1", "IN_TRANSIT", "k-1"),
            "{not json",
            "",
            {"eventDescriptor": "PACKAGE_DELIVERED", "data": {}},
            no_refund,
            package_event("O-1", "P1", "DELIVERED", "k-2"),
            "[" * 5000 + "]" * 5000,
            '{"eventId": ' + "9" * 5000 + "}",
        )
    )
    status, out, _ = run(capsys, "events", "apply", "--store", url, str(source))
    results = [json.loads(line) for line in out.splitlines()]
    assert status == 1
    assert [r.get("line") for r in results] == [None, 2, 4, 5, None, 7, 8]
    assert "not JSON" in results[1]["error"] and "order.id" in results[2]["error"]
    assert "nested 5000 levels" in results[5]["error"] and "5,000 digits" in results[6]["error"]
    assert "REFUND_REQUESTED names no refund ID" in results[3]["error"]
    assert [r.get("outcome") for r in results[::4]] == ["applied", "applied"]


def test_redelivery_in_a_later_run_is_duplicate(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The delivery keys persist: the same file applied again is all duplicate."""
    stdin = lines(*(package_event(f"O-{n}", "P1", "DELIVERED", f"k-{n}") for n in range(3)))
    run(capsys, "events", "apply", "--store", url, stdin=stdin)
    status, out, _ = run(capsys, "events", "apply", "--store", url, stdin=stdin)
    assert status == 0
    assert {json.loads(line)["outcome"] for line in out.splitlines()} == {"duplicate"}


@pytest.mark.parametrize("version", list(ApiVersion))
@pytest.mark.parametrize("wrapped", [True, False], ids=["whole-response", "bare-order"])
def test_orders_record_then_show(
    url: str, version: ApiVersion, wrapped: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    """record takes either version, bare or wrapped; show prints 2024-11-01 names + version."""
    response = order_json("O-1", execution="STARTED", packages=("IN_TRANSIT",), version=version)
    document = response if wrapped else response["data"]["order"]
    status, out, _ = run(capsys, "orders", "record", "--store", url, stdin=json.dumps(document))
    assert status == 0 and json.loads(out)["version"] == 1
    status, out, _ = run(capsys, "orders", "show", "O-1", "--store", url)
    shown = json.loads(out)
    assert status == 0 and shown["version"] == 1 and shown["id"] == "O-1"
    assert shown["metadata"]["executionState"] == "STARTED"
    assert shown["packageInformation"]["summary"] == {"state": "IN_TRANSIT"}
    assert shown["packageInformation"]["details"][0]["id"] == "pkg-0"
    assert set(shown) >= {"aliases", "orderLinks", "cancellations", "refunds"}


def test_shown_order_records_into_another_store(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What show prints is an order-query response: record takes it, and shows it alike."""
    response = order_json("O-1", execution="STARTED", packages=("IN_TRANSIT", "DELIVERED"))
    run(capsys, "orders", "record", "--store", url, stdin=json.dumps(response))
    _, shown, _ = run(capsys, "orders", "show", "O-1", "--store", url)
    other = f"sqlite:///{tmp_path / 'other.db'}"
    status, _, err = run(capsys, "orders", "record", "--store", other, stdin=shown)
    assert status == 0, err
    _, shown_again, _ = run(capsys, "orders", "show", "O-1", "--store", other)
    assert json.loads(shown_again) == json.loads(shown)


def test_orders_record_never_regresses(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    """An older order query recorded after a delivery event keeps the package DELIVERED."""
    run(
        capsys,
        "events",
        "apply",
        "--store",
        url,
        stdin=lines(package_event("O-1", "pkg-0", "DELIVERED", "k")),
    )
    run(capsys, "orders", "record", "--store", url, stdin=json.dumps(order_json("O-1")))
    _, out, _ = run(capsys, "orders", "show", "O-1", "--store", url)
    assert json.loads(out)["packageInformation"]["details"][0]["state"] == "DELIVERED"


def test_orders_history_is_json_lines_oldest_first(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """history: one JSON object per entry, oldest first, each with what moved."""
    run(capsys, "orders", "record", "--store", url, stdin=json.dumps(order_json("O-1")))
    run(
        capsys,
        "events",
        "apply",
        "--store",
        url,
        stdin=lines(package_event("O-1", "pkg-0", "IN_TRANSIT", "k")),
    )
    status, out, _ = run(capsys, "orders", "history", "O-1", "--store", url)
    entries = [json.loads(line) for line in out.splitlines()]
    assert status == 0 and [e["source"] for e in entries] == ["response", "event"]
    assert entries[1]["changes"] == [
        {"what": "package pkg-0", "from": "PENDING", "to": "IN_TRANSIT"}
    ]
    assert entries[0]["seq"] < entries[1]["seq"]


@pytest.mark.parametrize("command", ["show", "history"])
def test_unknown_order_exits_1_with_one_line(
    url: str, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """An order the store does not hold: exit 1, nothing on stdout, one line on stderr."""
    status, out, err = run(capsys, "orders", command, "O-404", "--store", url)
    assert (status, out) == (1, "") and err.count("\n") == 1 and "O-404" in err


def test_unusable_response_exits_2(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A document that is not an order: exit 2, one line naming the missing field."""
    status, out, err = run(capsys, "orders", "record", "--store", url, stdin='{"data": {}}')
    assert (status, out) == (2, "") and "data.order" in err and err.count("\n") == 1


def test_unreachable_store_is_one_line_without_the_password() -> None:
    """A real `orderguard` run against a closed port: exit 2, one line, password hidden."""
    result = orderguard(
        "orders", "show", "O-1", "--store", "postgresql://bob:pa55w0rd@127.0.0.1:1/x"
    )
    line = assert_one_line_failure(result)
    assert "127.0.0.1:1/x as bob" in line and "pa55w0rd" not in line


def test_events_apply_default_store_is_orderguard_db(tmp_path: Path) -> None:
    """Without --store the events go to ./orderguard.db, read back by orders show."""
    source = tmp_path / "e.jsonl"
    source.write_text(lines(package_event("O-1", "P1", "IN_TRANSIT", "k")))

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "orderguard", *args]
        return subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)

    assert cli("events", "apply", str(source)).returncode == 0
    shown = cli("orders", "show", "O-1")
    assert shown.returncode == 0 and json.loads(shown.stdout)["version"] == 1
    assert (tmp_path / "orderguard.db").is_file()


def test_corrupt_order_row_fails_only_its_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A corrupt stored order: its events are error lines, the others applied, exit 1."""
    url = f"sqlite:///{tmp_path / 'store.db'}"
    run(
        capsys,
        "events",
        "apply",
        "--store",
        url,
        stdin=lines(package_event("O-1", "P1", "IN_TRANSIT", "k-0")),
    )
    with sqlite3.connect(tmp_path / "store.db") as conn:
        conn.execute("UPDATE og_orders SET snapshot = '[]' WHERE order_id = 'O-1'")
    stdin = lines(
        package_event("O-1", "P1", "DELIVERED", "k-1"),
        package_event("O-2", "P1", "DELIVERED", "k-2"),
    )
    status, out, _ = run(capsys, "events", "apply", "--store", url, stdin=stdin)
    results = [json.loads(line) for line in out.splitlines()]
    assert status == 1 and results[0]["line"] == 1 and "corrupt" in results[0]["error"]
    assert results[1]["outcome"] == "applied"
