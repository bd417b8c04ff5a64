"""Hypothesis strategies shared by the test modules (import as ``from tests.strategies import``)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from orderguard._enums import CancellationState, ExecutionState, PackageState, RefundState
from orderguard.statemachine import TABLES, Event, MachineTable

JSON_SCALARS: st.SearchStrategy[Any] = (
    st.none() | st.booleans() | st.integers() | st.text(max_size=12) | st.floats(allow_nan=False)
)
"""Any JSON scalar."""


def json_values(max_leaves: int = 12) -> st.SearchStrategy[Any]:
    """Any JSON value: scalars, lists and objects nested to a few levels."""
    return st.recursive(
        JSON_SCALARS,
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
        ),
        max_leaves=max_leaves,
    )


def graphql_error_entries() -> st.SearchStrategy[dict[str, Any]]:
    """``errors[i]`` objects that use the keys orderguard reads, with values of any JSON shape."""
    keys = st.sampled_from(["errorType", "classification", "type", "code", "errorCode", "details"])
    names = st.sampled_from(
        ["ThrottlingException", "ValidationError", "N/A", "DuplicateRefundId", "ConflictException"]
    )
    extensions = st.dictionaries(keys, names | json_values(4), max_size=5)
    return st.fixed_dictionaries(
        {},
        optional={
            "message": st.text(max_size=20) | json_values(3),
            "path": st.lists(st.text(max_size=8) | st.integers(0, 9), max_size=4) | json_values(3),
            "extensions": extensions | json_values(3),
            "errorType": names | json_values(2),
        },
    )


# --- order state machines (orderguard.statemachine) ---------------------------------------------


def machine_tables() -> st.SearchStrategy[MachineTable[Any]]:
    """One of the four component tables."""
    return st.sampled_from(list(TABLES))


def table_states(table: MachineTable[Any]) -> st.SearchStrategy[Any]:
    """A state of ``table``."""
    return st.sampled_from(table.states)


def table_events(table: MachineTable[Any], max_size: int = 25) -> st.SearchStrategy[list[Event]]:
    """A sequence of events of ``table``, allowed or not from wherever the machine is."""
    return st.lists(st.sampled_from(table.events), max_size=max_size)


EXECUTION_STATES = st.sampled_from(ExecutionState)
"""An execution state."""

PACKAGE_STATES = st.sampled_from(PackageState)
"""A package state."""

PACKAGE_LISTS = st.lists(PACKAGE_STATES, max_size=6)
"""The package states of an order (possibly none known)."""

DELIVERY_SUMMARIES = st.none() | PACKAGE_STATES
"""A delivery summary, ``None`` when no package is known."""

CANCELLATIONS = st.none() | st.sampled_from(CancellationState)
"""The state of an order's latest cancellation request, ``None`` when there is none."""

PACKAGE_EVENTS = st.sampled_from(TABLES.package.events)
"""An Amazon package event."""

REFUND_TARGETS = st.sampled_from(RefundState)
"""A refund state a merchant may ask for."""
