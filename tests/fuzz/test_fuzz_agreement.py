"""Valid payloads broken once: never an untyped error, and the guard and the fake agree.

A createOrder from the testing strategies, or an updateOrder / cancelOrder of an order the fake
holds (judged by the guard against that order's snapshot, so both know the same state), has one
field deleted, retyped or duplicated; the guard allows it exactly when the fake accepts it, and
refuses it for the same reason (a schema misfit at the fake's path, or the fake's code).

Where they may legitimately differ, the comparison is constrained:

- the guard refuses an update or cancel whose identifier no longer names the snapshot's order
  (``OrderMismatchError``): it has no state of that order; the fake then finds no such order
  (or, for a duplicated identifier, refuses its shape);
- the fake answers the first problem it meets, the guard all of them: the fake's error must be
  among the guard's;
- an object lacking a required field is left out of the guard's reading whole, so a misfit of
  its other fields may go unreported there: the fake's misfit then lies in that object;
- on cancelOrder the fake's refusals are codeless ``ValidationError``s (the API names no codes),
  so any of the guard's cancel refusals matches one.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from orderguard import Decision, Guard
from orderguard.enums import ApiVersion, Operation
from orderguard.errors.exceptions import OrderMismatchError
from orderguard.testing.strategies import create_variables
from tests.fuzz.payloads import JSON, broken
from tests.helpers.differential import CONTEXT_ONLY, assert_agree, fake_error
from tests.helpers.fidelity import Scene

VERSIONS = st.sampled_from(list(ApiVersion))
FUZZ = settings(max_examples=100, deadline=None)


def _explains(decision: Decision, field: str) -> bool:
    """Whether a guard's schema violation is at ``field``, or is a missing field beside it."""
    for violation in decision.violations:
        if violation.error_type != "SchemaError":
            continue
        holder = violation.path.rpartition(".")[0]
        beside = violation.found == "missing" and field.startswith(f"{holder}.")
        if violation.path == field or beside:
            return True
    return False


@FUZZ
@given(data=st.data(), version=VERSIONS)
def test_a_broken_create_is_judged_alike(data: st.DataObject, version: ApiVersion) -> None:
    variables = data.draw(broken(data.draw(create_variables(version))))
    decision = Guard(version, disabled=CONTEXT_ONLY).check_create(variables)
    scene = Scene(version)
    response = scene.fake.execute("createOrder", variables)
    assert_agree(Operation.CREATE_ORDER, decision, response, _explains)


def _update_of(scene: Scene, order_id: str, refund_id: str) -> JSON:
    refund = {
        "id": refund_id,
        "refundTotal": {"totalAmount": {"amount": "4.00", "currencyCode": "USD"}},
        "state": "PARTIAL",
        "aliases": [{"aliasType": "EXTERNAL_REFUND_ID", "aliasId": "oms-refund-1"}],
    }
    variables: JSON = scene.update(
        order_id,
        {
            "desiredExecutionState": "STARTED",
            "aliases": [{"aliasType": "OMS_ORDER_ID", "aliasId": "oms-1"}],
            "orderLinks": [{"destinationType": "EXTERNAL_ORDER_TRACKING", "url": "https://t/1"}],
            "refunds": {"details": [refund]},
        },
    ).variables
    return variables


def _judge(
    scene: Scene, operation: Operation, variables: Any, order_id: str
) -> tuple[Decision | None, JSON]:
    snapshot = scene.fake.peek(order_id)
    response = scene.fake.execute(operation.value, variables)
    try:
        return Guard(scene.version).check(operation, variables, snapshot), response
    except OrderMismatchError:
        return None, response


@FUZZ
@given(data=st.data(), version=VERSIONS, operation=st.sampled_from(["update", "cancel"]))
def test_a_broken_update_or_cancel_is_judged_alike(
    data: st.DataObject, version: ApiVersion, operation: str
) -> None:
    scene = Scene(version)
    order_id = scene.new_order()
    (refund_id,) = scene.refunds(order_id)
    if operation == "update":
        op, valid = Operation.UPDATE_ORDER, _update_of(scene, order_id, refund_id)
    else:
        input_ = {"reason": "OTHER", "aliases": [{"aliasType": "EXT_CANCEL_ID", "aliasId": "c1"}]}
        op, valid = Operation.CANCEL_ORDER, scene.cancel(order_id, input_).variables
    decision, response = _judge(scene, op, data.draw(broken(valid)), order_id)
    if decision is None:  # the identifier names another order: the fake knows none such
        name, _ = fake_error(response)
        assert name in {"ResourceNotFoundError", "SchemaError"}, response
        return
    assert_agree(op, decision, response, _explains)
