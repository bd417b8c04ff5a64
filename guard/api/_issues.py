"""Schema issues: pydantic's errors as the API's GraphQL validation names them, with JSON paths.

An unknown field is told apart (``unknown_field``: the catalog's ``UnknownInputField``, which a
merchant can downgrade when the documentation missed a field) from every other misfit (a wrong
type, a missing field, another version's spelling, a field the reference rules out:
``SchemaError``). Each issue names the path,
what the version expects (the right spelling, a close field name) and what was found.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Mapping
from typing import Any

import attrs

from orderguard._paths import json_path
from orderguard.api._dialect import DIALECTS, Dialect
from orderguard.api._scalars import CONSTRAINT_ERROR
from orderguard.api._schema import InputSchema
from orderguard.api._versioned import WRONG_VERSION
from orderguard.enums import Operation

Loc = tuple[int | str, ...]

_TYPE_MESSAGES = {
    "bool_type": "expected a Boolean (true or false)",
    "string_type": "expected a String",
    "list_type": "expected a list",
    "int_type": "expected an Int",
    "greater_than": "must be greater than {gt}",
    "too_short": "must hold at least {min_length} item(s)",
    "string_unicode": "expected text UTF-8 can carry (it holds a lone surrogate)",
}
_OBJECT_TYPES = frozenset({"model_type", "model_attributes_type", "dict_type"})
_CONSTRAINT_TYPES = frozenset(
    {
        "string_too_short",
        "string_too_long",
        "string_pattern_mismatch",
        "greater_than",
        "greater_than_equal",
        "less_than_equal",
        "decimal_max_places",
        "finite_number",
        CONSTRAINT_ERROR,
    }
)
"""pydantic-core's errors for a value breaking its field's ``Constraint``: the constraint
words the issue, as the fake does."""


@attrs.frozen(slots=True)
class SchemaIssue:
    """One way a request misfits its version's input schema, at a JSON path."""

    path: str
    message: str
    unknown_field: bool = False
    """The field is not in the version's schema at all (not another version's spelling)."""
    expected: str | None = None
    found: str | None = None


def clean_loc(loc: tuple[Any, ...], data: object) -> Loc:
    """A pydantic location without its internal tags (``function-after[...]``, ``[key]``).

    A tag is told from a key of the request by walking ``data`` (the validated value) along
    the location: a part written like a tag that is not a key there is dropped.
    """
    parts: list[int | str] = []
    current: Any = data
    for part in loc:
        is_key = isinstance(current, dict) and part in current
        if not is_key and isinstance(part, str) and part.endswith("]") and "[" in part:
            continue
        parts.append(part)
        if is_key or (
            isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        ):
            current = current[part]
        else:
            current = None
    return tuple(parts)


def shown(value: object) -> str:
    """A short text of a sent value, for ``found``."""
    if isinstance(value, dict):
        return "an object"
    try:
        text = json.dumps(value, default=str)
    except RecursionError:
        return "a list nested too deeply to show"
    except ValueError:
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


@attrs.frozen(slots=True)
class IssueWriter:
    """Writes the issues of one operation in one version."""

    operation: Operation
    dialect: Dialect
    schema: InputSchema

    def issue(self, error: Mapping[str, Any], loc: Loc) -> SchemaIssue:
        """The issue a pydantic error stands for, at ``loc`` (the request's own coordinates)."""
        kind, path = error["type"], json_path(loc)
        if kind == "extra_forbidden":
            return self._unknown(loc)
        if kind == "missing":
            return self.missing(loc)
        found = shown(error.get("input"))
        if kind == WRONG_VERSION:
            return self._wrong_version(str((error.get("ctx") or {}).get("field")), path, found)
        if kind in _OBJECT_TYPES and not loc:
            return SchemaIssue(path, "the variables must be a JSON object", found=found)
        if kind in _OBJECT_TYPES:
            what = self.schema.type_at(self.operation, loc)
            return SchemaIssue(path, f"expected an input object ({what})", found=found)
        if kind in ("enum", "literal_error"):
            return self._enum(loc, path, error.get("input"), found)
        if kind in _CONSTRAINT_TYPES:
            constrained = self._constraint_issue(loc, error.get("input"), found)
            if constrained is not None:
                return constrained
        template = _TYPE_MESSAGES.get(kind)
        message = template.format(**(error.get("ctx") or {})) if template else error["msg"]
        return SchemaIssue(path, message.removeprefix("Value error, "), found=found)

    def _constraint_issue(self, loc: Loc, value: object, found: str) -> SchemaIssue | None:
        """A value breaking its field's constraint, worded by the constraint."""
        ref = self.schema.field_at(self.operation, loc)
        constraint = ref.constraint if ref else None
        problem = constraint.problem(value) if constraint else None
        if constraint is None or problem is None:
            return None
        return SchemaIssue(json_path(loc), problem, expected=constraint.expected, found=found)

    def missing(self, loc: Loc) -> SchemaIssue:
        """A field the version requires that the request leaves out."""
        return SchemaIssue(
            json_path(loc), f"{self._owner(loc)} requires {loc[-1]}", found="missing"
        )

    def _owner(self, loc: Loc) -> str:
        owner = self.schema.type_at(self.operation, loc[:-1]) or "the request"
        return f"{owner} in {self.dialect.version}"

    def _wrong_version(self, key: str, path: str, found: str) -> SchemaIssue:
        """A field of another version's shape, with what this version writes instead."""
        owner, _, field = key.partition(".")
        kind = "argument" if owner[:1].islower() else "field"
        where = f"{owner} has no {kind} {field} in {self.dialect.version}"
        instead = self.dialect.absent_input_fields.get(key)
        if instead:
            return SchemaIssue(path, f"{where}; use {instead}", expected=instead, found=found)
        having = [d.version for d in DIALECTS.values() if key not in d.absent_input_fields]
        return SchemaIssue(path, f"{where} (only {', '.join(having)} has it)", found=found)

    def _enum(self, loc: Loc, path: str, value: object, found: str) -> SchemaIssue:
        """An enum value the version does not have; another version's spelling is named so."""
        name = self.schema.type_at(self.operation, loc) or ""
        values = self.schema.enums.get(name, ())
        expected = f"one of {', '.join(values)}"
        version = self.dialect.version
        for other in DIALECTS.values():
            spellings = other.enum_spellings.get(name, {})
            if other.version == version or not isinstance(value, str) or value not in spellings:
                continue
            ours = [v for v in values if self._held(name, v) == spellings[value]]
            if ours:
                message = f"{value} is the {other.version} spelling; {version} says {ours[0]}"
                return SchemaIssue(path, message, expected=ours[0], found=found)
            message = f"{value} exists in {other.version} only; expected {expected}"
            return SchemaIssue(path, message, expected=expected, found=found)
        return SchemaIssue(path, f"expected {expected}", expected=expected, found=found)

    def _held(self, enum: str, spelt: str) -> str:
        """The value the models hold for this version's spelling ``spelt``."""
        return self.dialect.enum_spellings.get(enum, {}).get(spelt, spelt)

    def _unknown(self, loc: Loc) -> SchemaIssue:
        owner = self.schema.type_at(self.operation, loc[:-1]) or ""
        field = str(loc[-1]) if loc else ""
        kind = "argument" if owner == self.operation.value else "field"
        where = f"{owner} has no {kind} {field} in {self.dialect.version}"
        ruled_out = self.dialect.ruled_out_fields.get(f"{owner}.{field}")
        if ruled_out is not None:
            return SchemaIssue(json_path(loc), f"{where}: {ruled_out}", found=field)
        older = self.dialect.older_spellings.get(f"{owner}.{field}")
        if older is not None:
            message = f"{where}; an older version's spelling: use {older}"
            return SchemaIssue(json_path(loc), message, expected=older, found=field)
        known = self.schema.types.get(owner)
        names = [f.name for f in known.fields] if known else []
        close = difflib.get_close_matches(field, names, n=1, cutoff=0.75)
        hint = f"; did you mean {close[0]}?" if close else ""
        expected = close[0] if close else None
        return SchemaIssue(json_path(loc), where + hint, True, expected, field)
