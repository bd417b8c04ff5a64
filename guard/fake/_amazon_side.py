"""Amazon's side of ``FakeOrderApi`` and its events, as a base class of the fake."""

from __future__ import annotations

import collections
import copy
import itertools
import random
import threading
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from orderguard.fake import _amazon
from orderguard.fake._events import Emitter
from orderguard.fake._model import Store
from orderguard.fake._moves import AmazonMove, MoveKind
from orderguard.fake._reader import JSON

Subscriber = Callable[[JSON], None]


class AmazonSide:
    """The moves only Amazon makes, the seeded scheduler, and event delivery.

    ``FakeOrderApi`` sets the attributes declared here in ``reset``.
    """

    _lock: threading.RLock
    _store: Store
    _emitter: Emitter
    _scheduler: random.Random
    _events: collections.deque[JSON]
    _events_emitted: int
    _subscribers: list[Subscriber]

    def ship(self, order_id: str, package_id: str | None = None) -> list[JSON]:
        """PENDING -> IN_TRANSIT (the first shippable package when ``package_id`` is None)."""
        return self._move(MoveKind.SHIP, order_id, package_id, None)

    def deliver(self, order_id: str, package_id: str | None = None) -> list[JSON]:
        """IN_TRANSIT -> DELIVERED."""
        return self._move(MoveKind.DELIVER, order_id, package_id, None)

    def cancel_package(
        self, order_id: str, package_id: str | None = None, reason: str | None = None
    ) -> list[JSON]:
        """-> CANCELLED with a legal ``reason`` (the first legal one if None), plus a refund."""
        return self._move(MoveKind.CANCEL_PACKAGE, order_id, package_id, reason)

    def split_package(self, order_id: str, package_id: str | None = None) -> list[JSON]:
        """Split a PENDING package: a new PENDING package joins the order (no event)."""
        return self._move(MoveKind.SPLIT_PACKAGE, order_id, package_id, None)

    def request_refund(self, order_id: str, amount: Decimal | str = "10.00") -> list[JSON]:
        """A new PENDING refund for ``amount`` with a fresh Buy with Prime refund ID."""
        try:
            valid = Decimal(str(amount)) > 0
        except InvalidOperation:
            valid = False
        if not valid:
            raise ValueError(f"a refund amount must be a positive number, got {amount!r}")
        return self._apply(AmazonMove(MoveKind.REQUEST_REFUND, order_id, None, str(amount)))

    def resolve_cancellation(self, order_id: str, success: bool) -> list[JSON]:
        """Decide the pending cancellation: SUCCESS cancels every PENDING package, or REJECTED."""
        decision = "SUCCESS" if success else "REJECTED"
        return self._move(MoveKind.RESOLVE_CANCELLATION, order_id, None, decision)

    def start_return(self, order_id: str, package_id: str | None = None) -> list[JSON]:
        """Start the return of a DELIVERED package."""
        return self._move(MoveKind.START_RETURN, order_id, package_id, None)

    def complete_return(self, order_id: str, return_id: str | None = None) -> list[JSON]:
        """Complete a started return; Amazon then requests its refund."""
        return self._move(MoveKind.COMPLETE_RETURN, order_id, return_id, None)

    def legal_moves(self) -> tuple[AmazonMove, ...]:
        """Every move Amazon could make now (refund requests, always legal, are not listed)."""
        with self._lock:
            return tuple(_amazon.legal_moves(self._store))

    def apply(self, move: AmazonMove) -> list[JSON]:
        """Make one Amazon move; ``IllegalAmazonMoveError`` if it is not legal now."""
        return self._apply(move)

    def advance(self, steps: int = 1) -> list[AmazonMove]:
        """Make up to ``steps`` random legal Amazon moves (fewer when none is left)."""
        made = []
        for _ in range(steps):
            with self._lock:
                moves = _amazon.legal_moves(self._store)
                if not moves:
                    break
                move = self._scheduler.choice(moves)
                events = self._apply_locked(move)
            self._publish(events)
            made.append(move)
        return made

    @property
    def events(self) -> list[JSON]:
        """A copy of the events kept (the latest ``event_limit`` emitted), oldest first."""
        return self.events_since(0)[0]

    @property
    def events_emitted(self) -> int:
        """How many events were emitted since the last reset, those no longer kept included."""
        with self._lock:
            return self._events_emitted

    def events_since(self, since: int) -> tuple[list[JSON], int]:
        """The kept events numbered ``since`` and later, copied, and :attr:`events_emitted`.

        The first event emitted is number 0; both are read under one lock. Only those events
        are copied, so polling for new events costs what they cost.
        """
        with self._lock:
            oldest = self._events_emitted - len(self._events)
            kept = itertools.islice(self._events, max(since - oldest, 0), None)
            return copy.deepcopy(list(kept)), self._events_emitted

    def subscribe(self, callback: Subscriber) -> Callable[[], None]:
        """Call ``callback`` with (a copy of) each future event; returns an unsubscribe."""
        with self._lock:
            self._subscribers.append(callback)
        return lambda: self._unsubscribe(callback)

    def _unsubscribe(self, callback: Subscriber) -> None:
        with self._lock:
            if callback in self._subscribers:
                self._subscribers.remove(callback)

    def _move(
        self, kind: MoveKind, order_id: str, target_id: str | None, detail: str | None
    ) -> list[JSON]:
        with self._lock:
            events = self._apply_locked(
                _amazon.pick(self._store, kind, order_id, target_id, detail)
            )
        return self._publish(events)

    def _apply(self, move: AmazonMove) -> list[JSON]:
        with self._lock:
            events = self._apply_locked(move)
        return self._publish(events)

    def _apply_locked(self, move: AmazonMove) -> list[JSON]:
        events = _amazon.apply(self._store, self._emitter, move)
        self._events.extend(events)
        self._events_emitted += len(events)
        return events

    def _publish(self, events: list[JSON]) -> list[JSON]:
        """Hand each event to every subscriber, outside the lock; return copies for the caller."""
        with self._lock:
            subscribers = list(self._subscribers)
        for callback in subscribers:
            for event in events:
                callback(copy.deepcopy(event))
        return copy.deepcopy(events)
