"""``OrderSource``: what the service needs from wherever orders are kept, as a Protocol.

The proxy reads the order a mutation names before judging it, records what the upstream
answered, claims an order while a mutation of it is in flight, and takes events; the decision
API shows an order and its history. ``MemorySource`` (``_memory``) keeps all of it in this
process. Every method is blocking (backends do I/O), so the service calls them off the event
loop; any exception other than :class:`OrderBusyError` means the source is unavailable.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol, runtime_checkable

import attrs

from orderguard.enums import ApiVersion
from orderguard.errors import OrderGuardError
from orderguard.service._refs import OrderRef
from orderguard.statemachine import EventResult, OrderSnapshot

JSON = dict[str, Any]


class OrderBusyError(OrderGuardError, RuntimeError):
    """Another request holds the claim on this order; ``holder`` names it."""

    def __init__(self, order_id: str, holder: str, action: str) -> None:
        self.order_id, self.holder, self.action = order_id, holder, action
        super().__init__(
            f"order {order_id} is busy: {holder} is sending {action}; send the request again "
            "once it has been answered"
        )


@attrs.frozen(slots=True)
class Claim:
    """An intent to send ``action`` for ``order_id``, held by ``owner`` until it is settled."""

    order_id: str
    action: str
    owner: str
    key: str


@runtime_checkable
class OrderSource(Protocol):
    """Orders as last seen, shared by every request (and, with a shared store, every proxy)."""

    def snapshot(self, ref: OrderRef) -> OrderSnapshot | None:
        """The order ``ref`` names as last seen, or ``None`` when it is not known."""

    def record_order(self, order: Mapping[str, Any], version: ApiVersion, cause: str) -> None:
        """Merge an order as an answer returned it (createOrder, updateOrder, order query)."""

    def record_cancellation(self, order_id: str, state: str, cause: str) -> None:
        """Record the state of the cancellation request a cancelOrder answer returned."""

    def apply_event(self, event: Mapping[str, Any]) -> EventResult:
        """Apply one Buy with Prime event (webhook or EventBridge JSON); duplicates change nothing.

        Raises ``MalformedEventError`` for an event that cannot be read.
        """

    def claim(self, order_id: str, action: str, owner: str) -> Claim:
        """Claim the order for ``action``; :class:`OrderBusyError` while another claim holds."""

    def settle(self, claim: Claim) -> None:
        """Release ``claim`` once its answer is known (recorded or refused)."""

    def show(self, order_id: str) -> JSON | None:
        """The order in 2024-11-01 ``order`` query names plus ``"version"``, or ``None``."""

    def history(self, order_id: str) -> list[JSON]:
        """What happened to the order, oldest first (empty for an unknown order)."""
