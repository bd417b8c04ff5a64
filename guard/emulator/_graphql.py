"""GraphQL on graphql-core: the schemas built from the SDL, documents checked once, results.

A parsed document costs about 67 bytes of memory per byte of query text, so the text is capped
before parsing (:data:`MAX_QUERY_BYTES`) and the cache of valid documents is bounded by the
bytes of query text it holds (:class:`DocumentCache`); a query that fails is never cached.

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
import threading
from collections import OrderedDict
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
_TOO_DEEP = "the query nests too deeply"


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


MAX_QUERY_BYTES = 64 * 1024
"""The longest query text (UTF-8 bytes) parsed at all; a longer one is refused unparsed."""

CACHE_BYTES = 256 * 1024
"""The query text, in UTF-8 bytes, whose documents the cache keeps (about 17 MB parsed)."""


class DocumentCache:
    """Valid documents by API version and query text, the least recently used dropped first.

    Bounded by the bytes of query text held (:attr:`size` never exceeds :attr:`budget`); a
    query larger than the whole budget is parsed each time it comes. Thread-safe.
    """

    def __init__(self, budget: int = CACHE_BYTES) -> None:
        self.budget = budget
        self._documents: OrderedDict[tuple[ApiVersion, str], tuple[DocumentNode, int]]
        self._documents = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    @property
    def size(self) -> int:
        """The UTF-8 bytes of query text whose documents are held."""
        return self._size

    def __len__(self) -> int:
        return len(self._documents)

    def get(self, version: ApiVersion, query: str) -> DocumentNode | None:
        """The cached document of ``query``, if any (it becomes the most recently used)."""
        with self._lock:
            entry = self._documents.get((version, query))
            if entry is None:
                return None
            self._documents.move_to_end((version, query))
            return entry[0]

    def put(self, version: ApiVersion, query: str, document: DocumentNode, size: int) -> None:
        """Keep ``document`` (of ``size`` bytes of text), dropping the oldest to fit."""
        if size > self.budget:
            return
        with self._lock:
            if (version, query) in self._documents:
                return
            self._documents[version, query] = (document, size)
            self._size += size
            while self._size > self.budget:
                _, (_, dropped) = self._documents.popitem(last=False)
                self._size -= dropped


def prepare(
    version: ApiVersion, query: str, cache: DocumentCache
) -> DocumentNode | tuple[GraphQLError, ...]:
    """The document of ``query`` if it is valid against ``version`` (cached), else its errors."""
    cached = cache.get(version, query)
    if cached is not None:
        return cached
    size = len(query.encode("utf-8", "surrogatepass"))
    if size > MAX_QUERY_BYTES:
        return (
            GraphQLError(f"the query is {size:,} bytes; at most {MAX_QUERY_BYTES:,} are parsed"),
        )
    try:
        document = parse(query)
        errors = validate(schema(version), document)
    except GraphQLError as error:
        return (error,)
    except RecursionError:
        return (GraphQLError(_TOO_DEEP),)
    if errors:
        return tuple(errors)
    cache.put(version, query, document, size)
    return document


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
    """Execute ``document``; the resolvers are the callables in ``root``, keyed by field.

    A selection nested deeper than the interpreter's stack (introspection's ``ofType`` recurses)
    fails as a request error, without data.
    """
    try:
        return execute_sync(
            schema(version),
            document,
            root_value=root,
            variable_values=dict(variables) if variables is not None else None,
            operation_name=operation_name,
        )
    except RecursionError:
        return ExecutionResult(None, [GraphQLError(_TOO_DEEP)])


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
