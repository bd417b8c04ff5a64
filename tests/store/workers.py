"""Worker processes of the store tests (run as ``python -c`` children so they can be SIGKILLed)."""

from __future__ import annotations

import sys
import time

from orderguard.client import OrderClient
from orderguard.samples import create_variables
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


if __name__ == "__main__":  # pragma: no cover - run by the tests as a child process
    claim_create_and_hang(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "send")
