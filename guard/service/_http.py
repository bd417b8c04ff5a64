"""The HTTP edge of the service: bounded JSON bodies in, ``Reply`` values out as responses."""

from __future__ import annotations

import re
import uuid
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from orderguard._json import JsonError, loads
from orderguard.service import _answers
from orderguard.service._reply import Reply

_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


async def json_body(request: Request, limit: int, *, graphql: bool = False) -> bytes | Reply:
    """The body, or the 413 / 415 / 400 answer (GraphQL layout for ``/graphql``)."""

    def refuse(status: int, message: str) -> Reply:
        document = _answers.request_error(message) if graphql else {"error": message}
        return Reply.json(status, document)

    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json":
        return refuse(415, "send the body as application/json")
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        return refuse(413 if declared.isdigit() else 400, f"the body exceeds {limit} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return refuse(413, f"the body exceeds {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


async def json_document(request: Request, limit: int) -> Any:
    """The decoded JSON body, or a ``Reply`` refusing it."""
    body = await json_body(request, limit)
    if isinstance(body, Reply):
        return body
    try:
        return loads(body)
    except JsonError as error:
        return Reply.json(400, {"error": f"the body {error}"})


def request_id(request: Request) -> str:
    """The client's ``x-request-id`` when it is a plain token, else a new one."""
    given = request.headers.get("x-request-id", "")
    return given if _REQUEST_ID.fullmatch(given) else uuid.uuid4().hex


def response(reply: Reply) -> Response:
    """``reply`` as a Starlette response: its status, its headers (the upstream's, as they came)."""
    made = Response(reply.body, status_code=reply.status)
    made.raw_headers = [
        *(h for h in made.raw_headers if h[0] != b"content-type"),
        *(
            (name.lower().encode("latin-1"), value.encode("latin-1"))
            for name, value in reply.headers
        ),
    ]
    return made


def json_response(status: int, document: object) -> Response:
    """A JSON response."""
    return response(Reply.json(status, document))


def error_response(status: int, message: str) -> Response:
    """``{"error": message}`` with ``status`` (the ``/v1`` layout of a refusal)."""
    return json_response(status, {"error": message})
