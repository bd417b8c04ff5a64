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

# Classes show the shortest public path (``orderguard.errors.Violation``); the other
# exceptions show ``orderguard.errors.exceptions``.
for _name in __all__:
    if isinstance(globals()[_name], type):
        globals()[_name].__module__ = __name__
del _name
