"""``OrderClient``: the guarded Order API client, over a blocking httpx client."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from types import TracebackType
from typing import Any

import attrs
import httpx

from orderguard._guard import ContextLike
from orderguard.client._base import ClientBase
from orderguard.client._core import Call, CallResult
from orderguard.client._deadline import Deadline
from orderguard.client._retry import Retry
from orderguard.client._stored import made_by, subject_of
from orderguard.client._transfer import Answer, post
from orderguard.enums import Operation
from orderguard.errors import ApiError, OrderGuardError
from orderguard.errors.exceptions import ApiNotFoundError


class OrderClient(ClientBase[httpx.Client]):
    """The Order API behind the guard: nothing the API would refuse is sent.

    Before each mutation the ``Guard`` checks the variables against the order as last seen
    (queried first with ``fetch_before=True``) and raises ``RequestRejectedError`` without
    sending when it says no. Errors the API answers become the catalog's ``ApiError``
    subclasses. Retries follow the catalog's policy, on stamina, within ``retry``
    (:class:`RetrySettings`): throttling with exponential backoff and jitter, honouring
    ``Retry-After``; updateOrder's ``ConflictException``; a request that never left. createOrder
    is never resent blindly: it must carry a merchant alias (or ``auto_alias=True`` adds one),
    and when an attempt's answer is lost the resend meets ``ConflictError`` or
    ``AliasValueAlreadyExists``, so the order is fetched by its alias and returned if its line
    items are the ones sent (``AliasInUseError`` if not). Each order touched is tracked
    (:meth:`snapshot`), also from events given to :meth:`apply_event`.

    Args:
        auth: ``ClientCredentials`` (tokens minted and refreshed), an access token, or any
            ``httpx.Auth``.
        target_id: the store's business-product ID, sent in ``target_header``
            (default ``x-api-target-id``).
        endpoint: the GraphQL URL (default the Buy with Prime API's).
        api_version: ``2024-11-01`` (default) or ``2024-04-01``: the documents sent, the
            ``x-api-version`` header and the guard's rules.
        guard: a configured ``Guard`` of the same version (default: all built-in rules).
        headers: extra headers for every request; timeout: seconds one HTTP request may take,
            whole (connecting, sending, every read: a server that trickles is cut off); the
            whole call, retries and lookup included, ends by ``retry.timeout``;
        http: an ``httpx.Client`` to send with (e.g. over ``httpx.MockTransport``); closed by
            :meth:`close` only when the client made it.
        store: an ``orderguard.store.OrderStore`` shared by every worker: decisions on its
            snapshots, each mutation claimed first (another worker's claim waited for up to
            ``claim_wait`` seconds; ours lapses after ``claim_lease``), every answer recorded,
            repeats of what it shows done not sent (see ``orderguard.client._stored``).

    """

    def _open(self, timeout: float) -> httpx.Client:
        return httpx.Client(timeout=timeout)

    def close(self) -> None:
        """Close the HTTP connections (when this client opened them)."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> OrderClient:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def create_order(self, variables: Mapping[str, Any], context: ContextLike = None) -> CallResult:
        """createOrder with ``{"input": {...}}``; the new order (or the one its alias found)."""
        call = self._core.mutation(Operation.CREATE_ORDER, variables, context)
        with self._claims.around(
            call.operation, call.variables, subject_of(None, call.aliases)
        ) as held:
            held.answer = self._found(call) if held.recovering else None
            held.answer = held.answer or self._create(call)
            return held.answer

    def _create(self, call: Call) -> CallResult:
        try:
            return self._send(call)
        except OrderGuardError as error:
            if isinstance(error, ApiError) and self._core.recoverable(call, error):
                return self._recover(call, error)
            failure = self._core.given_up(call, error)
            if failure is error:
                raise
            raise failure from error

    def _found(self, call: Call) -> CallResult | None:
        """The order a crashed worker's createOrder made, looked up by its aliases."""
        for alias in call.aliases:
            with contextlib.suppress(ApiNotFoundError):
                found = self._query(self._core.alias_identifier(alias), call.deadline)
                if made_by(call, found):
                    return attrs.evolve(found, operation=call.operation, recovered=True)
        return None

    def update_order(
        self,
        variables: Mapping[str, Any],
        context: ContextLike = None,
        *,
        fetch_before: bool | None = None,
    ) -> CallResult:
        """updateOrder with the version's variables; the updated order."""
        return self._mutate(Operation.UPDATE_ORDER, variables, context, fetch_before)

    def cancel_order(
        self,
        variables: Mapping[str, Any],
        context: ContextLike = None,
        *,
        fetch_before: bool | None = None,
    ) -> CallResult:
        """cancelOrder with the version's variables; the cancellation request."""
        return self._mutate(Operation.CANCEL_ORDER, variables, context, fetch_before)

    def order(self, identifier: str | Mapping[str, Any]) -> CallResult:
        """The order query, by order ID or ``OrderIdentifierInput``; the order."""
        return self._query(identifier)

    def _query(
        self, identifier: str | Mapping[str, Any], deadline: Deadline | None = None
    ) -> CallResult:
        return self._send(self._core.query(identifier, deadline))

    def _mutate(
        self,
        operation: Operation,
        variables: Mapping[str, Any],
        context: ContextLike,
        fetch_before: bool | None,
    ) -> CallResult:
        ref = self._core.ref_of(operation, variables)
        with self._claims.around(operation, variables, subject_of(ref)) as held:
            if ref is not None and (self._core.wants_fetch(fetch_before) or held.recovering):
                self.order(ref.identifier(self._core.alias_key))
            held.answer = self._claims.repeat(operation, variables, self._core.snapshots.get(ref))
            if held.answer is None:
                held.answer = self._send(self._core.mutation(operation, variables, context))
            return held.answer

    def _recover(self, call: Call, cause: ApiError) -> CallResult:
        """The order a resend met by its alias, looked up within the call's deadline."""
        for alias in call.aliases:
            try:
                found = self._query(self._core.alias_identifier(alias), call.deadline)
            except ApiNotFoundError:
                continue
            except OrderGuardError as error:
                raise self._core.unknown(call, error) from error
            return self._core.recovered(call, cause, alias, found)
        raise cause

    def _send(self, call: Call) -> CallResult:
        core = self._core
        if call.deadline.passed():
            raise core.late(call, sent=False)
        try:
            hook, left = core.backoff(call), call.deadline.remaining()
            for attempt in core.retry.attempts_of(hook, left):
                with attempt:
                    return core.read(call, self._post(call))
        except Retry as exhausted:
            raise exhausted.error from exhausted.error.__cause__
        raise RuntimeError("stamina made no attempt")

    def _post(self, call: Call) -> Answer:
        try:
            return post(self._http, self._core.outgoing(call, self._auth))
        except httpx.TransportError as error:
            raise self._core.failed(call, error) from error
