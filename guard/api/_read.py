"""Reading a mutation's variables as the API's GraphQL server reads them, issue by issue.

A ``RequestReader`` holds one dialect's request models (``_versioned``) and input schema. Its
``read`` validates the variables in one pydantic pass; only a request that misfits takes the
slow path: every misfit becomes a ``SchemaIssue``, the misfitting parts are left out and the rest
is read again (``_unread``), so the rules can still judge it. A single value where a list
belongs is read as a list of one, as GraphQL does, and is no issue.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import attrs
import pydantic

from orderguard._paths import json_path
from orderguard.api._base import InputModel
from orderguard.api._dialect import Dialect
from orderguard.api._issues import IssueWriter, SchemaIssue, clean_loc, shown
from orderguard.api._requests import (
    CancelOrderVariables,
    CreateOrderVariables,
    UpdateOrderVariables,
)
from orderguard.api._scalars import UNMEASURED
from orderguard.api._schema import InputSchema, input_schema, schema_shape
from orderguard.api._unread import Loc, Unread, parse_path, without
from orderguard.api._versioned import versioned_models
from orderguard.enums import Operation

Variables = CreateOrderVariables | UpdateOrderVariables | CancelOrderVariables

_MAX_READS = 16
"""Readings of a misfitting request before giving up on it (each leaves out one more level)."""
_READ_IN_FULL = Unread()
_NOTHING_READ = Unread(frozenset({()}))


@attrs.frozen(slots=True)
class ReadRequest:
    """A request as read: its variables (``None`` if nothing could be read) and its issues.

    When ``issues`` is not empty, ``variables`` hold what fitted: the misfitting parts are left
    out, ``unread`` says where; ``path_as_sent`` maps a path found in ``variables`` back to the
    request as sent.
    """

    operation: Operation
    variables: Variables | None
    issues: tuple[SchemaIssue, ...] = ()
    unread: Unread = _READ_IN_FULL

    def path_as_sent(self, path: str) -> str | None:
        """``path`` in the request as sent; ``None`` if it lies in a part that was left out."""
        if not self.unread.locations:
            return path
        loc = self.unread.as_sent(parse_path(path))
        return None if self.unread.covers(loc) else json_path(loc)


@attrs.frozen(slots=True)
class RequestReader:
    """Reads the three mutations' variables for one dialect."""

    dialect: Dialect
    schema: InputSchema
    models: dict[Operation, type[InputModel]]
    required: dict[Operation, tuple[Loc, ...]]
    _validators: dict[Operation, Callable[[object], Any]] = attrs.field(
        init=False, repr=False, factory=dict
    )
    """Each model's ``model_validate`` without its Python wrapper, built on the first read of its
    operation (the models defer their build: a check builds only its own mutation's)."""

    def _validator(self, operation: Operation) -> Callable[[object], Any]:
        validate = self._validators.get(operation)
        if validate is None:
            # The first attribute read of a deferred validator builds it.
            validator = self.models[operation].__pydantic_validator__
            validate = self._validators[operation] = validator.validate_python
        return validate

    def read(self, operation: Operation, data: object) -> ReadRequest:
        """Every schema issue of ``data`` as ``operation``'s variables, and what could be read."""
        validate = self._validators.get(operation) or self._validator(operation)
        try:
            variables: Any = validate(data)
        except pydantic.ValidationError as error:
            return self._read_what_fits(operation, data, error)
        missing = self._missing(operation, variables)
        if not missing:
            return ReadRequest(operation, variables)
        writer = IssueWriter(operation, self.dialect, self.schema)
        return ReadRequest(operation, variables, tuple(writer.missing(loc) for loc in missing))

    def _read_what_fits(
        self, operation: Operation, data: object, error: pydantic.ValidationError
    ) -> ReadRequest:
        """Leave out each misfit (and what then lacks a required field) until the rest reads."""
        writer = IssueWriter(operation, self.dialect, self.schema)
        issues: list[SchemaIssue] = []
        gone: set[Loc] = set()
        listed: set[Loc] = set()
        unread, view = _READ_IN_FULL, data
        for reading in range(_MAX_READS):
            for item in speaking(error, view):
                loc = unread.as_sent(clean_loc(item["loc"], view))
                if _is_single_value(item):
                    listed.add(loc)
                    continue
                # Later readings only add what leaving a part out cannot have caused.
                issue = writer.issue(item, loc)
                # A text refused by both of its branches (``_scalars``) is one issue.
                if (reading == 0 or not unread.touches(loc)) and issue not in issues:
                    issues.append(issue)
                gone.add(loc[:-1] if item["type"] == "missing" else loc)
            if () in gone:
                break
            view, unread = without(data, frozenset(gone), frozenset(listed))
            try:
                variables: Any = self.models[operation].model_validate(view)
            except pydantic.ValidationError as again:
                error = again
                continue
            missing = self._missing(operation, variables)
            issues += [writer.missing(loc) for loc in missing if not unread.covers(loc)]
            return ReadRequest(operation, variables, tuple(issues), unread)
        if not issues:  # never a silent pass: what cannot be read is refused
            issues.append(SchemaIssue("", "the variables could not be read", found=shown(data)))
        return ReadRequest(operation, None, tuple(issues), _NOTHING_READ)

    def _missing(self, operation: Operation, variables: InputModel) -> list[Loc]:
        """Where ``variables`` leave out a field the version requires (the order's identifier)."""
        missing = []
        for loc in self.required[operation]:
            holder: InputModel | None = variables
            for name in loc[:-1]:
                holder = _field(holder, str(name))
            if holder is not None and _field(holder, str(loc[-1])) is None:
                missing.append(loc)
        return missing


def speaking(error: pydantic.ValidationError, data: object) -> list[Any]:
    """The errors to report: a text's UTF-8 failure only where no other branch spoke for it."""
    items = error.errors(include_url=False)
    if all(item["type"] != UNMEASURED for item in items):
        return items
    spoken = {clean_loc(i["loc"], data) for i in items if i["type"] != UNMEASURED}
    return [
        item
        for item in items
        if item["type"] != UNMEASURED or clean_loc(item["loc"], data) not in spoken
    ]


def _field(holder: InputModel | None, name: str) -> Any:
    """The value of the GraphQL field ``name`` of ``holder`` (``None`` when absent)."""
    if holder is None:
        return None
    return getattr(holder, _attribute(type(holder), name))


def _is_single_value(item: Any) -> bool:
    """A value that is not a list where a list belongs: GraphQL reads it as a list of one."""
    return item["type"] == "list_type" and item.get("input") is not None


@functools.cache
def _attribute(model: type[InputModel], name: str) -> str:
    """The attribute of ``model`` holding the GraphQL field ``name``."""
    return next(attr for attr, info in model.model_fields.items() if (info.alias or attr) == name)


def _required(schema: InputSchema, dialect: Dialect, operation: Operation) -> tuple[Loc, ...]:
    """Where ``operation``'s variables may hold a field the version requires beyond the models."""
    arguments = schema.arguments(operation)
    found: list[Loc] = []
    for name in sorted(dialect.required_input_fields):
        owner, _, field = name.partition(".")
        if owner == arguments.name:
            found.append((field,))
        elif (argument := arguments.field("input")) is not None and argument.type.name == owner:
            found.append(("input", field))
    return tuple(found)


_BY_SHAPE: dict[tuple[object, ...], RequestReader] = {}
_BY_DIALECT: dict[int, tuple[Dialect, RequestReader]] = {}


def reader_for(dialect: Dialect) -> RequestReader:
    """The reader of ``dialect``'s requests, built once per dialect shape (then a dict lookup)."""
    known = _BY_DIALECT.get(id(dialect))
    if known is not None and known[0] is dialect:
        return known[1]
    shape = schema_shape(dialect)
    reader = _BY_SHAPE.get(shape)
    if reader is None:
        schema = input_schema(dialect)
        models = dict(versioned_models(dialect))
        required = {op: _required(schema, dialect, op) for op in models}
        reader = _BY_SHAPE[shape] = RequestReader(dialect, schema, models, required)
    if len(_BY_DIALECT) >= 256:
        _BY_DIALECT.clear()
    _BY_DIALECT[id(dialect)] = (dialect, reader)
    return reader


def read_variables(operation: Operation, data: object, dialect: Dialect) -> ReadRequest:
    """Read a mutation's variables for ``dialect``: every schema issue, and what could be read."""
    return reader_for(dialect).read(operation, data)
