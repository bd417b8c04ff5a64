"""What the sync and async clients share: the guard, the request, reading the answer, retries.

Nothing here does I/O: the clients send what :class:`ClientCore` builds and hand back what they
receive, so both behave alike by construction.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs
import httpx

from orderguard._guard import ContextLike, Guard
from orderguard.api import dialect_for
from orderguard.client._answers import answered_errors, json_body, payload_of
from orderguard.client._documents import OPERATION_NAMES, alias_key, document
from orderguard.client._recovery import lines_match, with_alias
from orderguard.client._retry import Retry, RetrySettings, policy_of, retry_after
from orderguard.client._snapshots import AliasPair, OrderRef, Snapshots
from orderguard.enums import ApiVersion, Operation
from orderguard.errors import ApiError, RetryPolicy
from orderguard.errors.exceptions import AliasInUseError
from orderguard.statemachine import OrderSnapshot

DEFAULT_ENDPOINT = "https://api.buywithprime.amazon.com/graphql"
"""The Buy with Prime GraphQL endpoint."""

DEFAULT_TARGET_HEADER = "x-api-target-id"
"""The header carrying the business-product (store) ID; the playground calls it x-omni-targetid."""

_UNSENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
_AMBIGUOUS = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)
_RETRIED = frozenset({RetryPolicy.RETRY, RetryPolicy.RETRY_WITH_BACKOFF})


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
    """One call in flight: what is sent, which order it names, how many tries it took."""

    operation: Operation
    variables: Mapping[str, Any]
    ref: OrderRef | None = None
    aliases: tuple[AliasPair, ...] = ()
    started: float = attrs.field(factory=time.monotonic)
    attempts: int = 0


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
        self.endpoint, self.retry = endpoint, retry
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
        if operation is Operation.CREATE_ORDER:
            variables, aliases = with_alias(variables, self.auto_alias)
            self.guard.enforce_create(variables, context)
            return Call(operation, variables, aliases=aliases)
        ref = self.ref_of(operation, variables)
        self.guard.enforce(operation, variables, self.snapshots.get(ref), context)
        return Call(operation, variables, ref)

    def query(self, identifier: str | Mapping[str, Any]) -> Call:
        """The order query for an order ID or an ``OrderIdentifierInput``."""
        if isinstance(identifier, str):
            identifier = {"orderId": identifier}
        variables = {"orderIdentifier": dict(identifier)}
        return Call(Operation.ORDER, variables, self.ref_of(Operation.ORDER, variables))

    def body(self, call: Call) -> bytes:
        """The JSON body of the POST; counts the attempt."""
        call.attempts += 1
        request = {
            "query": document(call.operation, self.version),
            "operationName": OPERATION_NAMES[call.operation],
            "variables": call.variables,
        }
        return json.dumps(request, default=_json_default).encode()

    # -- after sending ------------------------------------------------------------------------

    def read(self, call: Call, response: httpx.Response) -> CallResult:
        """The call's result; raises its ``ApiError``, or ``Retry`` when one may follow."""
        body = json_body(response)
        errors = answered_errors(call.operation, response, body)
        if errors:
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
        self, call: Call, error: Exception, retry_after_header: str | None = None
    ) -> Retry | None:
        """``Retry`` when the failed attempt may be tried again, else ``None``.

        API errors follow the catalog's retry policy. A request that never left (no connection)
        is always retried; one whose answer was lost only when resending is safe: the order
        query, and createOrder (its alias makes a resend find the first order).
        """
        if isinstance(error, ApiError):
            return self._retry_api_error(call, error, retry_after_header)
        if isinstance(error, _UNSENT):
            return Retry(error)
        safe = call.operation in (Operation.ORDER, Operation.CREATE_ORDER)
        return Retry(error) if safe and isinstance(error, _AMBIGUOUS) else None

    def _retry_api_error(self, call: Call, error: ApiError, header: str | None) -> Retry | None:
        if policy_of(error, call.operation) not in _RETRIED:
            return None
        wait = retry_after(header)
        if wait is None:
            return Retry(error)
        wait = min(wait, self.retry.retry_after_max)
        elapsed = time.monotonic() - call.started
        return Retry(error, wait) if elapsed + wait <= self.retry.timeout else None

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
