"""Requests are read as the API's GraphQL server reads them: every misfit an issue with a path."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from orderguard import Guard, samples
from orderguard.api import CreateOrderVariables, SchemaIssue, dialect_for, read_variables
from orderguard.api.schema import reader_for
from orderguard.enums import ApiVersion, Operation
from orderguard.errors import Severity

JSON = dict[str, Any]
V11, V04 = ApiVersion.V2024_11_01, ApiVersion.V2024_04_01
DETAILS = "input.lineItems[0].selectedDeliveryOffer.details"


def _create(version: ApiVersion = V11, lines: int = 1) -> JSON:
    return samples.create_variables(lines, version=version)


def _set(path: tuple[Any, ...], value: Any, version: ApiVersion = V11) -> JSON:
    variables = _create(version)
    holder: Any = variables
    for part in path[:-1]:
        holder = holder[part]
    holder[path[-1]] = value
    return variables


def _line(*path: Any) -> tuple[Any, ...]:
    return ("input", "lineItems", 0, *path)


def _details(*path: Any) -> tuple[Any, ...]:
    return _line("selectedDeliveryOffer", "details", *path)


def issues(operation: str, variables: object, version: ApiVersion = V11) -> list[SchemaIssue]:
    read = read_variables(Operation(operation), variables, dialect_for(version))
    return list(read.issues)


# (what, operation, variables, version, path, unknown field?, expected spelling)
EXAMPLES: list[tuple[str, str, JSON, ApiVersion, str, bool, str | None]] = [
    (
        "unknown field",
        "createOrder",
        _set(("input", "giftWrap"), True),
        V11,
        "input.giftWrap",
        True,
        None,
    ),
    (
        "misspelt field",
        "createOrder",
        _set(("input", "desiredExecutionStat"), "STARTED"),
        V11,
        "input.desiredExecutionStat",
        True,
        "desiredExecutionState",
    ),
    (
        "Boolean as a string",
        "createOrder",
        _set(_details("deliveryTerms", "isPrimeEligible"), "false"),
        V11,
        f"{DETAILS}.deliveryTerms.isPrimeEligible",
        False,
        None,
    ),
    (
        "Decimal with an underscore",
        "createOrder",
        _set(_line("amount", "value"), "1_0"),
        V11,
        "input.lineItems[0].amount.value",
        False,
        None,
    ),
    (
        "Decimal with spaces",
        "createOrder",
        _set(_line("product", "price", "amount"), " 12.99"),
        V11,
        "input.lineItems[0].product.price.amount",
        False,
        None,
    ),
    (
        "String as a number",
        "createOrder",
        _set(_line("product", "title"), 7),
        V11,
        "input.lineItems[0].product.title",
        False,
        None,
    ),
    (
        "ID as a Boolean",
        "createOrder",
        _set(_line("aliases", 0, "aliasId"), True),
        V11,
        "input.lineItems[0].aliases[0].aliasId",
        False,
        None,
    ),
    (
        "enum in lower case",
        "createOrder",
        _set(("input", "desiredExecutionState"), "started"),
        V11,
        "input.desiredExecutionState",
        False,
        "one of NOT_STARTED, STARTED",
    ),
    (
        "older spelling",
        "createOrder",
        _set(("input", "orderAliases"), []),
        V11,
        "input.orderAliases",
        False,
        "aliases",
    ),
    (
        "snake_case name",
        "createOrder",
        _set(("input", "order_links"), []),
        V11,
        "input.order_links",
        True,
        "orderLinks",
    ),
    (
        "2024-04-01 provider on 2024-11-01",
        "createOrder",
        _set(_details("deliveryProvider"), "BUY_WITH_PRIME"),
        V11,
        f"{DETAILS}.deliveryProvider",
        False,
        "AMAZON",
    ),
    (
        "2024-11-01 provider on 2024-04-01",
        "createOrder",
        _set(_details("deliveryProvider"), "AMAZON", V04),
        V04,
        f"{DETAILS}.deliveryProvider",
        False,
        "BUY_WITH_PRIME",
    ),
    (
        "deliveryTerms on 2024-04-01",
        "createOrder",
        _set(_details("deliveryTerms"), {"isPrimeEligible": True}, V04),
        V04,
        f"{DETAILS}.deliveryTerms",
        False,
        None,
    ),
    (
        "2024-04-01 alias key on 2024-11-01",
        "updateOrder",
        {
            "orderIdentifier": {"orderAlias": {"aliasType": "EXTERNAL_ID", "aliasId": "a"}},
            "input": {},
        },
        V11,
        "orderIdentifier.orderAlias",
        False,
        "alias",
    ),
    (
        "2024-11-01 alias key on 2024-04-01",
        "cancelOrder",
        {"input": {"orderIdentifier": {"alias": {"aliasType": "EXTERNAL_ID", "aliasId": "a"}}}},
        V04,
        "input.orderIdentifier.alias",
        False,
        "orderAlias",
    ),
    (
        "2024-04-01 layout on 2024-11-01",
        "updateOrder",
        {"input": {"orderId": "322-A", "desiredExecutionState": "STARTED"}},
        V11,
        "input.orderId",
        False,
        "the orderIdentifier argument",
    ),
    (
        "2024-11-01 layout on 2024-04-01",
        "updateOrder",
        {"orderIdentifier": {"orderId": "322-A"}, "input": {"orderId": "322-A"}},
        V04,
        "orderIdentifier",
        False,
        "input.orderId",
    ),
    (
        "REJECTED on 2024-04-01",
        "updateOrder",
        samples.update_variables(
            "o", {"refunds": {"details": [samples.refund_update("r", "REJECTED")]}}, V04
        ),
        V04,
        "input.refunds.details[0].state",
        False,
        "one of PENDING, PARTIAL, FAILURE, SUCCESS",
    ),
]


@pytest.mark.parametrize(
    ("operation", "variables", "version", "path", "unknown", "expected"),
    [case[1:] for case in EXAMPLES],
    ids=[case[0] for case in EXAMPLES],
)
def test_each_misfit_is_an_issue_at_its_path(
    operation: str,
    variables: JSON,
    version: ApiVersion,
    path: str,
    unknown: bool,
    expected: str | None,
) -> None:
    """The misfit is reported at its path, as an unknown field or not, with the right spelling."""
    found = {issue.path: issue for issue in issues(operation, variables, version)}
    assert path in found, found
    assert found[path].unknown_field is unknown
    assert found[path].expected == expected
    assert found[path].message


@pytest.mark.parametrize(
    ("operation", "variables", "version", "path"),
    [
        ("updateOrder", {"input": {"desiredExecutionState": "STARTED"}}, V11, "orderIdentifier"),
        ("updateOrder", {"input": {"desiredExecutionState": "STARTED"}}, V04, "input.orderId"),
        ("cancelOrder", {"input": {"reason": "OTHER"}}, V04, "input.orderIdentifier"),
        ("cancelOrder", {}, V04, "input"),
        ("cancelOrder", {"input": {"reason": "OTHER"}}, V11, "orderIdentifier"),
    ],
)
def test_where_the_order_is_named_is_required_per_version(
    operation: str, variables: JSON, version: ApiVersion, path: str
) -> None:
    """Each version requires the order's identifier in its own place."""
    assert [issue.path for issue in issues(operation, variables, version)] == [path]


def test_a_single_value_where_a_list_belongs_is_a_list_of_one() -> None:
    """GraphQL list coercion: an alias object sent for ``aliases`` is read as one alias."""
    variables = _create()
    variables["input"]["aliases"] = variables["input"]["aliases"][0]
    read = read_variables(Operation.CREATE_ORDER, variables, dialect_for(V11))
    assert read.issues == ()
    assert isinstance(read.variables, CreateOrderVariables)
    assert [a.pair for a in read.variables.input.aliases or []] == [("EXTERNAL_ID", "order-1001-0")]


def _issue_names(decision: Any) -> set[tuple[str, str]]:
    return {(v.spec.name, v.path) for v in decision.violations}


def test_rules_still_judge_what_could_be_read() -> None:
    """An unknown field and a bad quantity do not hide the link limit or a later line's title."""
    variables = samples.create_variables(3, links=6)
    variables["input"]["giftWrap"] = True
    variables["input"]["lineItems"][0]["amount"]["value"] = "1_0"
    del variables["input"]["lineItems"][2]["product"]["title"]
    found = _issue_names(Guard().check_create(variables))
    assert found == {
        ("UnknownInputField", "input.giftWrap"),
        ("SchemaError", "input.lineItems[0].amount.value"),
        ("OrderLinkLimitExceeded", "input.orderLinks"),
        ("MissingItemAttributes", "input.lineItems[2].product.title"),
    }


def test_a_rule_finds_nothing_in_a_part_that_was_left_out() -> None:
    """A title of the wrong type is a SchemaError only, not also a missing title."""
    variables = _set(_line("product", "title"), ["socks"])
    assert _issue_names(Guard().check_create(variables)) == {
        ("SchemaError", "input.lineItems[0].product.title")
    }


def test_unknown_fields_can_be_downgraded_alone() -> None:
    """warnings={"UnknownInputField"} lets an unknown field through, not a wrong type."""
    guard = Guard(warnings={"UnknownInputField"})
    unknown = guard.check_create(_set(("input", "giftWrap"), True))
    assert unknown.allowed
    assert [(v.spec.name, v.severity) for v in unknown.violations] == [
        ("UnknownInputField", Severity.WARNING)
    ]
    retyped = _set(("input", "giftWrap"), True)
    retyped["input"]["lineItems"][0]["amount"]["value"] = "1_0"
    assert not guard.check_create(retyped).allowed


def test_nothing_readable_gives_only_schema_issues() -> None:
    """Variables that are not an object, or lack every required field, run no rule."""
    for variables in ([], {"input": {}}):
        decision = Guard().check_create(variables)
        assert decision.violations and {v.spec.name for v in decision.violations} == {"SchemaError"}


def test_the_version_is_resolved_once_and_the_modern_create_models_are_the_base_ones() -> None:
    """The reader is built once per dialect; 2024-11-01's createOrder needs no derived model."""
    dialect = dialect_for(V11)
    reader = reader_for(dialect)
    assert reader_for(dialect) is reader
    assert reader.models[Operation.CREATE_ORDER] is CreateOrderVariables
    older = reader_for(dialect_for(V04)).models[Operation.CREATE_ORDER]
    assert older is not CreateOrderVariables and issubclass(older, CreateOrderVariables)


Mutation = Callable[[JSON], None]


def test_reading_does_not_change_the_request() -> None:
    """Leaving misfits out works on copies: the caller's variables stay as sent."""
    variables = samples.create_variables(3)
    variables["input"]["lineItems"][1]["amount"]["value"] = "1_0"
    before = copy.deepcopy(variables)
    Guard().check_create(variables)
    assert variables == before
