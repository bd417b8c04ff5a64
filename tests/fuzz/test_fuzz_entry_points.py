"""Arbitrary JSON into every public entry point that reads untrusted input: only typed errors.

Each entry point may raise exactly the documented ``orderguard.errors`` types listed beside it
(``ALLOWED``); anything else escaping (a ``KeyError``, a ``RecursionError``, pydantic's own
``ValidationError``, a ``decimal`` signal) fails the test.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orderguard import Guard
from orderguard.api import dialect_for, parse_order, parse_variables, read_variables
from orderguard.api.schema import MAX_DEPTH
from orderguard.enums import ApiVersion, Operation
from orderguard.errors import PayloadError, RequestRejectedError
from orderguard.errors.exceptions import MalformedEventError
from orderguard.fake import FakeOrderApi
from orderguard.policies import Context
from orderguard.samples import create_variables, order_json
from orderguard.statemachine import OrderSnapshot, apply_event, parse_event
from tests.fuzz.payloads import JSON, json_objects, json_values

VERSIONS = st.sampled_from(list(ApiVersion))
MUTATIONS = st.sampled_from(["createOrder", "updateOrder", "cancelOrder"])
CONTEXTS = st.none() | json_objects
FUZZ = settings(max_examples=150, deadline=None)
"""Bounded: the whole fuzz folder stays within seconds under ``HYPOTHESIS_PROFILE=ci``."""


def raises_only(allowed: tuple[type[Exception], ...], call: Callable[[], Any]) -> None:
    """Run ``call``; any exception but one of ``allowed`` escapes and fails the test."""
    with contextlib.suppress(allowed):
        call()


ALLOWED: dict[str, tuple[type[Exception], ...]] = {
    "Guard.check_*": (PayloadError,),
    "Guard.enforce_*": (PayloadError, RequestRejectedError),
    "Context.from_json": (PayloadError,),
    "parse_variables": (PayloadError,),
    "read_variables": (),
    "parse_order / OrderSnapshot.from_json": (PayloadError,),
    "parse_event / apply_event": (MalformedEventError,),
    "FakeOrderApi.execute": (),
}
"""What each entry point may raise for bad input (``OrderMismatchError`` is a PayloadError)."""


@FUZZ
@given(version=VERSIONS, variables=json_values, context=CONTEXTS)
def test_check_create_takes_any_json(version: ApiVersion, variables: Any, context: Any) -> None:
    guard = Guard(version)
    raises_only(ALLOWED["Guard.check_*"], lambda: guard.check_create(variables, context))
    raises_only(ALLOWED["Guard.enforce_*"], lambda: guard.enforce_create(variables, context))


@FUZZ
@given(
    version=VERSIONS,
    operation=st.sampled_from(["update", "cancel"]),
    variables=json_values,
    snapshot=st.none() | json_objects | st.just("sample"),
    context=CONTEXTS,
)
def test_check_update_and_cancel_take_any_json(
    version: ApiVersion, operation: str, variables: Any, snapshot: Any, context: Any
) -> None:
    guard = Guard(version)
    order = order_json(version=version) if snapshot == "sample" else snapshot
    check = getattr(guard, f"check_{operation}")
    enforce = getattr(guard, f"enforce_{operation}")
    raises_only(ALLOWED["Guard.check_*"], lambda: check(variables, order, context))
    raises_only(ALLOWED["Guard.enforce_*"], lambda: enforce(variables, order, context))


@FUZZ
@given(data=json_values)
def test_context_from_json_takes_any_json(data: Any) -> None:
    raises_only(ALLOWED["Context.from_json"], lambda: Context.from_json(data))


@FUZZ
@given(version=VERSIONS, operation=MUTATIONS, data=json_values)
def test_the_request_readers_take_any_json(version: ApiVersion, operation: str, data: Any) -> None:
    op = Operation(operation)
    raises_only(ALLOWED["parse_variables"], lambda: parse_variables(op, data, version))
    read = read_variables(op, data, dialect_for(version))
    assert read.issues or read.variables is not None


@FUZZ
@given(version=VERSIONS, data=json_values, enveloped=st.booleans())
def test_the_order_readers_take_any_json(version: ApiVersion, data: Any, enveloped: bool) -> None:
    payload = {"data": {"order": data}} if enveloped else data
    allowed = ALLOWED["parse_order / OrderSnapshot.from_json"]
    raises_only(allowed, lambda: parse_order(payload, version))
    raises_only(allowed, lambda: OrderSnapshot.from_json(payload, version))


@FUZZ
@given(event=json_values)
def test_the_event_readers_take_any_json(event: Any) -> None:
    snapshot = OrderSnapshot.from_json(order_json())
    allowed = ALLOWED["parse_event / apply_event"]
    raises_only(allowed, lambda: parse_event(event))
    if isinstance(event, dict):
        raises_only(allowed, lambda: apply_event(snapshot, event))


@FUZZ
@given(
    version=VERSIONS,
    operation=st.sampled_from(["createOrder", "updateOrder", "cancelOrder", "order"]),
    variables=json_objects,
)
def test_the_fake_answers_any_json(version: ApiVersion, operation: str, variables: Any) -> None:
    """The fake (and so the emulator) answers every request: data or the API's errors."""
    fake = FakeOrderApi(api_version=version.value)
    response = fake.execute(operation, variables)
    assert ("errors" in response) != ("data" in response and response["data"] is not None)


@pytest.mark.parametrize("version", list(ApiVersion))
def test_the_allowed_table_names_only_typed_errors(version: ApiVersion) -> None:
    """The table above lists orderguard's own exception types only."""
    from orderguard.errors import OrderGuardError

    for allowed in ALLOWED.values():
        assert all(issubclass(kind, OrderGuardError) for kind in allowed)


def _nested(levels: int) -> JSON:
    value: JSON = {}
    for _ in range(levels):
        value = {"a": value}
    return value


@pytest.mark.parametrize("levels", [33, 5000])
def test_open_json_nested_beyond_the_bound_is_refused_by_guard_and_fake(levels: int) -> None:
    """Found by this suite: discounts nested 5,000 deep passed the guard and crashed the fake."""
    variables = create_variables()
    variables["input"]["discounts"] = _nested(levels)
    (violation,) = Guard().check_create(variables).violations
    assert (violation.path, violation.error_type) == ("input.discounts", "SchemaError")
    assert f"nests deeper than {MAX_DEPTH} levels" in violation.message
    (error,) = FakeOrderApi().execute("createOrder", variables)["errors"]
    assert error["extensions"]["field"] == "input.discounts"
    variables["input"]["discounts"] = _nested(MAX_DEPTH - 1)
    assert Guard().check_create(variables).allowed
