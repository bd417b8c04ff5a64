"""Tests of ``Decision.skipped``: the rules that could not run without the order or the context."""

from __future__ import annotations

import pytest

from orderguard import Guard, samples
from orderguard.api import dialect_for
from orderguard.enums import Operation
from orderguard.policies import Checker, Context, FunctionRule, default_rules
from orderguard.policies.rules import NEEDS, REGISTRY, Need, RuleEntry
from orderguard.statemachine import OrderSnapshot

DIALECT = dialect_for("2024-11-01")
ORDER = samples.order_json()
START = samples.update_variables("322-ABC1-AAAAAA", {"desiredExecutionState": "STARTED"})
CANCEL = {"orderIdentifier": {"orderId": "322-ABC1-AAAAAA"}}
SNAPSHOT_RULES = ("execution_start", "refund_transitions", "refund_request_reason")
CONTEXT_RULES = (
    "token_expiry",
    "prime_membership",
    "preview_address",
    "known_address",
    "preview_offers",
    "inventory",
)


def test_an_update_without_the_order_names_the_rules_that_need_it() -> None:
    """updateOrder without a snapshot is allowed, and skipped names the snapshot's rules."""
    decision = Guard().check_update(START, None)
    assert decision.allowed and decision.skipped == SNAPSHOT_RULES
    assert decision.to_json()["skipped"] == list(SNAPSHOT_RULES)
    assert Guard().check_update(START, ORDER).skipped == ()


def test_a_cancel_without_the_order_skips_its_precondition() -> None:
    """cancelOrder without a snapshot skips cancel_precondition; with one, nothing is skipped."""
    assert Guard().check_cancel(CANCEL, None).skipped == ("cancel_precondition",)
    assert Guard().check_cancel(CANCEL, ORDER).skipped == ()


def test_a_create_without_context_names_the_context_rules() -> None:
    """createOrder without a context skips the rules that judge it against merchant facts."""
    variables = samples.create_variables(1)
    assert Guard().check_create(variables).skipped == CONTEXT_RULES
    assert Guard().check_create(variables, Context()).skipped == ()


def test_disabled_rules_are_not_reported_as_skipped() -> None:
    """A rule switched off is neither run nor listed as skipped."""
    guard = Guard(disabled=["execution_start"])
    assert "execution_start" not in guard.check_update(START, None).skipped


def test_a_merchants_rule_declares_what_it_needs() -> None:
    """A FunctionRule with needs={Need.CONTEXT} is skipped without a context, run with one."""
    rule = FunctionRule("loyalty", {Operation.CREATE_ORDER}, lambda _: (), needs={Need.CONTEXT})
    checker = Checker((*default_rules(DIALECT), rule), DIALECT)
    variables = samples.create_variables(1)
    assert "loyalty" in checker.check("createOrder", variables).skipped
    assert "loyalty" not in checker.check("createOrder", variables, context=Context()).skipped


def test_an_unreadable_request_runs_no_rule_and_skips_none() -> None:
    """Variables that are not even an object list no skipped rule: no rule ran at all."""
    assert Guard().check_update([], None).skipped == ()


def test_a_misfit_request_still_names_the_rules_it_could_not_run() -> None:
    """A misfit whose rest is still judged lists the rules that lacked the order."""
    decision = Guard().check_update({"input": {}}, None)
    assert decision.violations and "execution_start" in decision.skipped


@pytest.mark.parametrize("entry", REGISTRY, ids=repr)
def test_each_entry_is_named_like_the_rule_it_makes(entry: RuleEntry) -> None:
    """RuleEntry.name (NEEDS' key) is the name of the rule the entry makes."""
    assert entry.name == entry.make(DIALECT).name


def test_needs_name_only_snapshot_and_context_rules() -> None:
    """NEEDS holds exactly the rules that need the order or the context, and what each needs."""
    assert {name for name, needs in NEEDS.items() if Need.SNAPSHOT in needs} == {
        *SNAPSHOT_RULES,
        "cancel_precondition",
    }
    assert {name for name, needs in NEEDS.items() if Need.CONTEXT in needs} == set(CONTEXT_RULES)


def test_violation_name_is_the_catalog_name_even_without_a_code() -> None:
    """A refusal the API documents without a code has errorCode null and orderguard's name."""
    shipped = OrderSnapshot.from_json(samples.order_json(packages=("IN_TRANSIT",)))
    [violation] = Guard().check_cancel(CANCEL, shipped).violations
    assert (violation.error_code, violation.name) == (None, "CancellationRequiresPendingPackages")
    document = violation.to_json()
    assert (document["errorCode"], document["name"]) == (None, violation.name)
