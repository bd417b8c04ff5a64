"""The error catalog and every exception orderguard raises (hierarchy in ``_exceptions``)."""

from orderguard.errors._catalog import CATALOG, Catalog, ErrorSpec, RetryPolicy
from orderguard.errors._exceptions import (
    AliasInUseError,
    ApiAccessDeniedError,
    ApiConflictError,
    ApiError,
    ApiInternalServerError,
    ApiNotFoundError,
    ApiThrottlingError,
    ApiValidationError,
    FieldIssue,
    MalformedEventError,
    OrderGuardError,
    PayloadError,
    RequestRejectedError,
    TableDefinitionError,
    TransitionNotAllowedError,
    UnknownRuleError,
    UnknownStateError,
    UnsupportedVersionError,
)
from orderguard.errors._graphql import (
    error_for_http_status,
    parse_api_errors,
    raise_for_api_errors,
)
from orderguard.errors._violation import Severity, Violation

__all__ = [
    "CATALOG",
    "AliasInUseError",
    "ApiAccessDeniedError",
    "ApiConflictError",
    "ApiError",
    "ApiInternalServerError",
    "ApiNotFoundError",
    "ApiThrottlingError",
    "ApiValidationError",
    "Catalog",
    "ErrorSpec",
    "FieldIssue",
    "MalformedEventError",
    "OrderGuardError",
    "PayloadError",
    "RequestRejectedError",
    "RetryPolicy",
    "Severity",
    "TableDefinitionError",
    "TransitionNotAllowedError",
    "UnknownRuleError",
    "UnknownStateError",
    "UnsupportedVersionError",
    "Violation",
    "error_for_http_status",
    "parse_api_errors",
    "raise_for_api_errors",
]
