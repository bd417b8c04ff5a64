"""Pre-flight checker benchmarks: a maximal createOrder, an update with 20 refunds, throughput.

The floor is bare pydantic validation of the same payload with the same models and validation
context (``model_validate(data, context={"api_version": ...})``): what parsing alone costs. A
check and its floor are timed in alternating rounds, so both see the same machine load.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from benchmarks._harness import Row, us_per_call
from orderguard import Context, Guard, OrderSnapshot, samples
from orderguard.api import ApiVersion, CreateOrderVariables, UpdateOrderVariables

TOPIC = "policies"
ROUNDS = 40
CALLS = 100
FLOOR = "bare model_validate, same payload"


def _paired(check: Callable[[], object], floor: Callable[[], object]) -> tuple[float, float]:
    """Best microseconds per call of ``check`` and of ``floor``, timed in alternating rounds."""
    best = [float("inf"), float("inf")]
    for _ in range(ROUNDS):
        for slot, func in enumerate((check, floor)):
            start = time.perf_counter()
            for _ in range(CALLS):
                func()
            best[slot] = min(best[slot], (time.perf_counter() - start) / CALLS * 1e6)
    return best[0], best[1]


def _bare(model: type[CreateOrderVariables | UpdateOrderVariables], data: Any) -> Callable[[], Any]:
    """The floor: validating ``data`` as ``model``, as ``parse_variables`` does."""
    context = {"api_version": ApiVersion.V2024_11_01}
    return lambda: model.model_validate(data, context=context)


def _create_rows(guard: Guard) -> list[Row]:
    variables = samples.create_variables(20, 5, 5)
    facts = Context.from_json(samples.context_json(variables))
    floor = _bare(CreateOrderVariables, variables)
    assert guard.check_create(variables, facts).allowed  # a check that runs every rule
    alone, alone_floor = _paired(lambda: guard.check_create(variables), floor)
    full, full_floor = _paired(lambda: guard.check_create(variables, facts), floor)
    what = "check maximal createOrder (20 lines, 5 links, 5 aliases)"
    return [
        Row(TOPIC, what, alone, "us", FLOOR, alone_floor, 1.5),
        Row(
            TOPIC,
            "same, with a full context (preview, stock, token)",
            full,
            "us",
            FLOOR,
            full_floor,
        ),
        Row(TOPIC, "decisions per second, one core: maximal createOrder", 1e6 / alone, "/s"),
    ]


def _update_rows(guard: Guard) -> list[Row]:
    refunds = tuple((f"r-{i}", "PENDING") for i in range(20))
    order = OrderSnapshot.from_json(samples.order_json("322-B", refunds=refunds))
    details = [samples.refund_update(rid, "PARTIAL", alias=f"pay-{rid}") for rid, _ in refunds]
    variables = samples.update_variables("322-B", {"refunds": {"details": details}})
    assert guard.check_update(variables, order).allowed
    check, floor = _paired(
        lambda: guard.check_update(variables, order), _bare(UpdateOrderVariables, variables)
    )
    small = samples.create_variables(2, 1, 1)
    typical = us_per_call(lambda: guard.check_create(small), number=2_000, repeat=7)
    return [
        Row(TOPIC, "check updateOrder with 20 refunds (order known)", check, "us", FLOOR, floor),
        Row(TOPIC, "decisions per second, one core: 2-line createOrder", 1e6 / typical, "/s"),
    ]


def rows() -> list[Row]:
    """Every pre-flight benchmark row."""
    guard = Guard()
    return [*_create_rows(guard), *_update_rows(guard)]
