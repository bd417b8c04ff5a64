"""The primitives one store transaction offers; the store's logic is written once over them.

Each backend implements :class:`Tx` (memory: dicts with an undo log; SQL: statements on one
connection) and runs a unit of work in one transaction: everything it wrote commits together
or not at all.
"""

from __future__ import annotations

from typing import NamedTuple, Protocol

from orderguard.statemachine import OrderSnapshot
from orderguard.store._records import Claim, Source, Versioned


class Entry(NamedTuple):
    """A history row about to be appended: the snapshots before and after, not yet diffed.

    A named tuple, not an attrs record: one is built per event on the intake's hot path.
    """

    order_id: str
    at: float
    source: Source
    ref: str
    outcome: str | None
    detail: str
    version: int
    before: OrderSnapshot | None
    after: OrderSnapshot


class Tx(Protocol):
    """One open transaction of a store."""

    def prefetch(self, deliveries: list[tuple[str, str | None]]) -> None:
        """Lock these ``(order_id, delivery_key)`` orders and look them and the keys up at once.

        A hint for speed only (events about to be applied); every other method works without it.
        """

    def lock(self, subject: str) -> None:
        """Serialise this transaction with every other one touching ``subject`` until it ends."""

    def read(self, order_id: str) -> Versioned | None:
        """The order as stored, or ``None``."""

    def write(self, snapshot: OrderSnapshot, current: Versioned | None) -> Versioned:
        """Store ``snapshot`` as the version after ``current`` (compare-and-set).

        ``VersionConflictError`` if the stored version is no longer ``current``'s.
        """

    def seen(self, order_id: str, key: str) -> bool:
        """Whether the delivery ``key`` of ``order_id`` was recorded before."""

    def remember(self, order_id: str, key: str, outcome: str, detail: str, at: float) -> None:
        """Record a delivery key with what its event did."""

    def log(self, entry: Entry) -> None:
        """Append a history row."""

    def claim_of(self, subject: str) -> Claim | None:
        """The claim recorded on ``subject``, expired or not."""

    def put_claim(self, claim: Claim) -> None:
        """Record ``claim`` on its subject, replacing the one there."""

    def drop_claim(self, claim: Claim) -> None:
        """Remove ``claim`` (only if its token still holds the subject)."""
