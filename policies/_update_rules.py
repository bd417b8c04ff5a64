"""updateOrder rules decided by the state machine: whether the order may start now.

``execution_start`` needs the order as last seen (a snapshot); without one it does not fire.
The decision itself is the snapshot's ``start_error`` (``statemachine.start_decision`` over
its delivery summary and cancellation); this rule only says where in the request it applies.
"""

from __future__ import annotations

from collections.abc import Iterator

from orderguard.api import ExecutionState
from orderguard.errors import Violation
from orderguard.policies._rule import UPDATE, CheckedRequest, FunctionRule, Rule


def _execution_start(request: CheckedRequest) -> Iterator[Violation]:
    snapshot = request.snapshot
    if request.update.desired_execution_state is not ExecutionState.STARTED or not snapshot:
        return
    spec = snapshot.start_error
    if spec is not None:
        delivery = snapshot.delivery_summary or "unknown"
        found = f"execution {snapshot.execution}, delivery {delivery}, "
        found += f"cancellation {snapshot.cancellation or 'none'}"
        yield request.violation(
            spec.name,
            "input.desiredExecutionState",
            spec.description,
            expected="an order not yet under way and not cancelled",
            found=found,
        )


def execution_start() -> Rule:
    """``desiredExecutionState: STARTED`` only for an order the state machine lets start."""
    return FunctionRule("execution_start", UPDATE, _execution_start)
