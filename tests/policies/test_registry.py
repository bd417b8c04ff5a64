"""The registries: every error a pre-flight check can see coming has a rule, a breaker and a
check in the fake.

A locally detectable catalog entry of createOrder, updateOrder or cancelOrder (a validation
error or a schema misfit) needs three things, and the messages below name the one missing:

- a rule: a ``RuleEntry`` of ``orderguard.policies.rules.REGISTRY`` whose ``prevents`` names
  it, on that operation (``SchemaError`` is also the checker's own, from the input schema);
- a breaker: ``orderguard.testing.strategies.BREAKABLE`` holds (operation, name);
- a check in the fake: ``FakeOrderApi`` answers a request breaking it with that error, unless
  only the merchant's context reveals it (``CONTEXT_ONLY``: the fake holds no context).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orderguard.api import dialect_for
from orderguard.enums import ApiVersion, Operation
from orderguard.errors import CATALOG
from orderguard.policies import Checker, Context
from orderguard.policies.rules import (
    CANCEL_RULES,
    CREATE_RULES,
    ORDER_RULES,
    REGISTRY,
    UPDATE_RULES,
    RuleEntry,
    default_rules,
)
from orderguard.testing.strategies import BREAKABLE, BrokenRequest, breakable, broken_requests
from tests.helpers.differential import CONTEXT_ONLY, fake_error, fake_for, translate

C, U, X = Operation.CREATE_ORDER, Operation.UPDATE_ORDER, Operation.CANCEL_ORDER
Key = tuple[Operation, str]
LOCAL: list[Key] = sorted(
    (spec.operation, spec.name)
    for spec in CATALOG.specs()
    if spec.operation in (C, U, X) and spec.locally_detectable
)
"""Every catalog entry of the three mutations a pre-flight check can see coming."""
DIALECT = dialect_for(ApiVersion.V2024_11_01)


def rules_preventing(key: Key) -> list[RuleEntry]:
    """The registered rules that say they report ``key``'s error on its operation."""
    operation, name = key
    return [
        entry
        for entry in REGISTRY
        if name in entry.prevents and operation in entry.make(DIALECT).operations
    ]


def missing(key: Key) -> list[str]:
    """What ``key`` lacks among a rule and a breaker, in words that say where to add it."""
    found = []
    by_schema = CATALOG.get_spec(*key).error_type == "SchemaError"  # the schema reading emits it
    if not by_schema and not rules_preventing(key):
        found.append("no rule emits it (add a RuleEntry to the operation's *_RULES)")
    if key not in BREAKABLE:
        found.append("no breaker in orderguard.testing.strategies (BREAKABLE)")
    return found


def test_every_locally_detectable_error_has_a_rule_and_a_breaker() -> None:
    """Each validation error and misfit of the three mutations has a rule and a breaker."""
    gaps = {f"{op.value} {name}": what for op, name in LOCAL if (what := missing((op, name)))}
    assert gaps == {}


def test_the_registry_names_only_catalog_entries_of_its_rules_operations() -> None:
    """Every name a RuleEntry prevents is a catalog entry of each of its rule's operations."""
    unknown = [
        f"{entry!r}: {op.value} {name}"
        for entry in REGISTRY
        for op in entry.make(DIALECT).operations
        for name in entry.prevents
        if (op, name) not in CATALOG
    ]
    assert unknown == []


def test_every_breaker_breaks_a_catalog_entry() -> None:
    """BREAKABLE holds catalog entries only, each locally detectable."""
    assert sorted(BREAKABLE) == LOCAL


@pytest.mark.parametrize(
    ("registry", "operations"),
    [
        (ORDER_RULES, {C, U}),
        (CREATE_RULES, {C}),
        (UPDATE_RULES, {U}),
        (CANCEL_RULES, {X}),
    ],
)
def test_each_registry_holds_the_rules_of_its_operations(
    registry: tuple[RuleEntry, ...], operations: set[Operation]
) -> None:
    """A module's registry makes rules of its own operations only."""
    assert all(entry.make(DIALECT).operations == operations for entry in registry)


def test_default_rules_are_the_registry_made_for_the_dialect() -> None:
    """default_rules(dialect) makes each registered rule once, in order, with its limits."""
    for version in ApiVersion:
        dialect = dialect_for(version)
        assert default_rules(dialect) == tuple(entry.make(dialect) for entry in REGISTRY)
    assert len({rule.name for rule in default_rules()}) == len(REGISTRY)


def test_a_misspelt_limit_fails_when_the_entry_is_made() -> None:
    """A RuleEntry naming a field Dialect does not have is refused at once, naming it."""
    with pytest.raises(ValueError, match="max_order_link"):
        RuleEntry(default_rules, ("OrderLinkLimitExceeded",), ("max_order_link",))


def test_an_entry_reads_like_its_factory_and_what_it_prevents() -> None:
    """A RuleEntry's repr names the factory, the dialect fields and the errors."""
    (entry,) = (e for e in REGISTRY if e.factory.__name__ == "max_order_links")
    assert repr(entry) == (
        "RuleEntry(max_order_links(dialect.max_order_links) -> OrderLinkLimitExceeded)"
    )
    assert type(entry).__module__ == "orderguard.policies.rules"


CASES = [(version, key) for version in ApiVersion for key in sorted(breakable(version))]


def _strategy(version: ApiVersion, key: Key) -> st.SearchStrategy[BrokenRequest]:
    return broken_requests(version, codes=[key[1]], operations=[key[0]])


@pytest.mark.parametrize(("version", "key"), CASES, ids=lambda value: str(value))
@settings(max_examples=3, deadline=None)
@given(data=st.data())
def test_the_rules_that_say_they_prevent_an_error_report_it(
    version: ApiVersion, key: Key, data: st.DataObject
) -> None:
    """A checker of only the rules preventing an error reports it for a request breaking it."""
    case = data.draw(_strategy(version, key))
    dialect = dialect_for(version)
    rules = tuple(entry.make(dialect) for entry in rules_preventing(key))
    context = Context.from_json(case.context) if case.context is not None else None
    decision = Checker(rules, dialect).check(case.operation, case.variables, case.snapshot, context)
    found = {(v.spec.name, v.path) for v in decision.violations}
    assert (case.code, case.path) in found, f"{key[0].value} {key[1]}: its rules say {found}"


@pytest.mark.parametrize(
    ("version", "key"),
    [(version, key) for version, key in CASES if key[1] not in CONTEXT_ONLY],
    ids=lambda value: str(value),
)
@settings(max_examples=3, deadline=None)
@given(data=st.data())
def test_the_fake_checks_every_error_the_request_reveals(
    version: ApiVersion, key: Key, data: st.DataObject
) -> None:
    """The fake answers a request breaking a rule with the error that rule prevents."""
    case = data.draw(_strategy(version, key))
    fake = fake_for(version, case.context)
    ids = case.history.replay(fake) if case.history else {}
    response = fake.execute(case.operation.value, translate(case.variables, ids))
    spec = CATALOG.get_spec(*key)
    assert "errors" in response, f"{key[0].value} {key[1]}: no check in the fake (it accepted)"
    answered, _ = fake_error(response)
    assert answered == (spec.code or spec.error_type), f"{key[0].value} {key[1]}: {answered}"
