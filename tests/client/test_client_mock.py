"""The client against httpx.MockTransport: error shapes, HTTP statuses, retries, Retry-After."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal

import httpx
import pytest

from orderguard import ApiVersion
from orderguard.client import AsyncOrderClient, OrderClient, RetrySettings
from orderguard.client._retry import retry_after
from orderguard.errors import ApiError, PayloadError
from orderguard.errors.exceptions import (
    ApiAccessDeniedError,
    ApiInternalServerError,
    ApiNotFoundError,
    ApiThrottlingError,
    ApiValidationError,
    OrderOutcomeUnknownError,
)
from orderguard.samples import create_variables, update_variables
from tests.helpers.http import QUICK, retries_seen
from tests.helpers.mock import (
    CREATED,
    MISMATCH,
    ORDER,
    ORDER_ID,
    Script,
    data,
    entry,
    ext,
    failure,
    mock_clients,
)

make = pytest.fixture(mock_clients)


@pytest.mark.parametrize(
    ("answer", "kind", "code", "sent"),
    [
        (failure(entry("ValidationError", MISMATCH)), ApiValidationError, MISMATCH, 1),
        (failure(ext(classification="AccessDeniedError")), ApiAccessDeniedError, None, 1),
        (failure(ext(code="ThrottlingException")), ApiThrottlingError, None, 4),
        (
            failure({"message": "boom", "errorType": "InternalServerError"}),
            ApiInternalServerError,
            None,
            1,
        ),
        (failure({"message": "what"}), ApiError, None, 1),
        (failure(entry(None, MISMATCH)), ApiValidationError, MISMATCH, 1),
    ],
    ids=[
        "errorType+errorCode",
        "classification",
        "code-as-type",
        "entry-level",
        "bare",
        "code-only",
    ],
)
def test_error_layouts_become_catalog_errors(
    make: Callable[..., OrderClient],
    answer: httpx.Response,
    kind: type,
    code: str | None,
    sent: int,
) -> None:
    """Every errors[] layout the catalog reads becomes its exception; only throttling is retried."""
    script = Script(answer)
    with pytest.raises(ApiError) as raised:
        make(script).update_order(update_variables(ORDER_ID, {}))
    assert type(raised.value) is kind and raised.value.code == code
    assert len(script.requests) == sent


def test_every_error_of_a_response_is_kept(make: Callable[..., OrderClient]) -> None:
    """The raised error carries the response's other errors in ``errors``."""
    script = Script(failure(entry("ValidationError", "AddressMismatch"), entry("ThrottlingError")))
    with pytest.raises(ApiValidationError) as raised:
        make(script).create_order(create_variables())
    assert [type(e).__name__ for e in raised.value.errors] == [
        "ApiValidationError",
        "ApiThrottlingError",
    ]


@pytest.mark.parametrize(
    ("status", "kind"), [(403, ApiAccessDeniedError), (500, ApiInternalServerError)]
)
def test_http_status_without_body_is_typed_and_not_retried(
    make: Callable[..., OrderClient], status: int, kind: type
) -> None:
    """403 and 5xx without a GraphQL body become their errors; the catalog says not to retry."""
    script = Script(httpx.Response(status, text="<html>nope</html>"))
    with pytest.raises(kind) as raised:
        make(script).update_order(update_variables(ORDER_ID, {}))
    assert "nope" in str(raised.value) and len(script.requests) == 1


def test_http_429_is_retried_then_succeeds(make: Callable[..., OrderClient]) -> None:
    """A bare 429 is throttling: retried, and the second answer is used."""
    script = Script(httpx.Response(429), data("order", ORDER))
    result = make(script).order(ORDER_ID)
    assert result.attempts == 2 and result.order_id == ORDER_ID


def test_status_beats_untyped_errors(make: Callable[..., OrderClient]) -> None:
    """A 429 whose errors[] names no type is still throttling."""
    script = Script(failure({"message": "rate"}, status=429), data("order", ORDER))
    assert make(script).order(ORDER_ID).attempts == 2


def test_retry_after_seconds_is_honoured(make: Callable[..., OrderClient]) -> None:
    """The wait before a retry is the Retry-After the server sent, not the backoff."""
    slow = RetrySettings(attempts=3, wait_initial=5.0, wait_max=5.0, wait_jitter=0.0)
    script = Script(failure(entry("ThrottlingError"), retry_after="0.05"), data("order", ORDER))
    with retries_seen() as seen:
        make(script, retry=slow).order(ORDER_ID)
    assert [round(d.wait_for, 3) for d in seen] == [0.05]


def test_retry_after_past_the_deadline_is_not_waited_for(make: Callable[..., OrderClient]) -> None:
    """A Retry-After that would end after the retry timeout raises at once."""
    bounded = RetrySettings(attempts=5, timeout=1.0, wait_initial=0.001)
    script = Script(failure(entry("ThrottlingError"), retry_after="120"))
    with pytest.raises(ApiThrottlingError):
        make(script, retry=bounded).order(ORDER_ID)
    assert len(script.requests) == 1


def test_retry_after_forms() -> None:
    """Retry-After reads delay-seconds and HTTP dates; anything else is ignored."""
    now = dt.datetime(2026, 1, 1, 12, 0, 0, tzinfo=dt.UTC)
    assert retry_after("3") == 3.0
    assert retry_after(" 1.5 ") == 1.5
    assert retry_after("Thu, 01 Jan 2026 12:00:10 GMT", now) == 10.0
    assert retry_after("0") == 0.0
    ignored = (None, "", "soon", "inf", "nan", "-4", "-5", "Thu, 01 Jan 2026 11:00:00 GMT")
    assert [retry_after(v, now) for v in ignored] == [None] * len(ignored)


def test_attempts_are_bounded(make: Callable[..., OrderClient]) -> None:
    """Throttling is retried at most ``attempts`` times in all, then raised."""
    script = Script(failure(entry("ThrottlingError")))
    with pytest.raises(ApiThrottlingError):
        make(script, retry=RetrySettings(attempts=3, wait_initial=0.001, wait_jitter=0)).order(
            ORDER_ID
        )
    assert len(script.requests) == 3


def test_update_conflict_retried_but_create_server_error_never_resent(
    make: Callable[..., OrderClient],
) -> None:
    """updateOrder's ConflictException is retried; a createOrder that failed is not resent.

    A server failure may come after the order was stored: the createOrder's outcome is unknown.
    """
    update = update_variables(ORDER_ID, {"desiredExecutionState": "STARTED"})
    script = Script(failure(entry("ConflictException")), data("updateOrder", {"order": ORDER}))
    assert make(script).update_order(update).attempts == 2
    script = Script(failure(entry("InternalServerError")), CREATED)
    with pytest.raises(OrderOutcomeUnknownError) as unknown:
        make(script).create_order(create_variables())
    assert isinstance(unknown.value.cause, ApiInternalServerError)
    assert len(script.requests) == 1


@pytest.mark.parametrize(
    ("operation", "failure_", "sent"),
    [
        ("updateOrder", httpx.ConnectError("refused"), 2),
        ("updateOrder", httpx.ReadTimeout("late"), 1),
        ("order", httpx.ReadTimeout("late"), 2),
        ("createOrder", httpx.RemoteProtocolError("gone"), 2),
    ],
)
def test_transport_failures_retried_only_when_safe(
    make: Callable[..., OrderClient], operation: str, failure_: Exception, sent: int
) -> None:
    """Unsent requests are always retried; lost answers only for the query and createOrder."""
    payload = ORDER if operation == "order" else {"order": ORDER}
    script = Script(failure_, data(operation, payload))
    client = make(script)
    calls: dict[str, Callable[[], object]] = {
        "updateOrder": lambda: client.update_order(update_variables(ORDER_ID, {})),
        "order": lambda: client.order(ORDER_ID),
        "createOrder": lambda: client.create_order(create_variables()),
    }
    try:
        calls[operation]()
    except httpx.TransportError:
        assert sent == 1
    assert len(script.requests) == sent


def test_first_attempt_conflict_recovers_by_alias(make: Callable[..., OrderClient]) -> None:
    """A ConflictError on createOrder looks the alias up; the same lines make it this order."""
    sent = create_variables(order_ref="1042")
    found = {**ORDER, "lineItems": [{"id": "L1", "amount": {"value": 1, "unit": "ONE"}}]}
    script = Script(failure(entry("ConflictError")), data("order", found))
    result = make(script).create_order(sent)
    assert result.recovered and result.order_id == ORDER_ID
    lookup = script.bodies[1]["variables"]["orderIdentifier"]
    assert lookup == {"alias": {"aliasType": "EXTERNAL_ID", "aliasId": "order-1042-0"}}


def test_alias_not_found_reraises_the_conflict(make: Callable[..., OrderClient]) -> None:
    """When no order holds the alias after all, the API's own error is raised."""
    script = Script(
        failure(entry("ValidationError", "AliasValueAlreadyExists")),
        failure(entry("ResourceNotFoundError")),
    )
    with pytest.raises(ApiValidationError):
        make(script).create_order(create_variables())


def test_empty_answers(make: Callable[..., OrderClient]) -> None:
    """A missing order is ApiNotFoundError; a mutation answering no data is a PayloadError."""
    with pytest.raises(ApiNotFoundError):
        make(Script(data("order", None))).order(ORDER_ID)  # type: ignore[arg-type]
    with pytest.raises(PayloadError):
        make(Script(httpx.Response(200, json={"data": None}))).create_order(create_variables())


def test_request_shape(make: Callable[..., OrderClient]) -> None:
    """Headers, operation name and variables (Decimal quantities as numbers) are sent as set."""
    script = Script(CREATED)
    variables = create_variables()
    variables["input"]["lineItems"][0]["amount"]["value"] = Decimal("2")
    make(script, target_id="store-9", auth="tok").create_order(variables)
    (request,) = script.requests
    assert request.headers["authorization"] == "Bearer tok"
    assert request.headers["x-api-target-id"] == "store-9"
    assert request.headers["x-api-version"] == "2024-11-01"
    body = json.loads(request.content)
    assert body["operationName"] == "CreateOrder" and "createOrder(input: $input)" in body["query"]
    assert body["variables"]["input"]["lineItems"][0]["amount"]["value"] == 2


def test_older_version_documents(make: Callable[..., OrderClient]) -> None:
    """On 2024-04-01 updateOrder carries orderId in its input and reads deliveryInformation."""
    script = Script(data("updateOrder", {"order": ORDER}))
    version = ApiVersion.V2024_04_01
    make(script, api_version=version).update_order(update_variables(ORDER_ID, {}, version))
    query = script.bodies[0]["query"]
    assert "updateOrder(input: $input)" in query and "deliveryInformation" in query


def test_async_client_retries_throttling() -> None:
    """AsyncOrderClient retries a throttled query like the sync client."""
    script = Script(httpx.Response(429), data("order", ORDER))

    async def query() -> int:
        transport = httpx.MockTransport(script)
        async with httpx.AsyncClient(transport=transport) as http:
            client = AsyncOrderClient(endpoint="https://api.test/graphql", http=http, retry=QUICK)
            return (await client.order(ORDER_ID)).attempts

    assert asyncio.run(query()) == 2


def test_retry_settings_are_checked() -> None:
    """Nonsense retry bounds are refused when the settings are made."""
    with pytest.raises(ValueError):
        RetrySettings(attempts=0)
    with pytest.raises(ValueError):
        RetrySettings(timeout=0)
