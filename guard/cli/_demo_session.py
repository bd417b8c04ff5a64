"""The demo's client session: ``OrderClient`` against an emulator the demo starts itself.

Needs the ``[client]`` and ``[server]`` extras; ``_demo_scenes`` imports this module only when
the scene plays, and skips the scene with the install hint when they are missing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

import httpx
from stamina.instrumentation import RetryDetails, get_on_retry_hooks, set_on_retry_hooks

from orderguard import samples
from orderguard.client import ClientCredentials, OrderClient, RetrySettings
from orderguard.client._retry import Retry
from orderguard.emulator import FAULT_HEADER, EmulatorServer
from orderguard.errors import RequestRejectedError

if TYPE_CHECKING:
    from orderguard.cli._demo_scenes import Stage

RETRY = RetrySettings(attempts=4, timeout=5.0, wait_initial=0.05, wait_max=0.2, wait_jitter=0.05)


class FaultPlan:
    """An httpx request hook that asks the emulator for one fault on the next call of a field."""

    def __init__(self) -> None:
        self._pending: tuple[str, bytes] | None = None

    def next(self, fault: str, field: str) -> None:
        """Make the next request calling ``field`` meet ``fault``."""
        self._pending = (fault, f"{field}(".encode())

    def __call__(self, request: httpx.Request) -> None:
        if self._pending and self._pending[1] in request.content:
            request.headers[FAULT_HEADER] = self._pending[0]
            self._pending = None


@contextlib.contextmanager
def narrated_retries(stage: Stage) -> Iterator[None]:
    """Say each retry stamina schedules (instead of its log line) inside the block."""

    def say(details: RetryDetails) -> None:
        cause = details.caused_by
        error = cause.error if isinstance(cause, Retry) else cause
        stage.say(
            f"    {type(error).__name__}: retry {details.retry_num} in {details.wait_for:.2f}s"
        )

    before = get_on_retry_hooks()
    set_on_retry_hooks([say])
    try:
        yield
    finally:
        set_on_retry_hooks(before)


def client_session(stage: Stage) -> None:
    """Refused without sending, throttled and retried, a lost createOrder recovered by alias."""
    log: list[str] = []
    plan = FaultPlan()
    with (
        EmulatorServer(log=log.append) as server,
        httpx.Client(event_hooks={"request": [plan]}) as http,
        narrated_retries(stage),
    ):
        stage.say(f"  emulator started at {server.graphql_url} (in a thread of this process)")
        auth = ClientCredentials("demo-client", "demo-secret", token_url=server.token_url)
        client = OrderClient(endpoint=server.graphql_url, auth=auth, http=http, retry=RETRY)
        _refused(stage, client, server)
        order_id = _throttled(stage, client, plan)
        _recovered(stage, client, plan, server)
        snapshot = client.snapshot(order_id)
        if snapshot is not None:
            packages = " ".join(p.state.value for p in snapshot.packages)
            stage.say(f"  tracked: {order_id} {snapshot.execution.value}, packages {packages}")
        stage.say(f"  access tokens minted at {server.token_url}: {server.emulator.tokens_issued}")
    stage.save("emulator-requests.log", "\n".join(log) + "\n")


def _refused(stage: Stage, client: OrderClient, server: EmulatorServer) -> None:
    stage.say("  createOrder with six order links (the API allows five):")
    try:
        client.create_order(samples.create_variables(links=6))
    except RequestRejectedError as refused:
        codes = ", ".join(v.spec.name for v in refused.violations)
        received = len(server.emulator.received)
        stage.say(f"    refused by the guard: {codes}; requests the emulator received: {received}")


def _throttled(stage: Stage, client: OrderClient, plan: FaultPlan) -> str:
    created = client.create_order(samples.create_variables(order_ref="2001"))
    order_id = str(created.order_id)
    stage.say(f"  createOrder: order {order_id} in {created.attempts} attempt")
    stage.say("  updateOrder STARTED, and the emulator throttles it once:")
    plan.next("throttle", "updateOrder")
    start = samples.update_variables(order_id, {"desiredExecutionState": "STARTED"})
    started = client.update_order(start)
    stage.say(f"    started after {started.attempts} attempts")
    return order_id


def _recovered(stage: Stage, client: OrderClient, plan: FaultPlan, server: EmulatorServer) -> None:
    stage.say("  createOrder whose answer is lost (the emulator stores it, then hangs up):")
    plan.next("lost", "createOrder")
    result = client.create_order(samples.create_variables(order_ref="2002"))
    alias = "EXTERNAL_ID/order-2002-0"
    stage.say("    the resend met ConflictError: the first attempt had created the order")
    found = "found by alias" if result.recovered else "created"
    stage.say(f"    {found} {alias}: order {result.order_id}, {result.attempts} attempts")
    held = len(server.emulator.fake.order_ids())
    stage.say(f"    orders the emulator holds: {held}, no duplicate")
