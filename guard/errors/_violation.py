"""A Violation: one reason the API would reject a request, found before sending it."""

from __future__ import annotations

import enum

import attrs

from orderguard.enums import Operation
from orderguard.errors._catalog import ErrorSpec


class Severity(enum.StrEnum):
    """An ERROR blocks the request; a WARNING (a downgraded rule) is reported only."""

    ERROR = "error"
    WARNING = "warning"


@attrs.frozen(slots=True)
class Violation:
    """One broken rule: the API error it prevents, where, and what was expected and found."""

    spec: ErrorSpec
    path: str
    message: str
    expected: str | None = None
    found: str | None = None
    severity: Severity = Severity.ERROR

    @property
    def operation(self) -> Operation:
        """The operation whose error table holds the prevented error."""
        return self.spec.operation

    @property
    def error_type(self) -> str:
        """The API's error type, e.g. ``ValidationError`` (``SchemaError`` for schema misfits)."""
        return self.spec.error_type

    @property
    def error_code(self) -> str | None:
        """The API's error code, ``None`` where the API documents none."""
        return self.spec.code

    @property
    def name(self) -> str:
        """The catalog entry's name: the API's code, else the type or orderguard's own name.

        ``DuplicateRefundId``; ``SchemaError``; ``CancellationRequiresPendingPackages``.
        """
        return self.spec.name

    @property
    def suggested_action(self) -> str:
        """What to change so the API accepts the request."""
        return self.spec.suggested_action

    def to_json(self) -> dict[str, str | None]:
        """The violation as the CLI's JSON object; ``errorCode`` is null where the API has none."""
        return {
            "errorType": self.error_type,
            "errorCode": self.error_code,
            "name": self.name,
            "path": self.path,
            "message": self.message,
            "suggestedAction": self.suggested_action,
            "severity": self.severity.value,
        }
