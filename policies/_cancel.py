"""cancelOrder rules: every package still PENDING (by the state machine), at most N aliases.

``cancel_precondition`` needs the order as last seen (a snapshot); without one it does not
fire. The decision itself is the snapshot's ``cancel_error``
(``statemachine.couplings.cancel_decision``).

Decisions (reference §7.5, GAP: cancelOrder's error table was not captured): a cancellation of
an order whose packages are not all PENDING, or whose cancellation already succeeded, is a
``ValidationError`` without a code (orderguard's ``CancellationRequiresPendingPackages``); more
aliases than the version allows (§3.8: 0 to 5, a limit 2024-11-01 added;
``Dialect.max_cancellation_aliases``) is ``CancellationAliasLimitExceeded``, also codeless.
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from orderguard.errors import Violation
from orderguard.policies._addressed import named_order
from orderguard.policies._rule import (
    CANCEL,
    NEEDS_SNAPSHOT,
    CheckedRequest,
    FunctionRule,
    Rule,
    RuleBase,
    RuleEntry,
)


def _identifier_path(request: CheckedRequest) -> str:
    """Where the request names the order: outside ``input`` on 2024-11-01, inside before."""
    return named_order(request.cancel, request.dialect)[0]


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
    limit: int | None

    def __call__(self, request: CheckedRequest) -> Iterator[Violation]:
        cancel_input = request.cancel.input
        count = len(cancel_input.aliases or ()) if cancel_input else 0
        if self.limit is not None and count > self.limit:
            yield request.violation(
                "CancellationAliasLimitExceeded",
                "input.aliases",
                f"the cancellation carries {count} aliases; at most {self.limit} are allowed",
                expected=f"at most {self.limit} aliases",
                found=count,
            )


def max_cancellation_aliases(limit: int | None = 5) -> Rule:
    """At most ``limit`` aliases on a cancellation (``None``: no cap)."""
    return _MaxCancellationAliases(limit)


CANCEL_RULES = (
    RuleEntry(cancel_precondition, ("CancellationRequiresPendingPackages",), needs=NEEDS_SNAPSHOT),
    RuleEntry(
        max_cancellation_aliases,
        ("CancellationAliasLimitExceeded",),
        ("max_cancellation_aliases",),
    ),
)
"""Every cancelOrder rule, in the order the checker runs them."""
