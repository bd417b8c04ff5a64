"""The values the order store hands out: versioned snapshots, claims and history entries."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

import attrs

from orderguard.enums import HashedStrEnum
from orderguard.statemachine import OrderSnapshot

AliasPair = tuple[str, str]


@attrs.frozen(slots=True)
class Versioned:
    """An order's snapshot as stored, with the version every compare-and-set write checks.

    Versions count the writes of one order: 1 after the first, never reused; 0 means "absent"
    when passed as the expected version of a write.
    """

    snapshot: OrderSnapshot
    version: int

    def to_json(self) -> dict[str, Any]:
        """The snapshot in 2024-11-01 ``order`` query names, plus ``"version"``."""
        from orderguard.store._render import order_json

        return order_json(self.snapshot, self.version)


def subject_of(order_id: str | None, alias: AliasPair | None) -> str:
    """What a claim locks: the order ID, or (createOrder, before there is an ID) its alias."""
    if order_id is not None:
        return order_id
    if alias is None:
        raise ValueError("a claim needs an order ID or, for createOrder, an alias")
    return f"alias {alias[0]}/{alias[1]}"


@attrs.frozen(slots=True)
class Claim:
    """One worker's intent to send a merchant action, recorded before the request is sent.

    ``subject`` is what it holds exclusively (the order, or createOrder's alias); ``token``
    proves ownership when it is settled or released; the claim lapses at ``lease_until``
    (epoch seconds). ``replaced`` is the expired claim of another worker this one took over:
    that worker may have sent its request, so look at the order (by alias for createOrder)
    before sending again.
    """

    subject: str
    action: str
    owner: str
    token: str
    claimed_at: float
    lease_until: float
    order_id: str | None = None
    alias: AliasPair | None = None
    replaced: Claim | None = None

    def remaining(self, now: float | None = None) -> float:
        """Seconds left on the lease (negative once it has lapsed)."""
        return self.lease_until - (time.time() if now is None else now)

    def expired(self, now: float | None = None) -> bool:
        """Whether the lease has lapsed, so another worker may take the claim over."""
        return self.remaining(now) <= 0


@attrs.frozen(slots=True)
class Change:
    """One thing that moved in a write: ``what`` (``package P1``), from ``before`` to ``after``.

    ``None`` on either side means "absent" (a new package, a first cancellation request).
    """

    what: str
    before: str | None
    after: str | None

    def to_json(self) -> dict[str, str | None]:
        """``{"what", "from", "to"}``."""
        return {"what": self.what, "from": self.before, "to": self.after}


class Source(HashedStrEnum):
    """What caused a history entry."""

    EVENT = "event"
    RESPONSE = "response"
    ACTION = "action"
    WRITE = "write"


@attrs.frozen(slots=True)
class HistoryEntry:
    """One append-only history row of an order: when, what caused it and what moved.

    ``source`` is ``event`` (``ref`` the delivery key or event name, ``outcome`` what it did),
    ``response`` (``ref`` the query or mutation answered), ``action`` (``ref`` the merchant
    action settled or released; ``detail`` names the worker) or ``write`` (a compare-and-set
    ``put``). ``version`` is the order's version after the entry; ``seq`` increases along
    the order's history (the memory backend numbers each order's entries from 1; the SQL
    backends number all entries of the store).
    """

    order_id: str
    seq: int
    at: float
    source: Source
    ref: str
    outcome: str | None
    detail: str
    version: int
    changes: tuple[Change, ...]

    def to_json(self) -> dict[str, Any]:
        """The entry as one JSON object (``at`` in ISO 8601, UTC)."""
        return {
            "orderId": self.order_id,
            "seq": self.seq,
            "at": datetime.fromtimestamp(self.at, UTC).isoformat(timespec="microseconds"),
            "source": self.source.value,
            "ref": self.ref,
            "outcome": self.outcome,
            "detail": self.detail,
            "version": self.version,
            "changes": [change.to_json() for change in self.changes],
        }
