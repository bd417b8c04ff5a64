"""State-machine rows: the hot-path start check, event application, memory per tracked order.

Every snapshot is built from an ``order`` query's JSON (``samples.order_json`` through
``OrderSnapshot.from_json``); the memory rows build each of N orders from its own JSON, with its
own ID and its own packages, and keep only what the tracker keeps.
"""

from __future__ import annotations

import functools
from typing import Any

from transitions import Machine as TransitionsMachine

from benchmarks._harness import (
    Budget,
    Row,
    call_probe,
    calls_per_round,
    memory_probe,
    paired_row,
    statement_probe,
)
from orderguard import samples
from orderguard.enums import ExecutionState, PackageState
from orderguard.statemachine import TABLES, OrderSnapshot, OrderTracker, apply_event, parse_event

TOPIC = "statemachine"
PACKAGES = ("PENDING", "PENDING")
"""Each tracked order's packages (two, as a typical multi-parcel order)."""
MILLION = 1_000_000


class BarePackage:
    """The memory floor of one package: a bare slotted record with PackageSnapshot's fields."""

    __slots__ = ("id", "reason", "state")

    def __init__(self, package_id: str, state: PackageState) -> None:
        self.id, self.state, self.reason = package_id, state, None


class BareOrder:
    """The floors: a bare slotted record with OrderSnapshot's own fields, filled from the JSON."""

    __slots__ = (
        "aliases",
        "cancellation",
        "delivery_summary",
        "execution",
        "id",
        "may_start",
        "order_links",
        "packages",
        "refunds",
        "reported_summary",
        "returns",
    )

    def __init__(self, order: dict[str, Any]) -> None:
        details = order["packageInformation"]["details"]
        self.id = order["id"]
        self.execution = ExecutionState(order["metadata"]["executionState"])
        self.packages = tuple(BarePackage(p["id"], PackageState(p["state"])) for p in details)
        self.aliases = tuple((a["aliasType"], a["aliasId"]) for a in order["aliases"])
        self.order_links = tuple(link["url"] for link in order["orderLinks"])
        self.cancellation = self.reported_summary = None
        self.refunds = self.returns = ()
        self.delivery_summary = self.packages[0].state if self.packages else None
        self.may_start = True


def _order_json(number: int) -> dict[str, Any]:
    """The ``order`` query response of order ``number``: its own ID and packages."""
    return samples.order_json(f"322-{number:07d}-{number % 9973:04d}", packages=PACKAGES)


def _tracked(count: int) -> OrderTracker:
    """``count`` orders, each from its own order query, held by an OrderTracker."""
    tracker = OrderTracker()
    for number in range(count):
        tracker.track(OrderSnapshot.from_json(_order_json(number)))
    return tracker


def _bare(count: int) -> dict[str, BareOrder]:
    """The same ``count`` orders as bare records in a dict by ID."""
    held = {}
    for number in range(count):
        record = BareOrder(_order_json(number)["data"]["order"])
        held[record.id] = record
    return held


def _start_rows(budget: Budget) -> list[Row]:
    snapshot = OrderSnapshot.from_json(_order_json(1))
    record = BareOrder(_order_json(1)["data"]["order"])
    env = {"snapshot": snapshot, "record": record}
    number = 10_000 if budget.quick else 100_000
    floor = statement_probe("record.may_start", env, number)
    floor_what = "attribute read on a slotted record"
    return [
        paired_row(
            TOPIC,
            "may this order start? snapshot.may_start",
            floor_what,
            (floor, statement_probe("snapshot.may_start", env, number)),
            unit="ns",
            rounds=budget.rounds,
            target=3,
        ),
        paired_row(
            TOPIC,
            "why not? snapshot.start_error (full decision)",
            floor_what,
            (floor, statement_probe("snapshot.start_error", env, number // 10)),
            unit="ns",
            rounds=budget.rounds,
        ),
    ]


def _event_rows(budget: Budget) -> list[Row]:
    snapshot = OrderSnapshot.from_json(_order_json(2))
    raw = {
        "idempotencyKey": "k-1",
        "eventDescriptor": "PACKAGE_DELIVERY_IN_TRANSIT",
        "resources": [f"businessProduct/b/order/{snapshot.id}/delivery/pkg-0"],
        "data": {"order": {"id": snapshot.id}},
    }
    parsed = parse_event(raw)

    def build() -> object:
        return OrderSnapshot(snapshot.id, packages=snapshot.packages)

    calls = calls_per_round(lambda: apply_event(snapshot, raw), budget)
    floor = call_probe(build, calls)
    rows = []
    for what, event in (("parsed", parsed), ("webhook JSON", raw)):
        subject = call_probe(functools.partial(apply_event, snapshot, event), calls)
        rows.append(
            paired_row(
                TOPIC,
                f"apply one event ({what})",
                "building one snapshot",
                (floor, subject),
                unit="us",
                rounds=budget.rounds,
            )
        )
    return rows


def _memory_rows(budget: Budget) -> list[Row]:
    count = budget.memory_orders
    row = paired_row(
        TOPIC,
        "memory per tracked order from an order query (OrderTracker)",
        "bare slotted record, same own fields, in a dict",
        (memory_probe(_bare, count), memory_probe(_tracked, count)),
        unit="B",
        rounds=budget.memory_rounds,
        target=2,
    )
    million = Row(
        TOPIC,
        f"memory for {MILLION:,} tracked orders",
        row.value * MILLION,
        "bare records",
        row.floor * MILLION,
        "MB",
        None,
        row.rounds,
    )
    return [row, million]


class _MachineOrder:
    """A model object ``transitions`` gives its state and trigger methods."""

    state = "NOT_STARTED"


def _machine_per_order() -> _MachineOrder:
    """The alternative orderguard does not take: one ``transitions`` Machine per order."""
    states = [s.value for s in TABLES.execution.states]
    moves = [[m.event.value, m.source.value, m.dest.value] for m in TABLES.execution.moves]
    order = _MachineOrder()
    TransitionsMachine(
        order, states=states, transitions=moves, initial="NOT_STARTED", auto_transitions=False
    )
    return order


def _machines(count: int) -> dict[int, _MachineOrder]:
    """``count`` orders, each with its own Machine, in a dict."""
    return {number: _machine_per_order() for number in range(count)}


def _transitions_rows(budget: Budget) -> list[Row]:
    env = {"order": _machine_per_order(), "record": BareOrder(_order_json(3)["data"]["order"])}
    number = 2_000 if budget.quick else 20_000
    count = max(200, budget.memory_orders // 25)
    return [
        paired_row(
            TOPIC,
            "reference: a transitions Machine per order, may_start()",
            "attribute read on a slotted record",
            (
                statement_probe("record.may_start", env, number * 10),
                statement_probe("order.may_start()", env, number, unroll=1),
            ),
            unit="ns",
            rounds=budget.rounds,
        ),
        paired_row(
            TOPIC,
            "reference: memory of a transitions Machine per order",
            "bare slotted record, same own fields, in a dict",
            (
                memory_probe(_bare, count),
                memory_probe(_machines, count),
            ),
            unit="B",
            rounds=budget.memory_rounds,
        ),
    ]


def rows(budget: Budget) -> list[Row]:
    """Every state-machine row, each beside its floor from the same run."""
    return [
        *_start_rows(budget),
        *_event_rows(budget),
        *_memory_rows(budget),
        *_transitions_rows(budget),
    ]
