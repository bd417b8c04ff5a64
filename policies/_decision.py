"""Decision: the checker's answer for one request, every violation included."""

from __future__ import annotations

from typing import Any

import attrs

from orderguard.enums import ApiVersion, Operation
from orderguard.errors import RequestRejectedError, Severity, Violation


@attrs.frozen(slots=True)
class Decision:
    """Whether a request may be sent, and every violation found in it.

    ``allowed`` is true when no violation has ERROR severity; warnings (downgraded rules) are
    reported but do not block. ``skipped`` names the rules that could not run for lack of the
    order as last seen or of the context (see ``orderguard.policies.rules.Need``): an allowed
    decision says nothing about them.
    """

    operation: Operation
    api_version: ApiVersion
    violations: tuple[Violation, ...] = ()
    skipped: tuple[str, ...] = ()

    @property
    def allowed(self) -> bool:
        """Whether the request may be sent: no violation of ERROR severity."""
        return not self.errors

    @property
    def errors(self) -> tuple[Violation, ...]:
        """The violations that block the request."""
        return tuple(v for v in self.violations if v.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Violation, ...]:
        """The violations reported only (rules or codes downgraded to warnings)."""
        return tuple(v for v in self.violations if v.severity is Severity.WARNING)

    def to_json(self) -> dict[str, Any]:
        """The decision as ``orderguard check --format json`` prints it."""
        return {
            "operation": self.operation.value,
            "apiVersion": self.api_version.value,
            "allowed": self.allowed,
            "violations": [violation.to_json() for violation in self.violations],
            "skipped": list(self.skipped),
        }

    def raise_for_violations(self) -> Decision:
        """Return ``self`` if allowed; else raise ``RequestRejectedError`` carrying every one."""
        if not self.allowed:
            raise RequestRejectedError(self.operation, self.violations)
        return self
