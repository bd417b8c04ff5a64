"""The checker: parse a request, run every rule for its operation, return one Decision.

A request that does not fit the input schema is not an exception here: each misfit becomes a
``SchemaError`` violation with its path (an unknown field an ``UnknownInputField`` one), and the
rules still judge what could be read (the misfitting fields left out); a rule's finding inside a
part that was left out is dropped.
Rules can be switched off or downgraded to warnings by rule name or by error code.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime

import attrs

from orderguard.api import Dialect, ReadRequest, mutation_named, read_variables
from orderguard.enums import Operation
from orderguard.errors import CATALOG, Severity, Violation
from orderguard.errors.exceptions import UnknownRuleError
from orderguard.policies._context import Context
from orderguard.policies._decision import Decision
from orderguard.policies._rule import CheckedRequest, Need, Rule, needs_of
from orderguard.policies.rules import NEEDS
from orderguard.statemachine import OrderSnapshot

_MUTATIONS = (Operation.CREATE_ORDER, Operation.UPDATE_ORDER, Operation.CANCEL_ORDER)
_SCHEMA_ERROR = "SchemaError"
_UNKNOWN_FIELD = "UnknownInputField"


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _known_names(rules: Iterable[Rule]) -> tuple[str, ...]:
    """What ``disabled`` and ``warnings`` may name: rule names and the mutations' error names."""
    codes = {spec.name for spec in CATALOG.specs() if spec.operation in _MUTATIONS}
    return tuple(sorted({rule.name for rule in rules} | codes))


def _by_operation(rules: tuple[Rule, ...]) -> Mapping[Operation, tuple[Rule, ...]]:
    return {op: tuple(rule for rule in rules if op in rule.operations) for op in _MUTATIONS}


def _skip_table(
    table: Mapping[Operation, tuple[Rule, ...]],
) -> Mapping[tuple[Operation, bool, bool], tuple[str, ...]]:
    """(operation, no snapshot?, no context?) -> the enabled rules that cannot run then."""
    skipped = {}
    for op, rules in table.items():
        needs = [(rule.name, needs_of(rule, NEEDS)) for rule in rules]
        for no_snapshot, no_context in itertools.product((False, True), repeat=2):
            missing = {Need.SNAPSHOT} if no_snapshot else set()
            missing |= {Need.CONTEXT} if no_context else set()
            names = tuple(name for name, need in needs if not need.isdisjoint(missing))
            skipped[op, no_snapshot, no_context] = names
    return skipped


@attrs.frozen(slots=True)
class Checker:
    """Runs ``rules`` over requests of one API version and returns a ``Decision``.

    ``disabled`` and ``warnings`` name rules (``max_order_links``) or error codes
    (``OrderLinkLimitExceeded``, ``SchemaError``); an unknown name raises ``UnknownRuleError``.
    """

    rules: tuple[Rule, ...]
    dialect: Dialect
    disabled: frozenset[str] = frozenset()
    warnings: frozenset[str] = frozenset()
    clock: Callable[[], datetime] = _utc_now
    _table: Mapping[Operation, tuple[Rule, ...]] = attrs.field(init=False, repr=False)
    _skips: Mapping[tuple[Operation, bool, bool], tuple[str, ...]] = attrs.field(
        init=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        known = _known_names(self.rules)
        unknown = sorted((self.disabled | self.warnings) - set(known))
        if unknown:
            raise UnknownRuleError(unknown, known)
        enabled = tuple(rule for rule in self.rules if rule.name not in self.disabled)
        object.__setattr__(self, "_table", _by_operation(enabled))
        object.__setattr__(self, "_skips", _skip_table(self._table))

    def check(
        self,
        operation: Operation | str,
        variables: object,
        snapshot: OrderSnapshot | None = None,
        context: Context | None = None,
    ) -> Decision:
        """Every violation in ``variables`` (GraphQL variables JSON); never raises for them.

        Raises ``PayloadError`` only for an operation that is not a mutation of the Order API.
        """
        op, dialect = mutation_named(operation), self.dialect
        read = read_variables(op, variables, dialect)
        if read.variables is None:
            return Decision(op, dialect.version, tuple(self._schema_violations(read)))
        now = context.now if context and context.now else self.clock()
        request = CheckedRequest(op, dialect, read.variables, now, snapshot, context)
        skipped = self._skipped(op, snapshot, context)
        if not read.issues:
            return Decision(op, dialect.version, tuple(self._run(request)), skipped)
        found = (*self._schema_violations(read), *_as_sent(read, self._run(request)))
        return Decision(op, dialect.version, found, skipped)

    def _schema_violations(self, read: ReadRequest) -> Iterator[Violation]:
        for issue in read.issues:
            name = _UNKNOWN_FIELD if issue.unknown_field else _SCHEMA_ERROR
            spec = CATALOG.get_spec(read.operation, name)
            violation = Violation(spec, issue.path, issue.message, issue.expected, issue.found)
            yield from self._configured("schema", violation)

    def _run(self, request: CheckedRequest) -> Iterator[Violation]:
        for rule in self._table[request.operation]:
            for violation in rule(request):
                yield from self._configured(rule.name, violation)

    def _configured(self, rule_name: str, violation: Violation) -> Iterator[Violation]:
        """The violation as configured: dropped, downgraded to a warning, or as it is."""
        code = violation.spec.name
        if code in self.disabled:
            return
        if self.warnings and (rule_name in self.warnings or code in self.warnings):
            violation = attrs.evolve(violation, severity=Severity.WARNING)
        yield violation

    def _skipped(
        self, op: Operation, snapshot: OrderSnapshot | None, context: Context | None
    ) -> tuple[str, ...]:
        """The names of ``op``'s enabled rules that need a snapshot or context not given."""
        return self._skips[op, snapshot is None, context is None]


def _as_sent(read: ReadRequest, violations: Iterable[Violation]) -> Iterator[Violation]:
    """Rule violations at their paths in the request as sent; none inside a part left out."""
    for violation in violations:
        path = read.path_as_sent(violation.path)
        if path is not None:
            yield violation if path == violation.path else attrs.evolve(violation, path=path)
