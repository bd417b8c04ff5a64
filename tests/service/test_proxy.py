"""The guarding proxy in front of the emulator over real HTTP on 127.0.0.1.

The emulator's record of what it received proves what was, and was not, forwarded.
"""

from __future__ import annotations

import json
import time

import httpx
import pytest

from orderguard.client import OrderClient
from orderguard.emulator import FAULT_HEADER, Emulator, EmulatorServer
from orderguard.enums import Operation
from orderguard.errors import parse_api_errors
from orderguard.errors.exceptions import ApiValidationError
from orderguard.fake import FakeOrderApi
from orderguard.samples import create_variables
from orderguard.store import open_store
from tests.helpers.http import QUICK, fault_once
from tests.service.support import (
    CANCEL,
    CREATE,
    ORDER_FIELDS,
    QUERY,
    START,
    START_INLINE,
    Proxy,
    dead_url,
    graphql_sent,
    guarding,
)


def shipped(emulator: EmulatorServer, proxy: Proxy) -> str:
    """An order created and started through the proxy, whose package Amazon then shipped."""
    order_id = proxy.create()
    assert proxy.start(order_id).json()["data"]["updateOrder"]["order"]["id"] == order_id
    emulator.emulator.fake.ship(order_id)
    return order_id


def test_a_refused_mutation_is_never_sent_and_answers_in_the_api_error_layout(
    emulator: EmulatorServer, proxy: Proxy
) -> None:
    """Starting an order the store knows is in transit: refused, not sent, the API's layout."""
    order_id = shipped(emulator, proxy)
    proxy.post(QUERY % ORDER_FIELDS, {"id": order_id})  # the store learns of the shipment
    sent_before = graphql_sent(emulator)
    answer = proxy.start(order_id)
    assert graphql_sent(emulator) == sent_before
    assert answer.status_code == 200
    body = answer.json()
    assert body["data"] is None
    [error] = body["errors"]
    assert error["path"] == ["updateOrder"]
    assert error["extensions"]["errorType"] == "ValidationError"
    assert error["extensions"]["errorCode"] == "ExecutionAlreadyStarted"
    assert error["extensions"]["refusedBy"] == "orderguard"
    [violation] = error["extensions"]["violations"]
    assert violation["path"] == "input.desiredExecutionState"
    [parsed] = parse_api_errors(body, Operation.UPDATE_ORDER)
    assert isinstance(parsed, ApiValidationError)
    assert parsed.spec is not None and parsed.spec.name == "ExecutionAlreadyStarted"
    [logged] = [line for line in proxy.decisions() if line["outcome"] == "refused"]
    assert (logged["order"], logged["allowed"], logged["operation"]) == (
        order_id,
        False,
        "updateOrder",
    )


def test_an_order_the_store_lacks_is_queried_from_the_upstream_first(
    emulator: EmulatorServer,
) -> None:
    """A proxy that never saw the order queries it, then refuses the start it cannot allow."""
    with guarding(emulator) as first:
        order_id = shipped(emulator, first)
    with guarding(emulator) as second:
        answer = second.start(order_id)
        assert graphql_sent(emulator)[-1] == ("order",)
        assert answer.json()["errors"][0]["extensions"]["errorCode"] == "ExecutionAlreadyStarted"
        assert second.shown(order_id)["packageInformation"]["summary"]["state"] == ("IN_TRANSIT")


def test_an_allowed_mutation_is_forwarded_and_its_answer_returned_and_recorded(
    emulator: EmulatorServer, proxy: Proxy
) -> None:
    """An allowed start goes upstream with the client's headers; the answer comes back as is."""
    order_id = proxy.create()
    answer = proxy.start(order_id)
    assert graphql_sent(emulator)[-1] == ("updateOrder",)
    assert emulator.emulator.received[-1].authorization == "Bearer client-token"
    order = answer.json()["data"]["updateOrder"]["order"]
    assert order["metadata"]["executionState"] == "STARTED"
    shown = httpx.get(f"{proxy.url}/v1/orders/{order_id}").json()
    assert shown["order"]["metadata"]["executionState"] == "STARTED"
    history = [(entry["source"], entry["ref"]) for entry in shown["history"]]
    assert history == [("action", "createOrder"), ("action", "updateOrder")]  # claims settled
    assert [line["outcome"] for line in proxy.decisions()] == ["forwarded", "forwarded"]


@pytest.mark.parametrize("form", ["variables", "inline", "default", "fragment"])
def test_inline_literals_variables_defaults_and_fragments_are_all_checked(
    emulator: EmulatorServer, proxy: Proxy, form: str
) -> None:
    """The same refused start, written four ways, is refused four times and never sent."""
    order_id = shipped(emulator, proxy)
    proxy.post(QUERY % ORDER_FIELDS, {"id": order_id})
    documents = {
        "variables": (START % "id", {"id": {"orderId": order_id}, "input": {}}),
        "inline": (START_INLINE % order_id, {}),
        "default": (
            "mutation S($id: ID!, $state: OrderExecutionStateInput = STARTED) { updateOrder("
            "orderIdentifier: {orderId: $id}, input: {desiredExecutionState: $state}) "
            "{ order { id } } }",
            {"id": order_id},
        ),
        "fragment": (
            "mutation { ...Start } fragment Start on Mutation { updateOrder(orderIdentifier: "
            f'{{orderId: "{order_id}"}}, input: {{desiredExecutionState: STARTED}}) '
            "{ order { id } } }",
            {},
        ),
    }
    query, variables = documents[form]
    if form == "variables":
        variables["input"] = {"desiredExecutionState": "STARTED"}
    sent_before = graphql_sent(emulator)
    body = proxy.post(query, variables).json()
    assert body["errors"][0]["extensions"]["errorCode"] == "ExecutionAlreadyStarted"
    assert graphql_sent(emulator) == sent_before


def test_one_refused_field_withholds_the_whole_request(
    emulator: EmulatorServer, proxy: Proxy
) -> None:
    """Two mutation fields, one refused: neither is sent, the allowed one is logged withheld."""
    order_id = shipped(emulator, proxy)
    proxy.post(QUERY % ORDER_FIELDS, {"id": order_id})
    query = (
        "mutation Both($input: CreateOrderInput!) { fresh: createOrder(input: $input) "
        "{ order { id } } again: " + (START_INLINE % order_id).removeprefix("mutation {")
    )
    sent_before = graphql_sent(emulator)
    body = proxy.post(query, {"input": create_variables(1, order_ref="2")["input"]}).json()
    assert graphql_sent(emulator) == sent_before
    assert [error["path"] for error in body["errors"]] == [["again"]]
    outcomes = {line["field"]: line["outcome"] for line in proxy.decisions()[-2:]}
    assert outcomes == {"fresh": "withheld", "again": "refused"}


def test_the_operation_named_runs_and_the_others_are_not_judged(
    emulator: EmulatorServer, proxy: Proxy
) -> None:
    """With several operations, only the one ``operationName`` picks is judged and sent."""
    order_id = shipped(emulator, proxy)
    proxy.post(QUERY % ORDER_FIELDS, {"id": order_id})
    start = (START_INLINE % order_id).replace("mutation {", "mutation Start {", 1)
    query = start + (QUERY % "id").replace("query Order", "query Look", 1)
    body = {"query": query, "variables": {"id": order_id}, "operationName": "Look"}
    answer = httpx.post(proxy.graphql_url, json=body, timeout=30)
    assert answer.json()["data"]["order"]["id"] == order_id
    assert graphql_sent(emulator)[-1] == ("order",)


def test_report_mode_forwards_what_it_would_refuse_and_logs_it(emulator: EmulatorServer) -> None:
    """In report mode a refused start is sent anyway and logged as ``reported``."""
    with guarding(emulator, mode="report") as proxy:
        order_id = shipped(emulator, proxy)
        proxy.post(QUERY % ORDER_FIELDS, {"id": order_id})
        answer = proxy.start(order_id).json()
        assert graphql_sent(emulator)[-1] == ("updateOrder",)
        assert answer["errors"][0]["extensions"].get("refusedBy") is None  # the API's answer
        [reported] = [line for line in proxy.decisions() if line["outcome"] == "reported"]
        assert reported["allowed"] is False and reported["mode"] == "report"
        assert reported["violations"][0]["errorCode"] == "ExecutionAlreadyStarted"


def test_a_lost_answer_is_lost_for_the_client_too_and_the_client_recovers(
    emulator: EmulatorServer, proxy: Proxy
) -> None:
    """A createOrder whose answer the upstream drops is cut off; the client finds it by alias."""
    with httpx.Client(event_hooks={"request": [fault_once("lost", "createOrder")]}) as http:
        client = OrderClient(endpoint=proxy.graphql_url, http=http, retry=QUICK, auto_alias=True)
        result = client.create_order(create_variables(1, order_ref="lost-1"))
    assert result.recovered is True
    assert result.order_id in emulator.emulator.fake.order_ids()
    outcomes = [line["outcome"] for line in proxy.decisions()]
    assert outcomes[0] == "lost"
    assert proxy.shown(str(result.order_id)) is not None  # recorded from the alias query


def test_a_lost_answer_reaches_a_raw_client_as_a_broken_response(
    emulator: EmulatorServer, proxy: Proxy
) -> None:
    """The proxy does not invent an answer the upstream never gave: the response breaks off."""
    query = "mutation C($input: CreateOrderInput!) { createOrder(input: $input) { order { id } } }"
    body = json.dumps({"query": query, "variables": create_variables(1)})
    headers = {"content-type": "application/json", FAULT_HEADER: "lost"}
    with pytest.raises(httpx.RemoteProtocolError):
        httpx.post(proxy.graphql_url, content=body, headers=headers, timeout=30)
    assert len(emulator.emulator.fake.order_ids()) == 1


def test_a_claimed_order_answers_conflict_and_nothing_is_sent(
    emulator: EmulatorServer, proxy: Proxy
) -> None:
    """While another worker holds the order's claim, a mutation gets ConflictException."""
    order_id = proxy.create()
    held = proxy.store.claim(order_id, "updateOrder", owner="worker-b/42")
    sent_before = graphql_sent(emulator)
    body = proxy.start(order_id).json()
    assert graphql_sent(emulator) == sent_before
    [error] = body["errors"]
    assert error["extensions"]["errorType"] == "ConflictException"
    assert error["extensions"]["holder"] == "worker-b/42"
    proxy.store.release(held)
    assert proxy.start(order_id).json()["data"]["updateOrder"]["order"]["id"] == order_id


def test_a_claim_is_released_once_the_answer_is_recorded(
    emulator: EmulatorServer, proxy: Proxy
) -> None:
    """After a forwarded mutation the order can be claimed again at once."""
    order_id = proxy.create()
    proxy.start(order_id)
    claim = proxy.store.claim(order_id, "cancelOrder", owner="someone-else")
    assert claim.owner == "someone-else"


def test_an_unreachable_upstream_fails_closed() -> None:
    """No upstream: a start whose order cannot be read is refused (503), a create answers 502."""
    with guarding(dead_url()) as proxy:
        started = proxy.start("322-NOPE-000000")
        assert started.status_code == 503
        [error] = started.json()["errors"]
        assert error["extensions"]["errorType"] == "InternalServerError"
        assert "could not read order 322-NOPE-000000" in error["message"]
        created = proxy.post(
            "mutation C($input: CreateOrderInput!) { createOrder(input: $input) { order { id } } }",
            create_variables(1),
        )
        assert created.status_code == 502
        assert [line["outcome"] for line in proxy.decisions()] == ["unreachable"]


def test_fail_open_judges_without_the_order_and_sends() -> None:
    """With ``on_store_error=open`` an unreadable order does not block: judged without it."""
    fake = FakeOrderApi(valid_tokens={"the-right-token"})
    with EmulatorServer(Emulator(fake)) as locked, guarding(locked, on_store_error="open") as proxy:
        answer = proxy.start("322-ABCD-000000")
        assert answer.json()["errors"][0]["extensions"]["errorType"] == "AccessDeniedError"
        assert graphql_sent(locked) == [("order",), ("updateOrder",)]
        assert [line["outcome"] for line in proxy.decisions()] == ["forwarded"]


def test_cancel_of_a_shipped_order_is_refused_with_the_catalog_name(
    emulator: EmulatorServer, proxy: Proxy
) -> None:
    """cancelOrder after a shipment the store knows of: refused, named in the violations."""
    order_id = shipped(emulator, proxy)
    proxy.post(QUERY % ORDER_FIELDS, {"id": order_id})
    body = proxy.post(CANCEL, {"id": order_id}).json()
    [error] = body["errors"]
    assert error["extensions"]["errorType"] == "ValidationError"
    assert "errorCode" not in error["extensions"]  # the API documents no code: left out
    assert graphql_sent(emulator)[-1] == ("order",)


def test_a_store_shared_by_two_proxies_sees_one_proxys_answers(emulator: EmulatorServer) -> None:
    """Two proxies on one store: what one recorded, the other judges by."""
    store = open_store("memory://")
    with guarding(emulator, store) as first, guarding(emulator, store) as second:
        order_id = first.create()
        emulator.emulator.fake.execute(
            "updateOrder",
            {
                "orderIdentifier": {"orderId": order_id},
                "input": {"desiredExecutionState": "STARTED"},
            },
        )
        emulator.emulator.fake.ship(order_id)
        first.post(QUERY % ORDER_FIELDS, {"id": order_id})
        body = second.start(order_id).json()
        assert body["errors"][0]["extensions"]["errorCode"] == "ExecutionAlreadyStarted"


def test_a_create_whose_alias_is_claimed_answers_conflict_and_is_not_sent(
    emulator: EmulatorServer, proxy: Proxy
) -> None:
    """Another worker creating an order with the same alias holds it: ConflictException."""
    variables = create_variables(1, order_ref="twin")
    alias = variables["input"]["aliases"][0]
    proxy.store.claim(
        None, "createOrder", alias=(alias["aliasType"], alias["aliasId"]), owner="worker-c/1"
    )
    body = proxy.post(CREATE % "id", variables).json()
    assert body["errors"][0]["extensions"]["errorType"] == "ConflictException"
    assert graphql_sent(emulator) == []


def test_a_lapsed_claim_taken_over_reads_the_order_from_the_upstream_first(
    emulator: EmulatorServer, proxy: Proxy
) -> None:
    """A crashed worker's expired claim: the proxy re-reads the order before judging it."""
    order_id = shipped(emulator, proxy)  # the store still thinks the package is pending
    proxy.store.claim(order_id, "cancelOrder", owner="crashed-worker/7", lease=0.001)
    time.sleep(0.01)  # the lease lapses (setting up the case, not timing the proxy)
    sent_before = graphql_sent(emulator)
    body = proxy.post(CANCEL, {"id": order_id}).json()
    assert graphql_sent(emulator)[len(sent_before) :] == [("order",)]
    assert body["errors"][0]["extensions"]["refusedBy"] == "orderguard"
