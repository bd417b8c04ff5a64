"""``POST /v1/events``: Buy with Prime events in, one outcome each, only from known senders.

A sender proves itself with the shared secret in the configured header (an API-key auth
profile) or with HTTP basic credentials (a basic auth profile); both are compared in constant
time and never logged or echoed. Without a configured credential, intake refuses everything.

The body is one event (webhook or EventBridge JSON) or a JSON array of them. Each answer item
is ``{"orderId", "eventId", "outcome", "detail"}`` (as ``orderguard events apply`` prints), or
``{"index", "error"}`` for an event that cannot be read; the others are still applied. The
status is 200 when at least one event was usable, 400 when none was.
"""

from __future__ import annotations

import base64
import binascii
import hmac
from collections.abc import Callable, Mapping
from typing import Any

from orderguard.errors.exceptions import MalformedEventError
from orderguard.service._config import EventCredentials
from orderguard.service._reply import Reply
from orderguard.statemachine import EventResult

JSON = dict[str, Any]
Apply = Callable[[Mapping[str, Any]], EventResult]

REALM = 'Basic realm="orderguard events", charset="UTF-8"'


def refusal(credentials: EventCredentials, headers: Mapping[str, str]) -> Reply | None:
    """``None`` when the request carries a configured credential, else the 401 / 403 answer."""
    if not credentials.configured:
        message = (
            "event intake is closed: start the proxy with ORDERGUARD_EVENTS_SECRET or "
            "ORDERGUARD_EVENTS_BASIC"
        )
        return Reply.json(403, {"error": message})
    if _secret_matches(credentials, headers) or _basic_matches(credentials, headers):
        return None
    reply = Reply.json(401, {"error": "missing or wrong event credentials"})
    if credentials.basic is None:
        return reply
    return Reply(reply.status, reply.body, (*reply.headers, ("www-authenticate", REALM)))


def intake(document: object, apply: Apply) -> tuple[int, list[JSON]]:
    """Apply each event of ``document``; the status and one result per event."""
    events = document if isinstance(document, list) else [document]
    results = [_one(index, event, apply) for index, event in enumerate(events)]
    usable = any("outcome" in result for result in results)
    return (200 if usable else 400), results


def _one(index: int, event: object, apply: Apply) -> JSON:
    if not isinstance(event, Mapping):
        return {"index": index, "error": "an event must be a JSON object"}
    try:
        result = apply(event)
    except MalformedEventError as error:
        return {"index": index, "error": str(error)}
    parsed = result.event
    return {
        "orderId": parsed.order_id,
        "eventId": parsed.event_id,
        "outcome": result.outcome.value,
        "detail": result.detail,
    }


def _secret_matches(credentials: EventCredentials, headers: Mapping[str, str]) -> bool:
    sent = headers.get(credentials.secret_header.lower())
    return bool(credentials.secret) and sent is not None and _same(sent, credentials.secret or "")


def _basic_matches(credentials: EventCredentials, headers: Mapping[str, str]) -> bool:
    scheme, _, encoded = headers.get("authorization", "").partition(" ")
    if credentials.basic is None or scheme.lower() != "basic":
        return False
    try:
        user, _, password = base64.b64decode(encoded, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return False
    expected_user, expected_password = credentials.basic
    # Both compared, whatever the first says, so the timing tells nothing about either.
    return _same(user, expected_user) & _same(password, expected_password)


def _same(sent: str, expected: str) -> bool:
    return hmac.compare_digest(sent.encode(), expected.encode())
