"""The order-level rules: the delivery roll-up and the two composite merchant decisions.

Pure functions over plain states (``None`` or ``NoRequest.NONE`` for "no cancellation request",
``None`` for "no package known"), so a snapshot, a policy or a test can call them with whatever
it holds.

Inconsistent snapshots: Amazon's delivery facts win. The stored execution state never changes
an answer: an order reported ``NOT_STARTED`` whose package is ``IN_TRANSIT`` has started as far as
the API is concerned, so ``start`` is ``ExecutionAlreadyStarted``. A cancellation ``SUCCESS`` while
packages are still ``PENDING`` still refuses both ``start`` and ``cancel``.
"""

from __future__ import annotations

from collections.abc import Iterable

from orderguard.enums import CancellationState, ExecutionState, Operation, PackageState
from orderguard.errors import CATALOG, ErrorSpec
from orderguard.statemachine._events import Event, NoRequest
from orderguard.statemachine._tables import CANCELLATION

_P = PackageState
_FINISHED = frozenset({_P.DELIVERED, _P.CANCELLED})
_UNDER_WAY = frozenset({_P.IN_TRANSIT, _P.DELIVERED})
_CANCELLING = frozenset({CancellationState.PENDING, CancellationState.SUCCESS})

_ALREADY_STARTED = CATALOG.get_spec(Operation.UPDATE_ORDER, "ExecutionAlreadyStarted")
_CANCELLED = CATALOG.get_spec(Operation.UPDATE_ORDER, "ExecutionCannotBeStartedDueToCancellation")
_NOT_ALL_PENDING = CATALOG.get_spec(Operation.CANCEL_ORDER, "CancellationRequiresPendingPackages")
_CANCEL_REFUSED = {f.source: f.spec for f in CANCELLATION.forbidden if f.event is Event.CANCEL}


def delivery_summary(packages: Iterable[PackageState]) -> PackageState | None:
    """The order's delivery state rolled up from its packages' states.

    ``PENDING`` if any package is pending; else ``IN_TRANSIT`` if any is in transit; else
    (all finished) ``DELIVERED`` if any was delivered; else ``CANCELLED`` (all cancelled).
    ``None`` when there is no package to roll up.
    """
    present = frozenset(packages)
    if not present:
        return None
    if _P.PENDING in present:
        return _P.PENDING
    if _P.IN_TRANSIT in present:
        return _P.IN_TRANSIT
    return _P.DELIVERED if _P.DELIVERED in present else _P.CANCELLED


def start_decision(
    execution: ExecutionState,
    delivery: PackageState | None,
    cancellation: CancellationState | NoRequest | None,
) -> ErrorSpec | None:
    """Why ``desiredExecutionState: STARTED`` would be refused now, or ``None`` if it is fine.

    The delivery summary is read first, because both seed rows are stated in terms of it: in
    transit or delivered is ``ExecutionAlreadyStarted``, cancelled is
    ``ExecutionCannotBeStartedDueToCancellation``. Only while delivery has not moved does a
    ``PENDING`` or ``SUCCESS`` cancellation refuse with the latter. ``execution`` does not change
    the answer (Amazon's facts win); starting a ``STARTED`` order whose packages are all pending
    is a harmless no-op.
    """
    if delivery in _UNDER_WAY:
        return _ALREADY_STARTED
    if delivery == _P.CANCELLED or cancellation in _CANCELLING:
        return _CANCELLED
    return None


def cancel_decision(
    packages: Iterable[PackageState], cancellation: CancellationState | NoRequest | None
) -> ErrorSpec | None:
    """Why ``cancelOrder`` would be refused now, or ``None`` if it is fine.

    Refused with ``CancellationRequiresPendingPackages`` when the cancellation table refuses
    ``cancel`` (a request that already succeeded) or when any package is not ``PENDING``. An order
    with no package known yet may be cancelled.
    """
    refused = _CANCEL_REFUSED.get(cancellation or NoRequest.NONE)
    if refused is not None:
        return refused
    if any(state != _P.PENDING for state in packages):
        return _NOT_ALL_PENDING
    return None
