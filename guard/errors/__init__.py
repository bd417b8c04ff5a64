"""The error catalog, ``Violation``, and the exceptions most code catches.

Every exception, with the hierarchy drawn, is in ``orderguard.errors.exceptions``.
"""

from orderguard.errors import exceptions as exceptions
from orderguard.errors._catalog import CATALOG, Catalog, ErrorSpec, RetryPolicy
from orderguard.errors._exceptions import (
    ApiError,
    FieldIssue,
    OrderGuardError,
    PayloadError,
    RequestRejectedError,
)
from orderguard.errors._graphql import (
    error_for_http_status,
    parse_api_errors,
    raise_for_api_errors,
)
from orderguard.errors._violation import Severity, Violation

__all__ = [
    "CATALOG",
    "ApiError",
    "Catalog",
    "ErrorSpec",
    "FieldIssue",
    "OrderGuardError",
    "PayloadError",
    "RequestRejectedError",
    "RetryPolicy",
    "Severity",
    "Violation",
    "error_for_http_status",
    "parse_api_errors",
    "raise_for_api_errors",
]

for _name in ("Catalog", "ErrorSpec", "FieldIssue", "RetryPolicy", "Severity", "Violation"):
    globals()[_name].__module__ = __name__
for _name in ("ApiError", "OrderGuardError", "PayloadError", "RequestRejectedError"):
    globals()[_name].__module__ = "orderguard.errors.exceptions"
del _name
