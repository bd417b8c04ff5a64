"""Tests that context facts at the edges of time give typed errors, never ``OverflowError``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orderguard import Guard, samples
from orderguard.errors import PayloadError
from orderguard.policies import Context
from tests.helpers.strategies import json_values

FAR = "9999-12-31T00:00:00Z"


@pytest.mark.parametrize(
    "facts",
    [
        {"tokenLifetimeSeconds": 10**14},
        {"tokenLifetimeSeconds": 10**30},
        {"tokenAcquiredAt": FAR, "tokenLifetimeSeconds": 365 * 86400},
        {"tokenAcquiredAt": "9999-12-31T23:00:00-05:00", "tokenLifetimeSeconds": 3600},
    ],
    ids=["lifetime-1e14", "lifetime-1e30", "year-9999-plus-a-year", "year-9999-west-of-utc"],
)
def test_an_expiry_past_the_end_of_time_names_the_lifetime(facts: dict[str, Any]) -> None:
    """A lifetime that ends after year 9999 is a PayloadError naming tokenLifetimeSeconds."""
    with pytest.raises(PayloadError) as caught:
        Context.from_json(facts)
    assert [issue.path for issue in caught.value.issues] == ["tokenLifetimeSeconds"]
    assert "9999" in str(caught.value)


def test_guard_check_create_with_such_a_context_raises_payload_error() -> None:
    """Guard.check_create with that context JSON raises PayloadError, not OverflowError."""
    variables = samples.create_variables(1)
    context = samples.context_json(variables) | {"tokenAcquiredAt": FAR}
    context["tokenLifetimeSeconds"] = 10**8
    with pytest.raises(PayloadError, match="tokenLifetimeSeconds"):
        Guard().check_create(variables, context)


def test_a_python_context_refuses_an_expiry_it_cannot_represent() -> None:
    """Context() built in Python refuses such a lifetime too, so token_expiry never overflows."""
    acquired = datetime(9999, 12, 31, tzinfo=UTC)
    with pytest.raises(PayloadError, match="token_lifetime"):
        Context(token_acquired_at=acquired, token_lifetime=timedelta(days=2))
    near = Context(token_acquired_at=acquired, token_lifetime=timedelta(hours=1))
    assert near.token_expiry == acquired + timedelta(hours=1)


DATES = st.sampled_from(
    [
        "9999-12-31T23:59:59Z",
        "9999-12-31T23:59:59-23:59",
        "0001-01-01T00:00:00+23:59",
        "0001-01-01T00:00:00Z",
        "2026-11-20T10:05:00Z",
        "2026-11-20T10:05:00",
    ]
)
NUMBERS = st.integers() | st.floats() | st.sampled_from([10**14, 10**20, 86400 * 10**9])
FIELDS = st.sampled_from(
    [
        "now",
        "tokenAcquiredAt",
        "tokenLifetimeSeconds",
        "tokenExpiresAt",
        "shopperPrime",
        "usedAliases",
        "inventory",
        "deliveryPreview",
        "knownAddresses",
    ]
)
CONTEXTS = json_values() | st.dictionaries(FIELDS, DATES | NUMBERS | json_values(6), max_size=5)
"""Arbitrary JSON, and objects of the context's own fields with values at the edges."""


@given(CONTEXTS)
def test_only_payload_error_escapes_context_from_json(data: Any) -> None:
    """Context.from_json of any JSON gives a Context whose expiry reads, or a PayloadError."""
    try:
        context = Context.from_json(data)
    except PayloadError as error:
        assert error.issues
    else:
        assert context.token_expiry is None or context.token_expiry.tzinfo is not None
