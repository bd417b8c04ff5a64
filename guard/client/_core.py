"""What the sync and async clients share: the guard, the request, reading the answer, retries.

Nothing here does I/O: the clients send what :class:`ClientCore` builds and hand back what they
receive, so both behave alike by construction.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs
import httpx

from orderguard._guard import ContextLike, Guard
from orderguard.api import dialect_for
from orderguard.client._answers import answered_errors, json_body, payload_of
from orderguard.client._deadline import Deadline
from orderguard.client._documents import OPERATION_NAMES, alias_key, document
from orderguard.client._errors import ApiConnectionError, ApiTimeoutError
from orderguard.client._recovery import lines_match, with_alias
from orderguard.client._retry import BackoffHook, Retry, RetrySettings, policy_of, retry_after
from orderguard.client._retry_log import log_retry, quiet_stamina_for_own_retries
from orderguard.client._snapshots import AliasPair, OrderRef, Snapshots
from orderguard.client._transfer import Answer, Outgoing
from orderguard.enums import ApiVersion, Operation
from orderguard.errors import ApiError, OrderGuardError, RetryPolicy
from orderguard.errors.exceptions import AliasInUseError, OrderOutcomeUnknownError
from orderguard.statemachine import OrderSnapshot

DEFAULT_ENDPOINT = "https://api.buywithprime.amazon.com/graphql"
"""The Buy with Prime GraphQL endpoint."""

DEFAULT_TARGET_HEADER = "x-api-target-id"
"""The header carrying the business-product (store) ID; the playground calls it x-omni-targetid."""

_UNSENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
_AMBIGUOUS = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)
_RETRIED = frozenset({RetryPolicy.RETRY, RetryPolicy.RETRY_WITH_BACKOFF})
_OUTCOME_UNKNOWN = frozenset({RetryPolicy.NONE})
"""Policies of errors after which a createOrder may have been done: a server failure can come
after the order was stored, so the client cannot say it was not."""


@attrs.frozen(slots=True)
class CallResult:
    """What one guarded call returned.

    ``data`` is the order (createOrder, updateOrder, the order query) or the cancellation
    (cancelOrder) as the API sent it; ``snapshot`` the order as the client now tracks it;
    ``attempts`` the HTTP requests it took; ``recovered`` is true when a createOrder whose
    answer was lost was found by its alias instead of being created again.
    """

    operation: Operation
    data: Mapping[str, Any]
    snapshot: OrderSnapshot | None
    attempts: int
    order_id: str | None
    recovered: bool = False


@attrs.define
class Call:
    """One call in flight: what is sent, which order it names, by when, how many tries it took.

    ``ambiguous`` is set once an attempt of a createOrder may have reached the server without
    its answer reaching us: from then on, failing means the order may exist.
    """

    operation: Operation
    variables: Mapping[str, Any]
    deadline: Deadline
    ref: OrderRef | None = None
    aliases: tuple[AliasPair, ...] = ()
    attempts: int = 0
    ambiguous: bool = False

    def alias_label(self) -> str | None:
        """``aliasType/aliasId`` of the order the call names by alias, if it does."""
        alias = self.aliases[0] if self.aliases else (self.ref.alias if self.ref else None)
        return f"{alias[0]}/{alias[1]}" if alias else None


class ClientCore:
    """The client's configuration and every decision it makes, without I/O."""

    def __init__(
        self,
        *,
        endpoint: str,
        api_version: ApiVersion | str,
        target_id: str | None,
        target_header: str,
        guard: Guard | None,
        retry: RetrySettings,
        request_timeout: float,
        fetch_before: bool,
        auto_alias: bool,
        headers: Mapping[str, str] | None,
    ) -> None:
        self.dialect = dialect_for(api_version)
        self.version = self.dialect.version
        self.guard = guard or Guard(self.version)
        if self.guard.api_version is not self.version:
            raise ValueError(f"the guard checks {self.guard.api_version}, not {self.version}")
        if endpoint == DEFAULT_ENDPOINT and target_id is None:
            raise ValueError(
                "the Buy with Prime API needs your store's ID: pass target_id (the TargetId of "
                "your API credentials), sent in the x-api-target-id header"
            )
        self.endpoint, self.retry, self.request_timeout = endpoint, retry, request_timeout
        self.fetch_before, self.auto_alias = fetch_before, auto_alias
        self.alias_key = alias_key(self.version)
        self.snapshots = Snapshots(self.version)
        self.headers = {
            "content-type": "application/json",
            "accept": "application/json",
            "x-api-version": self.version.value,
            **(headers or {}),
        }
        if target_id is not None:
            self.headers[target_header] = target_id
        quiet_stamina_for_own_retries()

    # -- before sending -----------------------------------------------------------------------

    def ref_of(self, operation: Operation, variables: Mapping[str, Any]) -> OrderRef | None:
        """The order an updateOrder, cancelOrder or order query names, wherever it sits."""
        order_input = variables.get("input")
        order_input = order_input if isinstance(order_input, Mapping) else {}
        if operation is Operation.CREATE_ORDER:
            return None
        if operation is Operation.ORDER or self.dialect.identifier_argument:
            identifier = variables.get("orderIdentifier")
        elif operation is Operation.UPDATE_ORDER:
            identifier = {"orderId": order_input.get("orderId")}
        else:
            identifier = order_input.get("orderIdentifier")
        return OrderRef.from_identifier(identifier, self.alias_key)

    def wants_fetch(self, fetch_before: bool | None) -> bool:
        """Whether to query the order before a mutation (the call's choice, else the client's)."""
        return self.fetch_before if fetch_before is None else fetch_before

    def mutation(
        self, operation: Operation, variables: Mapping[str, Any], context: ContextLike
    ) -> Call:
        """Run the guard on a mutation; the call to send, or ``RequestRejectedError``."""
        deadline = Deadline.after(self.retry.timeout)
        if operation is Operation.CREATE_ORDER:
            variables, aliases = with_alias(variables, self.auto_alias)
            self.guard.enforce_create(variables, context)
            return Call(operation, variables, deadline, aliases=aliases)
        ref = self.ref_of(operation, variables)
        self.guard.enforce(operation, variables, self.snapshots.get(ref), context)
        return Call(operation, variables, deadline, ref)

    def query(self, identifier: str | Mapping[str, Any], deadline: Deadline | None = None) -> Call:
        """The order query for an order ID or an ``OrderIdentifierInput``, by ``deadline``."""
        if isinstance(identifier, str):
            identifier = {"orderId": identifier}
        variables = {"orderIdentifier": dict(identifier)}
        ref = self.ref_of(Operation.ORDER, variables)
        return Call(Operation.ORDER, variables, deadline or Deadline.after(self.retry.timeout), ref)

    def outgoing(self, call: Call, auth: httpx.Auth | None) -> Outgoing:
        """The next attempt's POST, bounded by the request timeout and the call's deadline."""
        if call.deadline.passed():
            raise self.late(call, sent=False)
        call.attempts += 1
        request = {
            "query": document(call.operation, self.version),
            "operationName": OPERATION_NAMES[call.operation],
            "variables": call.variables,
        }
        content = json.dumps(request, default=_json_default).encode()
        bound = call.deadline.sooner(self.request_timeout)
        return Outgoing(self.endpoint, content, self.headers, auth, bound)

    def backoff(self, call: Call) -> BackoffHook:
        """stamina's ``on`` for ``call``: retry a ``Retry`` after a wait that fits the deadline.

        The wait is the server's ``Retry-After`` (capped), else the settings' backoff; a wait
        that would end past the deadline, or a retry past the attempts, is not taken.
        """

        def decide(error: Exception) -> bool | float:
            if not isinstance(error, Retry) or call.attempts >= self.retry.attempts:
                return False
            wait = error.wait if error.wait is not None else self.retry.backoff(call.attempts)
            if wait >= call.deadline.remaining():
                return False
            log_retry(call.operation, call.attempts, wait, error.error, call.alias_label())
            return wait

        return decide

    # -- after sending ------------------------------------------------------------------------

    def read(self, call: Call, response: Answer) -> CallResult:
        """The call's result; raises its ``ApiError``, or ``Retry`` when one may follow."""
        body = json_body(response)
        errors = answered_errors(call.operation, response, body)
        if errors:
            if call.operation is Operation.CREATE_ORDER:
                call.ambiguous |= policy_of(errors[0], call.operation) in _OUTCOME_UNKNOWN
            raise self.retry_for(call, errors[0], response.headers.get("retry-after")) or errors[0]
        payload = payload_of(call.operation, body)
        if call.operation is Operation.CANCEL_ORDER:
            snapshot = self.snapshots.remember_cancellation(call.ref, payload)
            order_id = call.ref.order_id if call.ref else None
        else:
            snapshot = self.snapshots.remember_order(payload)
            order_id = str(payload.get("id")) if payload.get("id") is not None else None
        order_id = snapshot.id if snapshot is not None else order_id
        return CallResult(call.operation, payload, snapshot, call.attempts, order_id)

    def retry_for(
        self, call: Call, error: ApiError, retry_after_header: str | None = None
    ) -> Retry | None:
        """``Retry`` when the API's error may be tried again (the catalog's policy), else ``None``.

        The wait is the ``Retry-After`` the server asked for, cut to ``retry_after_max``.
        """
        if policy_of(error, call.operation) not in _RETRIED:
            return None
        wait = retry_after(retry_after_header)
        return Retry(error, None if wait is None else min(wait, self.retry.retry_after_max))

    def failed(self, call: Call, error: httpx.TransportError) -> Exception:
        """What a failed exchange raises: the typed error, or ``Retry`` carrying it.

        A request that never left (no connection) is always retried; one whose answer was lost
        only when resending is safe: the order query, and createOrder (its alias makes a resend
        find the first order). Nothing is retried past the call's deadline.
        """
        sent = not isinstance(error, _UNSENT)
        typed = self._typed(call, error, sent)
        typed.__cause__ = error
        call.ambiguous = call.ambiguous or (sent and call.operation is Operation.CREATE_ORDER)
        safe = call.operation in (Operation.ORDER, Operation.CREATE_ORDER)
        retried = not sent or (safe and isinstance(error, _AMBIGUOUS))
        return Retry(typed) if retried and not call.deadline.passed() else typed

    def _typed(self, call: Call, error: httpx.TransportError, sent: bool) -> ApiConnectionError:
        if call.deadline.passed():
            return self.late(call, sent)
        if isinstance(error, httpx.TimeoutException):
            what = f"{call.operation.value} (attempt {call.attempts})"
            return ApiTimeoutError(self.endpoint, self.request_timeout, what, sent=sent)
        return ApiConnectionError(self.endpoint, str(error) or type(error).__name__, sent=sent)

    def late(self, call: Call, sent: bool) -> ApiTimeoutError:
        """The error of a call whose deadline passed."""
        seconds, what = call.deadline.seconds, f"the {call.operation.value} call"
        return ApiTimeoutError(self.endpoint, seconds, what, sent=sent)

    def given_up(self, call: Call, error: OrderGuardError) -> Exception:
        """What a failed createOrder raises: ``OrderOutcomeUnknownError`` if it may exist."""
        if not call.ambiguous:
            return error
        return OrderOutcomeUnknownError(call.aliases, call.variables, error)

    def unknown(self, call: Call, error: Exception) -> OrderOutcomeUnknownError:
        """The error of a createOrder whose alias lookup failed: the order may exist."""
        return OrderOutcomeUnknownError(call.aliases, call.variables, error)

    # -- safe createOrder ---------------------------------------------------------------------

    def recoverable(self, call: Call, error: ApiError) -> bool:
        """Whether a failed createOrder should be looked up by its alias."""
        policy = policy_of(error, call.operation)
        return call.operation is Operation.CREATE_ORDER and policy is RetryPolicy.RECOVER_BY_ALIAS

    def alias_identifier(self, alias: AliasPair) -> dict[str, Any]:
        """The ``OrderIdentifierInput`` naming an order by ``alias``."""
        return OrderRef(alias=alias).identifier(self.alias_key)

    def recovered(
        self, call: Call, cause: ApiError, alias: AliasPair, found: CallResult
    ) -> CallResult:
        """The found order as this createOrder's result, or ``AliasInUseError``."""
        order_input = call.variables.get("input")
        sent = order_input.get("lineItems") if isinstance(order_input, Mapping) else None
        if not lines_match(sent, found.data.get("lineItems")):
            raise AliasInUseError(alias, found.order_id or "?", cause) from cause
        return attrs.evolve(
            found, operation=Operation.CREATE_ORDER, attempts=call.attempts, recovered=True
        )


def _json_default(value: object) -> object:
    """``Decimal`` quantities and amounts as JSON numbers."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")
