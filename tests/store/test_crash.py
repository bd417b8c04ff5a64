"""A worker SIGKILLed between its claim and the answer: another recovers, 0 duplicate orders."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from orderguard.client import OrderClient
from orderguard.emulator import EmulatorServer
from orderguard.errors.exceptions import ApiNotFoundError
from orderguard.samples import create_variables
from orderguard.store import OrderStore, Source, open_store
from tests.helpers.http import reset_emulator, serve_emulator
from tests.store.support import sigkill_after

emulator = pytest.fixture(scope="module")(serve_emulator)
server = pytest.fixture(reset_emulator)
ROOT = Path(__file__).resolve().parents[2]


def crashed_worker(url: str, endpoint: str, order_ref: str, send: bool) -> None:
    """Run a worker that claims (and maybe sends) createOrder, then SIGKILL it."""
    command = [
        sys.executable,
        "-m",
        "tests.store.workers",
        "store",
        url,
        endpoint,
        order_ref,
        "send" if send else "hold",
    ]
    sigkill_after(command, "sent" if send else "claimed", ROOT)


def create_once(store: OrderStore, client: OrderClient, order_ref: str) -> str:
    """createOrder under a claim; after a crashed worker's claim, look the alias up first."""
    variables = create_variables(order_ref=order_ref)
    alias = variables["input"]["aliases"][0]
    pair = (alias["aliasType"], alias["aliasId"])
    claim = store.claim(None, "createOrder", alias=pair, wait=30)
    if claim.replaced is not None:
        try:
            found = client.order({"alias": alias})
        except ApiNotFoundError:
            pass
        else:
            store.settle(claim, found.data, detail="recovered by alias")
            assert found.order_id is not None
            return found.order_id
    created = client.create_order(variables)
    store.settle(claim, created.data, detail="created")
    assert created.order_id is not None
    return created.order_id


@pytest.mark.slow
@pytest.mark.parametrize("sent", [True, False], ids=["killed-after-send", "killed-before-send"])
def test_crashed_create_is_recovered_by_alias(
    sql_url: str, server: EmulatorServer, sent: bool
) -> None:
    """Killed after sending: found by alias, not resent; killed before: sent once."""
    with open_store(sql_url) as store:
        crashed_worker(sql_url, server.graphql_url, "7001", sent)
        with OrderClient(endpoint=server.graphql_url) as client:
            order_id = create_once(store, client, "7001")
            assert create_once(store, client, "7001") == order_id  # a retry finds it too
        assert server.emulator.fake.order_ids() == (order_id,)
        found = store.get_by_alias(("EXTERNAL_ID", "order-7001-0"))
        assert found is not None and found.snapshot.id == order_id
        first = store.history(order_id)[0]
        assert first.source is Source.ACTION and first.ref == "createOrder"
        assert ("recovered by alias" in first.detail) is sent
        assert store.expired_claims() == []
