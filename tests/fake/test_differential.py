"""The guard and the fake agree: a request passes the guard exactly when the fake accepts it.

The fake (``FakeOrderApi``) is written from the API's documentation without the guard's rules,
so every disagreement is a bug in one of them. The fake is first driven into the order's state
(its createOrder, then the same merchant and Amazon steps), then both judge the same request.
Errors the guard cannot see coming are left out on both sides: faults and access denial (none
injected), inventory (the fake holds none), and the codes only the merchant's context reveals,
which the fake does not model (``CONTEXT_ONLY``); ShopperNotPrime is compared by giving the fake
the shopper's Prime status from the context.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orderguard import Decision, Guard
from orderguard.api import dialect_for
from orderguard.enums import ApiVersion, Operation
from orderguard.fake import FakeOrderApi
from orderguard.samples import update_variables
from orderguard.statemachine import OrderSnapshot, merchant_actions
from orderguard.statemachine.records import MerchantAction
from orderguard.testing.strategies import (
    Action,
    BrokenRequest,
    OrderHistory,
    Step,
    broken_requests,
    create_context,
    create_variables,
    order_histories,
    update_variables_for,
)
from tests.helpers.differential import CONTEXT_ONLY, assert_agree, fake_for, translate
from tests.helpers.misfits import misfits

JSON = dict[str, Any]
VERSIONS = list(ApiVersion)


def judge(case: BrokenRequest) -> tuple[Decision, JSON]:
    """The guard's decision and the fake's response, the fake first put in the order's state."""
    fake = fake_for(case.api_version, case.context)
    ids = case.history.replay(fake) if case.history else {}
    guard = Guard(case.api_version, disabled=CONTEXT_ONLY)
    decision = guard.check(case.operation, case.variables, case.snapshot, case.context)
    response = fake.execute(case.operation.value, translate(case.variables, ids))
    return decision, response


@given(broken_requests())
def test_broken_requests_are_refused_by_both(case: BrokenRequest) -> None:
    """A request breaking one rule is refused by the guard and the fake with the same error."""
    decision, response = judge(case)
    assert_agree(case.operation, decision, response)
    if case.code not in CONTEXT_ONLY:
        assert not decision.allowed


@pytest.mark.parametrize("version", VERSIONS)
@given(data=st.data())
def test_valid_creates_are_accepted_by_both(version: ApiVersion, data: st.DataObject) -> None:
    """A createOrder written in its context passes the guard and creates an order in the fake."""
    variables = data.draw(create_variables(version))
    context = create_context(variables)
    decision = Guard(version).check_create(variables, context)
    assert_agree(
        Operation.CREATE_ORDER,
        decision,
        fake_for(version, context).execute("createOrder", variables),
    )
    assert decision.allowed


def shape(snapshot: OrderSnapshot) -> tuple[object, ...]:
    """A snapshot without its IDs: what the tables and the fake must agree on."""
    return (
        snapshot.execution,
        [(p.state, p.reason) for p in snapshot.packages],
        snapshot.cancellation,
        [(r.state, r.aliases) for r in snapshot.refunds],
        snapshot.aliases,
        len(snapshot.order_links),
    )


def replayed(history: OrderHistory) -> tuple[FakeOrderApi, dict[str, str]]:
    """A fake driven through ``history``, and the fake's ID for each placeholder."""
    fake = FakeOrderApi(api_version=history.api_version.value)
    return fake, history.replay(fake)


@pytest.mark.parametrize("version", VERSIONS)
@given(data=st.data())
def test_the_fake_follows_the_tables(version: ApiVersion, data: st.DataObject) -> None:
    """Every history the tables allow replays on the fake to the order the tables predict."""
    history = data.draw(order_histories(version))
    fake, ids = replayed(history)
    held = OrderSnapshot.from_json(fake.peek(ids[history.order_id]), version)
    assert shape(held) == shape(history.snapshot)


@pytest.mark.parametrize("version", VERSIONS)
@given(data=st.data())
def test_valid_updates_are_accepted_by_both(version: ApiVersion, data: st.DataObject) -> None:
    """An update written for the order's state passes the guard and the fake."""
    history = data.draw(order_histories(version))
    variables = data.draw(update_variables_for(history.snapshot, version))
    fake, ids = replayed(history)
    decision = Guard(version).check_update(variables, history.snapshot)
    response = fake.execute("updateOrder", translate(variables, ids))
    assert_agree(Operation.UPDATE_ORDER, decision, response)


def _action_request(
    snapshot: OrderSnapshot, action: Any, version: ApiVersion
) -> tuple[Operation, JSON]:
    if action.action is MerchantAction.CANCEL:
        identifier = {"orderId": snapshot.id}
        if dialect_for(version).identifier_argument:
            return Operation.CANCEL_ORDER, {"orderIdentifier": identifier}
        return Operation.CANCEL_ORDER, {"input": {"orderIdentifier": identifier}}
    if action.action is MerchantAction.START:
        data: JSON = {"desiredExecutionState": "STARTED"}
    else:
        total = {"totalAmount": {"amount": "2.00", "currencyCode": "USD"}}
        detail = {"id": action.refund_id, "refundTotal": total, "state": action.target.value}
        data = {"refunds": {"details": [detail]}}
    return Operation.UPDATE_ORDER, update_variables(snapshot.id, data, version)


@pytest.mark.parametrize("version", VERSIONS)
@given(data=st.data())
def test_every_merchant_action_is_judged_alike(version: ApiVersion, data: st.DataObject) -> None:
    """Start, cancel or move a refund, allowed or not: the guard and the fake agree."""
    history = data.draw(order_histories(version))
    snapshot = history.snapshot
    actions = merchant_actions(snapshot, version)
    kind = data.draw(st.sampled_from(sorted({check.action for check in actions})))
    action = data.draw(st.sampled_from([check for check in actions if check.action is kind]))
    operation, variables = _action_request(snapshot, action, version)
    fake, ids = replayed(history)
    decision = Guard(version).check(operation, variables, snapshot)
    assert decision.allowed == action.allowed
    response = fake.execute(operation.value, translate(variables, ids))
    assert_agree(operation, decision, response)


@given(
    history=order_histories(ApiVersion.V2024_04_01),
    reason=st.sampled_from(["OTHERS", "ITEM_MISSING"]),
)
def test_request_reasons_on_2024_04_01_are_judged_alike(history: OrderHistory, reason: str) -> None:
    """A refundRequestReason on 2024-04-01, whose table has no code for it: both let it pass."""
    history = history.then(Step(Action.REQUEST_REFUND))
    refund = history.snapshot.refunds[-1]
    total = {"totalAmount": {"amount": "3.00", "currencyCode": "USD"}}
    detail = {"id": refund.id, "refundTotal": total, "refundRequestReason": reason}
    variables = update_variables(
        history.order_id, {"refunds": {"details": [detail]}}, history.api_version
    )
    fake, ids = replayed(history)
    decision = Guard(history.api_version).check_update(variables, history.snapshot)
    response = fake.execute("updateOrder", translate(variables, ids))
    assert_agree(Operation.UPDATE_ORDER, decision, response)


@pytest.mark.parametrize("version", VERSIONS)
@given(data=st.data())
def test_a_misfit_is_refused_by_both_at_its_path(version: ApiVersion, data: st.DataObject) -> None:
    """A valid request with a field renamed, added or retyped: both refuse it at that path."""
    case = data.draw(misfits(version))
    decision = Guard(version).check(case.operation, case.variables)
    response = FakeOrderApi(api_version=version.value).execute(case.operation.value, case.variables)
    schema_paths = {v.path for v in decision.violations if v.error_type == "SchemaError"}
    assert case.path in schema_paths, (case.how, decision.violations)
    assert_agree(case.operation, decision, response)


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 30)
    | st.floats(allow_nan=False)
    | st.text(max_size=6),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)


def _graft(variables: JSON, choice: int, value: Any) -> JSON:
    """``variables`` with one of its values (the ``choice``-th met) replaced by ``value``."""
    grafted = copy.deepcopy(variables)
    spots: list[tuple[Any, Any]] = []

    def walk(node: Any) -> None:
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, item in list(items):
            spots.append((node, key))
            if isinstance(item, dict | list):
                walk(item)

    walk(grafted)
    holder, key = spots[choice % len(spots)]
    holder[key] = value
    return grafted


@pytest.mark.parametrize("version", VERSIONS)
@given(data=st.data())
def test_any_json_grafted_into_a_request_is_judged_alike(
    version: ApiVersion, data: st.DataObject
) -> None:
    """A valid createOrder with any JSON value put anywhere: never a crash, guard and fake agree."""
    variables = data.draw(create_variables(version))
    grafted = _graft(variables, data.draw(st.integers(0, 10_000)), data.draw(JSON_VALUES))
    decision = Guard(version, disabled=CONTEXT_ONLY).check_create(grafted)
    response = FakeOrderApi(api_version=version.value).execute("createOrder", grafted)
    assert_agree(Operation.CREATE_ORDER, decision, response)
