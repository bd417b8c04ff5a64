"""Reading what the API answered: its JSON, its errors (typed), the payload of a success.

A codeless ``ValidationError`` that refuses the request's shape (answered before anything ran,
or naming the misfitting field) becomes ``ApiSchemaError``: the request must be fixed. A body
beyond ``orderguard._json``'s bounds (nested too deep, an integer too long) is a
``PayloadError``, not left to blow the interpreter's stack.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from orderguard._json import JsonError, JsonLimitError, loads
from orderguard.client._documents import PAYLOAD_KEYS
from orderguard.client._transfer import Answer
from orderguard.enums import Operation
from orderguard.errors import (
    ApiError,
    FieldIssue,
    PayloadError,
    error_for_http_status,
    parse_api_errors,
)
from orderguard.errors.exceptions import ApiNotFoundError, ApiSchemaError, ApiValidationError


def json_body(response: Answer) -> object:
    """The answer's JSON body; ``None`` when it is not JSON, ``PayloadError`` if beyond bounds."""
    try:
        return loads(response.text)
    except JsonLimitError as error:
        raise PayloadError("GraphQL response", [FieldIssue("", str(error))]) from None
    except JsonError:
        return None


def answered_errors(operation: Operation, response: Answer, body: object) -> tuple[ApiError, ...]:
    """The response's errors: its ``errors[]``, else what a failing HTTP status stands for.

    When the status says more than the entries do (a 429 whose entries name no type), the
    status's error comes first. The first error's ``errors`` holds them all.
    """
    listed = parse_api_errors(body, operation) if isinstance(body, Mapping) else ()
    listed = tuple(_schema_refusal(error, body) for error in listed)
    status = error_for_http_status(response.status_code, operation, _reason(response, body))
    if status is not None and (not listed or type(listed[0]) is ApiError):
        listed = (status, *listed)
    if listed:
        listed[0].errors = listed
    return listed


def _schema_refusal(error: ApiError, body: object) -> ApiError:
    """A codeless ValidationError about the request's shape, as ``ApiSchemaError``.

    GraphQL answers variables that do not fit the schema before running anything (no ``data``);
    the fake and the emulator also name the misfitting field in ``extensions.field``.
    """
    if type(error) is not ApiValidationError or error.code is not None:
        return error
    extensions = error.raw.get("extensions")
    field = extensions.get("field") if isinstance(extensions, Mapping) else None
    before_running = isinstance(body, Mapping) and "data" not in body
    if field is None and not before_running:
        return error
    return ApiSchemaError.from_error(error, field if isinstance(field, str) else None)


def _reason(response: Answer, body: object) -> str:
    if isinstance(body, Mapping) or not response.text.strip():
        return ""
    return f"HTTP status {response.status_code}: {response.text.strip()[:200]}"


def payload_of(operation: Operation, body: object) -> Mapping[str, Any]:
    """``data.<operation>`` (and its ``order`` / ``cancellation``) of a successful response."""
    data = body.get("data") if isinstance(body, Mapping) else None
    value = data.get(operation.value) if isinstance(data, Mapping) else None
    key = PAYLOAD_KEYS[operation]
    if key is not None:
        value = value.get(key) if isinstance(value, Mapping) else None
    if isinstance(value, Mapping):
        return value
    if operation is Operation.ORDER and isinstance(data, Mapping):
        raise ApiNotFoundError("ResourceNotFoundError", None, "no such order", operation=operation)
    path = f"data.{operation.value}" + (f".{key}" if key else "")
    raise PayloadError("GraphQL response", [FieldIssue(path, "expected an object")])
