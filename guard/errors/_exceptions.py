"""The exceptions themselves; the hierarchy is drawn in ``orderguard.errors.exceptions``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from orderguard.enums import Operation

if TYPE_CHECKING:
    from orderguard.errors._catalog import ErrorSpec
    from orderguard.errors._violation import Violation


@attrs.frozen(slots=True)
class FieldIssue:
    """One field of a JSON payload that does not fit the schema."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class OrderGuardError(Exception):
    """Base class of every exception orderguard raises."""


class UnsupportedVersionError(OrderGuardError, ValueError):
    """An API version orderguard does not model; the message lists the supported ones."""


class PayloadError(OrderGuardError, ValueError):
    """JSON that does not fit the API's schema; ``issues`` names each offending field.

    ``problem`` says what is wrong with it as a whole, for JSON that is not the API's (an
    orderguard context ``"is invalid"``).
    """

    def __init__(
        self, what: str, issues: Sequence[FieldIssue], problem: str = "does not fit the API schema"
    ) -> None:
        self.what = what
        self.issues = tuple(issues)
        shown = "; ".join(str(issue) for issue in self.issues[:5])
        more = f" (+{len(self.issues) - 5} more)" if len(self.issues) > 5 else ""
        super().__init__(f"{what} {problem}: {shown}{more}")


class OrderMismatchError(PayloadError):
    """The order given to judge an update or cancel is not the order the request names.

    ``requested`` is what the request names (an order ID, or ``aliasType/aliasId``), ``given``
    the ID of the order as last seen that came with it; nothing was judged.
    """

    def __init__(self, operation: Operation, path: str, requested: str, given: str) -> None:
        self.operation = operation
        self.requested = requested
        self.given = given
        issue = FieldIssue(
            path,
            f"the request names order {requested!r}, but the order given to judge it is "
            f"{given!r}; pass that order's own snapshot (or no order)",
        )
        super().__init__(f"{operation.value}'s order", [issue], "does not match the request")


class MalformedEventError(PayloadError):
    """A Buy with Prime event that lacks a field it must carry, or carries a wrong value."""


class RequestRejectedError(OrderGuardError, ValueError):
    """The guard refused to let a request through; ``violations`` holds every reason."""

    def __init__(self, operation: Operation, violations: Sequence[Violation]) -> None:
        self.operation = operation
        self.violations = tuple(violations)
        codes = ", ".join(v.spec.name for v in self.violations)
        super().__init__(
            f"{operation.value} would be rejected ({len(self.violations)} violation(s): {codes}); "
            "fix the request or see each violation's suggested action"
        )


class TableDefinitionError(OrderGuardError, ValueError):
    """A state-machine table broke a rule when it was built (raised at import/definition time)."""


class UnknownRuleError(OrderGuardError, ValueError):
    """A guard configured with a rule name or error code it does not know; lists the valid ones."""

    def __init__(self, unknown: Sequence[str], valid: Sequence[str]) -> None:
        self.unknown = tuple(unknown)
        self.valid = tuple(valid)
        super().__init__(
            f"unknown rule or error code {', '.join(map(repr, self.unknown))}; "
            f"use one of: {', '.join(self.valid)}"
        )


class UnknownStateError(OrderGuardError, ValueError):
    """A state or event value that the machine's table does not have; the message lists them."""


class AliasInUseError(OrderGuardError, ValueError):
    """createOrder's alias names an order whose line items differ: a different order, not a retry.

    ``alias`` is the (aliasType, aliasId) pair, ``order_id`` the order that holds it, ``cause``
    the ``ConflictError`` / ``AliasValueAlreadyExists`` the API answered. Nothing was created.
    """

    def __init__(self, alias: tuple[str, str], order_id: str, cause: ApiError) -> None:
        self.alias = alias
        self.order_id = order_id
        self.cause = cause
        super().__init__(
            f"createOrder: alias {alias[0]}/{alias[1]} already belongs to order {order_id}, whose "
            "line items differ from this request's; no order was created. Give this order an "
            "alias of its own."
        )


class MissingAliasError(PayloadError):
    """createOrder variables without a merchant alias: orderguard needs one to retry safely.

    The alias is the only key that lets a resend find the order that an attempt whose answer was
    lost created, so the client refuses to send without one. ``issues`` names ``input.aliases``.
    """

    def __init__(self) -> None:
        super().__init__(
            "createOrder variables",
            [FieldIssue("input.aliases", "no merchant alias (aliasType and aliasId)")],
        )
        self.args = (
            "createOrder: orderguard requires a merchant alias (input.aliases) as the idempotency "
            "key for safe retries. Send your order ID as an alias, e.g. "
            '{"aliasType": "EXTERNAL_ID", "aliasId": "<your order ID>"}, or create the client '
            "with auto_alias=True.",
        )


class OrderOutcomeUnknownError(OrderGuardError, RuntimeError):
    """createOrder ended without knowing whether the order was created: it may exist.

    An attempt's answer was lost (or cut by the deadline) and nothing later settled it within the
    call's attempts and time, or the resend met the alias and the lookup by alias failed.
    ``aliases`` are the (aliasType, aliasId) pairs sent, ``variables`` the variables as sent
    (with the alias ``auto_alias`` added), ``cause`` the last error met. Send ``variables``
    again (the alias makes it safe) or query the order by an alias to find out.
    """

    def __init__(
        self,
        aliases: Sequence[tuple[str, str]],
        variables: Mapping[str, Any],
        cause: Exception,
    ) -> None:
        self.aliases = tuple(aliases)
        self.variables = variables
        self.cause = cause
        named = ", ".join(f"{kind}/{value}" for kind, value in self.aliases) or "none"
        super().__init__(
            "createOrder: the order may exist; whether it was created could not be known within "
            f"the call's attempts and time (last error: {_plain(cause)}). Query the order by its "
            f"alias ({named}) to find it, or send the same variables again (the alias makes a "
            "resend safe); never resend with a new alias."
        )


def _plain(error: Exception) -> str:
    """What went wrong, without an API error's suggested action (it is not this call's cure)."""
    if isinstance(error, ApiError):
        label = f"{error.error_type}/{error.code}" if error.code else error.error_type
        return f"{label}: {error.api_message.rstrip('.')}"
    return str(error) or type(error).__name__


class TransitionNotAllowedError(OrderGuardError, RuntimeError):
    """A move the order's state machine forbids, from ``state`` on ``event``."""

    def __init__(
        self,
        machine: str,
        state: str,
        event: str,
        allowed_events: Sequence[str],
        spec: ErrorSpec | None = None,
    ) -> None:
        self.machine = machine
        self.state = state
        self.event = event
        self.allowed_events = tuple(allowed_events)
        self.spec = spec
        allowed = ", ".join(self.allowed_events) or "none (terminal state)"
        cause = f" The API would answer {spec.error_type}/{spec.name}." if spec else ""
        super().__init__(
            f"{machine}: {event!r} is not allowed from {state!r}.{cause} Allowed here: {allowed}."
        )


class ApiError(OrderGuardError, RuntimeError):
    """An error the Order API returned, parsed from a GraphQL ``errors[]`` entry.

    ``error_type`` is the type string exactly as the API sent it (``ThrottlingException``
    stays ``ThrottlingException``); ``code`` is ``None`` where the API sends none or ``N/A``;
    ``path`` is the entry's GraphQL ``path`` as a JSON path (``""`` when absent); ``raw`` is the
    entry itself. ``errors`` holds every error of the same response, this one first; it is
    ``(self,)`` unless :func:`orderguard.errors.raise_for_api_errors` raised it.
    """

    def __init__(
        self,
        error_type: str,
        code: str | None,
        message: str,
        *,
        operation: Operation | None = None,
        spec: ErrorSpec | None = None,
        raw: Mapping[str, Any] | None = None,
        path: str = "",
    ) -> None:
        self.error_type = error_type
        self.code = code
        self.api_message = message
        self.operation = operation
        self.spec = spec
        self.raw: Mapping[str, Any] = raw or {}
        self.path = path
        self.errors: tuple[ApiError, ...] = (self,)
        label = f"{error_type}/{code}" if code else error_type
        where = f" (at {path})" if path else ""
        text = message.rstrip(".") or "no message"
        hint = f" {spec.suggested_action}" if spec else ""
        super().__init__(f"{label}{where}: {text}.{hint}")


class ApiAccessDeniedError(ApiError):
    """``AccessDeniedError``: the token may not do this."""


class ApiConflictError(ApiError):
    """``ConflictError`` / ``ConflictException``: an alias clash or a concurrent update."""


class ApiInternalServerError(ApiError):
    """``InternalServerError``: the API failed on its side."""


class ApiThrottlingError(ApiError):
    """``ThrottlingError``: too many requests; back off and retry."""


class ApiNotFoundError(ApiError):
    """``ResourceNotFoundError``: no such order or item."""


class ApiValidationError(ApiError):
    """``ValidationError``: the API rejected the request's content (see ``code``)."""


class ApiSchemaError(ApiValidationError, ValueError):
    """The API refused the request as not fitting its input schema: fix it, do not resend it.

    A GraphQL validation error without an error code: an unknown field, a wrong type, another
    API version's shape. ``field`` is the JSON path of the misfit when the answer names it. Also
    a ``ValueError``, like ``RequestRejectedError``: the request itself is wrong.
    """

    def __init__(
        self,
        error_type: str,
        code: str | None,
        message: str,
        *,
        field: str | None = None,
        **details: Any,
    ) -> None:
        super().__init__(error_type, code, message, **details)
        self.field = field
        where = f" at {field}" if field else ""
        text = message.rstrip(".") or "no message"
        self.args = (
            f"{error_type}{where}: the API refused the request as not fitting its input schema "
            f"({text}). The request must be fixed; resending it unchanged fails again.",
        )

    @classmethod
    def from_error(cls, error: ApiError, field: str | None) -> ApiSchemaError:
        """The same API error, typed as a schema refusal of the request."""
        return cls(
            error.error_type,
            error.code,
            error.api_message,
            field=field,
            operation=error.operation,
            spec=error.spec,
            raw=error.raw,
            path=error.path,
        )
