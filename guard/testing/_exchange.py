"""What a workflow test records: each request, the guard's decision and the API's answer.

``Exchange`` is one request a workflow made; ``Findings`` collects what the built-in checks of
``OrderWorkflowMachine`` saw go wrong, by check, as sentences saying what happened and what to do.
Neither needs hypothesis.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from orderguard.enums import Operation
from orderguard.errors import ApiError
from orderguard.policies import Decision

JSON = dict[str, Any]


@attrs.frozen(slots=True)
class Exchange:
    """One request of a workflow: what it asked, what the guard said, what the API answered.

    ``decision`` is ``None`` for the ``order`` query (the guard checks mutations only). A request
    the guard refused was not sent: ``sent`` is false and ``response`` is ``None``. A sent
    request whose answer was lost has ``lost`` set and no ``response``. ``errors`` holds the API's
    errors, parsed with their catalog entries.
    """

    operation: Operation
    variables: Mapping[str, Any]
    decision: Decision | None
    sent: bool
    response: JSON | None = None
    lost: bool = False
    errors: tuple[ApiError, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the API answered with data (sent, not lost, no errors)."""
        return self.sent and not self.lost and not self.errors and self.response is not None

    @property
    def data(self) -> JSON:
        """The operation's payload (``KeyError`` for a request that got none)."""
        if not self.ok or self.response is None:
            raise KeyError(f"{self.operation.value} got no data: {self.describe()}")
        payload: JSON = self.response["data"][self.operation.value]
        return payload

    def describe(self) -> str:
        """One line: the operation and how it ended."""
        if not self.sent:
            names = (
                ", ".join(v.spec.name for v in self.decision.violations) if self.decision else ""
            )
            return f"{self.operation.value}: refused by the guard ({names})"
        if self.lost:
            return f"{self.operation.value}: sent, response lost"
        if self.errors:
            error = self.errors[0]
            return f"{self.operation.value}: {error.error_type}/{error.code or 'N/A'}"
        return f"{self.operation.value}: ok"


@attrs.define
class Findings:
    """Problems the built-in checks found, by check name, oldest first."""

    found: dict[str, list[str]] = attrs.Factory(dict)

    def add(self, check: str, problem: str) -> None:
        """Record ``problem`` against ``check``."""
        self.found.setdefault(check, []).append(problem)

    def assert_none(self, check: str) -> None:
        """``AssertionError`` listing what ``check`` found, if anything."""
        problems = self.found.get(check)
        if problems:
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            raise AssertionError(f"{check}: {problems[0]}{more}")
