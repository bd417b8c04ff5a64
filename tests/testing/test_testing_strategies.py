"""orderguard.testing.strategies: valid requests pass the guard, broken ones break one rule each."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orderguard import Guard
from orderguard.enums import ApiVersion, Operation, PackageState
from orderguard.errors import CATALOG
from orderguard.samples import create_variables as sample_create
from orderguard.statemachine import OrderSnapshot, OrderTracker, overview
from orderguard.testing.strategies import (
    BREAKABLE,
    Action,
    BrokenRequest,
    OrderHistory,
    Step,
    breakable,
    broken_requests,
    cancel_variables_for,
    create_context,
    create_variables,
    event_sequences,
    order_histories,
    order_snapshots,
    update_variables_for,
)

VERSIONS = list(ApiVersion)


def violations(case: BrokenRequest) -> set[tuple[str, str]]:
    """(name, path) of each violation the guard finds in the case's request."""
    guard = Guard(case.api_version)
    decision = guard.check(case.operation, case.variables, case.snapshot, case.context)
    return {(violation.spec.name, violation.path) for violation in decision.violations}


@pytest.mark.parametrize("version", VERSIONS)
@given(data=st.data())
def test_created_orders_pass_with_their_context(version: ApiVersion, data: st.DataObject) -> None:
    """create_variables() requests pass every rule, alone and with create_context()."""
    variables = data.draw(create_variables(version))
    units = sum(
        line["amount"]["value"]
        for line in variables["input"]["lineItems"]
        if line["selectedDeliveryOffer"].get("details", {}).get("id")
    )
    assert 1 <= units <= 20
    assert Guard(version).check_create(variables).allowed
    assert Guard(version).check_create(variables, create_context(variables)).allowed


@pytest.mark.parametrize("version", VERSIONS)
@given(data=st.data())
def test_updates_and_cancels_for_a_snapshot_pass(version: ApiVersion, data: st.DataObject) -> None:
    """update_variables_for() passes for its snapshot; so does cancel_variables_for() if allowed."""
    snapshot = data.draw(order_snapshots(version))
    guard = Guard(version)
    assert guard.check_update(data.draw(update_variables_for(snapshot, version)), snapshot).allowed
    if snapshot.cancel_error is None:
        cancel = data.draw(cancel_variables_for(snapshot, version))
        assert guard.check_cancel(cancel, snapshot).allowed
    else:
        with pytest.raises(ValueError, match="cannot be cancelled"):
            cancel_variables_for(snapshot, version)


@given(order_histories(ApiVersion.V2024_11_01))
def test_history_snapshots_are_reachable_in_the_overview(history: OrderHistory) -> None:
    """Each snapshot, seen as the overview's combined state, is one the tables can reach."""
    snapshot = history.snapshot
    delivery = snapshot.delivery_summary
    states = {(s.execution, s.delivery, s.cancellation) for s in overview().states}
    if all(p.state is snapshot.packages[0].state for p in snapshot.packages):
        assert (snapshot.execution, delivery, snapshot.cancellation) in states


@pytest.mark.parametrize("version", VERSIONS)
@given(data=st.data())
def test_event_sequences_replay_to_the_history(version: ApiVersion, data: st.DataObject) -> None:
    """A history's events bring the new order to its packages (split-off ones once they move)."""
    history = data.draw(order_histories(version))
    start = OrderHistory.begin(history.create, version).snapshot
    tracker = OrderTracker()
    tracker.track(start)
    for event in history.events:
        tracker.apply(event)
    tracked, expected = tracker[history.order_id], history.snapshot
    known = {p.id: p.state for p in tracked.packages}
    for package in expected.packages:
        assert known.get(package.id, PackageState.PENDING) is package.state
    assert [r.id for r in tracked.refunds] == [r.id for r in expected.refunds]


@given(event_sequences())
def test_event_sequences_are_webhook_envelopes(events: tuple[dict[str, object], ...]) -> None:
    """Every generated event is a webhook envelope with a unique idempotency key."""
    keys = [event["idempotencyKey"] for event in events]
    assert len(set(keys)) == len(keys)
    assert all({"eventDescriptor", "resources", "data"} <= event.keys() for event in events)


@given(broken_requests())
def test_broken_requests_break_exactly_their_rule(case: BrokenRequest) -> None:
    """The guard finds the case's code at its path, and no other code."""
    found = violations(case)
    assert (case.code, case.path) in found
    assert {name for name, _ in found} == {case.code}


def test_every_locally_detectable_code_can_be_broken() -> None:
    """BREAKABLE holds every validation and schema error of the three mutations."""
    mutations = {Operation.CREATE_ORDER, Operation.UPDATE_ORDER, Operation.CANCEL_ORDER}
    local = {
        (spec.operation, spec.name)
        for spec in CATALOG.specs()
        if spec.operation in mutations and spec.locally_detectable
    }
    assert local == BREAKABLE


def test_a_version_breaks_only_the_rules_its_dialect_has() -> None:
    """breakable(version) leaves out what the version lacks (refund request reasons, 2024-04-01)."""
    reason = (Operation.UPDATE_ORDER, "InvalidRefundRequestReasonUpdate")
    assert reason in breakable(ApiVersion.V2024_11_01)
    assert reason not in breakable(ApiVersion.V2024_04_01)
    assert breakable(ApiVersion.V2024_11_01) == BREAKABLE


@given(broken_requests(codes=["SchemaError"], operations=["cancelOrder"]))
def test_operations_narrow_the_strategy(case: BrokenRequest) -> None:
    """broken_requests(operations=...) draws only requests of those mutations."""
    assert case.operation is Operation.CANCEL_ORDER and case.code == "SchemaError"


def test_a_code_the_version_lacks_is_refused() -> None:
    """Asking a version for a code it has no rule for raises ValueError pointing to breakable."""
    with pytest.raises(ValueError, match="breakable"):
        broken_requests(ApiVersion.V2024_04_01, codes=["InvalidRefundRequestReasonUpdate"])


@given(broken_requests(ApiVersion.V2024_04_01, codes=["InvalidRefundStateTransition"]))
def test_codes_and_version_narrow_the_strategy(case: BrokenRequest) -> None:
    """broken_requests(version, codes) draws only those codes in that version."""
    assert case.api_version is ApiVersion.V2024_04_01
    assert case.code == "InvalidRefundStateTransition" and isinstance(case.snapshot, OrderSnapshot)


def test_an_unknown_code_names_the_known_ones() -> None:
    """Asking for a code no strategy breaks raises ValueError listing the codes there are."""
    with pytest.raises(ValueError, match=r"no broken requests for \['Nope'\].*ShopperNotPrime"):
        broken_requests(codes=["Nope"])


def test_a_step_the_tables_refuse_is_refused() -> None:
    """OrderHistory.then() raises ValueError for a move the tables do not allow."""
    history = OrderHistory.begin(sample_create(), "2024-11-01")
    with pytest.raises(ValueError, match="held"):
        history.then(Step(Action.SHIP, 0))
