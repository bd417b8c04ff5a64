"""``orderguard check`` through a child process: exit codes, both formats, stdin, bad input."""

from __future__ import annotations

import json
import subprocess

import pytest

from orderguard.samples import request_path
from tests.helpers.cli import assert_one_line_failure, orderguard

VALID, LINKS = request_path("create-valid"), request_path("create-too-many-links")
CONTEXT = request_path("create-valid.context")
START, IN_TRANSIT = request_path("update-start"), request_path("order-in-transit")
TWICE = request_path("update-duplicate-refund")

pytestmark = pytest.mark.slow


def check(*args: object, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run ``python -m orderguard check ARGS`` in a child process."""
    return orderguard("check", *map(str, args), stdin=stdin)


def test_allowed_request_exits_0() -> None:
    """A valid createOrder with its context is allowed: exit 0 and a one-line verdict."""
    result = check("createOrder", "--request", VALID, "--context", CONTEXT)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "createOrder (2024-11-01): allowed, 0 violations\n"


def test_allowed_request_in_json_is_one_object() -> None:
    """The JSON form of an allowed request is one object with no violations."""
    result = check("createOrder", "--request", VALID, "--context", CONTEXT, "--format", "json")
    assert result.returncode == 0
    assert json.loads(result.stdout) == {
        "operation": "createOrder",
        "apiVersion": "2024-11-01",
        "allowed": True,
        "violations": [],
        "skipped": [],
    }


def test_rejected_request_exits_1_with_the_violation_in_json() -> None:
    """An update sending one refund twice exits 1 with exactly the documented JSON shape."""
    result = check("updateOrder", "--request", TWICE, "--order", IN_TRANSIT, "--format", "json")
    assert result.returncode == 1
    document = json.loads(result.stdout)
    assert list(document) == ["operation", "apiVersion", "allowed", "violations", "skipped"]
    assert document["allowed"] is False
    [violation] = document["violations"]
    assert list(violation) == [
        "errorType",
        "errorCode",
        "name",
        "path",
        "message",
        "suggestedAction",
        "severity",
    ]
    assert (violation["errorType"], violation["errorCode"], violation["path"]) == (
        "ValidationError",
        "DuplicateRefundId",
        "input.refunds.details[1].id",
    )


def test_rejected_request_in_text_gives_a_block_with_the_action() -> None:
    """The text form names the code and path, why, and what to do."""
    result = check("updateOrder", "--request", START, "--order", IN_TRANSIT)
    assert result.returncode == 1
    assert result.stdout.startswith("updateOrder (2024-11-01): REJECTED, 1 violation\n\n")
    assert "ValidationError/ExecutionAlreadyStarted at input.desiredExecutionState" in result.stdout
    assert "what to do: Stop sending desiredExecutionState STARTED" in result.stdout


def test_request_may_come_from_standard_input() -> None:
    """``--request -`` reads the variables from standard input."""
    result = check("createOrder", "--request", "-", "--format", "json", stdin=LINKS.read_text())
    assert result.returncode == 1
    assert json.loads(result.stdout)["violations"][0]["errorCode"] == "OrderLinkLimitExceeded"


def test_order_may_come_from_standard_input_bare() -> None:
    """``--order -`` reads the order; a bare order object works like a whole response."""
    bare = json.dumps(json.loads(IN_TRANSIT.read_text())["data"]["order"])
    result = check("updateOrder", "--request", START, "--order", "-", stdin=bare)
    assert result.returncode == 1


def test_schema_misfit_is_a_rejection_not_unusable_input() -> None:
    """A JSON object that misfits the schema exits 1 with SchemaError violations and paths."""
    result = check("createOrder", "--request", "-", "--format", "json", stdin='{"input": {}}')
    assert result.returncode == 1
    violations = json.loads(result.stdout)["violations"]
    assert [(v["errorType"], v["errorCode"], v["path"]) for v in violations] == [
        ("SchemaError", None, "input.lineItems"),
        ("SchemaError", None, "input.customer"),
    ]


def test_the_api_version_changes_the_spelling_expected() -> None:
    """A 2024-11-01 request checked as 2024-04-01 misfits (AMAZON is not a provider there)."""
    result = check("createOrder", "--request", VALID, "--api-version", "2024-04-01")
    assert result.returncode == 1
    assert "SchemaError at input.lineItems[0].selectedDeliveryOffer.details" in result.stdout


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["createOrder", "--request", "missing.json"], "", "cannot read missing.json"),
        (["createOrder", "--request", "-"], "{not json", "standard input is not JSON"),
        (["createOrder", "--request", "-"], "[1, 2]", "not a JSON object of GraphQL variables"),
        (["deleteOrder", "--request", VALID], "", "'deleteOrder' is not a mutation"),
        (["order", "--request", VALID], "", "'order' is not a mutation"),
        (["updateOrder", "--request", START, "--order", VALID], "", "is not an order: id"),
        (["updateOrder", "--request", START, "--order", "-"], '{"data": {}}', "is not an order"),
        (["createOrder", "--request", VALID, "--context", IN_TRANSIT], "", "is not a context"),
        (["createOrder", "--request", VALID, "--api-version", "2023-01-01"], "", "unknown API"),
        (["createOrder", "--request", "-", "--order", "-"], "{}", "only one of --request"),
        (["createOrder"], "", "--request"),
    ],
    ids=[
        "missing-file",
        "not-json",
        "not-an-object",
        "unknown-operation",
        "a-query",
        "order-not-an-order",
        "empty-envelope",
        "bad-context",
        "unknown-version",
        "two-stdins",
        "no-request",
    ],
)
def test_unusable_input_exits_2_with_one_line(args: list[object], stdin: str, message: str) -> None:
    """Unusable input exits 2 with one line on stderr saying what is wrong, no traceback."""
    assert message in assert_one_line_failure(check(*args, stdin=stdin))
