"""updateOrder rules decided by the state machine: whether the order may start now.

``execution_start`` needs the order as last seen (a snapshot); without one it does not fire.
The decision itself is ``orderguard.statemachine.start_decision``; this rule only feeds it the
snapshot's states and says where in the request the refused move is.
"""

from __future__ import annotations

from collections.abc import Iterator

from orderguard.api import ExecutionState, PackageState
from orderguard.errors import Violation
from orderguard.policies._rule import UPDATE, CheckedRequest, FunctionRule, Rule
from orderguard.statemachine import delivery_summary, start_decision
from orderguard.statemachine._snapshot import OrderSnapshot


def package_states(snapshot: OrderSnapshot) -> tuple[PackageState, ...]:
    """The packages' states; the API's reported summary stands in when no detail is known."""
    if snapshot.packages:
        return tuple(package.state for package in snapshot.packages)
    return () if snapshot.reported_summary is None else (snapshot.reported_summary,)


def _execution_start(request: CheckedRequest) -> Iterator[Violation]:
    snapshot = request.snapshot
    if request.update.desired_execution_state is not ExecutionState.STARTED or not snapshot:
        return
    delivery = delivery_summary(package_states(snapshot))
    spec = start_decision(snapshot.execution, delivery, snapshot.cancellation)
    if spec is not None:
        found = f"execution {snapshot.execution}, delivery {delivery or 'unknown'}, " + (
            f"cancellation {snapshot.cancellation}" if snapshot.cancellation else "no cancellation"
        )
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
