"""What the proxy answers instead of the upstream, in the API's own GraphQL error layout.

Each error is ``{"message", "path"?, "extensions": {"errorType", "errorCode"?, ...}}`` with the
``errorCode`` left out where the API's table says N/A, as the API answers (``orderguard.fake``
is the reference); ``orderguard.errors.parse_api_errors`` reads them back into the catalog's
exceptions. A refusal is one error per refused mutation field, typed after its first blocking
violation, and carries every violation of the decision under ``extensions.violations``; the
data is ``null`` because nothing in the request was sent.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from orderguard.errors import PayloadError
from orderguard.policies import Decision
from orderguard.service._graphql import RootField
from orderguard.store import ClaimHeldError

JSON = dict[str, Any]

REFUSED_BY = "orderguard"
"""``extensions.refusedBy`` of every error the proxy answers itself."""


def refusal(refused: Sequence[tuple[RootField, Decision]]) -> JSON:
    """The answer to a request with refused mutations: ``data: null`` and one error per field."""
    return {"data": None, "errors": [_refused_field(field, d) for field, d in refused]}


def _refused_field(field: RootField, decision: Decision) -> JSON:
    first, count = decision.errors[0], len(decision.errors)
    more = f" (and {count - 1} more violation{'s' if count > 2 else ''})" if count > 1 else ""
    extensions: JSON = {"errorType": first.error_type}
    if first.error_code is not None:
        extensions["errorCode"] = first.error_code
    extensions["violations"] = [violation.to_json() for violation in decision.violations]
    extensions["refusedBy"] = REFUSED_BY
    message = f"orderguard refused {field.name} at {first.path or 'the request'}: "
    return {
        "message": message + first.message + more,
        "path": [field.key],
        "extensions": extensions,
    }


def busy(field: RootField, error: ClaimHeldError) -> JSON:
    """Another request of the order is in flight: ``ConflictException``, send it again later."""
    holder = error.holder
    message = (
        f"orderguard: {holder.owner} is sending {holder.action} on {holder.subject}; "
        "send the request again once it has been answered"
    )
    extensions = {"errorType": "ConflictException", "holder": holder.owner, "refusedBy": REFUSED_BY}
    return {
        "data": None,
        "errors": [{"message": message, "path": [field.key], "extensions": extensions}],
    }


def server_error(message: str) -> JSON:
    """The proxy could not judge or send the request: ``InternalServerError``, nothing sent."""
    extensions = {"errorType": "InternalServerError", "refusedBy": REFUSED_BY}
    return {"data": None, "errors": [{"message": message, "extensions": extensions}]}


def bad_request(error: PayloadError) -> JSON:
    """A request that is not a GraphQL request the API could run (400), naming the member."""
    issue = error.issues[0]
    extensions = {"errorType": "ValidationError", "field": issue.path, "refusedBy": REFUSED_BY}
    return {"errors": [{"message": f"{error.what}: {issue}", "extensions": extensions}]}


def request_error(message: str) -> JSON:
    """A request-level refusal (wrong method, media type, size) in the GraphQL error layout."""
    extensions = {"errorType": "ValidationError", "refusedBy": REFUSED_BY}
    return {"errors": [{"message": message, "extensions": extensions}]}
