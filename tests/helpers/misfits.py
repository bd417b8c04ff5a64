"""Valid requests with one field renamed, added or retyped: misfits that must never pass.

``misfits(version)`` draws a request the API accepts (a createOrder from the testing strategies,
or an updateOrder / cancelOrder of a fixed order) and breaks its schema once: a key renamed to
a name no input type has, an unknown key added to an input object, or a scalar replaced by a
value GraphQL input coercion refuses for its type ("false" for a Boolean, "1_0" for a Decimal).
``Misfit.path`` is the JSON path every judge must name.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import attrs
from hypothesis import strategies as st

from orderguard._paths import json_path
from orderguard.api import input_schema
from orderguard.api.schema import InputSchema
from orderguard.enums import ApiVersion, Operation
from orderguard.samples import refund_update, update_variables
from orderguard.testing.strategies import create_variables

JSON = dict[str, Any]
Loc = tuple[int | str, ...]

WRONG_VALUES: dict[str, tuple[Any, ...]] = {
    "String": (7, True, {"text": "x"}, ["x"]),
    "ID": (True, 1.5, {"id": "x"}, ["x"]),
    "Boolean": ("false", "true", 0, 1, "yes"),
    "Decimal": ("1_0", " 1", "1e", "", True, {"amount": 1}, "NaN"),
    "enum": ("started", "SOMETHING_ELSE", 3, False),
}
"""For each kind of scalar, values GraphQL input coercion refuses."""
UNKNOWN_NAMES = ("giftWrap", "desiredExecutionStat", "notes", "lineItemz", "x")


@attrs.frozen
class Misfit:
    """A request broken once, and the path where it misfits."""

    operation: Operation
    api_version: ApiVersion
    variables: JSON
    path: str
    how: str


def _objects(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, JSON]]:
    if isinstance(value, dict):
        yield loc, value
        for key, item in value.items():
            yield from _objects(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _objects(item, (*loc, index))


def _typed_objects(schema: InputSchema, operation: Operation, value: JSON) -> list[Loc]:
    """Locations of the input objects (typed, not open JSON) in a request."""
    return [
        loc
        for loc, _ in _objects(value)
        if (schema.type_at(operation, loc) or "") in schema.types or not loc
    ]


def _leaves(schema: InputSchema, operation: Operation, value: JSON) -> list[tuple[Loc, str]]:
    """(location, kind) of each scalar or enum the request sends, outside open JSON."""
    found = []
    for loc, holder in _objects(value):
        if loc and (schema.type_at(operation, loc) or "") not in schema.types:
            continue
        for key, item in holder.items():
            name = schema.type_at(operation, (*loc, key)) or ""
            kind = "enum" if name in schema.enums else name
            if kind in WRONG_VALUES and not isinstance(item, (dict, list)):
                found.append(((*loc, key), kind))
    return found


def _at(value: Any, loc: Loc) -> Any:
    for part in loc:
        value = value[part]
    return value


def _order_requests(version: ApiVersion) -> st.SearchStrategy[tuple[Operation, JSON]]:
    refund = refund_update("refund-1", "PARTIAL", alias="pay-1")
    update = update_variables(
        "322-ORDER", {"desiredExecutionState": "STARTED", "refunds": {"details": [refund]}}, version
    )
    cancel_input = {"reason": "OTHER", "aliases": [{"aliasType": "EXT_CANCEL_ID", "aliasId": "c"}]}
    cancel = update_variables("322-ORDER", {}, version)
    cancel = (
        {"orderIdentifier": cancel["orderIdentifier"], "input": cancel_input}
        if "orderIdentifier" in cancel
        else {"input": {"orderIdentifier": {"orderId": "322-ORDER"}, **cancel_input}}
    )
    return st.sampled_from([(Operation.UPDATE_ORDER, update), (Operation.CANCEL_ORDER, cancel)])


@st.composite
def misfits(draw: st.DrawFn, version: ApiVersion) -> Misfit:
    """A valid request of ``version`` broken once (renamed, added or retyped field)."""
    if draw(st.booleans()):
        operation, variables = Operation.CREATE_ORDER, draw(create_variables(version))
    else:
        operation, variables = draw(_order_requests(version))
    variables = copy.deepcopy(variables)
    schema = input_schema(version)
    how = draw(st.sampled_from(["rename", "add", "retype"]))
    if how == "retype":
        loc, kind = draw(st.sampled_from(_leaves(schema, operation, variables)))
        holder = _at(variables, loc[:-1])
        holder[loc[-1]] = draw(st.sampled_from(WRONG_VALUES[kind]))
        return Misfit(operation, version, variables, json_path(loc), how)
    loc = draw(st.sampled_from(_typed_objects(schema, operation, variables)))
    holder = _at(variables, loc)
    name = draw(st.sampled_from([n for n in UNKNOWN_NAMES if n not in holder]))
    if how == "rename" and holder:
        old = draw(st.sampled_from(sorted(holder)))
        holder[name] = holder.pop(old)
    else:
        holder[name] = draw(st.sampled_from([True, "x", 1, None, {}]))
    return Misfit(operation, version, variables, json_path((*loc, name)), how)
