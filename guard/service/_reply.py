"""``Reply``: an HTTP answer of the service (status, headers, body), apart from the framework."""

from __future__ import annotations

import json

import attrs

JSON_TYPE = "application/json"


@attrs.frozen(slots=True)
class Reply:
    """Status, end-to-end headers and body bytes, as the client will receive them."""

    status: int
    body: bytes
    headers: tuple[tuple[str, str], ...] = (("content-type", JSON_TYPE),)

    @classmethod
    def json(cls, status: int, document: object) -> Reply:
        """A JSON answer."""
        body = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
        return cls(status, body)
