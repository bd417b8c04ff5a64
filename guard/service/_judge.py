"""One check as data: a ``check --batch`` line and a ``POST /v1/check`` body, judged one way.

An item is ``{"id"?, "operation", "request", "order"?, "context"?}``: the operation's name as
the API spells it, its GraphQL variables, the ``order`` query's JSON as last seen (bare or
enveloped) and the merchant's context JSON, exactly what ``orderguard check`` reads from its
files. The answer is ``Decision.to_json()`` (the object ``check --format json`` prints) with the
item's ``id`` echoed first, so a batch, the decision API and a single check agree by
construction. An item that cannot be judged raises ``PayloadError`` naming the field.

Only the core is imported here (no optional extra), so the CLI's batch mode loads it cheaply.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from orderguard._guard import Guard
from orderguard.api import mutation_named
from orderguard.enums import ApiVersion, Operation
from orderguard.errors import FieldIssue, PayloadError
from orderguard.policies import Decision

ITEM_FIELDS = ("id", "operation", "request", "order", "context")
"""The fields an item may carry; ``operation`` and ``request`` are required."""

_ITEM = "check item"


@attrs.frozen(slots=True)
class CheckItem:
    """One request to judge: the operation, its variables, the order and context as JSON."""

    operation: Operation
    request: Mapping[str, Any]
    order: Mapping[str, Any] | None = None
    context: Mapping[str, Any] | None = None
    id: object = None

    @classmethod
    def from_json(cls, data: object) -> CheckItem:
        """Read an item; ``PayloadError`` naming every field that is missing or of a wrong type."""
        if not isinstance(data, Mapping):
            issue = FieldIssue("", f"expected a JSON object, got {_kind(data)}")
            raise PayloadError(_ITEM, [issue])
        issues = [
            FieldIssue(name, f"unknown field; an item has {', '.join(ITEM_FIELDS)}")
            for name in data
            if name not in ITEM_FIELDS
        ]
        issues += _required_issues(data)
        if issues:
            raise PayloadError(_ITEM, issues)
        return cls(
            operation=mutation_named(data["operation"]),
            request=data["request"],
            order=data.get("order"),
            context=data.get("context"),
            id=data.get("id"),
        )


def item_id(data: object) -> object:
    """The ``id`` an item carries, echoed even when the rest of it is unusable."""
    return data.get("id") if isinstance(data, Mapping) else None


def decide(guard: Guard, item: CheckItem) -> Decision:
    """The guard's decision on ``item``; ``PayloadError`` for an order or context that is not one.

    ``None`` for ``order`` or ``context`` means the fact is unknown (the rules needing it skip).
    """
    return guard.check(item.operation, item.request, item.order, item.context)


def answer(guard: Guard, data: object) -> dict[str, Any]:
    """The JSON answer for one raw item: ``{"id", ...decision}``; ``PayloadError`` if unusable."""
    item = CheckItem.from_json(data)
    return {"id": item.id, **decide(guard, item).to_json()}


def unusable(data: object, error: PayloadError) -> dict[str, Any]:
    """The answer for an item that could not be judged: its ``id`` and why, in one line."""
    return {"id": item_id(data), "error": describe(error)}


def describe(error: PayloadError) -> str:
    """A one-line reason an item is unusable, naming the field (``request: expected ...``)."""
    if error.what == _ITEM or error.what == "operation":
        return "; ".join(str(issue) for issue in error.issues)
    return str(error)


class Guards:
    """One ``Guard`` per API version, built on first use and shared (guards are immutable)."""

    __slots__ = ("_by_version",)

    def __init__(self) -> None:
        self._by_version: dict[str, Guard] = {}

    def __call__(self, version: ApiVersion | str) -> Guard:
        """The guard of ``version``; ``UnsupportedVersionError`` for a version orderguard lacks."""
        guard = self._by_version.get(version)
        if guard is None:
            guard = Guard(version)
            self._by_version[guard.api_version] = guard
        return guard


def _required_issues(data: Mapping[str, Any]) -> list[FieldIssue]:
    """What is wrong with the fields of an item: missing, or not of the type they must be."""
    issues = []
    if "operation" not in data:
        issues.append(FieldIssue("operation", "required; e.g. createOrder"))
    elif not isinstance(data["operation"], str):
        issues.append(FieldIssue("operation", f"expected a string, got {_kind(data['operation'])}"))
    request = data.get("request")
    if not isinstance(request, Mapping):
        found = "nothing" if "request" not in data else _kind(request)
        issues.append(
            FieldIssue("request", f"expected a JSON object of GraphQL variables, got {found}")
        )
    for name, what in (("order", "the order query's JSON"), ("context", "the merchant's facts")):
        value = data.get(name)
        if value is not None and not isinstance(value, Mapping):
            issues.append(FieldIssue(name, f"expected an object ({what}), got {_kind(value)}"))
    identifier = data.get("id")
    if identifier is not None and (
        isinstance(identifier, bool) or not isinstance(identifier, str | int | float)
    ):
        issues.append(FieldIssue("id", f"expected a string or a number, got {_kind(identifier)}"))
    return issues


def _kind(value: object) -> str:
    """The JSON name of ``value``'s type, for messages."""
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    return names.get(type(value), "a number" if isinstance(value, int | float) else "a value")
