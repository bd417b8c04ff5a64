"""Worker processes of the store tests: run as children so that they are real processes (and
can be SIGKILLed). ``python -m tests.store.workers KIND ARGS...`` or through a process pool.
"""

from __future__ import annotations

import random
import sys
import time

import httpx

from orderguard import RequestRejectedError
from orderguard.client import OrderClient
from orderguard.errors import ApiError
from orderguard.samples import create_variables, refund_update, update_variables
from orderguard.store import open_store


def claim_create_and_hang(url: str, endpoint: str, order_ref: str, send: bool) -> None:
    """Claim createOrder by alias (0.5 s lease), maybe send it, say so, then hang until killed."""
    variables = create_variables(order_ref=order_ref)
    alias = variables["input"]["aliases"][0]
    with open_store(url) as store:
        store.claim(None, "createOrder", alias=(alias["aliasType"], alias["aliasId"]), lease=0.5)
        if send:
            with OrderClient(endpoint=endpoint) as client:
                client.create_order(variables)  # the answer is never recorded: the crash
        print("sent" if send else "claimed", flush=True)
        time.sleep(3600)


def _hang(word: str) -> object:
    def hook(_: object) -> None:
        print(word, flush=True)
        time.sleep(3600)

    return hook


def client_create_and_hang(url: str, endpoint: str, order_ref: str, send: bool) -> None:
    """OrderClient(store=...) createOrder that hangs (to be killed) before or after sending."""
    hooks = {"response": [_hang("answered")]} if send else {"request": [_hang("claimed")]}
    with (
        open_store(url) as store,
        httpx.Client(event_hooks=hooks) as http,  # type: ignore[arg-type]
        OrderClient(endpoint=endpoint, store=store, http=http, claim_lease=0.5) as client,
    ):
        client.create_order(create_variables(order_ref=order_ref))


def drive_orders(
    url: str, endpoint: str, orders: dict[str, str], seed: int
) -> list[tuple[str, str, str]]:
    """Start, cancel and move each order's refund to SUCCESS, in a shuffled order; report each."""
    rng = random.Random(seed)
    done = []
    with (
        open_store(url) as store,
        OrderClient(endpoint=endpoint, store=store, claim_wait=60) as client,
    ):
        work = [
            (order_id, action) for order_id in orders for action in ("start", "cancel", "refund")
        ]
        rng.shuffle(work)
        for order_id, action in work:
            variables = _variables(order_id, action, orders[order_id])
            try:
                if action == "cancel":
                    result = client.cancel_order(variables)
                else:
                    result = client.update_order(variables)
                done.append((order_id, action, "sent" if result.attempts else "repeat"))
            except (RequestRejectedError, ApiError) as error:
                done.append((order_id, action, type(error).__name__))
    return done


def _variables(order_id: str, action: str, refund_id: str) -> dict[str, object]:
    if action == "cancel":
        return {"orderIdentifier": {"orderId": order_id}, "input": {"reason": "OTHER"}}
    if action == "start":
        return update_variables(order_id, {"desiredExecutionState": "STARTED"})
    return update_variables(
        order_id, {"refunds": {"details": [refund_update(refund_id, "SUCCESS")]}}
    )


if __name__ == "__main__":  # pragma: no cover - run by the tests as a child process
    kind, url, endpoint, order_ref, how = sys.argv[1:6]
    worker = claim_create_and_hang if kind == "store" else client_create_and_hang
    worker(url, endpoint, order_ref, how == "send")
