"""Reading the errors a GraphQL response carries into :class:`ApiError` exceptions.

The Order API documents every error as an *error type* plus an *error code* (``N/A`` when
there is none) but shows no response body, so the keys are read defensively. For each
``errors[i]``:

- type: the first text of ``extensions.errorType``, ``extensions.classification``,
  ``extensions.type``, ``extensions.code`` (only when it names a type, see below), then the
  entry's own ``errorType`` and ``type``;
- code: ``extensions.errorCode``, else ``extensions.code`` when it is not the type, else
  ``extensions.details.errorCode`` / ``extensions.details.code``; ``N/A`` means none;
- ``extensions.code`` counts as the type when it spells one orderguard knows
  (``ThrottlingException``, ``INTERNAL_SERVER_ERROR``), repeats the declared type, or is the only
  thing sent and no catalog entry uses it as a code;
- a code without a type takes the type the catalog gives that code (``DuplicateRefundId`` is a
  ``ValidationError``); with neither, the type is ``UnknownError``.

Types are matched on their stem, so ``...Error`` and ``...Exception`` spellings and any case or
underscores pick the same exception class and catalog entry; ``error_type`` keeps the string as
sent. An HTTP status without a body maps through :func:`error_for_http_status`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from orderguard._paths import json_path
from orderguard.enums import Operation
from orderguard.errors._catalog import CATALOG, ErrorSpec
from orderguard.errors._exceptions import (
    ApiAccessDeniedError,
    ApiConflictError,
    ApiError,
    ApiInternalServerError,
    ApiNotFoundError,
    ApiThrottlingError,
    ApiValidationError,
    FieldIssue,
    PayloadError,
)

__all__ = ["error_for_http_status", "parse_api_errors", "raise_for_api_errors"]

UNKNOWN_ERROR_TYPE = "UnknownError"
"""The type given to an entry that names neither a type nor a code the catalog knows."""

_CLASSES: dict[str, type[ApiError]] = {
    "accessdenied": ApiAccessDeniedError,
    "conflict": ApiConflictError,
    "internalserver": ApiInternalServerError,
    "throttling": ApiThrottlingError,
    "resourcenotfound": ApiNotFoundError,
    "notfound": ApiNotFoundError,
    "validation": ApiValidationError,
}

_EXTENSION_TYPE_KEYS = ("errorType", "classification", "type")
_ENTRY_TYPE_KEYS = ("errorType", "type")
_DETAIL_CODE_KEYS = ("errorCode", "code")
_STATUS_TYPES = {401: "AccessDeniedError", 403: "AccessDeniedError", 429: "ThrottlingError"}


def parse_api_errors(
    response: Mapping[str, Any], operation: Operation | None = None
) -> tuple[ApiError, ...]:
    """Every error in a GraphQL response's ``errors`` list, as :class:`ApiError` subclasses.

    ``operation`` attaches the catalog's :class:`ErrorSpec` to each error; without it, the
    operation is taken from the first element of the entry's ``path`` when that names one.
    Returns ``()`` when ``errors`` is absent, null or empty. An ``errors`` value that is not a
    list, or entries that are not objects, raise :class:`PayloadError` naming each path;
    anything else odd inside an entry is read leniently.
    """
    if not isinstance(response, Mapping):
        raise PayloadError("GraphQL response", [FieldIssue("", _expected("an object", response))])
    errors = response.get("errors")
    if errors is None:
        return ()
    if not isinstance(errors, list | tuple):
        raise PayloadError("GraphQL response", [FieldIssue("errors", _expected("a list", errors))])
    issues = [
        FieldIssue(f"errors[{index}]", _expected("an object", entry))
        for index, entry in enumerate(errors)
        if not isinstance(entry, Mapping)
    ]
    if issues:
        raise PayloadError("GraphQL response", issues)
    return tuple(_parse_entry(entry, operation) for entry in errors)


def raise_for_api_errors(response: Mapping[str, Any], operation: Operation | None = None) -> None:
    """Raise the first error of ``response`` (see :func:`parse_api_errors`); return if none.

    The raised error's ``errors`` attribute holds every error of the response, in order, the
    raised one first, so a caller can catch one class and still see the rest.
    """
    errors = parse_api_errors(response, operation)
    if errors:
        first = errors[0]
        first.errors = errors
        raise first


def error_for_http_status(
    status: int, operation: Operation | None = None, message: str = ""
) -> ApiError | None:
    """The error an HTTP status stands for, or ``None`` below 400.

    401 and 403 give :class:`ApiAccessDeniedError`, 429 :class:`ApiThrottlingError`, any 5xx
    :class:`ApiInternalServerError`; other statuses give a plain :class:`ApiError` of type
    ``HttpError``. ``raw`` is ``{"httpStatus": status}``.
    """
    if status < 400:
        return None
    error_type = _STATUS_TYPES.get(status, "InternalServerError" if status >= 500 else "HttpError")
    text = message or f"HTTP status {status}"
    return _build(error_type, None, text, operation, {"httpStatus": status}, "")


def _parse_entry(entry: Mapping[str, Any], operation: Operation | None) -> ApiError:
    """One ``errors[i]`` object as an exception."""
    error_type, code = _type_and_code(entry, _mapping(entry.get("extensions")))
    operation = operation or _operation_in(entry.get("path"))
    error_type = error_type or _type_of_code(code)
    message = entry.get("message")
    text = message if isinstance(message, str) else ("" if message is None else str(message))
    return _build(error_type, code, text, operation, entry, _json_path(entry.get("path")))


def _build(
    error_type: str,
    code: str | None,
    message: str,
    operation: Operation | None,
    raw: Mapping[str, Any],
    path: str,
) -> ApiError:
    """The exception class for ``error_type``, with its catalog entry when ``operation`` is set."""
    cls = _CLASSES.get(_stem(error_type), ApiError)
    spec = _spec_for(operation, error_type, code) if operation else None
    return cls(error_type, code, message, operation=operation, spec=spec, raw=raw, path=path)


def _type_and_code(
    entry: Mapping[str, Any], ext: Mapping[str, Any]
) -> tuple[str | None, str | None]:
    """The type and code as sent (either may be ``None``); see the module docstring."""
    declared = _first_text(ext, _EXTENSION_TYPE_KEYS) or _first_text(entry, _ENTRY_TYPE_KEYS)
    loose = _text(ext.get("code"))
    if loose is not None and _names_a_type(loose, declared):
        declared, loose = declared or loose, None
    explicit = _text(ext.get("errorCode"))
    detail = _first_text(_mapping(ext.get("details")), _DETAIL_CODE_KEYS)
    code = explicit or loose or detail
    return declared, None if code is None or code.upper() == "N/A" else code


def _names_a_type(value: str, declared: str | None) -> bool:
    """Whether ``extensions.code`` holds the error type rather than the error code."""
    stem = _stem(value)
    if stem in _CLASSES or (declared is not None and stem == _stem(declared)):
        return True
    return declared is None and not any(spec.code == value for spec in CATALOG.specs())


def _type_of_code(code: str | None) -> str:
    """The one type the catalog gives ``code`` on any operation, else ``UnknownError``."""
    types = {spec.error_type for spec in CATALOG.specs() if code is not None and spec.code == code}
    return types.pop() if len(types) == 1 else UNKNOWN_ERROR_TYPE


def _spec_for(operation: Operation, error_type: str, code: str | None) -> ErrorSpec | None:
    """The catalog entry: exact type and code, else same stem and code, else the type's N/A row.

    Only the API's own answers (documented or inferred, ``ErrorSpec.api_answer``) are matched:
    orderguard's names for its own checks never stand for an error the API sent.
    """
    exact = CATALOG.find(operation, error_type, code)
    if exact is not None:
        return exact
    stem = _stem(error_type)
    kin = [
        spec
        for spec in CATALOG.specs()
        if spec.operation == operation and spec.api_answer and _stem(spec.error_type) == stem
    ]
    same_code = (spec for spec in kin if spec.code == code)
    return next(same_code, None) or next((spec for spec in kin if spec.code is None), None)


def _stem(error_type: str) -> str:
    """``ThrottlingException``, ``THROTTLING_ERROR``, ``ThrottlingError`` -> ``throttling``."""
    key = "".join(char for char in error_type.casefold() if char.isalnum())
    for suffix in ("exception", "error"):
        if key.endswith(suffix) and key != suffix:
            return key.removesuffix(suffix)
    return key


def _operation_in(path: object) -> Operation | None:
    """The operation a GraphQL ``path`` starts with (``["createOrder", ...]``), if any."""
    if isinstance(path, list) and path and isinstance(path[0], str):
        return next((op for op in Operation if op.value == path[0]), None)
    return None


def _json_path(path: object) -> str:
    """A GraphQL ``path`` list as a JSON path: ``["updateOrder", "refunds", 0]`` -> ``...[0]``."""
    if isinstance(path, str):
        return path
    return json_path(path) if isinstance(path, list) else ""


def _mapping(value: object) -> Mapping[str, Any]:
    """``value`` when it is a JSON object, else an empty one."""
    return value if isinstance(value, Mapping) else {}


def _text(value: object) -> str | None:
    """``value`` stripped when it is a non-blank string, else ``None``."""
    return (value.strip() or None) if isinstance(value, str) else None


def _first_text(mapping: Mapping[str, Any], keys: tuple[str, ...]) -> str | None:
    """The first non-blank string among ``mapping[key]`` for ``keys``."""
    return next((text for key in keys if (text := _text(mapping.get(key))) is not None), None)


def _expected(what: str, value: object) -> str:
    """``expected a list, got str``."""
    return f"expected {what}, got {type(value).__name__}"
