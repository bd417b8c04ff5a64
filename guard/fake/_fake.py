"""``FakeOrderApi``: an in-process reference model of the Buy with Prime Order API."""

from __future__ import annotations

import collections
import copy
import random
import threading
from collections.abc import Callable, Collection, Mapping
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from orderguard.enums import Operation
from orderguard.errors import raise_for_api_errors
from orderguard.fake._amazon_side import AmazonSide, Subscriber
from orderguard.fake._dialect import Dialect, dialect_for
from orderguard.fake._errors import LostResponseError
from orderguard.fake._events import Emitter
from orderguard.fake._faults import Fault, FaultInjector, Faults
from orderguard.fake._model import Store, default_clock
from orderguard.fake._reader import JSON, Rejection
from orderguard.fake._render import order_json
from orderguard.fake._wire import (
    Call,
    authorise,
    check_operation,
    error_response,
    fault_rejection,
    run,
)

_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
EVENT_LIMIT = 100_000
"""How many of the latest events a fake keeps by default."""


class FakeOrderApi(AmazonSide):
    """A fake Buy with Prime Order API: same variables, same response shapes, seeded.

    The merchant's side is :meth:`execute` (``createOrder``, ``updateOrder``, ``cancelOrder`` and
    the ``order`` query, with either API version's variables). It returns the GraphQL response
    as a dict and never raises for an API error: ``{"data": {"createOrder": {"order": {...}}}}``
    (``updateOrder`` likewise, ``{"cancelOrder": {"cancellation": {...}}}``, ``{"order":
    {...}}``), or ``{"data": None, "errors": [{"message", "path": [operation], "extensions":
    {"errorType", "errorCode"}}]}`` with exactly one error whose ``errorCode`` is ABSENT where
    the API's tables say N/A (a schema misfit has no code but ``extensions.field``, its path).
    Calls are checked in this order: the ``Authorization`` header, injected faults, the
    version's input schema (an unknown field, another version's shape or a value GraphQL input
    coercion refuses is a misfit, ``_reader.coerce_arguments``), then the operation's rules,
    written from the API's documentation without orderguard's policies (so a differential test
    finds bugs in either); the first failing check answers. An unknown order
    is ``ResourceNotFoundError`` (INFERENCE: the order tables name no not-found error).

    Amazon's side is driven explicitly (:meth:`ship`, :meth:`deliver`, :meth:`cancel_package`,
    :meth:`split_package`, :meth:`request_refund`, :meth:`resolve_cancellation`,
    :meth:`start_return`, :meth:`complete_return`) or by :meth:`advance`, which picks random
    legal moves with a generator seeded from ``seed``. Each move returns the webhook events it
    emitted; all events are also kept in :attr:`events` and passed to subscribers.

    :meth:`watch` hands each call :meth:`execute` answers to a callback (e.g. to check that
    every request went through a guard); :meth:`peek` reads an order without making a call (no
    fault, no watcher), for assertions.

    Args:
        api_version: the version of the events and the default for calls (``2024-11-01`` or
            ``2024-04-01``).
        seed: seeds order, package, refund and event IDs and the scheduler.
        faults: random fault rates (:class:`Faults`, with its own seed); none by default.
        clock: returns the current time; by default a deterministic clock starting at
            2026-01-01T00:00:00Z that ticks one second per reading.
        inventory: ``{sku or productId: units}``; when given it is the catalog (unknown items
            get ``InvalidItemIdentifier``) and Amazon lines draw stock from it on create.
        valid_tokens: access tokens allowed in an ``Authorization`` header.
        prime_shoppers: shopper identity tokens of Prime members; when given, a Prime line
            ordered with another token gets ``ShopperNotPrime``.
        store_id: the business-product ID in event resources.
        event_limit: how many of the latest events :attr:`events` keeps (a ring: a long run
            does not grow without bound); :attr:`events_emitted` counts them all.

    All methods are thread-safe (one lock). The answers are deterministic given the seeds and
    the sequence of calls.

    """

    def __init__(
        self,
        api_version: str = "2024-11-01",
        seed: int = 0,
        faults: Faults | None = None,
        clock: Callable[[], datetime] | None = None,
        inventory: Mapping[str, int] | None = None,
        valid_tokens: Collection[str] | None = None,
        prime_shoppers: Collection[str] | None = None,
        *,
        store_id: str = "fake-store",
        event_limit: int = EVENT_LIMIT,
    ) -> None:
        if event_limit < 1:
            raise ValueError(f"event_limit must be at least 1, got {event_limit}")
        self.event_limit = event_limit
        self._dialect = dialect_for(api_version)
        self.seed = seed
        self.faults = faults or Faults()
        self._clock = clock
        self._inventory = dict(inventory) if inventory is not None else None
        self._valid_tokens = frozenset(valid_tokens) if valid_tokens is not None else None
        self._prime_shoppers = frozenset(prime_shoppers) if prime_shoppers is not None else None
        self.store_id = store_id
        self._lock = threading.RLock()
        self._subscribers: list[Subscriber] = []
        self._watchers: list[Callable[[Call], None]] = []
        self.reset()

    def reset(self) -> None:
        """Forget every order, event, queued fault and stock change, and reseed.

        Subscribers stay subscribed; a ``clock`` passed to the constructor is not rewound.
        """
        with self._lock:
            self._store = Store(self.seed, self._clock or default_clock(_EPOCH), self._inventory)
            self._injector = FaultInjector(self.faults)
            self._scheduler = random.Random(f"{self.seed}/scheduler")
            subscription = f"fake-subscription-{self.seed}"
            self._emitter = Emitter(self._store, self._dialect, self.store_id, subscription)
            self._events: collections.deque[JSON] = collections.deque(maxlen=self.event_limit)
            self._events_emitted = 0

    @property
    def api_version(self) -> str:
        """The default API version of calls, and the version of every event."""
        return self._dialect.version

    # -- the merchant's side ------------------------------------------------------------------

    def execute(
        self,
        operation_name: str,
        variables: Mapping[str, Any],
        *,
        api_version: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> JSON:
        """Run one GraphQL operation and return its response (``data`` or ``errors``).

        ``api_version`` falls back to an ``x-api-version`` header, then to the fake's version.
        Raises ``LostResponseError`` when a lost-response fault hits a createOrder that was
        committed, ``ValueError`` for an operation the Order API does not have, and
        ``UnsupportedVersionError`` for an unknown version.
        """
        check_operation(operation_name)
        dialect = self._dialect_of(api_version, headers)
        with self._lock:
            fault, response = self._answer(operation_name, variables, dialect, headers)
            watchers = list(self._watchers)
        lost = fault is Fault.LOST_RESPONSE and "errors" not in response
        if watchers:
            kept = None if lost else copy.deepcopy(response)
            call = Call(operation_name, copy.deepcopy(variables), dialect.version, kept)
            for watcher in watchers:
                watcher(call)
        if lost:
            raise LostResponseError(operation_name)
        return response

    def create_order(
        self,
        variables: Mapping[str, Any],
        *,
        api_version: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> JSON:
        """createOrder; the new order, or the API's error raised as an ``ApiError`` subclass."""
        return self._call("createOrder", variables, api_version, headers, "order")

    def update_order(
        self,
        variables: Mapping[str, Any],
        *,
        api_version: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> JSON:
        """updateOrder; the updated order, or the API's error raised as an ``ApiError``."""
        return self._call("updateOrder", variables, api_version, headers, "order")

    def cancel_order(
        self,
        variables: Mapping[str, Any],
        *,
        api_version: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> JSON:
        """cancelOrder; the cancellation, or the API's error raised as an ``ApiError``."""
        return self._call("cancelOrder", variables, api_version, headers, "cancellation")

    def order(
        self,
        order_identifier: Mapping[str, Any],
        *,
        api_version: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> JSON:
        """The ``order`` query by ``{"orderId": ...}`` or alias; ``ApiError`` if it fails."""
        variables = {"orderIdentifier": order_identifier}
        return self._call("order", variables, api_version, headers, None)

    def order_ids(self) -> tuple[str, ...]:
        """The IDs of every stored order, oldest first."""
        with self._lock:
            return tuple(self._store.orders)

    @property
    def inventory(self) -> dict[str, Decimal] | None:
        """The units left per item, or ``None`` when the fake has no inventory."""
        with self._lock:
            stock = self._store.inventory
            return dict(stock) if stock is not None else None

    def watch(self, callback: Callable[[Call], None]) -> Callable[[], None]:
        """Call ``callback`` with a ``Call`` record of each call answered from now on.

        Returns a function that stops the watching. Watchers survive :meth:`reset`.
        """
        with self._lock:
            self._watchers.append(callback)
        return lambda: self._unwatch(callback)

    def _unwatch(self, callback: Callable[[Call], None]) -> None:
        with self._lock:
            if callback in self._watchers:
                self._watchers.remove(callback)

    def peek(self, order_id: str) -> JSON:
        """The order as the ``order`` query returns it, read without a call: no fault, no watcher.

        ``KeyError`` naming the order if the fake holds none with this ID.
        """
        with self._lock:
            return order_json(self._store.get(order_id), self._dialect)

    def set_faults(self, faults: Faults | None) -> None:
        """Draw ``faults``' rates from the next call on (``None``: no faults); queued ones stay."""
        with self._lock:
            self.faults = faults or Faults()
            self._injector.retune(self.faults)

    def inject_next(self, fault: Fault | str, *, operation: str | None = None) -> None:
        """Make ``fault`` hit the next call it applies to (of ``operation`` if given)."""
        with self._lock:
            self._injector.queue(Fault(fault), operation)

    # -- internals ----------------------------------------------------------------------------

    def _dialect_of(self, version: str | None, headers: Mapping[str, str] | None) -> Dialect:
        header = next((v for k, v in (headers or {}).items() if k.lower() == "x-api-version"), None)
        chosen = version or header
        return dialect_for(chosen) if chosen else self._dialect

    def _answer(
        self,
        operation: str,
        variables: Mapping[str, Any],
        dialect: Dialect,
        headers: Mapping[str, str] | None,
    ) -> tuple[Fault | None, JSON]:
        """The fault drawn for the call (if any) and the response; the lock is held."""
        fault = None
        try:
            authorise(headers, self._valid_tokens)
            fault = self._injector.draw(operation)
            rejection = fault_rejection(fault)
            if rejection is not None:
                raise rejection
            data = run(operation, variables, self._store, dialect, self._prime_shoppers)
        except Rejection as rejected:
            return fault, error_response(operation, rejected)
        return fault, {"data": {operation: data}}

    def _call(
        self,
        operation: str,
        variables: Mapping[str, Any],
        api_version: str | None,
        headers: Mapping[str, str] | None,
        key: str | None,
    ) -> JSON:
        response = self.execute(operation, variables, api_version=api_version, headers=headers)
        raise_for_api_errors(response, Operation(operation))
        data: JSON = response["data"][operation]
        return data if key is None else data[key]
