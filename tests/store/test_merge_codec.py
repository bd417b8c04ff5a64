"""Properties of the pure parts of the store: the stored JSON form and merging answers."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from orderguard.enums import (
    CancellationState,
    ExecutionState,
    PackageCancelReason,
    PackageState,
    RefundState,
    ReturnState,
)
from orderguard.statemachine import TABLES, OrderSnapshot
from orderguard.statemachine.records import PackageSnapshot, RefundSnapshot, ReturnSnapshot
from orderguard.store import CorruptRecordError
from orderguard.store._changes import changes_between
from orderguard.store._codec import decode, encode
from orderguard.store._merge import merge, reachable
from orderguard.store._render import order_json
from orderguard.testing.strategies import OrderHistory, order_histories

ids = st.text("abcXYZ-019é", min_size=1, max_size=6)
pairs = st.tuples(ids, ids)


def snapshots(unique: bool = False) -> st.SearchStrategy[OrderSnapshot]:
    """Any snapshot, reachable or not (``unique``: IDs and aliases not repeated, as the API has)."""
    key = (lambda item: item.id) if unique else None
    pair_key = (lambda pair: pair) if unique else None
    return st.builds(
        OrderSnapshot,
        id=ids,
        execution=st.sampled_from(ExecutionState),
        packages=st.lists(
            st.builds(
                PackageSnapshot,
                ids,
                st.sampled_from(PackageState),
                st.none() | st.sampled_from(PackageCancelReason),
            ),
            max_size=3,
            unique_by=key,
        ).map(tuple),
        cancellation=st.none() | st.sampled_from(CancellationState),
        refunds=st.lists(
            st.builds(
                RefundSnapshot,
                ids,
                st.sampled_from(RefundState),
                st.lists(pairs, max_size=2, unique_by=pair_key).map(tuple),
                st.booleans(),
            ),
            max_size=3,
            unique_by=key,
        ).map(tuple),
        aliases=st.lists(pairs, max_size=3, unique_by=pair_key).map(tuple),
        order_links=st.lists(ids, max_size=2, unique_by=pair_key).map(tuple),
        reported_summary=st.none() | st.sampled_from(PackageState),
        returns=st.lists(
            st.builds(ReturnSnapshot, ids, st.sampled_from(ReturnState)), max_size=2
        ).map(tuple),
    )


@given(snapshots())
def test_stored_form_reads_back_equal(snapshot: OrderSnapshot) -> None:
    """Every snapshot survives the stored JSON form unchanged (nothing an event set is lost)."""
    assert decode(snapshot.id, encode(snapshot)) == snapshot


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{not json", "not JSON"),
        ('{"id": "O-1"}', "'execution' is missing"),
        (encode(OrderSnapshot("O-1")).replace("NOT_STARTED", "HALF_STARTED"), "HALF_STARTED"),
        (encode(OrderSnapshot("O-2")), "holds order 'O-2'"),
    ],
)
def test_unreadable_stored_form_is_a_corrupt_record(text: str, problem: str) -> None:
    """A stored row that does not read back is CorruptRecordError naming the order and why."""
    with pytest.raises(CorruptRecordError, match=problem) as raised:
        decode("O-1", text)
    assert raised.value.key == "O-1" and raised.value.table == "orders"


def _states(snapshot: OrderSnapshot) -> dict[str, tuple[object, object]]:
    """Each state of the snapshot by component, with the table that orders it."""
    states: dict[str, tuple[object, object]] = {
        "execution": (TABLES.execution, snapshot.execution),
        "cancellation": (TABLES.cancellation, snapshot.cancellation),
    }
    states |= {f"p {p.id}": (TABLES.package, p.state) for p in snapshot.packages}
    return states | {f"r {r.id}": (TABLES.refund, r.state) for r in snapshot.refunds}


def _prefix(history: OrderHistory, steps: int) -> OrderHistory:
    earlier = OrderHistory.begin(history.create, history.api_version)
    for step in history.steps[:steps]:
        earlier = earlier.then(step)
    return earlier


@given(snapshots(unique=True), snapshots(unique=True))
def test_merge_never_moves_a_state_back_and_drops_nothing(
    stored: OrderSnapshot, fresh: OrderSnapshot
) -> None:
    """Merged states are the stored ones or ahead of them; every package and refund stays."""
    fresh = attrs.evolve(fresh, id=stored.id)
    merged = merge(stored, fresh)
    before, after = _states(stored), _states(merged)
    for what, (table, state) in before.items():
        if state is not None:
            assert reachable(table, str(state), str(after[what][1])), what
    assert {p.id for p in stored.packages + fresh.packages} == {p.id for p in merged.packages}
    assert {r.id for r in stored.refunds + fresh.refunds} == {r.id for r in merged.refunds}
    assert set(stored.aliases) | set(fresh.aliases) == set(merged.aliases)
    assert merge(merged, fresh) == merged and merge(stored, stored) == stored


@given(order_histories(max_steps=8), st.data())
def test_later_answer_wins_and_earlier_answer_changes_nothing(
    history: OrderHistory, data: st.DataObject
) -> None:
    """Answers from one order's life: a later one is taken whole, an earlier one ignored."""
    cut = data.draw(st.integers(0, len(history.steps)))
    earlier, later = _prefix(history, cut).snapshot, history.snapshot
    assert _states(merge(earlier, later)) == _states(later)
    kept, expected = _states(merge(later, earlier)), _states(later)
    cycle = {CancellationState.PENDING, CancellationState.REJECTED}
    if {later.cancellation, earlier.cancellation} <= cycle:
        # PENDING <-> REJECTED are both moves of the table (a new request, a refusal): the one
        # cycle, where reachability cannot tell an older answer from a newer one.
        del kept["cancellation"], expected["cancellation"]
    assert kept == expected


def test_order_json_uses_2024_11_01_names_and_the_version() -> None:
    """orders show's shape: the order query's 2024-11-01 names plus "version"."""
    snapshot = OrderSnapshot(
        "O-1",
        execution=ExecutionState.STARTED,
        packages=(PackageSnapshot("P1", PackageState.IN_TRANSIT),),
        cancellation=CancellationState.REJECTED,
        refunds=(RefundSnapshot("R1", RefundState.PARTIAL, (("EXTERNAL_REFUND_ID", "x"),)),),
        aliases=(("EXTERNAL_ID", "oms-1"),),
        order_links=("https://shop.example/o/1",),
    )
    shown = order_json(snapshot, 4)
    assert shown["metadata"] == {"executionState": "STARTED"} and shown["version"] == 4
    assert shown["packageInformation"] == {
        "summary": {"state": "IN_TRANSIT"},
        "details": [{"id": "P1", "state": "IN_TRANSIT", "reason": None}],
    }
    assert shown["cancellations"] == {"details": [{"state": "REJECTED"}]}
    assert shown["refunds"]["details"][0]["aliases"] == [
        {"aliasType": "EXTERNAL_REFUND_ID", "aliasId": "x"}
    ]
    assert shown["aliases"] == [{"aliasType": "EXTERNAL_ID", "aliasId": "oms-1"}]
    assert shown["orderLinks"] == [{"url": "https://shop.example/o/1"}]
    assert OrderSnapshot.from_json({k: v for k, v in shown.items() if k != "orderLinks"}) == (
        attrs.evolve(snapshot, order_links=())
    )


def _all_facts(snapshot: OrderSnapshot | None) -> dict[str, str]:
    """The naive flattening: every fact of the snapshot, read field by field."""
    if snapshot is None:
        return {}
    facts = {"execution": snapshot.execution.value}
    if snapshot.cancellation is not None:
        facts["cancellation"] = snapshot.cancellation.value
    if snapshot.reported_summary is not None:
        facts["summary"] = snapshot.reported_summary.value
    for p in snapshot.packages:
        facts[f"package {p.id}"] = p.state.value + (f" ({p.reason.value})" if p.reason else "")
    facts |= {f"refund {r.id}": r.state.value for r in snapshot.refunds}
    facts |= {f"return {r.id}": r.state.value for r in snapshot.returns}
    facts |= {f"alias {k}/{v}": "set" for k, v in snapshot.aliases}
    return facts | {f"order link {u}": "set" for u in snapshot.order_links}


@given(st.none() | snapshots(unique=True), snapshots(unique=True), st.booleans())
def test_history_changes_are_exactly_what_differs(
    before: OrderSnapshot | None, after: OrderSnapshot, share: bool
) -> None:
    """The history's changes list each fact that differs, from -> to, and nothing else."""
    if before is not None and share:  # fields kept by identity, as apply_event keeps them
        after = attrs.evolve(before, packages=after.packages, refunds=after.refunds)
    old, new = _all_facts(before), _all_facts(after)
    expected = {
        (w, old.get(w), new.get(w)) for w in old.keys() | new.keys() if old.get(w) != new.get(w)
    }
    assert {(c.what, c.before, c.after) for c in changes_between(before, after)} == expected
