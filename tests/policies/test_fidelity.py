"""The fidelity audit: every fact of the reference is enforced where it applies, and only there.

Each row of ``tests/policies/fidelity`` is broken in each API version through ``Guard``, and
(where the fake models it) through ``FakeOrderApi``: in a version the row applies to, the
guard reports its code at its path and the fake answers with it; in the others, neither does.
Rows waiting for another change (``pending``) are strict xfails there: they fail loudly once
that change lands, so the marker is removed with it.
"""

from __future__ import annotations

import pytest

from orderguard import Guard
from orderguard.enums import ApiVersion, Operation
from orderguard.errors import CATALOG
from orderguard.policies.rules import REGISTRY
from tests.helpers.fidelity import Fact, Kind, Scene, api_answer, fake_answer, guard_found
from tests.policies.fidelity import FACTS

MUTATIONS = (Operation.CREATE_ORDER, Operation.UPDATE_ORDER, Operation.CANCEL_ORDER)


def _cases(judged_by_fake: bool) -> list[object]:
    cases = []
    for fact in FACTS:
        if fact.example is None or (judged_by_fake and not fact.fake):
            continue
        for version in ApiVersion:
            marks = []
            if fact.pending_here(version) and (fact.fake_pending or not judged_by_fake):
                marks.append(pytest.mark.xfail(strict=True, reason=str(fact.pending)))
            cases.append(pytest.param(fact, version, marks=marks, id=f"{fact.key}-{version}"))
    return cases


def _violated(fact: Fact, version: ApiVersion, found: list[tuple[str, str]]) -> bool:
    path = fact.path_in(Scene(version).dialect)
    return any(code == fact.code and path in (None, where) for code, where in found)


@pytest.mark.parametrize(("fact", "version"), _cases(judged_by_fake=False))
def test_the_guard_enforces_each_fact_where_it_applies(fact: Fact, version: ApiVersion) -> None:
    """The guard reports the fact's code at its path in its versions, and not in the others."""
    assert fact.example is not None
    call = fact.example(Scene(version))
    allowed, found = guard_found(call)
    applies = version in fact.versions
    if fact.code is None:
        assert allowed or not applies, found
    else:
        assert _violated(fact, version, found) == applies, found


@pytest.mark.parametrize(("fact", "version"), _cases(judged_by_fake=True))
def test_the_fake_enforces_each_fact_where_it_applies(fact: Fact, version: ApiVersion) -> None:
    """The fake answers with the fact's error in its versions, and not in the others."""
    assert fact.example is not None
    scene = Scene(version)
    call = fact.example(scene)
    answer = fake_answer(scene, call)
    applies = version in fact.versions
    if fact.code is None:
        assert answer is None or not applies, answer
        return
    path = fact.path_in(scene.dialect)
    name = api_answer(call.operation, fact.code)
    hit = answer is not None and answer[0] == name
    if hit and name == "SchemaError" and path is not None:
        hit = answer is not None and answer[1] == path
    assert hit == applies, answer


@pytest.mark.parametrize(
    ("fact", "version"),
    [
        (fact, version)
        for fact in FACTS
        if fact.example is not None and fact.code == "SchemaError"
        for version in fact.versions
    ],
    ids=lambda value: value.key if isinstance(value, Fact) else str(value),
)
def test_a_schema_fact_holds_when_unknown_fields_are_downgraded(
    fact: Fact, version: ApiVersion
) -> None:
    """A SchemaError row is still refused by a guard downgrading UnknownInputField to a warning."""
    assert fact.example is not None
    call = fact.example(Scene(version))
    guard = Guard(version, warnings={"UnknownInputField"})
    decision = guard.check(call.operation, call.variables, call.order, call.context)
    found = [(v.spec.name, v.path) for v in decision.violations]
    assert not decision.allowed
    assert _violated(fact, version, found), found


@pytest.mark.parametrize(
    ("fact", "version"),
    [(fact, v) for fact in FACTS if fact.probe for v in fact.versions],
    ids=lambda value: value.key if isinstance(value, Fact) else str(value),
)
def test_facts_held_elsewhere_are_held_by_their_reader(fact: Fact, version: ApiVersion) -> None:
    """A fact that is not about a request is held where its row says (probed per version)."""
    assert fact.probe is not None
    fact.probe(Scene(version))


def test_every_row_is_tested_or_says_who_holds_it() -> None:
    """A row has an example, or is an ELSEWHERE row naming its holder; keys are unique."""
    untested = [f.key for f in FACTS if f.example is None and f.kind is not Kind.ELSEWHERE]
    assert untested == []
    assert all(fact.enforced_by for fact in FACTS)
    assert len({fact.key for fact in FACTS}) == len(FACTS)


def test_every_decision_names_the_gap_or_inference_it_settles() -> None:
    """Each DECISION row says which silence of the reference it decides (GAP, INFERENCE)."""
    vague = [
        fact.key
        for fact in FACTS
        if fact.kind is Kind.DECISION
        and not {"GAP", "INFERENCE", "decided"}
        & set(fact.fact.replace(":", " ").replace(",", " ").split())
    ]
    assert vague == []


def test_every_built_in_rule_enforces_some_fact() -> None:
    """Each registered rule is named by a row (the table knows every rule there is)."""
    named = " ".join(fact.enforced_by for fact in FACTS)
    unnamed = [entry.factory.__name__ for entry in REGISTRY if entry.factory.__name__ not in named]
    assert unnamed == []


def test_every_locally_detectable_code_is_a_fact() -> None:
    """Each validation error of the three mutations is the code of some row."""
    codes = {(fact.code or "") for fact in FACTS}
    local = {
        spec.name
        for spec in CATALOG.specs()
        if spec.operation in MUTATIONS and spec.locally_detectable
    }
    assert sorted(local - codes) == []
