"""Tests of the conditions the couplings are written in: truth, composition and reprs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orderguard.enums import CancellationState, ExecutionState, PackageState
from orderguard.statemachine._conditions import (
    any_package_in,
    cancellation_in,
    delivery_in,
    every_package_in,
    execution_in,
)
from orderguard.statemachine.couplings import Condition, OrderView
from orderguard.statemachine.records import NoRequest

E, P, C = ExecutionState, PackageState, CancellationState

VIEWS = st.builds(
    OrderView,
    st.none() | st.sampled_from(ExecutionState),
    st.lists(st.sampled_from(PackageState), max_size=4).map(tuple),
    st.none() | st.sampled_from([*CancellationState, NoRequest.NONE]),
)
CONDITIONS = st.sampled_from(
    [
        execution_in(E.STARTED),
        delivery_in(P.IN_TRANSIT, P.DELIVERED),
        cancellation_in(C.PENDING),
        cancellation_in(NoRequest.NONE),
        every_package_in(P.PENDING),
        any_package_in(P.CANCELLED),
    ]
)


def test_each_condition_reads_its_part_of_the_order() -> None:
    """execution_in, delivery_in, cancellation_in and the package quantifiers ask what they say."""
    view = OrderView(E.STARTED, (P.PENDING, P.IN_TRANSIT), C.REJECTED)
    assert execution_in(E.STARTED)(view) and not execution_in(E.NOT_STARTED)(view)
    assert delivery_in(P.PENDING)(view)  # the roll-up: a package is still pending
    assert cancellation_in(C.REJECTED)(view) and not cancellation_in(C.PENDING)(view)
    assert any_package_in(P.IN_TRANSIT)(view) and not every_package_in(P.PENDING)(view)


def test_an_order_with_no_package_known() -> None:
    """Without packages: no delivery state, every-package holds vacuously, any-package does not."""
    view = OrderView(E.NOT_STARTED)
    assert view.delivery is None
    assert not delivery_in(*PackageState)(view)
    assert every_package_in(P.PENDING)(view) and not any_package_in(*PackageState)(view)


def test_no_request_reads_as_none() -> None:
    """A view built with cancellation None holds NoRequest.NONE."""
    assert OrderView().cancellation is NoRequest.NONE
    assert cancellation_in(NoRequest.NONE)(OrderView(cancellation=None))


@given(CONDITIONS, CONDITIONS, VIEWS)
def test_operators_compose_like_booleans(a: Condition, b: Condition, view: OrderView) -> None:
    """a & b, a | b and ~a hold exactly when and, or and not of the parts do."""
    assert (a & b)(view) == (a(view) and b(view))
    assert (a | b)(view) == (a(view) or b(view))
    assert (~a)(view) == (not a(view))


@pytest.mark.parametrize(
    ("condition", "text"),
    [
        (delivery_in(P.IN_TRANSIT, P.DELIVERED), "delivery_in(IN_TRANSIT, DELIVERED)"),
        (~every_package_in(P.PENDING), "not every_package_in(PENDING)"),
        (
            execution_in(E.STARTED) & ~cancellation_in(C.PENDING) & any_package_in(P.PENDING),
            "execution_in(STARTED) and not cancellation_in(PENDING) and any_package_in(PENDING)",
        ),
        (
            ~(delivery_in(P.CANCELLED) | cancellation_in(C.SUCCESS)),
            "not (delivery_in(CANCELLED) or cancellation_in(SUCCESS))",
        ),
    ],
)
def test_reprs_read_like_the_expression(condition: Condition, text: str) -> None:
    """A condition's repr is the expression that builds it (drawn in diagrams as [repr])."""
    assert repr(condition) == text


def test_conditions_are_frozen_values() -> None:
    """Equal conditions are equal and hash alike, so tables holding them can be cached."""
    assert delivery_in(P.CANCELLED) == delivery_in(P.CANCELLED)
    assert hash(~every_package_in(P.PENDING)) == hash(~every_package_in(P.PENDING))
