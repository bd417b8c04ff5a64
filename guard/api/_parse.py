"""Turning API JSON into models: one entry point per payload, errors with JSON paths."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

import pydantic

from orderguard._paths import json_path
from orderguard.api._base import ApiModel
from orderguard.api._dialect import dialect_for
from orderguard.api._order import Order
from orderguard.api._requests import (
    CancelOrderVariables,
    CreateOrderVariables,
    UpdateOrderVariables,
)
from orderguard.enums import DEFAULT_API_VERSION, ApiVersion, Operation
from orderguard.errors import FieldIssue, PayloadError

ModelT = TypeVar("ModelT", bound=ApiModel)
Variables = CreateOrderVariables | UpdateOrderVariables | CancelOrderVariables

_VARIABLE_MODELS: dict[Operation, type[Variables]] = {
    Operation.CREATE_ORDER: CreateOrderVariables,
    Operation.UPDATE_ORDER: UpdateOrderVariables,
    Operation.CANCEL_ORDER: CancelOrderVariables,
}


def _issues(error: pydantic.ValidationError, prefix: tuple[int | str, ...]) -> list[FieldIssue]:
    """One FieldIssue per pydantic error, with the JSON path the client would recognise."""
    issues = []
    for item in error.errors(include_url=False):
        loc = tuple(part for part in item["loc"] if not str(part).startswith("function-"))
        message = item["msg"].removeprefix("Value error, ")
        issues.append(FieldIssue(json_path(prefix + loc), message))
    return issues


def validate_model(
    model: type[ModelT],
    data: object,
    what: str,
    api_version: ApiVersion = DEFAULT_API_VERSION,
    prefix: tuple[int | str, ...] = (),
) -> ModelT:
    """Validate ``data`` as ``model`` for ``api_version``; ``PayloadError`` with paths on misfit."""
    try:
        return model.model_validate(data, context={"api_version": api_version})
    except pydantic.ValidationError as error:
        raise PayloadError(what, _issues(error, prefix)) from None


def mutation_named(name: Operation | str) -> Operation:
    """The mutation called ``name``; ``PayloadError`` listing the mutations otherwise."""
    if name in _VARIABLE_MODELS:
        return Operation(name)
    known = ", ".join(op.value for op in _VARIABLE_MODELS)
    raise PayloadError(
        "operation", [FieldIssue("operation", f"expected one of {known}, got {name!r}")]
    )


def _version_issues(variables: Variables, api_version: ApiVersion) -> list[FieldIssue]:
    """Where each version expects the order's identifier, and what it forbids."""
    modern = api_version is ApiVersion.V2024_11_01
    if isinstance(variables, UpdateOrderVariables):
        if modern and variables.order_identifier is None:
            return [FieldIssue("orderIdentifier", "Field required")]
        if not modern and variables.input.order_id is None:
            return [FieldIssue("input.orderId", "Field required")]
    if isinstance(variables, CancelOrderVariables):
        inner = variables.input.order_identifier if variables.input else None
        if modern and variables.order_identifier is None:
            return [FieldIssue("orderIdentifier", "Field required")]
        if not modern and inner is None and variables.order_identifier is None:
            return [FieldIssue("input.orderIdentifier", "Field required")]
    return []


def parse_variables(
    operation: Operation | str, data: object, api_version: ApiVersion | str = DEFAULT_API_VERSION
) -> Variables:
    """Parse the GraphQL variables of a mutation; ``PayloadError`` naming each bad field."""
    operation, version = mutation_named(operation), dialect_for(api_version).version
    model = _VARIABLE_MODELS[operation]
    variables = validate_model(model, data, f"{operation.value} variables", version)
    issues = _version_issues(variables, version)
    if issues:
        raise PayloadError(f"{operation.value} variables", issues)
    return variables


def _unwrap_order(data: object) -> tuple[object, tuple[int | str, ...]]:
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
    return validate_model(Order, order, "order", dialect_for(api_version).version, prefix)
