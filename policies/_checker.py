"""The checker: parse a request, run every rule for its operation, return one Decision.

A request that does not fit the input schema is not an exception here: each misfit becomes a
``SchemaError`` violation with its path (an unknown field an ``UnknownInputField`` one), and the
rules still judge what could be read (the misfitting fields left out); a rule's finding inside a
part that was left out is dropped.
Rules can be switched off or downgraded to warnings by rule name or by error code.

What a check would otherwise work out again per request is worked out once, when the checker is
built: for each operation, with or without the order as last seen and with or without the
context, the rules to run (a built-in rule that finds nothing without the order or the context
is not run without it; see ``RuleEntry.needs``).
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
from orderguard.policies._addressed import check_addressed
from orderguard.policies._context import Context
from orderguard.policies._decision import Decision
from orderguard.policies._rule import CheckedRequest, FunctionRule, Need, Rule
from orderguard.policies.rules import REGISTRY
from orderguard.statemachine import OrderSnapshot

_MUTATIONS = (Operation.CREATE_ORDER, Operation.UPDATE_ORDER, Operation.CANCEL_ORDER)
_MUTATION_NAMED: Mapping[object, Operation] = {op: op for op in _MUTATIONS}
"""Each mutation by itself and by its name (``Operation`` hashes and compares as its name)."""
_SCHEMA_ERROR = "SchemaError"
_UNKNOWN_FIELD = "UnknownInputField"
_BUILT_IN = {entry.name: entry for entry in REGISTRY}

Step = tuple[str, Callable[[CheckedRequest], Iterable[Violation]]]
"""One rule of a plan: its name and what to call with the request."""
PlanKey = tuple[Operation, bool, bool]
"""(operation, order as last seen given?, context given?)."""


@attrs.frozen(slots=True)
class Plan:
    """What a check runs for one (operation, order given, context given), worked out once."""

    steps: tuple[Step, ...]
    skipped: tuple[str, ...]


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _known_names(rules: Iterable[Rule]) -> tuple[str, ...]:
    """What ``disabled`` and ``warnings`` may name: rule names and the mutations' error names."""
    codes = {spec.name for spec in CATALOG.specs() if spec.operation in _MUTATIONS}
    return tuple(sorted({rule.name for rule in rules} | codes))


def _needs(rule: Rule, dialect: Dialect) -> frozenset[Need]:
    """What ``rule`` finds nothing without: what it declares, or its registry entry's ``needs``.

    The entry speaks only for the built-in rule itself: a rule that merely takes a built-in
    rule's name runs unless it declares ``needs`` of its own.
    """
    own: frozenset[Need] | None = getattr(rule, "needs", None)
    if own:
        return own
    entry = _BUILT_IN.get(rule.name)
    return entry.needs if entry is not None and entry.make(dialect) == rule else frozenset()


def _step(rule: Rule) -> Step:
    # A FunctionRule's __call__ only calls its function: call that (one frame less per rule).
    return rule.name, rule.check if type(rule) is FunctionRule else rule


def _plans(rules: tuple[Rule, ...], dialect: Dialect) -> Mapping[PlanKey, Plan]:
    """The plan of each (operation, snapshot given, context given).

    Its steps run in rule order; ``skipped`` names the rules left out for lack of the order or
    the context.
    """
    needs = [(rule, _needs(rule, dialect)) for rule in rules]
    plans = {}
    for op, snapshot, context in itertools.product(_MUTATIONS, (False, True), (False, True)):
        given = {Need.SNAPSHOT} if snapshot else set()
        given |= {Need.CONTEXT} if context else set()
        mine = [(rule, need) for rule, need in needs if op in rule.operations]
        runs = tuple(_step(rule) for rule, need in mine if need <= given)
        skipped = tuple(rule.name for rule, need in mine if not need <= given)
        plans[op, snapshot, context] = Plan(runs, skipped)
    return plans


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
    _plans: Mapping[PlanKey, Plan] = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        known = _known_names(self.rules)
        unknown = sorted((self.disabled | self.warnings) - set(known))
        if unknown:
            raise UnknownRuleError(unknown, known)
        enabled = tuple(rule for rule in self.rules if rule.name not in self.disabled)
        object.__setattr__(self, "_plans", _plans(enabled, self.dialect))

    def check(
        self,
        operation: Operation | str,
        variables: object,
        snapshot: OrderSnapshot | None = None,
        context: Context | None = None,
    ) -> Decision:
        """Every violation in ``variables`` (GraphQL variables JSON); never raises for them.

        Raises ``PayloadError`` only for an operation that is not a mutation of the Order API,
        and its ``OrderMismatchError`` when ``snapshot`` is not the order the request names.
        """
        op = _MUTATION_NAMED.get(operation) or mutation_named(operation)
        version = self.dialect.version
        read = read_variables(op, variables, self.dialect)
        if read.variables is None:
            return Decision(op, version, tuple(self._schema_violations(read)))
        if snapshot is not None:
            check_addressed(op, read.variables, self.dialect, snapshot)
        now = context.now if context and context.now else self.clock()
        request = CheckedRequest(op, self.dialect, read.variables, now, snapshot, context)
        plan = self._plans[op, snapshot is not None, context is not None]
        found = self._run(request, plan.steps)
        if read.issues:
            found = [*self._schema_violations(read), *_as_sent(read, found)]
        return Decision(op, version, tuple(found), plan.skipped)

    def _schema_violations(self, read: ReadRequest) -> Iterator[Violation]:
        for issue in read.issues:
            name = _UNKNOWN_FIELD if issue.unknown_field else _SCHEMA_ERROR
            spec = CATALOG.get_spec(read.operation, name)
            violation = Violation(spec, issue.path, issue.message, issue.expected, issue.found)
            configured = self._configured("schema", violation)
            if configured is not None:
                yield configured

    def _run(self, request: CheckedRequest, steps: tuple[Step, ...]) -> list[Violation]:
        found = []
        for name, call in steps:
            for violation in call(request):
                configured = self._configured(name, violation)
                if configured is not None:
                    found.append(configured)
        return found

    def _configured(self, rule_name: str, violation: Violation) -> Violation | None:
        """The violation as configured: dropped (``None``), downgraded to a warning, or as is."""
        code = violation.spec.name
        if code in self.disabled:
            return None
        if self.warnings and (rule_name in self.warnings or code in self.warnings):
            return attrs.evolve(violation, severity=Severity.WARNING)
        return violation


def _as_sent(read: ReadRequest, violations: Iterable[Violation]) -> Iterator[Violation]:
    """Rule violations at their paths in the request as sent; none inside a part left out."""
    for violation in violations:
        path = read.path_as_sent(violation.path)
        if path is not None:
            yield violation if path == violation.path else attrs.evolve(violation, path=path)
