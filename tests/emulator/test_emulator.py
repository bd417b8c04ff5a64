"""The emulator over HTTP on 127.0.0.1: routes, robustness, faults, sandbox moves, parity."""

from __future__ import annotations

import json
import socket
from typing import Any

import httpx
import pytest

from orderguard import ApiVersion, Operation
from orderguard.client._documents import document
from orderguard.emulator import MAX_BODY_BYTES, Emulator, EmulatorServer, parse_faults
from orderguard.fake import FakeOrderApi, Faults
from orderguard.samples import create_variables, update_variables
from tests.helpers.http import graphql, post_raw, reset_emulator, serve_emulator

JSON = dict[str, Any]
CREATE = document(Operation.CREATE_ORDER, ApiVersion.V2024_11_01)
UPDATE = document(Operation.UPDATE_ORDER, ApiVersion.V2024_11_01)
BY_ALIAS = {"alias": {"aliasType": "EXTERNAL_ID", "aliasId": "order-1001-0"}}
MOVE = """
mutation Move($id: ID!, $input: UpdateOrderPackageInformationInput!) {
  updateOrderPackageInformation(orderIdentifier: {orderId: $id}, input: $input) {
    order { id packageInformation { summary { state } details { id state reason } } }
  }
}
"""


emulator = pytest.fixture(scope="module")(serve_emulator)
server = pytest.fixture(reset_emulator)


def raw_exchange(server: EmulatorServer, request: bytes) -> bytes:
    """Send bytes on a fresh loopback connection; everything the server answers before closing."""
    with socket.create_connection((server.host, server.port), timeout=5) as conn:
        conn.sendall(request)
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def created(server: EmulatorServer, **options: Any) -> str:
    """Create an order through the emulator; its ID."""
    answer = graphql(server.graphql_url, CREATE, create_variables(**options)).json()
    return str(answer["data"]["createOrder"]["order"]["id"])


def test_malformed_json_is_400(server: EmulatorServer) -> None:
    """A body that is not JSON gets 400 with a GraphQL error, and the server keeps serving."""
    answer = post_raw(server.graphql_url, b'{"query": ')
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["extensions"] == {"errorType": "ValidationError"}
    assert httpx.get(f"{server.url}/health").json()["status"] == "ok"


@pytest.mark.parametrize(
    "body",
    [b"[]", b'{"query": 3}', b'{"query": "{ order }", "variables": []}', b'{"query": " "}'],
)
def test_unusable_requests_are_400(server: EmulatorServer, body: bytes) -> None:
    """JSON that is not a GraphQL request object is refused with a message saying why."""
    answer = post_raw(server.graphql_url, body)
    assert answer.status_code == 400 and answer.json()["errors"][0]["message"]


def test_wrong_content_type_is_415(server: EmulatorServer) -> None:
    """A GraphQL body sent as text/plain is refused."""
    answer = post_raw(server.graphql_url, b'{"query": "{ __typename }"}', "text/plain")
    assert answer.status_code == 415


def test_oversize_body_is_413_before_reading(server: EmulatorServer) -> None:
    """A body over 1 MiB is refused with 413 (announced by Content-Length, not read)."""
    answer = post_raw(server.graphql_url, b" " * (MAX_BODY_BYTES + 1))
    assert answer.status_code == 413


def test_oversize_with_expect_continue_is_refused_before_upload(server: EmulatorServer) -> None:
    """Expect: 100-continue with an oversize length gets 413 instead of 100 Continue."""
    head = (
        f"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"Content-Length: {MAX_BODY_BYTES * 2}\r\nExpect: 100-continue\r\n\r\n"
    )
    assert raw_exchange(server, head.encode()).startswith(b"HTTP/1.1 413")


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        (b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\r\n", b"411"),
        (
            b"POST /graphql HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            b"411",
        ),
        (b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Length: many\r\n\r\n", b"400"),
        (b"GET /graphql junk HTTP/1.1\r\n\r\n", b"400"),
    ],
    ids=["no-length", "chunked", "bad-length", "bad-request-line"],
)
def test_broken_http_gets_4xx(server: EmulatorServer, request_bytes: bytes, status: bytes) -> None:
    """Requests without a usable length, or not HTTP at all, get a JSON 4xx and a closed line."""
    head, _, body = raw_exchange(server, request_bytes).partition(b"\r\n\r\n")
    assert head.split(b" ")[1] == status
    assert json.loads(body)["errors"][0]["extensions"]["errorType"] == "ValidationError"


def test_unknown_operation_is_a_validation_error(server: EmulatorServer) -> None:
    """A field the schema does not have is refused by GraphQL validation with 400."""
    answer = graphql(server.graphql_url, "query { shopperBwPEligibility { shopperId } }")
    assert answer.status_code == 400
    (error,) = answer.json()["errors"]
    assert "shopperBwPEligibility" in error["message"]
    assert error["extensions"]["errorType"] == "ValidationError"


def test_syntax_error_and_bad_variables(server: EmulatorServer) -> None:
    """Invalid GraphQL and variables outside the input types get 400 with located errors."""
    assert graphql(server.graphql_url, "mutation {").status_code == 400
    variables = create_variables()
    variables["input"]["lineItems"][0]["amount"]["value"] = "lots"
    answer = graphql(server.graphql_url, CREATE, variables)
    assert answer.status_code == 400 and "Decimal" in answer.json()["errors"][0]["message"]


def test_api_errors_are_200_with_the_fakes_extensions(server: EmulatorServer) -> None:
    """An error the Order API would answer comes back at its field's path, with 200."""
    created(server)
    answer = graphql(server.graphql_url, CREATE, create_variables(lines=2))
    assert answer.status_code == 200
    (error,) = answer.json()["errors"]
    assert error["path"] == ["createOrder"]
    assert error["extensions"] == {
        "errorType": "ValidationError",
        "errorCode": "AliasValueAlreadyExists",
    }


def test_routes_methods_and_versions(server: EmulatorServer) -> None:
    """Unknown routes are 404, wrong methods 405, unknown versions and faults 400."""
    assert httpx.get(f"{server.url}/nowhere").status_code == 404
    wrong = httpx.get(server.graphql_url)
    assert wrong.status_code == 405 and wrong.headers["allow"] == "POST"
    query = "{ __typename }"
    assert graphql(server.graphql_url, query, x_api_version="2023-01-01").status_code == 400
    assert graphql(server.graphql_url, query, x_orderguard_fault="meteor").status_code == 400
    assert graphql(server.graphql_url, query, x_orderguard_fault="conflict").status_code == 400
    assert graphql(server.graphql_url, query, x_orderguard_fault="throttle").status_code == 400
    assert graphql(server.graphql_url, query).json() == {"data": {"__typename": "Query"}}


def test_fault_header_hits_only_its_request(server: EmulatorServer) -> None:
    """A throttle fault asked by header answers ThrottlingError once; the next call is served."""
    throttled = graphql(
        server.graphql_url, CREATE, create_variables(), x_orderguard_fault="throttle"
    )
    assert throttled.json()["errors"][0]["extensions"]["errorType"] == "ThrottlingError"
    assert graphql(server.graphql_url, CREATE, create_variables()).json()["data"]["createOrder"]


def test_lost_response_closes_without_answer_but_commits(server: EmulatorServer) -> None:
    """A lost-response fault stores the order and closes the connection with no answer."""
    with pytest.raises(httpx.RemoteProtocolError):
        graphql(server.graphql_url, CREATE, create_variables(), x_orderguard_fault="lost")
    assert len(server.emulator.fake.order_ids()) == 1


def test_sandbox_moves_package_and_emits_events(server: EmulatorServer) -> None:
    """updateOrderPackageInformation ships and delivers; /events lists what was emitted."""
    order_id = created(server)
    start = update_variables(order_id, {"desiredExecutionState": "STARTED"})
    graphql(server.graphql_url, UPDATE, start)
    for state in ("IN_TRANSIT", "DELIVERED"):
        answer = graphql(server.graphql_url, MOVE, {"id": order_id, "input": {"state": state}})
        order = answer.json()["data"]["updateOrderPackageInformation"]["order"]
        assert order["packageInformation"]["summary"]["state"] == state
    events = httpx.get(f"{server.url}/events").json()
    assert [e["eventDescriptor"] for e in events["events"]] == [
        "PACKAGE_DELIVERY_IN_TRANSIT",
        "PACKAGE_DELIVERED",
    ]
    later = httpx.get(f"{server.url}/events?since=1").json()
    assert later["total"] == 2 and len(later["events"]) == 1
    assert httpx.get(f"{server.url}/events?since=x").status_code == 400


@pytest.mark.parametrize(
    ("move", "code"),
    [
        ({"state": "CANCELLED"}, "MissingCancellationReason"),
        ({"state": "DELIVERED"}, "InvalidPackageDeliveryDetailStateTransition"),
        (
            {"state": "IN_TRANSIT", "packageInformationDetailId": "PKG-X"},
            "PackageInformationDetailIdNotFound",
        ),
    ],
)
def test_sandbox_refusals(server: EmulatorServer, move: JSON, code: str) -> None:
    """The sandbox mutation answers its documented ValidationError codes."""
    order_id = created(server)
    answer = graphql(server.graphql_url, MOVE, {"id": order_id, "input": move})
    assert answer.json()["errors"][0]["extensions"]["errorCode"] == code


def test_reset_forgets_everything(server: EmulatorServer) -> None:
    """POST /reset empties orders and the request log (the reset itself is then logged)."""
    created(server)
    assert httpx.post(f"{server.url}/reset").json() == {"reset": True}
    assert server.emulator.fake.order_ids() == ()
    assert [r.path for r in server.emulator.received] == ["/reset"]


@pytest.mark.parametrize(
    ("form", "status", "error"),
    [
        (
            {"grant_type": "password", "client_id": "a", "client_secret": "b"},
            400,
            "unsupported_grant_type",
        ),
        ({"grant_type": "client_credentials", "client_id": "a"}, 401, "invalid_client"),
    ],
)
def test_token_endpoint_refusals(
    server: EmulatorServer, form: JSON, status: int, error: str
) -> None:
    """The token endpoint answers OAuth errors for a wrong grant or missing credentials."""
    answer = httpx.post(server.token_url, data=form)
    assert answer.status_code == status and answer.json()["error"] == error
    assert httpx.post(server.token_url, json=form).status_code == 400


PARITY_CASES = [
    ("createOrder", lambda ids: create_variables()),
    ("createOrder", lambda ids: create_variables(links=6, order_ref="x")),
    ("updateOrder", lambda ids: update_variables(ids[0], {"desiredExecutionState": "STARTED"})),
    ("order", lambda ids: {"orderIdentifier": BY_ALIAS}),
    ("cancelOrder", lambda ids: {"orderIdentifier": {"orderId": ids[0]}, "input": {}}),
    ("order", lambda ids: {"orderIdentifier": {"orderId": "322-NOPE-000000"}}),
]


def test_answers_like_the_in_process_fake(server: EmulatorServer) -> None:
    """Over HTTP, each call gets the data and error type the same-seeded fake gives in process."""
    reference = FakeOrderApi(seed=server.emulator.fake.seed)
    ids: list[str] = []
    for operation, variables_for in PARITY_CASES:
        variables = variables_for(ids)
        expected = reference.execute(operation, variables)
        query = document(Operation(operation), ApiVersion.V2024_11_01)
        got = graphql(server.graphql_url, query, variables).json()
        if "errors" in expected:
            assert got["errors"][0]["extensions"] == expected["errors"][0]["extensions"]
            continue
        payload = got["data"][operation]
        assert _subset(payload, expected["data"][operation])
        if operation == "createOrder":
            ids.append(payload["order"]["id"])


def _subset(small: object, big: object) -> bool:
    """Whether every field ``small`` carries equals ``big``'s (the query selects fewer)."""
    if isinstance(small, dict) and isinstance(big, dict):
        return all(_subset(v, big.get(k)) for k, v in small.items())
    if isinstance(small, list) and isinstance(big, list):
        return len(small) == len(big) and all(map(_subset, small, big))
    return small == big


def test_seeded_fault_rates() -> None:
    """--faults rates are parsed, seeded, and refused when they do not make sense."""
    faults = parse_faults("throttle=0.5, lost=0.25", seed=3)
    assert faults == Faults(throttle_rate=0.5, lost_response_rate=0.25, seed=3)
    assert parse_faults("seed=9").seed == 9 and parse_faults(None) == Faults()
    for bad in ("throttle", "meteor=0.1", "throttle=x", "throttle=2"):
        with pytest.raises(ValueError):
            parse_faults(bad)


def test_emulator_app_without_a_socket() -> None:
    """Emulator.handle answers plain values, so it can sit behind any server."""
    app = Emulator(api_version="2024-04-01")
    reply = app.handle("GET", "/health", {}, b"")
    assert reply.status == 200 and reply.body is not None
    assert json.loads(reply.body)["defaultApiVersion"] == "2024-04-01"
    assert app.received[0].path == "/health"
