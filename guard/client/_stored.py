"""The client on an ``OrderStore``: every worker decides on the same snapshot, and claims first.

With ``OrderClient(store=...)`` (or ``AsyncOrderClient``):

- snapshots live in the store (:class:`StoredSnapshots`): the guard decides on the stored one,
  every answer and applied event is merged into it, for every worker that opens the store;
- each mutation runs under a claim on its order (createOrder: on its first alias), recorded
  before anything is sent; the decision is taken inside the claim, so a second worker that
  waited for it decides on what the first one's answer left;
- a repeat the stored snapshot shows done is not sent (attempts 0; the history notes it): a
  start of a started order, a cancel while a cancellation is pending, a refund update into the
  terminal state the refund already has. (Refund amounts are not in the snapshot, so no other
  refund update is judged a repeat.) Which moves repeat a state comes from ``TABLES``;
- the claim is settled with the answer, or released when the API or the guard refused; when
  the outcome is unknown (the answer was lost, the worker was stopped) the claim stays until
  its lease lapses, and whoever takes it over first looks at the order (by alias for
  createOrder) before sending anything.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterator, Mapping
from typing import Any

import attrs

from orderguard.client._core import Call, CallResult
from orderguard.client._recovery import lines_match
from orderguard.client._snapshots import AliasPair, OrderRef, Snapshots
from orderguard.enums import ApiVersion, Operation, RefundState
from orderguard.errors import ApiError, PayloadError, RequestRejectedError
from orderguard.statemachine import TABLES, Event, EventResult, MachineTable, OrderSnapshot
from orderguard.statemachine.records import NoRequest
from orderguard.store import Claim, OrderStore

_REFUSED = (ApiError, RequestRejectedError, PayloadError)
"""Failures after which nothing was done: the claim can be released at once."""

_UPDATE_PARTS = frozenset({"desiredExecutionState", "refunds", "orderId"})


class StoredSnapshots(Snapshots):
    """``Snapshots`` kept in an ``OrderStore``, shared by every client that opens it."""

    def __init__(self, version: ApiVersion, store: OrderStore) -> None:
        super().__init__(version)
        self.store = store

    def get(self, ref: OrderRef | None) -> OrderSnapshot | None:
        if ref is None:
            return None
        if ref.order_id is not None:
            stored = self.store.get(ref.order_id)
        else:
            stored = self.store.get_by_alias(ref.alias) if ref.alias else None
        return stored.snapshot if stored is not None else None

    def _track(self, snapshot: OrderSnapshot, source: str) -> OrderSnapshot:
        """Merge the answer into the store; the snapshot the store now holds."""
        return self.store.record_response(snapshot, source=source).snapshot

    def apply_event(self, event: Mapping[str, Any]) -> EventResult:
        return self.store.apply_event(event)


def action_of(operation: Operation, variables: Mapping[str, Any]) -> str:
    """What a mutation does, as its claim and the history name it."""
    order_input = variables.get("input")
    if operation is not Operation.UPDATE_ORDER or not isinstance(order_input, Mapping):
        return operation.value
    parts = ["start"] if order_input.get("desiredExecutionState") else []
    for detail in _refund_details(order_input):
        parts.append(f"refund {detail.get('id')} -> {detail.get('state') or 'amount'}")
    rest = set(order_input) - _UPDATE_PARTS
    return ", ".join(parts + sorted(rest)) or operation.value


def _refund_details(order_input: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    refunds = order_input.get("refunds")
    details = refunds.get("details") if isinstance(refunds, Mapping) else None
    return [d for d in details or [] if isinstance(d, Mapping)]


def _repeats(table: MachineTable[Any], state: Any, event: Event, terminal_only: bool) -> bool:
    """Whether ``event`` from ``state`` is the table's self-loop (into a terminal state)."""
    move = table.move(state, event)
    if move is None or move.dest != state:
        return False
    return not terminal_only or state in table.terminal


def is_repeat(operation: Operation, variables: Mapping[str, Any], snapshot: OrderSnapshot) -> bool:
    """Whether every move the mutation asks for is already the stored state (nothing to send)."""
    if operation is Operation.CANCEL_ORDER:
        state = snapshot.cancellation or NoRequest.NONE
        return _repeats(TABLES.cancellation, state, Event.CANCEL, terminal_only=False)
    order_input = variables.get("input")
    if operation is not Operation.UPDATE_ORDER or not isinstance(order_input, Mapping):
        return False
    if set(order_input) - _UPDATE_PARTS:
        return False
    checks = []
    if order_input.get("desiredExecutionState") is not None:
        checks.append(_repeats(TABLES.execution, snapshot.execution, Event.START, False))
    for detail in _refund_details(order_input):
        refund = snapshot.refund(str(detail.get("id")))
        target = detail.get("state")
        if refund is None or target not in RefundState.__members__:
            return False
        event = Event.refund_target(RefundState(str(target)))
        checks.append(_repeats(TABLES.refund, refund.state, event, terminal_only=True))
    return bool(checks) and all(checks)


@attrs.define
class Held:
    """A mutation in flight under its claim (``claim`` is ``None`` for a client without a store)."""

    claim: Claim | None = None
    answer: CallResult | None = None

    @property
    def recovering(self) -> bool:
        """Whether this claim replaced a lapsed one: look at the order before sending."""
        return self.claim is not None and self.claim.replaced is not None


@attrs.frozen
class Claims:
    """Claims around a client's mutations; without a store, every method does nothing."""

    store: OrderStore | None = None
    wait: float = 10.0
    lease: float = 60.0

    def repeat(
        self, operation: Operation, variables: Mapping[str, Any], snapshot: OrderSnapshot | None
    ) -> CallResult | None:
        """The answer from the store when the mutation repeats what it shows done; else None."""
        if self.store is None or snapshot is None or not is_repeat(operation, variables, snapshot):
            return None
        stored = self.store.get(snapshot.id)
        data: Mapping[str, Any] = stored.to_json() if stored else {"id": snapshot.id}
        if operation is Operation.CANCEL_ORDER and snapshot.cancellation is not None:
            data = {"state": snapshot.cancellation.value}
        return CallResult(operation, data, snapshot, 0, snapshot.id)

    def _take(self, operation: Operation, variables: Mapping[str, Any], subject: Any) -> Claim:
        assert self.store is not None
        order_id, alias = subject
        if order_id is None and alias is not None and operation is not Operation.CREATE_ORDER:
            known = self.store.get_by_alias(alias)  # the same claim as by the order's ID
            order_id, alias = (known.snapshot.id, None) if known else (None, alias)
        action = action_of(operation, variables)
        return self.store.claim(order_id, action, alias=alias, lease=self.lease, wait=self.wait)

    def _end(self, held: Held, error: BaseException | None) -> None:
        assert self.store is not None and held.claim is not None
        if error is None and held.answer is not None and held.answer.attempts == 0:
            self.store.release(held.claim, "not sent: the store shows it done")
        elif error is None:
            self.store.settle(held.claim, _order_answered(held.answer))
        elif isinstance(error, _REFUSED):
            self.store.release(held.claim, f"{type(error).__name__}: {error}")

    @contextlib.contextmanager
    def around(
        self, operation: Operation, variables: Mapping[str, Any], subject: Subject
    ) -> Iterator[Held]:
        """Hold the claim on ``subject`` while the block decides and sends."""
        if self.store is None or subject is None:
            yield Held()
            return
        held = Held(self._take(operation, variables, subject))
        try:
            yield held
        except BaseException as error:
            self._end(held, error)
            raise
        self._end(held, None)

    @contextlib.asynccontextmanager
    async def around_async(
        self, operation: Operation, variables: Mapping[str, Any], subject: Subject
    ) -> AsyncIterator[Held]:
        """``around`` for asyncio: the store's blocking calls run in a worker thread."""
        if self.store is None or subject is None:
            yield Held()
            return
        held = Held(await asyncio.to_thread(self._take, operation, variables, subject))
        try:
            yield held
        except BaseException as error:
            await asyncio.to_thread(self._end, held, error)
            raise
        await asyncio.to_thread(self._end, held, None)


def _order_answered(answer: CallResult | None) -> Mapping[str, Any] | None:
    """The order the API answered (createOrder, updateOrder), to settle a claim with."""
    if answer is None or answer.operation is Operation.CANCEL_ORDER:
        return None  # a cancellation's answer was recorded on the order already
    return answer.data if "id" in answer.data else None


Subject = tuple[str | None, AliasPair | None] | None
"""What a mutation claims: ``(order_id, None)``, ``(None, alias)`` for createOrder, or None."""


def subject_of(ref: OrderRef | None, aliases: tuple[AliasPair, ...] = ()) -> Subject:
    """The claim's subject for a mutation naming ``ref`` (or creating an order with ``aliases``)."""
    if ref is not None and ref.order_id is not None:
        return (ref.order_id, None)
    if ref is not None and ref.alias is not None:
        return (None, ref.alias)
    return (None, aliases[0]) if aliases else None


def made_by(call: Call, found: CallResult) -> bool:
    """Whether an order found by alias is the one this createOrder sent (same line items)."""
    order_input = call.variables.get("input")
    sent = order_input.get("lineItems") if isinstance(order_input, Mapping) else None
    return lines_match(sent, found.data.get("lineItems"))
