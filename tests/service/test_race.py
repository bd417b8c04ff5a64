"""Clients racing to start the same order through the proxy: STARTED goes upstream once.

The race is made certain, not likely: a watcher on the emulator's fake holds the first
updateOrder that reaches it until the test lets it go, so whichever request claimed the order
is still in flight when the other one arrives, and the other one meets the claim.
"""

from __future__ import annotations

import threading
from concurrent import futures
from concurrent.futures import ThreadPoolExecutor

import httpx

from orderguard.emulator import EmulatorServer
from orderguard.fake import Call
from tests.service.support import guarding

RACERS = 2


class Gate:
    """Holds every updateOrder the fake answers until opened; counts the starts it saw."""

    def __init__(self) -> None:
        self.opened = threading.Event()
        self.starts: list[Call] = []

    def __call__(self, call: Call) -> None:
        if call.operation == "updateOrder":
            self.starts.append(call)
            self.opened.wait(timeout=60)


def start_of(order_id: str) -> dict[str, object]:
    """A start request body."""
    return {
        "query": "mutation S($id: ID!) { updateOrder(orderIdentifier: {orderId: $id}, "
        "input: {desiredExecutionState: STARTED}) { order { id metadata { executionState } } } }",
        "variables": {"id": order_id},
    }


def race(gate: Gate, urls: list[str], order_id: str) -> list[httpx.Response]:
    """Send the same start to every URL at once; open the gate once the first has answered.

    The request that claimed the order is held at the gate, so the first answer is always a
    loser's, given while the claim was held.
    """
    body = start_of(order_id)
    headers = {"authorization": "Bearer racer"}
    with ThreadPoolExecutor(len(urls)) as pool:
        sent = [
            pool.submit(httpx.post, url, json=body, headers=headers, timeout=60) for url in urls
        ]
        futures.wait(sent, return_when=futures.FIRST_COMPLETED, timeout=60)
        gate.opened.set()
        return [future.result() for future in sent]


def outcomes(answers: list[httpx.Response]) -> list[str]:
    """``started`` or the error type of each answer, sorted."""
    kinds = []
    for answer in answers:
        body = answer.json()
        if "errors" in body:
            kinds.append(body["errors"][0]["extensions"]["errorType"])
        else:
            kinds.append(body["data"]["updateOrder"]["order"]["metadata"]["executionState"])
    return sorted(kinds)


def test_two_clients_of_one_proxy_send_started_once(emulator: EmulatorServer) -> None:
    """Two concurrent starts through one proxy: one forwarded, one ConflictException."""
    with guarding(emulator) as proxy:
        order_id = proxy.create()
        gate = Gate()
        stop = emulator.emulator.fake.watch(gate)
        try:
            answers = race(gate, [proxy.graphql_url] * RACERS, order_id)
        finally:
            stop()
    assert len(gate.starts) == 1
    assert outcomes(answers) == ["ConflictException", "STARTED"]
