"""Reading GraphQL requests into the arguments the guard checks, and naming the order they touch."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orderguard.api import dialect_for
from orderguard.enums import Operation
from orderguard.errors import PayloadError
from orderguard.service import OrderRef
from orderguard.service._graphql import parse_request
from orderguard.service._refs import order_ref

NAMES = st.from_regex(r"[a-z][A-Za-z0-9_]{0,8}", fullmatch=True)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**40), max_value=2**40)
    | st.floats(allow_nan=False, allow_infinity=False).filter(lambda f: not f.is_integer())
    | st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(NAMES, inner, max_size=3),
    max_leaves=12,
)


def literal(value: Any) -> str:
    """``value`` written as a GraphQL input literal."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(map(literal, value)) + "]"
    return "{" + ", ".join(f"{name}: {literal(v)}" for name, v in value.items()) + "}"


def request(query: str, variables: dict[str, Any] | None = None, **members: Any) -> bytes:
    """A request body."""
    return json.dumps({"query": query, "variables": variables or {}, **members}).encode()


def arguments(body: bytes) -> list[tuple[str, dict[str, Any]]]:
    """Each root field's name and arguments."""
    return [(field.name, dict(field.arguments)) for field in parse_request(body).fields]


@given(VALUES)
def test_an_inline_literal_reads_as_the_same_value_sent_in_variables(value: Any) -> None:
    """Any input value written in the document or sent as a variable gives the same argument."""
    inline = arguments(request(f"mutation {{ updateOrder(input: {literal(value)}) {{ id }} }}"))
    sent = arguments(
        request("mutation M($v: UpdateOrderInput) { updateOrder(input: $v) { id } }", {"v": value})
    )
    assert inline == sent == [("updateOrder", {"input": value})]


def test_a_variable_not_sent_leaves_its_argument_out_and_its_list_slot_null() -> None:
    """An absent variable is no argument (not null); inside a list it is null."""
    query = "mutation M($a: X, $b: Y) { cancelOrder(orderIdentifier: $a, input: {aliases: [$b]}) }"
    assert arguments(request(query)) == [("cancelOrder", {"input": {"aliases": [None]}})]


def test_a_declared_default_fills_a_variable_not_sent() -> None:
    """``$state: OrderExecutionStateInput = STARTED`` is STARTED when not sent, else as sent."""
    query = (
        "mutation M($state: OrderExecutionStateInput = STARTED) "
        "{ updateOrder(input: {desiredExecutionState: $state}) { id } }"
    )
    assert arguments(request(query))[0][1] == {"input": {"desiredExecutionState": "STARTED"}}
    sent = arguments(request(query, {"state": None}))[0][1]
    assert sent == {"input": {"desiredExecutionState": None}}


@pytest.mark.parametrize(
    ("directive", "variables", "kept"),
    [
        ("@skip(if: true)", {}, False),
        ("@skip(if: false)", {}, True),
        ("@include(if: false)", {}, False),
        ("@include(if: $on)", {"on": False}, False),
        ("@include(if: $on)", {"on": True}, True),
        ("@include(if: $on)", {}, True),
    ],
)
def test_skip_and_include_decide_which_fields_are_judged(
    directive: str, variables: dict[str, Any], kept: bool
) -> None:
    """A field execution would skip is not judged; one it cannot decide on is judged."""
    query = f"mutation M($on: Boolean) {{ cancelOrder(input: {{}}) {directive} {{ id }} }}"
    assert bool(arguments(request(query, variables))) is kept


def test_fragments_and_aliases_name_each_field_by_its_response_key() -> None:
    """Spreads and inline fragments are expanded; aliases become the fields' keys."""
    query = (
        "mutation { a: cancelOrder(input: {}) { id } ...More ... on Mutation { c: createOrder("
        "input: {}) { id } } } fragment More on Mutation { b: updateOrder(input: {}) { id } }"
    )
    fields = parse_request(request(query)).fields
    assert [(f.key, f.name) for f in fields] == [
        ("a", "cancelOrder"),
        ("b", "updateOrder"),
        ("c", "createOrder"),
    ]


def test_only_a_mutation_has_fields_for_the_guard() -> None:
    """A query's fields are not judged; a mutation's guarded fields are, other fields are not."""
    query = parse_request(request('query { order(orderIdentifier: {orderId: "1"}) { id } }'))
    assert query.mutations() == ()
    assert [f.name for f in query.queried(Operation.ORDER)] == ["order"]
    mixed = parse_request(
        request(
            "mutation { updateOrderPackageInformation(input: {}) { order { id } } "
            "cancelOrder(input: {}) { id } }"
        )
    )
    assert [op for op, _ in mixed.mutations()] == [Operation.CANCEL_ORDER]


def test_the_guards_context_is_taken_out_of_the_forwarded_body() -> None:
    """``extensions.orderguard.context`` is read and removed; other extensions stay."""
    context = {"now": "2026-11-20T10:00:00Z"}
    body = request(
        "mutation { cancelOrder(input: {}) { id } }",
        extensions={"orderguard": {"context": context}, "trace": True},
    )
    parsed = parse_request(body)
    assert parsed.context == context
    assert json.loads(parsed.body)["extensions"] == {"trace": True}
    plain = request("mutation { cancelOrder(input: {}) { id } }")
    assert parse_request(plain).body is plain


@pytest.mark.parametrize(
    ("version", "operation", "arguments", "expected"),
    [
        ("2024-11-01", "updateOrder", {"orderIdentifier": {"orderId": "A"}}, OrderRef("A")),
        (
            "2024-11-01",
            "cancelOrder",
            {"orderIdentifier": {"alias": {"aliasType": "EXTERNAL_ID", "aliasId": "x"}}},
            OrderRef(alias=("EXTERNAL_ID", "x")),
        ),
        ("2024-04-01", "updateOrder", {"input": {"orderId": "B"}}, OrderRef("B")),
        (
            "2024-04-01",
            "cancelOrder",
            {"input": {"orderIdentifier": {"orderAlias": {"aliasType": "T", "aliasId": "y"}}}},
            OrderRef(alias=("T", "y")),
        ),
        ("2024-04-01", "order", {"orderIdentifier": {"orderId": "C"}}, OrderRef("C")),
        ("2024-11-01", "updateOrder", {"input": {"orderId": "D"}}, None),
        ("2024-11-01", "createOrder", {"input": {}}, None),
    ],
)
def test_the_order_a_request_names_is_read_where_its_version_puts_it(
    version: str, operation: str, arguments: dict[str, Any], expected: OrderRef | None
) -> None:
    """Each version's identifier placement gives the order ID or alias; elsewhere, none."""
    assert order_ref(Operation(operation), arguments, dialect_for(version)) == expected


def test_an_order_reference_writes_the_versions_identifier() -> None:
    """An alias reference is written with the version's alias key."""
    ref = OrderRef(alias=("EXTERNAL_ID", "x"))
    assert ref.identifier(dialect_for("2024-04-01")) == {
        "orderAlias": {"aliasType": "EXTERNAL_ID", "aliasId": "x"}
    }
    assert str(ref) == "EXTERNAL_ID:x"


def test_a_document_that_is_not_graphql_names_the_member() -> None:
    """Syntax errors name the line and column of the query."""
    with pytest.raises(PayloadError) as raised:
        parse_request(request("mutation {\n  cancelOrder(input: {) }"))
    [issue] = raised.value.issues
    assert issue.path == "query" and "line 2" in issue.message
