"""The fake's store: mutable records of each order, seeded IDs, the clock and the alias index.

Memory layout: the garbage collector walks every container it tracks on each full collection,
so a stored order keeps few: its collections are tuples (grown by rebinding, ``order.packages
+= (package,)``), its links and lines are held as plain tuples of atoms, which the collector
stops tracking (a ``Line`` is built when read). An order holds three tracked objects (itself,
its packages tuple, its package), not the thirteen lists and records it held as lists.

Package model: an order with at least one Amazon-fulfilled line starts with ONE ``PENDING``
package for all of its Amazon lines; an order of merchant-fulfilled lines only has none. Amazon
may later split a pending package (``FakeOrderApi.split_package``), as the API documents.
"""

from __future__ import annotations

import random
import string
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, NamedTuple

import attrs

from orderguard.enums import CancellationState, ExecutionState, PackageState
from orderguard.fake._reader import JSON, AliasPair, Rejection
from orderguard.statemachine.couplings import OrderView, cancellation_summary, delivery_summary

_ID_CHARS = string.ascii_uppercase + string.digits


@attrs.define
class Package:
    """One outbound package."""

    id: str
    state: str = "PENDING"
    reason: str | None = None


@attrs.define
class Refund:
    """One refund Amazon requested; ``amount`` is the running total as last reported."""

    id: str
    amount: str
    currency: str
    state: str = "PENDING"
    aliases: tuple[AliasPair, ...] = ()


@attrs.define
class Cancellation:
    """One whole-order cancellation request."""

    id: str
    state: str
    requested_by: str
    reason: str | None
    aliases: tuple[AliasPair, ...]
    comments: str | None
    created_at: str
    updated_at: str


@attrs.define
class Return:
    """One return of a delivered package."""

    id: str
    package_id: str
    state: str = "CREATED"


class Line(NamedTuple):
    """One line item of a stored order; ``value`` is the quantity exactly as the client sent it."""

    id: str
    value: object
    unit: str
    amazon: bool
    price: Decimal
    currency: str
    aliases: tuple[AliasPair, ...]


LinkItems = tuple[tuple[str, Any], ...]
"""An order link as its ``(key, value)`` pairs (``dict(items)`` is the link's JSON)."""


def link_rows(links: Iterable[JSON | LinkItems]) -> tuple[LinkItems, ...]:
    """Links (JSON objects, or already pairs) as tuples of pairs, which the collector untracks."""
    return tuple(tuple(dict(link).items()) for link in links)


def line_rows(lines: Iterable[Line | tuple[Any, ...]]) -> tuple[tuple[Any, ...], ...]:
    """Lines as plain tuples (a ``Line`` subclasses tuple, and only exact tuples get untracked)."""
    return tuple(tuple(line) for line in lines)


@attrs.define
class StoredOrder:
    """Everything the fake knows about one order."""

    id: str
    fingerprint: str
    aliases: tuple[AliasPair, ...]
    links: tuple[LinkItems, ...] = attrs.field(converter=link_rows)
    execution: str
    created_at: str
    updated_at: str
    _line_rows: tuple[tuple[Any, ...], ...] = attrs.field(alias="lines", converter=line_rows)
    packages: tuple[Package, ...] = ()
    refunds: tuple[Refund, ...] = ()
    cancellations: tuple[Cancellation, ...] = ()
    returns: tuple[Return, ...] = ()

    @property
    def lines(self) -> tuple[Line, ...]:
        """The order's line items, in the order the client sent them."""
        return tuple(map(Line._make, self._line_rows))

    def pending_cancellation(self) -> Cancellation | None:
        """The cancellation Amazon is still working on, if any."""
        return next((c for c in self.cancellations if c.state == "PENDING"), None)

    def view(self) -> OrderView:
        """The order as the state machine's couplings read it.

        The order's cancellation is the request that counts among its requests, read as the
        guard reads a snapshot's (``statemachine.cancellation_summary``).
        """
        requests = (CancellationState(c.state) for c in self.cancellations)
        return OrderView(
            ExecutionState(self.execution),
            tuple(PackageState(p.state) for p in self.packages),
            cancellation_summary(requests),
        )

    def amazon_total(self) -> tuple[Decimal, str]:
        """The value of the Amazon-fulfilled lines and their currency (refund estimates)."""
        lines = [line for line in self.lines if line.amazon]
        total = sum((line.price * Decimal(str(line.value)) for line in lines), Decimal(0))
        return total, lines[0].currency if lines else "USD"


def roll_up(states: Sequence[str]) -> str | None:
    """``PackageInformationSummary.state`` from the packages' states (reference §4.2)."""
    summary = delivery_summary(PackageState(state) for state in states)
    return None if summary is None else summary.value


def default_clock(start: datetime) -> Callable[[], datetime]:
    """A deterministic clock: ``start``, then one second later on every reading."""
    ticks = iter(range(1 << 62))
    return lambda: datetime.fromtimestamp(start.timestamp() + next(ticks), tz=start.tzinfo)


class Store:
    """The orders, the alias index, the remaining inventory, and seeded ID and time sources."""

    def __init__(
        self, seed: int, clock: Callable[[], datetime], inventory: Mapping[str, int] | None
    ) -> None:
        self.rng = random.Random(seed)
        self.clock = clock
        self.orders: dict[str, StoredOrder] = {}
        self.alias_owner: dict[AliasPair, str] = {}
        self.inventory = (
            {sku: Decimal(units) for sku, units in inventory.items()}
            if inventory is not None
            else None
        )
        self._issued: set[str] = set()

    def now(self) -> str:
        """The current time as ISO 8601 in UTC (``...Z``)."""
        moment = self.clock()
        if moment.tzinfo is not None:
            moment = moment.astimezone(UTC)
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")

    def new_id(self, prefix: str, *groups: int) -> str:
        """A fresh seeded ID such as ``new_id("322", 4, 6)`` -> ``322-AB12-CD34EF``."""
        while True:
            parts = ["".join(self.rng.choices(_ID_CHARS, k=size)) for size in groups]
            candidate = "-".join([prefix, *parts])
            if candidate not in self._issued:
                self._issued.add(candidate)
                return candidate

    def token(self) -> str:
        """A seeded UUID (event IDs and idempotency keys)."""
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def add(self, order: StoredOrder) -> None:
        """Store a new order and claim its aliases."""
        self.orders[order.id] = order
        self.claim(order, order.aliases)

    def claim(self, order: StoredOrder, pairs: Sequence[AliasPair]) -> None:
        """Record that ``order`` holds each alias in ``pairs``."""
        for pair in pairs:
            self.alias_owner[pair] = order.id

    def find(self, order_id: str | None, alias: AliasPair | None) -> StoredOrder:
        """The order with this ID or alias; a ``ResourceNotFoundError`` rejection otherwise.

        INFERENCE: no order error table names a not-found type; ``ResourceNotFoundError`` is
        what the other Buy with Prime interfaces use (reference §7.6).
        """
        found_id = order_id if alias is None else self.alias_owner.get(alias)
        order = self.orders.get(found_id) if found_id is not None else None
        if order is None:
            wanted = f"ID {order_id!r}" if alias is None else f"alias {alias!r}"
            raise Rejection("ResourceNotFoundError", None, f"no order with {wanted}")
        return order

    def get(self, order_id: str) -> StoredOrder:
        """The order ``order_id`` for Amazon's side; ``KeyError`` naming it if unknown."""
        try:
            return self.orders[order_id]
        except KeyError:
            raise KeyError(f"the fake holds no order {order_id!r}") from None
