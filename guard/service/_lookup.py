"""``OrderLookup``: the order a mutation names, claimed, from the store or else the upstream.

The store answers first. When it does not hold the order, or when the claim just taken replaced
a lapsed one (its worker may have sent its request before it died), the upstream is asked with
the client's own credentials, as ``orderguard.client`` does, and its answer recorded. When the
order cannot be read (the store fails, the query fails), the mutation is refused unless the
service fails open, or only reports: then it is judged without the order.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TypeVar

import anyio.to_thread

from orderguard.errors import PayloadError
from orderguard.service._config import Mode, OnStoreError, ServiceConfig
from orderguard.service._exchange import Exchange
from orderguard.service._orders import Held, OrderDesk
from orderguard.service._refs import AliasPair, OrderRef
from orderguard.service._upstream import OrderQueryError, Upstream
from orderguard.statemachine import OrderSnapshot
from orderguard.store import ClaimHeldError

T = TypeVar("T")


class OrderUnreadableError(Exception):
    """The order a mutation names could not be read: the store or the order query failed."""


class OrderLookup:
    """Reads (and claims) orders for the proxy."""

    def __init__(self, config: ServiceConfig, desk: OrderDesk, upstream: Upstream) -> None:
        self._config, self._desk, self._upstream = config, desk, upstream

    async def call(self, function: Callable[..., T], *args: Any) -> T:
        """Run a store call off the event loop (in place when the store never blocks)."""
        if not self._desk.blocking:
            return function(*args)
        return await anyio.to_thread.run_sync(function, *args)

    async def order(self, exchange: Exchange, ref: OrderRef) -> OrderSnapshot | None:
        """The order ``ref`` names, from the store, else the upstream (``None``: nobody knows)."""
        held = await self._held(exchange, ref, None)
        if held.snapshot is not None:
            return held.snapshot
        return await self.refresh(exchange, ref)

    async def claimed(
        self, exchange: Exchange, ref: OrderRef, action: str, read: OrderSnapshot | None
    ) -> OrderSnapshot | None:
        """Claim the order for ``action``; the order as it is now (``read``: as judged before).

        The store's copy is taken under the claim, or the upstream's when the claim replaced a
        lapsed one (its worker may have sent its request before it died).
        """
        if ref.order_id is None and read is not None:
            ref = OrderRef(read.id)  # an alias the store did not know until the order was read
        held = await self._held(exchange, ref, action)
        if held.replaced:
            return await self.refresh(exchange, ref)
        return held.snapshot if held.snapshot is not None else read

    async def hold_alias(self, exchange: Exchange, alias: AliasPair) -> None:
        """Claim a createOrder's alias (a lapsed claim taken over: look the order up first)."""
        try:
            replaced = await self.call(
                self._desk.hold_alias, exchange.claims, alias, exchange.owner(self._config.owner)
            )
        except ClaimHeldError:
            raise
        except Exception as error:
            self.unreadable(OrderRef(alias=alias), f"the claim failed ({type(error).__name__})")
            return
        if replaced:
            await self.refresh(exchange, OrderRef(alias=alias))

    async def refresh(self, exchange: Exchange, ref: OrderRef) -> OrderSnapshot | None:
        """Query the order from the upstream and record it; ``None`` if it has no such order."""
        try:
            order = await self._upstream.order(ref, exchange.guard, exchange.headers)
        except OrderQueryError as error:
            self.unreadable(ref, f"the order query failed ({error})")
            return None
        if order is None:
            return None
        version = exchange.guard.api_version
        try:
            await self.call(self._desk.record, order, version, "order query (proxy)")
            return await self.call(self._desk.read, ref)
        except PayloadError as error:
            self.unreadable(ref, f"the upstream's order is not one ({error})")
            return None
        except Exception as error:
            self.unreadable(ref, f"the order store failed ({type(error).__name__})")
            return None

    def unreadable(self, ref: OrderRef, reason: str) -> None:
        """Refuse (raise ``OrderUnreadableError``), or go on without the order, as configured."""
        print(f"orderguard proxy: order {ref}: {reason}", file=sys.stderr, flush=True)
        closed = self._config.on_store_error is OnStoreError.CLOSED
        if closed and self._config.mode is Mode.ENFORCE:
            raise OrderUnreadableError(f"orderguard could not read order {ref}: {reason}")

    async def _held(self, exchange: Exchange, ref: OrderRef, action: str | None) -> Held:
        """Claim (for ``action``) and read in one trip; ``ClaimHeldError`` if another holds it."""
        owner = exchange.owner(self._config.owner)
        try:
            return await self.call(self._desk.hold_and_read, exchange.claims, ref, action, owner)
        except ClaimHeldError:
            raise
        except Exception as error:
            self.unreadable(ref, f"the order store failed ({type(error).__name__})")
            return Held(None)
