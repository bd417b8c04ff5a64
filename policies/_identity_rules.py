"""createOrder rules about the shopper's identity: the token's form, its expiry, Prime status.

The token's form is checked from the request alone. Expiry needs ``Context.token_expires_at``
or ``token_acquired_at`` + ``token_lifetime``; Prime status needs ``Context.shopper_prime``.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any

import attrs

from orderguard.api import Dialect, IdentityToken
from orderguard.errors import Violation
from orderguard.policies._rule import CREATE, CheckedRequest, FunctionRule, Rule

_SANDBOX_PREFIX = "sandbox-mocked-"
_SANDBOX_TYPES = frozenset({"ACCESS_TOKEN", "CHECKOUT_SESSION_ID"})


@attrs.frozen(slots=True)
class _TokenField:
    """One token-bearing field of ``shopperIdentity``."""

    path: str
    value: str
    sandbox_type: str | None
    max_length: int


def _token_fields(identity: IdentityToken | None, dialect: Dialect) -> Iterator[_TokenField]:
    """The tokens ``identity`` carries, with the sandbox type and length each may have."""
    if identity is None:
        return
    base, longest = "input.shopperIdentity", dialect.idp_token_max_length
    if identity.lwa_access_token is not None:
        value = identity.lwa_access_token.value
        yield _TokenField(f"{base}.lwaAccessToken.value", value, "ACCESS_TOKEN", longest)
    if identity.idp_token is not None:
        yield _TokenField(f"{base}.idPToken", identity.idp_token, None, longest)
    if identity.apay_checkout_session_id is not None:
        value, longest = identity.apay_checkout_session_id.value, dialect.apay_session_id_max_length
        path = f"{base}.apayCheckoutSessionId.value"
        yield _TokenField(path, value, "CHECKOUT_SESSION_ID", longest)


def _sandbox_payload(token: str) -> dict[str, Any] | None:
    """The decoded JSON of a base64 sandbox mock token; ``None`` for any other token."""
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


def _token_problem(field: _TokenField) -> str | None:
    """What is wrong with one token, or ``None`` when it may be sent."""
    token = field.value
    if not token.strip():
        return "the token is empty"
    if len(token) > field.max_length:
        return f"the token is {len(token)} characters long; at most {field.max_length} are allowed"
    if token.startswith(_SANDBOX_PREFIX):
        return "a sandbox mock token is sent base64-encoded, exactly as published"
    payload = _sandbox_payload(token)
    return None if payload is None else _sandbox_problem(payload, field.sandbox_type)


def _identity_token(request: CheckedRequest) -> Iterator[Violation]:
    for field in _token_fields(request.create.shopper_identity, request.dialect):
        problem = _token_problem(field)
        if problem:
            yield request.violation(
                "InvalidIdpToken",
                field.path,
                problem,
                expected=f"a token of 1 to {field.max_length} characters as issued",
                found=f"{len(field.value)} characters",
            )
    yield from _external_id(request)


def _external_id(request: CheckedRequest) -> Iterator[Violation]:
    """An Amazon Pay session's ``externalId`` is 1 to 512 characters (reference section 5)."""
    identity = request.create.shopper_identity
    session = identity.apay_checkout_session_id if identity else None
    longest = request.dialect.external_id_max_length
    if session is not None and not 1 <= len(session.external_id) <= longest:
        yield request.violation(
            "InvalidIdpToken",
            "input.shopperIdentity.apayCheckoutSessionId.externalId",
            f"the checkout session's externalId is {len(session.external_id)} characters long",
            expected=f"1 to {longest} characters",
            found=f"{len(session.external_id)} characters",
        )


def identity_token() -> Rule:
    """The shopper's token (and Amazon Pay external ID) is non-empty, not too long, well-formed."""
    return FunctionRule("identity_token", CREATE, _identity_token)


def _token_expiry(request: CheckedRequest) -> Iterator[Violation]:
    expiry = request.context.token_expiry if request.context else None
    fields = _token_fields(request.create.shopper_identity, request.dialect)
    first = next(fields, None)
    if expiry is not None and first is not None and expiry <= request.now:
        yield request.violation(
            "ExpiredIdpToken",
            first.path,
            f"the shopper's token expired at {expiry.isoformat()}",
            expected=f"a token valid after {request.now.isoformat()}",
            found=f"expired {expiry.isoformat()}",
        )


def token_expiry() -> Rule:
    """The shopper's token has not expired (needs the context's expiry or acquisition time)."""
    return FunctionRule("token_expiry", CREATE, _token_expiry)


def _prime_membership(request: CheckedRequest) -> Iterator[Violation]:
    if request.context is None or request.context.shopper_prime is not False:
        return
    prime = [line.position for line in request.lines if line.prime]
    if prime:
        yield request.violation(
            "ShopperNotPrime",
            "input.shopperIdentity",
            f"the shopper is not a Prime member, yet lines {prime} ask for Prime delivery",
            expected="a Prime member's token, or no Prime lines",
            found="not a Prime member",
        )


def prime_membership() -> Rule:
    """Prime lines only for a Prime member (needs the context's ``shopper_prime``)."""
    return FunctionRule("prime_membership", CREATE, _prime_membership)
