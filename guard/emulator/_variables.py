"""The API's answer to variables that do not fit the operation: validation errors with paths.

Before a document runs, every variable is checked against the type its operation declares, as
GraphQL's variable coercion does, and every misfit is reported (not only the first): the error
names the variable and the JSON path (``extensions.field``, e.g. ``input.lineItems[0].amount``),
with ``extensions.errorType: ValidationError``. A variable the operation does not declare is an
error too (INFERENCE: the API's handling is not documented; refusing it keeps the emulator in
step with the guard, whose variables are the operation's arguments).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from graphql import GraphQLError, GraphQLSchema, OperationDefinitionNode, is_non_null_type
from graphql.execution import values as _values
from graphql.utilities import coerce_input_value, type_from_ast

from orderguard._paths import json_path

_validate: Any = getattr(_values, "validate_input_value", None)
"""graphql-core 3.3's variable check (3.2 has ``coerce_input_value`` with a callback)."""
_coerce_32: Any = coerce_input_value

JSON = dict[str, Any]

_FIELD_NAMED = re.compile(
    r"(?:unknown|required) field '([^']+)'|Field '([^']+)' (?:is not defined|of required type)"
)
"""graphql-core names an unknown or missing field in the message, at its object's path."""


def _error(message: str, path: list[str | int]) -> JSON:
    return {
        "message": message,
        "extensions": {"errorType": "ValidationError", "field": json_path(path)},
    }


def variable_errors(
    schema: GraphQLSchema, operation: OperationDefinitionNode, variables: Mapping[str, Any]
) -> list[JSON]:
    """Every way ``variables`` misfit the variables ``operation`` declares, as response errors."""
    declared = {node.variable.name.value: node for node in operation.variable_definitions or ()}
    errors = [
        _error(f"Variable '${name}' is not defined by the operation", [name])
        for name in variables
        if name not in declared
    ]
    for name, node in declared.items():
        kind: Any = type_from_ast(schema, node.type)
        if name in variables:
            errors += _misfits(name, variables[name], kind)
        elif is_non_null_type(kind) and node.default_value is None:
            errors.append(_error(f"Variable '${name}' of type '{kind}' was not provided", [name]))
    return errors


def _misfits(name: str, value: Any, kind: Any) -> list[JSON]:
    found: list[JSON] = []

    def report(path: list[str | int], error: GraphQLError) -> None:
        named = _FIELD_NAMED.search(error.message)
        at = [name, *path, *([named.group(1) or named.group(2)] if named else [])]
        message = f"Variable '${name}' has an invalid value at {json_path(at)}: {error.message}"
        found.append(_error(message, at))

    if _validate is not None:
        _validate(value, kind, lambda error, path: report(list(path), error))
    else:  # pragma: no cover - graphql-core 3.2
        _coerce_32(value, kind, lambda path, _value, error: report(list(path), error))
    return found
