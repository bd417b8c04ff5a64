"""Hypothesis strategies shared by the test modules (import as ``from tests.strategies import``)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

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
