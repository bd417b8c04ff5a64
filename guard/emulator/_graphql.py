"""GraphQL on graphql-core: the schemas built from the SDL, documents checked once, results.

Errors graphql-core finds in the request itself (syntax, validation, variables that do not fit
the input types) carry ``extensions.errorType: ValidationError`` (INFERENCE: the API's own
layout for them is not documented), and a variable error ``extensions.field``, the JSON path of
the misfit (the fake's convention); an unexpected failure inside a resolver carries
``InternalServerError`` and its message, never a traceback. The ``Decimal`` scalar takes a JSON
number or a string written as one (``orderguard.api.DECIMAL_STRING``), ``JSONObject`` an object,
``JSON`` anything.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    GraphQLError,
    GraphQLScalarType,
    GraphQLSchema,
    ValueNode,
    build_schema,
    execute_sync,
    parse,
    validate,
)
from graphql.language import FloatValueNode, IntValueNode, ObjectValueNode, StringValueNode
from graphql.utilities import get_operation_ast, value_from_ast_untyped

from orderguard.api.schema import DECIMAL_STRING
from orderguard.emulator._schema import sdl
from orderguard.emulator._variables import variable_errors
from orderguard.enums import ApiVersion

_NOT_A_NUMBER = "a Decimal is a JSON number, or a string written as one"
_DECIMAL_STRING = re.compile(DECIMAL_STRING)


@functools.cache
def schema(version: ApiVersion) -> GraphQLSchema:
    """The executable schema of ``version`` (built once)."""
    built = build_schema(sdl(version))
    decimal = cast(GraphQLScalarType, built.type_map["Decimal"])
    json_types = [cast(GraphQLScalarType, built.type_map[n]) for n in ("JSON", "JSONObject")]
    # build_schema makes scalars that pass values through; give Decimal and JSON their rules,
    # under graphql-core 3.3's names (coerce_*) and 3.2's (serialize, parse_*).
    for name in ("coerce_output_value", "serialize"):
        setattr(decimal, name, _serialize_decimal)
    for name in ("coerce_input_value", "parse_value"):
        setattr(decimal, name, _parse_decimal)
        setattr(json_types[1], name, _parse_object)
    for name in ("coerce_input_literal", "parse_literal"):
        setattr(decimal, name, _parse_decimal_literal)
        setattr(json_types[0], name, value_from_ast_untyped)
        setattr(json_types[1], name, _parse_object_literal)
    return built


@functools.lru_cache(maxsize=512)
def prepare(version: ApiVersion, query: str) -> DocumentNode | tuple[GraphQLError, ...]:
    """The parsed document of ``query`` if it is valid against ``version``, else its errors."""
    try:
        document = parse(query)
    except GraphQLError as error:
        return (error,)
    errors = validate(schema(version), document)
    return tuple(errors) if errors else document


def root_fields(document: DocumentNode, operation_name: str | None) -> tuple[str, ...]:
    """The top-level fields the chosen operation selects (``createOrder``, ``order``...)."""
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return ()
    selections = operation.selection_set.selections
    return tuple(node.name.value for node in selections if isinstance(node, FieldNode))


def variable_misfits(
    version: ApiVersion,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
) -> list[dict[str, Any]]:
    """The validation errors of ``variables`` against the chosen operation (``[]``: they fit)."""
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return []
    return variable_errors(schema(version), operation, variables or {})


def run(
    version: ApiVersion,
    document: DocumentNode,
    root: Mapping[str, Any],
    variables: Mapping[str, Any] | None,
    operation_name: str | None,
) -> ExecutionResult:
    """Execute ``document``; the resolvers are the callables in ``root``, keyed by field."""
    return execute_sync(
        schema(version),
        document,
        root_value=root,
        variable_values=dict(variables) if variables is not None else None,
        operation_name=operation_name,
    )


def formatted(error: GraphQLError) -> dict[str, Any]:
    """An error as the response lists it, with ``extensions.errorType`` always present.

    An error raised while a field resolved (it has a ``path``) that names no type of its own is
    an ``InternalServerError``; one about the request itself (no ``path``) a ``ValidationError``.
    """
    entry: dict[str, Any] = dict(error.formatted)
    if not entry.get("extensions"):
        failed_inside = error.path is not None and error.original_error is not None
        entry["extensions"] = {
            "errorType": "InternalServerError" if failed_inside else "ValidationError"
        }
    return entry


def _serialize_decimal(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, int | float | str) and not isinstance(value, bool):
        return value
    raise GraphQLError(f"Decimal cannot represent {value!r}")


def _parse_object(value: Any) -> Any:
    if not isinstance(value, dict):
        raise GraphQLError("a JSONObject is a JSON object")
    return value


def _parse_object_literal(node: ValueNode, variables: Any = None) -> Any:
    if not isinstance(node, ObjectValueNode):
        raise GraphQLError("a JSONObject is a JSON object")
    return value_from_ast_untyped(node, variables)


def _parse_decimal(value: Any) -> Any:
    """A number or numeric string, passed on exactly as sent."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise GraphQLError(_NOT_A_NUMBER)
    if isinstance(value, str) and not _DECIMAL_STRING.match(value):
        raise GraphQLError(_NOT_A_NUMBER)
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise GraphQLError(_NOT_A_NUMBER) from None
    if not number.is_finite() or (isinstance(value, float) and not math.isfinite(value)):
        raise GraphQLError("a Decimal must be finite")
    return value


def _parse_decimal_literal(node: ValueNode, _variables: Any = None) -> Any:
    if isinstance(node, IntValueNode):
        return int(node.value)
    if isinstance(node, FloatValueNode):
        return float(node.value)
    if isinstance(node, StringValueNode):
        return _parse_decimal(node.value)
    raise GraphQLError(_NOT_A_NUMBER)
