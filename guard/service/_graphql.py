"""Reading a GraphQL request the way the API's server will run it, to judge what it would do.

The body is ``{"query", "variables"?, "operationName"?, "extensions"?}``. The operation that runs
is the one ``operationName`` names, or the only one. Its root fields are collected as execution
collects them (fragment spreads and inline fragments expanded, ``@skip`` / ``@include``
honoured), and each field's arguments become the variables dict the guard checks: variables
(with their declared defaults) and inline literals alike, so ``updateOrder(input: {...})``
written out in the document is judged exactly as the same input sent in ``variables``.

The merchant's context for the guard travels in the body's ``extensions.orderguard.context``
(GraphQL over HTTP reserves ``extensions`` for implementations); it is removed before the body
is forwarded. Anything unusable raises ``PayloadError`` naming the member at fault.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator, Mapping
from typing import Any

import attrs
from graphql import GraphQLError, parse
from graphql.language import (
    BooleanValueNode,
    DirectiveNode,
    DocumentNode,
    EnumValueNode,
    FieldNode,
    FloatValueNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    NullValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    StringValueNode,
    ValueNode,
    VariableNode,
)

from orderguard._json import JsonError, loads
from orderguard.enums import Operation
from orderguard.errors import FieldIssue, PayloadError

GUARDED = (Operation.CREATE_ORDER, Operation.UPDATE_ORDER, Operation.CANCEL_ORDER)
"""The mutations the guard judges; other fields are forwarded as they are."""

MAX_TOKENS = 20_000
"""The most lexical tokens a document may have (the body limit bounds bytes, this the work)."""

DOCUMENTS_KEPT = 512
"""How many parsed documents are kept (by their text) for the next request that sends one."""

_WHAT = "GraphQL request"
_ABSENT = object()


@attrs.frozen(slots=True)
class RootField:
    """One top-level field the operation runs: its response key, name and argument values."""

    key: str
    name: str
    arguments: Mapping[str, Any]


@attrs.frozen(slots=True)
class GraphQLRequest:
    """The operation a request runs, its root fields, the guard's context and the body to send."""

    kind: str
    fields: tuple[RootField, ...]
    context: Mapping[str, Any] | None
    body: bytes

    def mutations(self) -> tuple[tuple[Operation, RootField], ...]:
        """The root fields the guard judges, with their operation, in document order."""
        if self.kind != "mutation":
            return ()
        return tuple((Operation(f.name), f) for f in self.fields if f.name in GUARDED)

    def queried(self, operation: Operation) -> tuple[RootField, ...]:
        """The root fields named ``operation`` (e.g. every ``order`` query), in order."""
        return tuple(field for field in self.fields if field.name == operation.value)


def parse_request(body: bytes) -> GraphQLRequest:
    """The request in ``body``; ``PayloadError`` for JSON, a document or variables it cannot run."""
    request = _json_object(body)
    document = _document(request["query"])
    operation = _operation(document, request.get("operationName"))
    variables = _variables(operation, request.get("variables") or {})
    fragments = {
        node.name.value: node
        for node in document.definitions
        if isinstance(node, FragmentDefinitionNode)
    }
    fields = tuple(_root_fields(operation.selection_set, fragments, variables, set()))
    context, forwarded = _split_context(request, body)
    return GraphQLRequest(operation.operation.value, fields, context, forwarded)


def _json_object(body: bytes) -> dict[str, Any]:
    try:
        request = loads(body)
    except JsonError as error:
        raise _problem("", f"the body {error}") from None
    if not isinstance(request, dict):
        raise _problem("", "the body must be a JSON object with a query")
    if not isinstance(request.get("query"), str) or not request["query"].strip():
        raise _problem("query", "must be a non-empty string")
    for member, kind in (("variables", dict), ("operationName", str), ("extensions", dict)):
        if request.get(member) is not None and not isinstance(request[member], kind):
            expected = "a JSON object" if kind is dict else "a string"
            raise _problem(member, f"must be {expected}")
    return request


@functools.lru_cache(maxsize=DOCUMENTS_KEPT)
def _document(query: str) -> DocumentNode:
    """The parsed document, kept: clients send the same few documents again and again.

    A parsed document is never changed, so sharing one between requests is safe.
    """
    try:
        return parse(query, no_location=True, max_tokens=MAX_TOKENS)
    except GraphQLError as error:
        where = error.locations[0] if error.locations else None
        at = f" (line {where.line}, column {where.column})" if where else ""
        raise _problem("query", f"{error.message}{at}") from None


def _operation(document: DocumentNode, name: object) -> OperationDefinitionNode:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name is not None:
        named = [op for op in operations if op.name is not None and op.name.value == name]
        if not named:
            raise _problem("operationName", f"the document has no operation named {name!r}")
        return named[0]
    if len(operations) != 1:
        found = "no operation" if not operations else f"{len(operations)} operations"
        raise _problem("operationName", f"required: the document has {found}")
    return operations[0]


def _variables(operation: OperationDefinitionNode, given: Mapping[str, Any]) -> dict[str, Any]:
    """The values the operation's variables take: those sent, else their declared defaults."""
    values = dict(given)
    for definition in operation.variable_definitions or ():
        name = definition.variable.name.value
        if name not in values and definition.default_value is not None:
            values[name] = literal(definition.default_value, {})
    return values


def _root_fields(
    selections: SelectionSetNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any],
    expanding: set[str],
) -> Iterator[RootField]:
    """The fields execution would run at the root, fragments expanded, skipped ones left out."""
    for node in selections.selections:
        if not _included(node.directives or (), variables):
            continue
        if isinstance(node, FieldNode):
            key = (node.alias or node.name).value
            arguments = {
                arg.name.value: literal(arg.value, variables) for arg in node.arguments or ()
            }
            present = {name: value for name, value in arguments.items() if value is not _ABSENT}
            yield RootField(key, node.name.value, present)
        elif isinstance(node, InlineFragmentNode):
            yield from _root_fields(node.selection_set, fragments, variables, expanding)
        elif isinstance(node, FragmentSpreadNode):
            yield from _spread(node.name.value, fragments, variables, expanding)


def _spread(
    name: str,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any],
    expanding: set[str],
) -> Iterator[RootField]:
    if name not in fragments:
        raise _problem("query", f"unknown fragment {name!r}")
    if name in expanding:
        raise _problem("query", f"fragment {name!r} spreads itself")
    expanding.add(name)
    yield from _root_fields(fragments[name].selection_set, fragments, variables, expanding)
    expanding.discard(name)


def _included(directives: tuple[DirectiveNode, ...], variables: Mapping[str, Any]) -> bool:
    """Whether ``@skip`` / ``@include`` keep a selection (an undecidable one is kept: judged)."""
    for directive in directives:
        condition = next((a.value for a in directive.arguments or () if a.name.value == "if"), None)
        value = literal(condition, variables) if condition is not None else None
        if directive.name.value == "skip" and value is True:
            return False
        if directive.name.value == "include" and value is False:
            return False
    return True


def literal(node: ValueNode, variables: Mapping[str, Any]) -> Any:
    """A GraphQL value as JSON would carry it; a variable not given is absent (not null)."""
    if isinstance(node, VariableNode):
        return variables.get(node.name.value, _ABSENT)
    if isinstance(node, ObjectValueNode):
        fields = ((f.name.value, literal(f.value, variables)) for f in node.fields)
        return {name: value for name, value in fields if value is not _ABSENT}
    if isinstance(node, ListValueNode):
        values = (literal(value, variables) for value in node.values)
        return [None if value is _ABSENT else value for value in values]
    if isinstance(node, IntValueNode):
        return int(node.value)
    if isinstance(node, FloatValueNode):
        return float(node.value)
    if isinstance(node, StringValueNode | BooleanValueNode | EnumValueNode):
        return node.value
    if isinstance(node, NullValueNode):
        return None
    raise _problem("query", f"unsupported value {type(node).__name__}")  # pragma: no cover


def _split_context(request: dict[str, Any], body: bytes) -> tuple[Mapping[str, Any] | None, bytes]:
    """The guard's context from ``extensions.orderguard``, and the body without it."""
    extensions = request.get("extensions") or {}
    if "orderguard" not in extensions:
        return None, body
    ours = extensions["orderguard"]
    context = ours.get("context") if isinstance(ours, dict) else _ABSENT
    if context is _ABSENT or (context is not None and not isinstance(context, dict)):
        raise _problem("extensions.orderguard", 'must be {"context": {...}}')
    rest = {name: value for name, value in extensions.items() if name != "orderguard"}
    forwarded = {**request, "extensions": rest} if rest else _without(request, "extensions")
    return context, json.dumps(forwarded, ensure_ascii=False).encode()


def _without(mapping: Mapping[str, Any], key: str) -> dict[str, Any]:
    return {name: value for name, value in mapping.items() if name != key}


def _problem(member: str, message: str) -> PayloadError:
    return PayloadError(_WHAT, [FieldIssue(member, message)])
