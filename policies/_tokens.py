"""What the createOrder rules know about the shopper's identity tokens (``IdentityTokenInput``).

Reference §1.3 and §5: an LWA access token, an Amazon Pay checkout session (``value`` 1 to 256
characters, ``externalId`` 1 to 512) or the deprecated ``idPToken`` (1 to 2048, with its own
``externalId`` of 1 to 512). INFERENCE: an LWA token is capped like ``idPToken``, the OAuth
access token it describes. The sandbox's mock tokens (§6.11) are base64 of
``{"type": "ACCESS_TOKEN" | "CHECKOUT_SESSION_ID", "value": "sandbox-mocked-..."}``; a decoded or
mistyped one is not a token.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

import attrs

from orderguard.api import Dialect
from orderguard.api.models import IdentityToken
from orderguard.errors import Violation
from orderguard.policies._rule import CheckedRequest

BASE = "input.shopperIdentity"
_SANDBOX_PREFIX = "sandbox-mocked-"
_SANDBOX_TYPES = frozenset({"ACCESS_TOKEN", "CHECKOUT_SESSION_ID"})
_NOT_BASE64 = re.compile(r"[^A-Za-z0-9+/=]")
"""A character no base64 text holds: a real token (``Atza|...``) is told from a mock at once."""


@attrs.frozen(slots=True)
class TokenField:
    """One length-limited string of ``shopperIdentity``: a token or an external ID."""

    path: str
    value: str
    max_length: int
    sandbox_type: str | None = None
    """The sandbox token type that may stand here; ``None`` for external IDs and ``idPToken``."""
    token: bool = True


def token_fields(identity: IdentityToken | None, dialect: Dialect) -> Iterator[TokenField]:
    """The tokens ``identity`` carries, with the sandbox type and length each may have."""
    if identity is None:
        return
    longest = dialect.idp_token_max_length
    if identity.lwa_access_token is not None:
        value = identity.lwa_access_token.value
        yield TokenField(f"{BASE}.lwaAccessToken.value", value, longest, "ACCESS_TOKEN")
    if identity.idp_token is not None:
        yield TokenField(f"{BASE}.idPToken", identity.idp_token, longest)
    session = identity.apay_checkout_session_id
    if session is not None:
        path, longest = f"{BASE}.apayCheckoutSessionId.value", dialect.apay_session_id_max_length
        yield TokenField(path, session.value, longest, "CHECKOUT_SESSION_ID")


def external_ids(identity: IdentityToken | None, dialect: Dialect) -> Iterator[TokenField]:
    """The external IDs ``identity`` carries: the checkout session's and the deprecated one."""
    longest = dialect.external_id_max_length
    session = identity.apay_checkout_session_id if identity else None
    if session is not None:
        path = f"{BASE}.apayCheckoutSessionId.externalId"
        yield TokenField(path, session.external_id, longest, token=False)
    if identity is not None and identity.external_id is not None:
        yield TokenField(f"{BASE}.externalId", identity.external_id, longest, token=False)


def _sandbox_payload(token: str) -> dict[str, Any] | None:
    """The decoded JSON of a base64 sandbox mock token; ``None`` for any other token."""
    if _NOT_BASE64.search(token):
        return None  # what b64decode(validate=True) refuses, without raising
    try:
        decoded = json.loads(base64.b64decode(token + "=" * (-len(token) % 4), validate=True))
    except ValueError:
        return None
    if isinstance(decoded, dict) and {"type", "value"} & decoded.keys():
        return decoded
    return None


def _sandbox_problem(payload: dict[str, Any], expected_type: str | None) -> str | None:
    """What is wrong with a decoded sandbox token, if anything."""
    kind, value = payload.get("type"), payload.get("value")
    if kind not in _SANDBOX_TYPES:
        return f"sandbox token type {kind!r} is neither ACCESS_TOKEN nor CHECKOUT_SESSION_ID"
    if expected_type is not None and kind != expected_type:
        return f"a {kind} sandbox token is sent where a {expected_type} belongs"
    if not isinstance(value, str) or not value.startswith(_SANDBOX_PREFIX):
        return f"a sandbox token's value starts with {_SANDBOX_PREFIX!r}, got {value!r}"
    return None


def token_problem(field: TokenField) -> str | None:
    """What is wrong with one token or external ID, or ``None`` when it may be sent."""
    value = field.value
    if not field.token and not value:
        return "the external ID is empty"
    if field.token and not value.strip():
        return "the token is empty"
    if len(value) > field.max_length:
        return f"it is {len(value)} characters long; at most {field.max_length} are allowed"
    if not field.token:
        return None
    if value.startswith(_SANDBOX_PREFIX):
        return "a sandbox mock token is sent base64-encoded, exactly as published"
    payload = _sandbox_payload(value)
    return None if payload is None else _sandbox_problem(payload, field.sandbox_type)


def identity_violations(request: CheckedRequest) -> Iterable[Violation]:
    """Every token or external ID of the shopper's identity that cannot be sent."""
    identity = request.create.shopper_identity
    return () if identity is None else _identity_violations(request, identity)


def _identity_violations(request: CheckedRequest, identity: IdentityToken) -> Iterator[Violation]:
    tokens = list(token_fields(identity, request.dialect))
    if not tokens:
        message = "shopperIdentity carries no token"
        expected = "an lwaAccessToken, apayCheckoutSessionId or idPToken"
        yield request.violation("InvalidIdpToken", BASE, message, expected, found="no token")
    for field in (*tokens, *external_ids(identity, request.dialect)):
        problem = token_problem(field)
        if problem:
            yield request.violation(
                "InvalidIdpToken",
                field.path,
                problem,
                expected=f"1 to {field.max_length} characters as issued",
                found=f"{len(field.value)} characters",
            )


def expiry_violations(request: CheckedRequest) -> Iterator[Violation]:
    """The shopper's first token, if the context says it has expired by now."""
    expiry = request.context.token_expiry if request.context else None
    first = next(token_fields(request.create.shopper_identity, request.dialect), None)
    if expiry is not None and first is not None and expiry <= request.now:
        yield request.violation(
            "ExpiredIdpToken",
            first.path,
            f"the shopper's token expired at {expiry.isoformat()}",
            expected=f"a token valid after {request.now.isoformat()}",
            found=f"expired {expiry.isoformat()}",
        )
