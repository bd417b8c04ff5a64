"""Guard: what a fulfillment system holds to check a request before sending it to the API."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from orderguard.api import Dialect, dialect_for
from orderguard.enums import DEFAULT_API_VERSION, ApiVersion, Operation
from orderguard.policies import Checker, Context, Decision, Rule, default_rules
from orderguard.statemachine import OrderSnapshot

SnapshotLike = OrderSnapshot | Mapping[str, Any] | None
"""The order as last seen: a snapshot, or ``order`` query JSON (bare or enveloped)."""
ContextLike = Context | Mapping[str, Any] | None
"""The merchant's facts: a ``Context``, or its camelCase JSON."""


def _rules(dialect: Dialect, extra_rules: Iterable[Rule]) -> tuple[Rule, ...]:
    """The built-in rules, with any extra rule of the same name replacing the built-in one."""
    extra = tuple(extra_rules)
    for rule in extra:
        if not isinstance(rule, Rule):
            raise TypeError(f"{rule!r} is not a Rule: it needs name, operations and __call__")
    replaced = {rule.name for rule in extra}
    return (*(rule for rule in default_rules(dialect) if rule.name not in replaced), *extra)


class Guard:
    """Checks createOrder, updateOrder and cancelOrder requests before they are sent.

    ``check_*`` return a ``Decision`` holding every violation and never raise for a rejected
    request; ``enforce_*`` raise ``RequestRejectedError`` carrying all of them instead.

    - ``api_version``: the version requests are written for (default 2024-11-01).
    - ``dialect``: the version's spellings and limits; default: the documented ones (pass
      ``attrs.evolve(dialect_for(v), max_order_aliases=2)`` to tighten a limit).
    - ``disabled`` / ``warnings``: rule names (``max_order_links``) or error codes
      (``OrderLinkLimitExceeded``) to switch off or to report without blocking.
    - ``extra_rules``: your own rules (see ``orderguard.policies.Rule``); one named like a
      built-in rule replaces it.

    An unknown name in ``disabled`` or ``warnings`` raises ``UnknownRuleError`` listing the valid
    ones; an unknown version raises ``UnsupportedVersionError``.
    """

    __slots__ = ("_checker",)

    def __init__(
        self,
        api_version: ApiVersion | str = DEFAULT_API_VERSION,
        *,
        dialect: Dialect | None = None,
        disabled: Iterable[str] = (),
        warnings: Iterable[str] = (),
        extra_rules: Iterable[Rule] = (),
    ) -> None:
        documented = dialect_for(api_version)
        dialect = dialect or documented
        if dialect.version != documented.version:
            raise ValueError(f"dialect is {dialect.version}, the guard is for {documented.version}")
        self._checker = Checker(
            _rules(dialect, extra_rules), dialect, frozenset(disabled), frozenset(warnings)
        )

    def __repr__(self) -> str:
        checker = self._checker
        return (
            f"Guard(api_version={self.api_version.value!r}, "
            f"disabled={sorted(checker.disabled)}, warnings={sorted(checker.warnings)})"
        )

    @property
    def api_version(self) -> ApiVersion:
        """The API version requests are checked against."""
        return self._checker.dialect.version

    @property
    def dialect(self) -> Dialect:
        """The version's spellings and limits in force."""
        return self._checker.dialect

    @property
    def rules(self) -> tuple[Rule, ...]:
        """Every rule the guard runs (disabled ones included; they are skipped)."""
        return self._checker.rules

    def check(
        self,
        operation: Operation | str,
        variables: object,
        snapshot: SnapshotLike = None,
        context: ContextLike = None,
    ) -> Decision:
        """Every violation in the GraphQL ``variables`` of ``operation``; never raises for one.

        Raises ``PayloadError`` for an unknown operation, an order JSON that is not an order,
        or context JSON that does not fit.
        """
        return self._checker.check(
            operation, variables, self._snapshot(snapshot), _context(context)
        )

    def check_create(self, variables: object, context: ContextLike = None) -> Decision:
        """Check createOrder variables (``{"input": {...}}``)."""
        return self._checker.check(Operation.CREATE_ORDER, variables, None, _context(context))

    def check_update(
        self, variables: object, snapshot: SnapshotLike, context: ContextLike = None
    ) -> Decision:
        """Check updateOrder variables against the order as last seen (``None``: unknown)."""
        return self.check(Operation.UPDATE_ORDER, variables, snapshot, context)

    def check_cancel(
        self, variables: object, snapshot: SnapshotLike, context: ContextLike = None
    ) -> Decision:
        """Check cancelOrder variables against the order as last seen (``None``: unknown)."""
        return self.check(Operation.CANCEL_ORDER, variables, snapshot, context)

    def enforce(
        self,
        operation: Operation | str,
        variables: object,
        snapshot: SnapshotLike = None,
        context: ContextLike = None,
    ) -> Decision:
        """Like ``check``, but raise ``RequestRejectedError`` carrying every violation."""
        return self.check(operation, variables, snapshot, context).raise_for_violations()

    def enforce_create(self, variables: object, context: ContextLike = None) -> Decision:
        """``check_create``, raising ``RequestRejectedError`` if the request would be rejected."""
        return self.check_create(variables, context).raise_for_violations()

    def enforce_update(
        self, variables: object, snapshot: SnapshotLike, context: ContextLike = None
    ) -> Decision:
        """``check_update``, raising ``RequestRejectedError`` if the request would be rejected."""
        return self.check_update(variables, snapshot, context).raise_for_violations()

    def enforce_cancel(
        self, variables: object, snapshot: SnapshotLike, context: ContextLike = None
    ) -> Decision:
        """``check_cancel``, raising ``RequestRejectedError`` if the request would be rejected."""
        return self.check_cancel(variables, snapshot, context).raise_for_violations()

    def _snapshot(self, snapshot: SnapshotLike) -> OrderSnapshot | None:
        if snapshot is None or isinstance(snapshot, OrderSnapshot):
            return snapshot
        return OrderSnapshot.from_json(snapshot, self.api_version)


def _context(context: ContextLike) -> Context | None:
    if context is None or isinstance(context, Context):
        return context
    return Context.from_json(context)
