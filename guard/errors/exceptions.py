"""Every exception orderguard raises, in one hierarchy.

``orderguard.errors`` re-exports the ones most code catches; import the others from here.

Hierarchy::

    OrderGuardError                      base of everything below
    ├── UnsupportedVersionError (ValueError) an API version orderguard does not model
    ├── PayloadError (ValueError)        JSON that does not fit the API's schema (with paths)
    │   ├── OrderMismatchError           the order given is not the one the request names
    │   ├── MalformedEventError          a Buy with Prime event missing a field it must carry
    │   └── MissingAliasError            createOrder without the merchant alias safe retries need
    ├── RequestRejectedError (ValueError)
    │                                    the guard refused a request; carries every Violation
    ├── TableDefinitionError (ValueError) a state-machine table that fails its own checks
    ├── UnknownStateError (ValueError)   a state or event name no table knows
    ├── UnknownRuleError (ValueError)    a guard configured with a rule or code it does not have
    ├── AliasInUseError (ValueError)     createOrder's alias already names a different order
    ├── OrderOutcomeUnknownError (RuntimeError)
    │                                    createOrder ended not knowing if the order exists;
    │                                    carries the aliases and the variables to resend
    ├── ApiConnectionError (httpx.TransportError; defined in ``orderguard.client``)
    │   │                                the API unreachable, or the connection broke; the URL
    │   └── ApiTimeoutError (httpx.TimeoutException)
    │                                    the call's deadline or one request's bound ran out
    ├── TransitionNotAllowedError (RuntimeError)
    │                                    a forbidden state-machine move; carries state, event,
    │                                    allowed events and the API error it would cause
    ├── DiagramError                     drawing failed: unknown machine or format, graphviz or
    │                                    ``dot`` missing, ``dot`` failed
    ├── StoreError                       the order store (``orderguard.store``, defined there):
    │                                    bad URL, unavailable, locked, newer schema, corrupt row,
    │                                    version conflict, claim held by another worker
    └── ApiError (RuntimeError)          an error the API returned; carries type, code, raw
        ├── ApiAccessDeniedError         AccessDeniedError
        ├── ApiConflictError             ConflictError / ConflictException
        ├── ApiInternalServerError       InternalServerError
        ├── ApiThrottlingError           ThrottlingError
        ├── ApiNotFoundError             ResourceNotFoundError
        └── ApiValidationError           ValidationError (not pydantic's ValidationError)
            └── ApiSchemaError (also ValueError)
                                         the request does not fit the API's input schema

Library code raises these, never a bare ``transitions.MachineError`` or
``pydantic.ValidationError``.
"""

from orderguard.errors._diagram_errors import (
    DiagramError,
    GraphvizNotFoundError,
    GraphvizPackageError,
    RenderError,
    UnknownDiagramError,
)
from orderguard.errors._exceptions import (
    AliasInUseError,
    ApiAccessDeniedError,
    ApiConflictError,
    ApiError,
    ApiInternalServerError,
    ApiNotFoundError,
    ApiSchemaError,
    ApiThrottlingError,
    ApiValidationError,
    MalformedEventError,
    MissingAliasError,
    OrderGuardError,
    OrderMismatchError,
    OrderOutcomeUnknownError,
    PayloadError,
    RequestRejectedError,
    TableDefinitionError,
    TransitionNotAllowedError,
    UnknownRuleError,
    UnknownStateError,
    UnsupportedVersionError,
)

__all__ = [
    "AliasInUseError",
    "ApiAccessDeniedError",
    "ApiConflictError",
    "ApiError",
    "ApiInternalServerError",
    "ApiNotFoundError",
    "ApiSchemaError",
    "ApiThrottlingError",
    "ApiValidationError",
    "DiagramError",
    "GraphvizNotFoundError",
    "GraphvizPackageError",
    "MalformedEventError",
    "MissingAliasError",
    "OrderGuardError",
    "OrderMismatchError",
    "OrderOutcomeUnknownError",
    "PayloadError",
    "RenderError",
    "RequestRejectedError",
    "TableDefinitionError",
    "TransitionNotAllowedError",
    "UnknownDiagramError",
    "UnknownRuleError",
    "UnknownStateError",
    "UnsupportedVersionError",
]

for _name in __all__:
    globals()[_name].__module__ = __name__
del _name
