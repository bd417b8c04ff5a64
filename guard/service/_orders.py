"""What the proxy asks the order source, grouped into one blocking call per step of a request.

A source may do I/O (a database), so the proxy calls it off the event loop, and each trip to
a worker thread costs more than the in-memory work itself: reading the order and claiming it
is one call, recording the answer and releasing the claims another. Nothing here catches
errors; the proxy decides what a failing source means.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, MutableMapping
from typing import Any

from orderguard.enums import ApiVersion
from orderguard.service._memory import MemorySource
from orderguard.service._record import OrderAnswer, cause_of
from orderguard.service._refs import OrderRef
from orderguard.service._source import Claim, OrderSource
from orderguard.statemachine import OrderSnapshot

Claims = MutableMapping[str, Claim]
"""The claims one request holds, by order ID."""


class OrderDesk:
    """The proxy's calls on an ``OrderSource``."""

    def __init__(self, source: OrderSource) -> None:
        self.source = source
        # Whether calls must leave the event loop: memory never waits for I/O.
        self.blocking = not isinstance(source, MemorySource)

    def hold_and_read(
        self, claims: Claims, ref: OrderRef, action: str | None, holder: str
    ) -> OrderSnapshot | None:
        """Claim the order for ``action`` (unless ``None`` or held already), then read it.

        An order named by an alias the source does not know cannot be claimed yet: ``None``.
        Raises ``OrderBusyError`` when another request holds the order.
        """
        order_id = ref.order_id
        if order_id is None:
            found = self.source.snapshot(ref)
            if found is None:
                return None
            order_id = found.id
        if action is not None and order_id not in claims:
            claims[order_id] = self.source.claim(order_id, action, holder)
        return self.source.snapshot(ref)

    def record_query(
        self, order: Mapping[str, Any], version: ApiVersion, ref: OrderRef
    ) -> OrderSnapshot | None:
        """Keep an order the proxy queried itself; the order as now held."""
        self.source.record_order(order, version, "order query (proxy)")
        return self.source.snapshot(ref)

    def finish(
        self, answers: Iterable[OrderAnswer], claims: Claims, version: ApiVersion
    ) -> list[str]:
        """Record each answer, then release the claims; what could not be recorded, if any."""
        problems = []
        for found in answers:
            try:
                self._record(found, version)
            except Exception as error:  # one bad answer must not keep the others out
                problems.append(f"{found.field.name} answer: {type(error).__name__}: {error}")
        return problems + self.release(claims)

    def release(self, claims: Claims) -> list[str]:
        """Release every claim held; the ones that could not be (their lease lets them go)."""
        problems = []
        while claims:
            order_id, claim = claims.popitem()
            try:
                self.source.settle(claim)
            except Exception as error:
                problems.append(f"claim on {order_id}: {type(error).__name__} (lapses with lease)")
        return problems

    def _record(self, found: OrderAnswer, version: ApiVersion) -> None:
        cause = cause_of(found, version)
        if found.order is not None:
            self.source.record_order(found.order, version, cause)
        elif found.order_id is not None and found.cancellation is not None:
            self.source.record_cancellation(found.order_id, found.cancellation, cause)
