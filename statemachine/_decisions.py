"""The two composite merchant decisions, read from the tables' conditional refusals.

Pure functions over plain states (``None`` or ``NoRequest.NONE`` for "no cancellation request",
``None`` for "no package known"), so a snapshot, a policy or a test can call them with whatever
it holds. What refuses ``start`` and ``cancel``, and in which precedence, is written once, as the
``Forbidden`` rows of ``TABLES.execution`` and ``TABLES.cancellation`` (see ``_tables``); these
functions only ask the rows.

Inconsistent snapshots: Amazon's delivery facts win. The stored execution state never changes
an answer: an order reported ``NOT_STARTED`` whose package is ``IN_TRANSIT`` has started as far as
the API is concerned, so ``start`` is ``ExecutionAlreadyStarted``. A cancellation ``SUCCESS`` while
packages are still ``PENDING`` still refuses both ``start`` and ``cancel``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from orderguard.enums import CancellationState, ExecutionState, PackageState
from orderguard.errors import ErrorSpec
from orderguard.statemachine._conditions import OrderView
from orderguard.statemachine._events import Event, NoRequest
from orderguard.statemachine._table import MachineTable
from orderguard.statemachine._tables import CANCELLATION, EXECUTION


def refusal_for(
    table: MachineTable[Any], state: Any, event: Event, view: OrderView
) -> ErrorSpec | None:
    """The error the API answers ``event`` from ``state`` with, for the order ``view``."""
    row = table.refusal(state, event, view)
    return None if row is None else row.spec


def start_decision(
    execution: ExecutionState,
    delivery: PackageState | None,
    cancellation: CancellationState | NoRequest | None,
) -> ErrorSpec | None:
    """Why ``desiredExecutionState: STARTED`` would be refused now, or ``None`` if it is fine.

    ``delivery`` is the rolled-up delivery summary (``None`` when no package is known). The
    execution table's refusals answer, in their precedence: in transit or delivered is
    ``ExecutionAlreadyStarted``; cancelled, or a ``PENDING`` or ``SUCCESS`` cancellation, is
    ``ExecutionCannotBeStartedDueToCancellation``. Starting a ``STARTED`` order whose packages
    are all pending is a harmless no-op.
    """
    view = OrderView(execution, () if delivery is None else (delivery,), cancellation)
    return refusal_for(EXECUTION, ExecutionState(execution), Event.START, view)


def cancel_decision(
    packages: Iterable[PackageState], cancellation: CancellationState | NoRequest | None
) -> ErrorSpec | None:
    """Why ``cancelOrder`` would be refused now, or ``None`` if it is fine.

    The cancellation table refuses with ``CancellationRequiresPendingPackages`` a request that
    already succeeded, and any request while some package is not ``PENDING``. An order with no
    package known yet may be cancelled.
    """
    view = OrderView(None, tuple(packages), cancellation)
    return refusal_for(CANCELLATION, view.cancellation, Event.CANCEL, view)
