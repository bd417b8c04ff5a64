"""One GraphQL call of the fake: authorisation, faults, dispatch, and the response's shape.

Success: ``{"data": {"createOrder": {"order": {...}}}}``, ``{"data": {"updateOrder": {"order":
{...}}}}``, ``{"data": {"cancelOrder": {"cancellation": {...}}}}`` or ``{"data": {"order":
{...}}}``. Failure: ``{"data": None, "errors": [{"message", "path": [operation], "extensions":
{"errorType", "errorCode"}}]}`` with exactly one error. ``errorCode`` is ABSENT (not ``"N/A"``,
not null) where the API's tables say N/A; a schema misfit also carries ``extensions.field``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

import attrs

from orderguard.fake._checks import find_order
from orderguard.fake._create import create_order
from orderguard.fake._dialect import Dialect
from orderguard.fake._faults import Fault
from orderguard.fake._model import Store
from orderguard.fake._reader import JSON, Rejection, coerce_arguments, misfit
from orderguard.fake._render import cancellation_json, order_json
from orderguard.fake._update import cancel_order, update_order

OPERATIONS = ("createOrder", "updateOrder", "cancelOrder", "order")


@attrs.frozen(slots=True)
class Call:
    """One call the fake received: what was asked and what it answered.

    ``variables`` is a deep copy taken when the call arrived; ``response`` is the GraphQL
    response, or ``None`` when a lost-response fault swallowed it (the call was committed).
    """

    operation: str
    variables: Mapping[str, Any]
    api_version: str
    response: JSON | None


_FAULT_MESSAGES = {
    Fault.THROTTLING: "Rate exceeded; retry with exponential backoff",
    Fault.INTERNAL_ERROR: "Unexpected error during request processing",
    Fault.CONFLICT: "The order is already in the process of being updated",
}


def check_operation(operation: str) -> None:
    """``ValueError`` naming the operations the fake serves, for any other name."""
    if operation not in OPERATIONS:
        raise ValueError(
            f"unknown operation {operation!r}; expected one of {', '.join(OPERATIONS)}"
        )


def authorise(headers: Mapping[str, str] | None, valid_tokens: Collection[str] | None) -> None:
    """``AccessDeniedError`` when an ``Authorization`` header carries a token not in the set.

    No header, or no set of valid tokens, lets the call through (the in-process default).
    """
    value = next((v for k, v in (headers or {}).items() if k.lower() == "authorization"), None)
    if value is None or valid_tokens is None:
        return
    if value.removeprefix("Bearer ").strip() not in valid_tokens:
        raise Rejection("AccessDeniedError", None, "the access token may not perform this call")


def fault_rejection(fault: Fault | None) -> Rejection | None:
    """The error a throttling, server or conflict fault answers with (``None`` otherwise)."""
    if fault is None or fault is Fault.LOST_RESPONSE:
        return None
    return Rejection(fault.value, None, _FAULT_MESSAGES[fault])


def run(
    operation: str,
    variables: object,
    store: Store,
    dialect: Dialect,
    prime_shoppers: Collection[str] | None,
) -> JSON:
    """Carry out one operation on the store; the value under ``data.<operation>``.

    The variables are first coerced against the version's input types (``coerce_arguments``):
    an unknown field, another version's shape or a value GraphQL would not coerce is refused
    before any rule.
    """
    if not isinstance(variables, Mapping):
        raise misfit("", "the variables must be a JSON object")
    variables = coerce_arguments(operation, variables, dialect.schema)
    if operation == "createOrder":
        return {
            "order": order_json(create_order(store, variables, dialect, prime_shoppers), dialect)
        }
    if operation == "updateOrder":
        return {"order": order_json(update_order(store, variables, dialect), dialect)}
    if operation == "cancelOrder":
        return {"cancellation": cancellation_json(cancel_order(store, variables, dialect))}
    found = find_order(store, dict(variables), "orderIdentifier", "", dialect)
    return order_json(found, dialect)


def error_response(operation: str, rejection: Rejection) -> JSON:
    """The GraphQL response for a rejected call."""
    extensions: JSON = {"errorType": rejection.error_type}
    if rejection.code is not None:
        extensions["errorCode"] = rejection.code
    if rejection.field is not None:
        extensions["field"] = rejection.field
    error = {"message": rejection.message, "path": [operation], "extensions": extensions}
    return {"data": None, "errors": [error]}
