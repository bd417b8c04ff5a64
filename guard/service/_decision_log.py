"""The decision log: one JSON line per judged mutation, for audits and for report mode.

Each line is ``{"at", "id", "operation", "field", "order", "apiVersion", "allowed",
"violations", "mode", "outcome"}``: ``id`` is the request's (the client's ``x-request-id`` or
one the proxy made), ``order`` the order's ID or ``aliasType:aliasId`` (``null`` for
createOrder), ``outcome`` what became of the mutation (:data:`OUTCOMES`). Headers, tokens and
secrets are never written: a line holds only the decision and the names above.
"""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from typing import IO, Any

from orderguard.policies import Decision

OUTCOMES = (
    "forwarded",  # allowed and sent; the answer came back
    "refused",  # refused by the guard, not sent (enforce mode)
    "withheld",  # allowed, but not sent: another mutation of the same request was refused
    "reported",  # refused by the guard but sent anyway (report mode)
    "busy",  # not sent: another request of the same order was in flight
    "unavailable",  # not sent: the order could not be read (store or upstream query failed)
    "unreachable",  # not sent: the upstream could not be reached
    "lost",  # sent, but the upstream's answer never came
)
"""Every ``outcome`` a decision line may have."""


class DecisionLog:
    """Writes decision lines to a text stream (a file, or standard output); thread-safe."""

    def __init__(self, stream: IO[str] | None) -> None:
        self._stream = stream
        self._lock = threading.Lock()

    def write(
        self,
        *,
        request_id: str,
        field: str,
        order: str | None,
        decision: Decision,
        mode: str,
        outcome: str,
    ) -> None:
        """Append one line (nothing when the log is off)."""
        if self._stream is None:
            return
        line: dict[str, Any] = {
            "at": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "id": request_id,
            "operation": decision.operation.value,
            "field": field,
            "order": order,
            "apiVersion": decision.api_version.value,
            "allowed": decision.allowed,
            "violations": [violation.to_json() for violation in decision.violations],
            "mode": mode,
            "outcome": outcome,
        }
        text = json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n"
        with self._lock:
            self._stream.write(text)
            self._stream.flush()
