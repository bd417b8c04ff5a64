"""State-machine benchmarks: the hot-path start check, event application, memory per order."""

from __future__ import annotations

from typing import Any

from transitions import Machine as TransitionsMachine

from benchmarks._harness import Row, bytes_per_object, ns_per_call, us_per_call
from orderguard import samples
from orderguard.statemachine import (
    TABLES,
    OrderSnapshot,
    PackageSnapshot,
    apply_event,
    parse_event,
)

ORDERS_IN_MEMORY = 1_000_000
TOPIC = "statemachine"


class BareRecord:
    """The floor for memory: a bare slotted record with the snapshot's fields."""

    __slots__ = (
        "aliases",
        "cancellation",
        "delivery_summary",
        "execution",
        "id",
        "order_links",
        "packages",
        "refunds",
        "reported_summary",
        "returns",
        "startable",
    )

    def __init__(self, order_id: str, packages: tuple[PackageSnapshot, ...]) -> None:
        self.id, self.packages = order_id, packages
        self.execution = self.cancellation = self.reported_summary = None
        self.refunds = self.aliases = self.order_links = self.returns = ()
        self.delivery_summary, self.startable = None, True


def _start_check_rows() -> list[Row]:
    snapshot = OrderSnapshot.from_json(samples.order_json(packages=("PENDING",)))
    table = {("NOT_STARTED", "PENDING", None): True}
    key = ("NOT_STARTED", "PENDING", None)
    floor = ns_per_call("table[key]", {"table": table, "key": key}, number=1_000_000)
    fast = ns_per_call("snapshot.may_start()", {"snapshot": snapshot}, number=1_000_000)
    full = ns_per_call("snapshot.start_error", {"snapshot": snapshot}, number=300_000)
    return [
        Row(
            TOPIC,
            "may this order start? snapshot.may_start()",
            fast,
            "ns",
            "raw dict lookup",
            floor,
            3,
        ),
        Row(
            TOPIC,
            "why not? snapshot.start_error (full decision)",
            full,
            "ns",
            "raw dict lookup",
            floor,
        ),
    ]


def _transitions_rows() -> list[Row]:
    states = [s.value for s in TABLES.execution.states]
    moves = [[m.event.value, m.source.value, m.dest.value] for m in TABLES.execution.moves]

    class Order:
        state = "NOT_STARTED"

    def per_order_machine() -> Any:
        order = Order()
        TransitionsMachine(
            order, states=states, transitions=moves, initial="NOT_STARTED", auto_transitions=False
        )
        return order

    one = per_order_machine()
    per_order = ns_per_call("order.may_start()", {"order": one}, number=50_000)
    shared = TransitionsMachine(
        None, states=states, transitions=moves, initial="NOT_STARTED", auto_transitions=False
    )
    model = Order()
    shared.add_model(model)
    shared_ns = ns_per_call("model.may_start()", {"model": model}, number=50_000)
    memory = bytes_per_object(lambda n: [per_order_machine() for _ in range(n)], 2_000)
    return [
        Row(TOPIC, "reference: transitions Machine per order, may_start()", per_order, "ns"),
        Row(
            TOPIC, "reference: shared transitions Machine + add_model, may_start()", shared_ns, "ns"
        ),
        Row(TOPIC, "reference: memory of a transitions Machine per order", memory, "B"),
    ]


def _event_rows() -> list[Row]:
    snapshot = OrderSnapshot.from_json(samples.order_json(packages=("PENDING", "PENDING")))
    raw = {
        "idempotencyKey": "k-1",
        "eventDescriptor": "PACKAGE_DELIVERY_IN_TRANSIT",
        "resources": [f"businessProduct/b/order/{snapshot.id}/delivery/pkg-0"],
        "data": {"order": {"id": snapshot.id}},
    }
    parsed = parse_event(raw)
    evolve_floor = us_per_call(
        lambda: OrderSnapshot(snapshot.id, packages=snapshot.packages), 20_000
    )
    applied = us_per_call(lambda: apply_event(snapshot, parsed), 20_000)
    from_json = us_per_call(lambda: apply_event(snapshot, raw), 20_000)
    floor_name = "building one snapshot"
    return [
        Row(TOPIC, "apply one parsed event", applied, "us", floor_name, evolve_floor),
        Row(TOPIC, "apply one event from webhook JSON", from_json, "us", floor_name, evolve_floor),
    ]


def _memory_rows() -> list[Row]:
    package = (PackageSnapshot("pkg-0", TABLES.package.initial),)

    def snapshots(count: int) -> list[OrderSnapshot]:
        return [OrderSnapshot(f"322-{i:07d}", packages=package) for i in range(count)]

    def records(count: int) -> list[BareRecord]:
        return [BareRecord(f"322-{i:07d}", package) for i in range(count)]

    floor = bytes_per_object(records, ORDERS_IN_MEMORY)
    ours = bytes_per_object(snapshots, ORDERS_IN_MEMORY)
    total_mb = ours * ORDERS_IN_MEMORY / 1e6
    return [
        Row(
            TOPIC,
            "memory per tracked order (OrderSnapshot)",
            ours,
            "B",
            "bare slotted record",
            floor,
            2,
        ),
        Row(TOPIC, f"memory for {ORDERS_IN_MEMORY:,} tracked orders", total_mb, "MB"),
    ]


def rows() -> list[Row]:
    """Every state-machine row, each beside its floor from the same run."""
    return _start_check_rows() + _event_rows() + _memory_rows() + _transitions_rows()
