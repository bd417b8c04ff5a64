"""Tests of orderguard.errors' GraphQL reading: every layout, spelling and malformed shape."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orderguard.enums import Operation
from orderguard.errors import (
    ApiError,
    PayloadError,
    RetryPolicy,
    error_for_http_status,
    parse_api_errors,
    raise_for_api_errors,
)
from orderguard.errors.exceptions import (
    ApiAccessDeniedError,
    ApiConflictError,
    ApiInternalServerError,
    ApiNotFoundError,
    ApiThrottlingError,
    ApiValidationError,
)
from tests.helpers.strategies import graphql_error_entries, json_values

C, U, Q = Operation.CREATE_ORDER, Operation.UPDATE_ORDER, Operation.ORDER
X = Operation.CANCEL_ORDER


def one(entry: dict[str, Any], operation: Operation | None = None) -> ApiError:
    (error,) = parse_api_errors({"data": None, "errors": [entry]}, operation)
    return error


@pytest.mark.parametrize(
    ("extensions", "error_type", "code"),
    [
        (
            {"errorType": "ValidationError", "errorCode": "DuplicateRefundId"},
            "ValidationError",
            "DuplicateRefundId",
        ),
        (
            {"classification": "ValidationError", "code": "DuplicateRefundId"},
            "ValidationError",
            "DuplicateRefundId",
        ),
        (
            {"type": "ValidationError", "details": {"errorCode": "DuplicateRefundId"}},
            "ValidationError",
            "DuplicateRefundId",
        ),
        (
            {"code": "ValidationError", "errorCode": "DuplicateRefundId"},
            "ValidationError",
            "DuplicateRefundId",
        ),
        (
            {"code": "ValidationError", "details": {"code": "DuplicateRefundId"}},
            "ValidationError",
            "DuplicateRefundId",
        ),
        ({"code": "DuplicateRefundId"}, "ValidationError", "DuplicateRefundId"),
        ({"errorType": "ThrottlingError", "code": "ThrottlingError"}, "ThrottlingError", None),
        ({"errorType": "ThrottlingError", "errorCode": "N/A"}, "ThrottlingError", None),
        ({"errorType": "ThrottlingError", "errorCode": "n/a"}, "ThrottlingError", None),
        ({"code": "INTERNAL_SERVER_ERROR"}, "INTERNAL_SERVER_ERROR", None),
        ({"errorType": " AccessDeniedError ", "errorCode": ""}, "AccessDeniedError", None),
    ],
)
def test_every_extensions_layout_yields_type_and_code(
    extensions: dict[str, Any], error_type: str, code: str | None
) -> None:
    """Type and code are found under each key the docs leave open, and N/A means no code."""
    error = one({"message": "m", "extensions": extensions})
    assert (error.error_type, error.code) == (error_type, code)


def test_type_keys_are_read_in_documented_order() -> None:
    """extensions.errorType wins over classification, which wins over type."""
    extensions = {"type": "C", "classification": "B", "errorType": "A"}
    assert one({"extensions": extensions}).error_type == "A"
    del extensions["errorType"]
    assert one({"extensions": extensions}).error_type == "B"


def test_top_level_type_is_read_when_extensions_name_none() -> None:
    """An entry's own errorType or type counts when extensions carry no type."""
    assert isinstance(one({"errorType": "ThrottlingError"}), ApiThrottlingError)
    error = one({"type": "ValidationException", "extensions": {"code": "ItemOutOfStock"}})
    assert (type(error), error.code) == (ApiValidationError, "ItemOutOfStock")


@pytest.mark.parametrize(
    ("stem", "cls"),
    [
        ("AccessDenied", ApiAccessDeniedError),
        ("Conflict", ApiConflictError),
        ("InternalServer", ApiInternalServerError),
        ("Throttling", ApiThrottlingError),
        ("ResourceNotFound", ApiNotFoundError),
        ("Validation", ApiValidationError),
    ],
)
@pytest.mark.parametrize("suffix", ["Error", "Exception"])
def test_both_spellings_map_to_one_class(stem: str, cls: type[ApiError], suffix: str) -> None:
    """...Error and ...Exception pick the same exception class; error_type keeps the raw string."""
    error = one({"message": "m", "extensions": {"errorType": stem + suffix}})
    assert type(error) is cls
    assert error.error_type == stem + suffix


def test_exception_spelling_finds_the_error_spelling_in_the_catalog() -> None:
    """ThrottlingException on createOrder gets the catalog's ThrottlingError entry."""
    error = one({"extensions": {"errorType": "ThrottlingException"}}, C)
    assert error.spec is not None
    assert (error.spec.error_type, error.spec.retry) == (
        "ThrottlingError",
        RetryPolicy.RETRY_WITH_BACKOFF,
    )


@pytest.mark.parametrize(
    ("operation", "sent", "spec_type"),
    [
        (X, "ThrottlingException", "ThrottlingError"),
        (X, "INTERNAL_SERVER_ERROR", "InternalServerError"),
        (X, "AccessDeniedException", "AccessDeniedError"),
        (U, "ResourceNotFoundException", "ResourceNotFoundError"),
        (X, "ResourceNotFoundException", "ResourceNotFoundError"),
    ],
)
def test_any_spelling_finds_an_inferred_entry(
    operation: Operation, sent: str, spec_type: str
) -> None:
    """An answer the catalog infers (cancelOrder's server rows, not found) is found by its stem."""
    error = one({"extensions": {"errorType": sent}}, operation)
    assert error.spec is not None
    assert (error.spec.operation, error.spec.error_type, error.spec.code) == (
        operation,
        spec_type,
        None,
    )
    assert error.spec.api_answer


def test_a_codeless_validation_error_is_not_one_of_orderguards_own_names() -> None:
    """cancelOrder's codeless ValidationException attaches none of orderguard's own checks."""
    error = one({"extensions": {"errorType": "ValidationException"}}, X)
    assert (type(error), error.spec) == (ApiValidationError, None)


@pytest.mark.parametrize(
    ("operation", "spec_type", "retry"),
    [
        (U, "ConflictException", RetryPolicy.RETRY),
        (C, "ConflictError", RetryPolicy.RECOVER_BY_ALIAS),
    ],
)
@pytest.mark.parametrize("sent", ["ConflictError", "ConflictException"])
def test_conflict_spec_follows_the_operation(
    operation: Operation, spec_type: str, retry: RetryPolicy, sent: str
) -> None:
    """Either conflict spelling gets the operation's own conflict entry and retry policy."""
    error = one({"extensions": {"errorType": sent}}, operation)
    assert error.spec is not None
    assert (error.spec.error_type, error.spec.retry) == (spec_type, retry)


def test_exact_validation_code_gets_its_entry() -> None:
    """ValidationError/AliasValueAlreadyExists on createOrder says recover by alias."""
    error = one(
        {"extensions": {"errorType": "ValidationError", "errorCode": "AliasValueAlreadyExists"}}, C
    )
    assert error.spec is not None
    assert error.spec.retry is RetryPolicy.RECOVER_BY_ALIAS
    assert error.spec.suggested_action in str(error)


def test_unknown_code_falls_back_to_the_types_na_entry() -> None:
    """An undocumented code on a type with an N/A row gets that row."""
    error = one(
        {"extensions": {"errorType": "InternalServerError", "errorCode": "InternalServerError"}}, U
    )
    assert error.code == "InternalServerError"
    assert error.spec is not None
    assert (error.spec.error_type, error.spec.code) == ("InternalServerError", None)


def test_unknown_validation_code_has_no_spec() -> None:
    """A validation code the catalog does not hold attaches no entry rather than a wrong one."""
    error = one({"extensions": {"errorType": "ValidationError", "errorCode": "BrandNew"}}, C)
    assert (type(error), error.code, error.spec) == (ApiValidationError, "BrandNew", None)


def test_no_spec_without_an_operation() -> None:
    """Without an operation (argument or path), no catalog entry is attached."""
    error = one({"extensions": {"errorType": "ThrottlingError"}})
    assert (error.operation, error.spec) == (None, None)


def test_operation_is_read_from_the_path() -> None:
    """A path starting with an operation name sets the operation and the JSON path."""
    entry = {"path": ["updateOrder", "refunds", 1], "extensions": {"code": "DuplicateRefundId"}}
    error = one(entry)
    assert (error.operation, error.path) == (U, "updateOrder.refunds[1]")
    assert error.spec is not None and error.spec.name == "DuplicateRefundId"
    assert "(at updateOrder.refunds[1])" in str(error)


def test_argument_operation_wins_over_the_path() -> None:
    """The caller's operation is used even when the path names another one."""
    assert (
        one({"path": ["order"], "extensions": {"errorType": "ThrottlingError"}}, C).operation is C
    )


@pytest.mark.parametrize(
    "entry",
    [
        {"message": "boom", "extensions": {"errorType": "DataFetchingException"}},
        {"message": "boom", "extensions": {"code": "GRAPHQL_VALIDATION_FAILED"}},
        {"message": "boom"},
        {},
    ],
)
def test_unknown_types_are_plain_api_errors_with_the_raw_entry(entry: dict[str, Any]) -> None:
    """A type orderguard does not know gives a plain ApiError carrying the entry as raw."""
    error = one(entry, Q)
    assert type(error) is ApiError
    assert (error.raw, error.spec) == (entry, None)
    assert error.error_type


def test_nothing_named_is_unknown_error() -> None:
    """An entry with neither type nor code gets the type UnknownError."""
    assert one({"message": "boom"}).error_type == "UnknownError"


@pytest.mark.parametrize(("message", "text"), [(None, "no message."), (42, "42."), ("ok.", "ok.")])
def test_messages_of_any_shape_are_text(message: object, text: str) -> None:
    """A missing or non-string message still gives a readable exception."""
    error = one({"message": message, "extensions": {"errorType": "ThrottlingError"}})
    assert str(error) == f"ThrottlingError: {text}"


@pytest.mark.parametrize(
    "response", [{}, {"errors": None}, {"errors": []}, {"data": {"order": {}}}]
)
def test_no_errors_gives_an_empty_tuple(response: dict[str, Any]) -> None:
    """Absent, null or empty errors parse to () and raise nothing."""
    assert parse_api_errors(response) == ()
    assert raise_for_api_errors(response) is None


@pytest.mark.parametrize(
    ("response", "paths"),
    [
        ({"errors": {"message": "x"}}, ["errors"]),
        ({"errors": "ThrottlingError"}, ["errors"]),
        ({"errors": 3}, ["errors"]),
        ({"errors": [{"message": "ok"}, "x", None]}, ["errors[1]", "errors[2]"]),
        (["errors"], [""]),
    ],
)
def test_malformed_errors_raise_payload_error_with_paths(response: Any, paths: list[str]) -> None:
    """A non-list errors value or non-object entries raise PayloadError naming each path."""
    with pytest.raises(PayloadError) as caught:
        parse_api_errors(response)
    assert [issue.path for issue in caught.value.issues] == paths


def test_raise_for_api_errors_raises_the_first_with_all_attached() -> None:
    """The first error is raised, its class catchable, with every error on .errors."""
    response = {
        "errors": [
            {"extensions": {"errorType": "ThrottlingException"}},
            {"extensions": {"errorType": "ValidationError", "errorCode": "ItemOutOfStock"}},
        ]
    }
    with pytest.raises(ApiThrottlingError) as caught:
        raise_for_api_errors(response, C)
    assert [e.code for e in caught.value.errors] == [None, "ItemOutOfStock"]
    assert caught.value.errors[0] is caught.value


@pytest.mark.parametrize(
    ("status", "cls", "error_type"),
    [
        (401, ApiAccessDeniedError, "AccessDeniedError"),
        (403, ApiAccessDeniedError, "AccessDeniedError"),
        (429, ApiThrottlingError, "ThrottlingError"),
        (500, ApiInternalServerError, "InternalServerError"),
        (503, ApiInternalServerError, "InternalServerError"),
        (404, ApiError, "HttpError"),
    ],
)
def test_http_statuses_map_to_errors(status: int, cls: type[ApiError], error_type: str) -> None:
    """401/403 deny access, 429 throttles, 5xx fail on the server, other 4xx are plain."""
    error = error_for_http_status(status, U)
    assert type(error) is cls
    assert (error.error_type, error.raw) == (error_type, {"httpStatus": status})
    assert (error.spec is not None) == (cls is not ApiError)


@pytest.mark.parametrize("status", [200, 204, 302])
def test_successful_statuses_are_no_error(status: int) -> None:
    """Statuses below 400 give None."""
    assert error_for_http_status(status) is None


@given(json_values())
def test_any_json_errors_value_raises_only_payload_error(errors: Any) -> None:
    """Whatever JSON sits under errors, parsing returns ApiErrors or raises PayloadError."""
    try:
        parsed = parse_api_errors({"errors": errors}, C)
    except PayloadError:
        return
    assert all(isinstance(error, ApiError) and error.error_type for error in parsed)


@given(st.lists(graphql_error_entries(), max_size=4), st.sampled_from([None, *Operation]))
def test_entries_of_any_layout_parse_one_to_one(entries: list[dict[str, Any]], op: Any) -> None:
    """Every object entry, however odd its values, gives exactly one ApiError in order."""
    parsed = parse_api_errors({"errors": entries}, op)
    assert [error.raw for error in parsed] == entries
    assert all(str(error) for error in parsed)
