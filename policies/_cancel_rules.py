"""cancelOrder rules: every package still PENDING (by the state machine), at most N aliases.

``cancel_precondition`` needs the order as last seen (a snapshot); without one it does not
fire. The decision itself is the snapshot's ``cancel_error`` (``statemachine.cancel_decision``).
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from orderguard.errors import Violation
from orderguard.policies._rule import CANCEL, CheckedRequest, FunctionRule, Rule, RuleBase


def _identifier_path(request: CheckedRequest) -> str:
    """Where the request names the order: outside ``input`` on 2024-11-01, inside before."""
    variables = request.cancel
    if request.dialect.identifier_argument or variables.order_identifier is not None:
        return "orderIdentifier"
    return "input.orderIdentifier"


def _cancel_precondition(request: CheckedRequest) -> Iterator[Violation]:
    snapshot = request.snapshot
    spec = snapshot.cancel_error if snapshot else None
    if snapshot is not None and spec is not None:
        packages = ", ".join(package.state for package in snapshot.packages) or "unknown"
        yield request.violation(
            spec.name,
            _identifier_path(request),
            spec.description,
            expected="every package PENDING and no cancellation already succeeded",
            found=f"packages {packages}, cancellation {snapshot.cancellation or 'none'}",
        )


def cancel_precondition() -> Rule:
    """cancelOrder only while the state machine allows it: every package still PENDING."""
    return FunctionRule("cancel_precondition", CANCEL, _cancel_precondition)


@attrs.frozen(slots=True, repr=False)
class _MaxCancellationAliases(RuleBase):
    name = "max_cancellation_aliases"
    operations = CANCEL
    limit: int

    def __call__(self, request: CheckedRequest) -> Iterator[Violation]:
        cancel_input = request.cancel.input
        count = len(cancel_input.aliases or ()) if cancel_input else 0
        if count > self.limit:
            yield request.violation(
                "CancellationAliasLimitExceeded",
                "input.aliases",
                f"the cancellation carries {count} aliases; at most {self.limit} are allowed",
                expected=f"at most {self.limit} aliases",
                found=count,
            )


def max_cancellation_aliases(limit: int = 5) -> Rule:
    """At most ``limit`` aliases on a cancellation."""
    return _MaxCancellationAliases(limit)
