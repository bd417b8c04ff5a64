"""``AsyncOrderClient``: the guarded Order API client, over an asyncio httpx client."""

from __future__ import annotations

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
from orderguard.client._transfer import Answer, apost
from orderguard.enums import Operation
from orderguard.errors import ApiError, OrderGuardError
from orderguard.errors.exceptions import ApiNotFoundError


class AsyncOrderClient(ClientBase[httpx.AsyncClient]):
    """``OrderClient`` for asyncio: the same guard, retries, recovery and snapshots, awaited.

    Takes the same arguments as ``OrderClient`` (``http`` is an ``httpx.AsyncClient``); close it
    with ``await client.aclose()`` or ``async with``.
    """

    def _open(self, timeout: float) -> httpx.AsyncClient:
        return httpx.AsyncClient(timeout=timeout)

    async def aclose(self) -> None:
        """Close the HTTP connections (when this client opened them)."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> AsyncOrderClient:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def create_order(
        self, variables: Mapping[str, Any], context: ContextLike = None
    ) -> CallResult:
        """createOrder with ``{"input": {...}}``; the new order (or the one its alias found)."""
        call = self._core.mutation(Operation.CREATE_ORDER, variables, context)
        subject = subject_of(None, call.aliases)
        async with self._claims.around_async(call.operation, call.variables, subject) as held:
            held.answer = await self._found(call) if held.recovering else None
            held.answer = held.answer or await self._create(call)
            return held.answer

    async def _create(self, call: Call) -> CallResult:
        try:
            return await self._send(call)
        except OrderGuardError as error:
            if isinstance(error, ApiError) and self._core.recoverable(call, error):
                return await self._recover(call, error)
            failure = self._core.given_up(call, error)
            if failure is error:
                raise
            raise failure from error

    async def _found(self, call: Call) -> CallResult | None:
        """The order a crashed worker's createOrder made, looked up by its aliases."""
        for alias in call.aliases:
            try:
                found = await self._query(self._core.alias_identifier(alias), call.deadline)
            except ApiNotFoundError:
                continue
            if made_by(call, found):
                return attrs.evolve(found, operation=call.operation, recovered=True)
        return None

    async def update_order(
        self,
        variables: Mapping[str, Any],
        context: ContextLike = None,
        *,
        fetch_before: bool | None = None,
    ) -> CallResult:
        """updateOrder with the version's variables; the updated order."""
        return await self._mutate(Operation.UPDATE_ORDER, variables, context, fetch_before)

    async def cancel_order(
        self,
        variables: Mapping[str, Any],
        context: ContextLike = None,
        *,
        fetch_before: bool | None = None,
    ) -> CallResult:
        """cancelOrder with the version's variables; the cancellation request."""
        return await self._mutate(Operation.CANCEL_ORDER, variables, context, fetch_before)

    async def order(self, identifier: str | Mapping[str, Any]) -> CallResult:
        """The order query, by order ID or ``OrderIdentifierInput``; the order."""
        return await self._query(identifier)

    async def _query(
        self, identifier: str | Mapping[str, Any], deadline: Deadline | None = None
    ) -> CallResult:
        return await self._send(self._core.query(identifier, deadline))

    async def _mutate(
        self,
        operation: Operation,
        variables: Mapping[str, Any],
        context: ContextLike,
        fetch_before: bool | None,
    ) -> CallResult:
        ref = self._core.ref_of(operation, variables)
        async with self._claims.around_async(operation, variables, subject_of(ref)) as held:
            if ref is not None and (self._core.wants_fetch(fetch_before) or held.recovering):
                await self.order(ref.identifier(self._core.alias_key))
            held.answer = self._claims.repeat(operation, variables, self._core.snapshots.get(ref))
            if held.answer is None:
                held.answer = await self._send(self._core.mutation(operation, variables, context))
            return held.answer

    async def _recover(self, call: Call, cause: ApiError) -> CallResult:
        """The order a resend met by its alias, looked up within the call's deadline."""
        for alias in call.aliases:
            try:
                found = await self._query(self._core.alias_identifier(alias), call.deadline)
            except ApiNotFoundError:
                continue
            except OrderGuardError as error:
                raise self._core.unknown(call, error) from error
            return self._core.recovered(call, cause, alias, found)
        raise cause

    async def _send(self, call: Call) -> CallResult:
        core = self._core
        if call.deadline.passed():
            raise core.late(call, sent=False)
        try:
            hook, left = core.backoff(call), call.deadline.remaining()
            async for attempt in core.retry.async_attempts_of(hook, left):
                with attempt:
                    return core.read(call, await self._post(call))
        except Retry as exhausted:
            raise exhausted.error from exhausted.error.__cause__
        raise RuntimeError("stamina made no attempt")

    async def _post(self, call: Call) -> Answer:
        try:
            return await apost(self._http, self._core.outgoing(call, self._auth))
        except httpx.TransportError as error:
            raise self._core.failed(call, error) from error
