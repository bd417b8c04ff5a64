"""Turning API JSON into models: one entry point per payload, errors with JSON paths.

Requests are read strictly (``_read.read_variables``; ``parse_variables`` raises on any issue);
responses (``parse_order``) tolerantly.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

import pydantic

from orderguard._paths import json_path
from orderguard.api._base import ApiModel
from orderguard.api._dialect import Dialect, dialect_for
from orderguard.api._issues import clean_loc
from orderguard.api._order import Order
from orderguard.api._read import Variables, read_variables, speaking
from orderguard.api._requests import VARIABLE_MODELS
from orderguard.api._unread import Loc
from orderguard.enums import DEFAULT_API_VERSION, ApiVersion, Operation
from orderguard.errors import FieldIssue, PayloadError

ModelT = TypeVar("ModelT", bound=ApiModel)


def _issues(error: pydantic.ValidationError, data: object, prefix: Loc) -> list[FieldIssue]:
    """One FieldIssue per pydantic error, with the JSON path the client would recognise.

    A text both of whose branches refuse it (``_scalars``) is one issue.
    """
    issues = [
        FieldIssue(
            json_path(prefix + clean_loc(item["loc"], data)),
            item["msg"].removeprefix("Value error, "),
        )
        for item in speaking(error, data)
    ]
    return list(dict.fromkeys(issues))


def validate_model(
    model: type[ModelT],
    data: object,
    what: str,
    prefix: Loc = (),
    problem: str = "does not fit the API schema",
) -> ModelT:
    """Validate ``data`` as ``model``; ``PayloadError`` naming each misfit by its path.

    ``problem`` words the error for JSON that is not the API's (``"is invalid"``).
    """
    try:
        return model.model_validate(data)
    except pydantic.ValidationError as error:
        raise PayloadError(what, _issues(error, data, prefix), problem) from None


def mutation_named(name: Operation | str) -> Operation:
    """The mutation called ``name``; ``PayloadError`` listing the mutations otherwise."""
    if name in VARIABLE_MODELS:
        return Operation(name)
    known = ", ".join(op.value for op in VARIABLE_MODELS)
    raise PayloadError(
        "operation", [FieldIssue("operation", f"expected one of {known}, got {name!r}")]
    )


def parse_variables(
    operation: Operation | str,
    data: object,
    api_version: ApiVersion | str | Dialect = DEFAULT_API_VERSION,
) -> Variables:
    """Parse the GraphQL variables of a mutation; ``PayloadError`` naming each bad field."""
    op = mutation_named(operation)
    read = read_variables(op, data, dialect_for(api_version))
    if read.issues or read.variables is None:
        issues = [FieldIssue(issue.path, issue.message) for issue in read.issues]
        raise PayloadError(f"{op.value} variables", issues)
    return read.variables


def _unwrap_order(data: object) -> tuple[object, Loc]:
    """Accept a bare order or a whole ``{"data": {"order": ...}}`` response."""
    if isinstance(data, Mapping) and "data" in data and "id" not in data:
        inner: Any = data["data"]
        if isinstance(inner, Mapping) and "order" in inner:
            return inner["order"], ("data", "order")
        raise PayloadError("order response", [FieldIssue("data.order", "Field required")])
    return data, ()


def parse_order(data: object, api_version: ApiVersion | str = DEFAULT_API_VERSION) -> Order:
    """Parse an ``order`` query result (bare or enveloped, either version) into an ``Order``."""
    order, prefix = _unwrap_order(data)
    if order is None:
        raise PayloadError("order response", [FieldIssue(json_path(prefix), "order is null")])
    dialect_for(api_version)  # an unknown version is refused even though both read alike
    return validate_model(Order, order, "order", prefix)
