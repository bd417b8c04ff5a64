"""The Guard facade: check and enforce per operation, snapshots and context as JSON, config."""

from __future__ import annotations

import attrs
import pytest

import orderguard
from orderguard import (
    Context,
    Decision,
    Guard,
    OrderSnapshot,
    RequestRejectedError,
    Severity,
    samples,
)
from orderguard.api import dialect_for
from orderguard.errors import PayloadError
from orderguard.errors.exceptions import UnknownRuleError, UnsupportedVersionError
from orderguard.policies.rules import max_order_links

ORDER = samples.order_json("322-ABC1-AAAAAA", execution="STARTED", packages=("IN_TRANSIT",))
START = samples.update_variables("322-ABC1-AAAAAA", {"desiredExecutionState": "STARTED"})


def test_the_package_exports_a_small_sorted_api() -> None:
    """``orderguard`` exports 7 to 12 sorted names, and its classes read ``orderguard.X``."""
    assert 7 <= len(orderguard.__all__) <= 12
    assert orderguard.__all__ == sorted(orderguard.__all__, key=lambda n: (n.startswith("_"), n))
    assert repr(Guard) == "<class 'orderguard.Guard'>"
    assert repr(Decision) == "<class 'orderguard.policies.Decision'>"


def test_a_valid_create_is_allowed() -> None:
    """A realistic createOrder passes with the default guard."""
    decision = Guard().check_create(samples.create_variables(3, 2, 2))
    assert decision.allowed and decision.violations == ()


def test_start_of_an_order_in_transit_is_refused() -> None:
    """Starting an order already in transit is refused with ExecutionAlreadyStarted."""
    decision = Guard().check_update(START, ORDER)
    assert [v.error_code for v in decision.violations] == ["ExecutionAlreadyStarted"]


@pytest.mark.parametrize(
    "order",
    [ORDER, ORDER["data"]["order"], OrderSnapshot.from_json(ORDER)],
    ids=["response", "bare", "snapshot"],
)
def test_the_order_may_be_a_snapshot_or_json(order: object) -> None:
    """The order is accepted as a snapshot, a whole response or a bare order object."""
    assert not Guard().check_update(START, order).allowed  # type: ignore[arg-type]


def test_an_order_that_is_not_an_order_raises() -> None:
    """Order JSON that does not fit is unusable input: PayloadError, not a decision."""
    with pytest.raises(PayloadError, match="order"):
        Guard().check_update(START, {"data": {"orders": []}})


def test_context_may_be_an_object_or_json() -> None:
    """The context is accepted as a Context or as its JSON, with the same decision."""
    variables = samples.create_variables(1)
    as_json = samples.context_json(variables)
    as_json["shopperPrime"] = False
    from_json = Guard().check_create(variables, as_json)
    from_object = Guard().check_create(variables, Context.from_json(as_json))
    assert from_json == from_object
    assert [v.error_code for v in from_json.violations] == ["ShopperNotPrime"]


def test_enforce_raises_one_error_with_every_violation() -> None:
    """``enforce_*`` raise RequestRejectedError (a ValueError) carrying all violations."""
    variables = samples.create_variables(1, links=6, aliases=6)
    with pytest.raises(RequestRejectedError) as caught:
        Guard().enforce_create(variables)
    assert isinstance(caught.value, ValueError)
    assert [v.error_code for v in caught.value.violations] == [
        "OrderLinkLimitExceeded",
        "AliasValueAlreadyExists",
    ]
    assert "OrderLinkLimitExceeded" in str(caught.value)
    with pytest.raises(RequestRejectedError):
        Guard().enforce_update(START, ORDER)
    with pytest.raises(RequestRejectedError):
        Guard().enforce("updateOrder", START, ORDER)


def test_enforce_returns_the_decision_when_allowed() -> None:
    """An allowed request passes ``enforce_*`` and gets its decision back."""
    cancel = {"orderIdentifier": {"orderId": "o"}, "input": {"reason": "OTHER"}}
    assert Guard().enforce_cancel(cancel, samples.order_json("o")).allowed
    assert Guard().enforce_create(samples.create_variables()).allowed


def test_rules_can_be_disabled_or_downgraded_by_name_or_code() -> None:
    """``disabled`` and ``warnings`` take rule names or error codes."""
    assert Guard(disabled=["execution_start"]).check_update(START, ORDER).allowed
    downgraded = Guard(warnings=["ExecutionAlreadyStarted"]).check_update(START, ORDER)
    assert downgraded.allowed
    assert [v.severity for v in downgraded.violations] == [Severity.WARNING]


def test_unknown_rule_names_fail_at_construction() -> None:
    """A typo in the configuration is caught when the guard is built, naming valid names."""
    with pytest.raises(UnknownRuleError, match="execution_start"):
        Guard(disabled=["execution_starts"])


def test_extra_rules_replace_built_ins_of_the_same_name() -> None:
    """A stricter ``max_order_links(3)`` replaces the built-in one."""
    guard = Guard(extra_rules=[max_order_links(3)])
    assert [r for r in guard.rules if r.name == "max_order_links"] == [max_order_links(3)]
    assert not guard.check_create(samples.create_variables(1, links=4)).allowed
    assert Guard().check_create(samples.create_variables(1, links=4)).allowed


def test_extra_rules_must_be_rules() -> None:
    """Something without name, operations and call is refused with a TypeError."""
    with pytest.raises(TypeError, match="not a Rule"):
        Guard(extra_rules=[len])  # type: ignore[list-item]


def test_limits_can_be_tightened() -> None:
    """Custom limits of the same version change the numbers the rules use."""
    strict = attrs.evolve(dialect_for("2024-11-01"), max_order_aliases=2)
    guard = Guard(dialect=strict)
    assert guard.dialect.max_order_aliases == 2
    assert not guard.check_create(samples.create_variables(1, aliases=3)).allowed
    with pytest.raises(ValueError, match="dialect is 2024-04-01"):
        Guard(dialect=dialect_for("2024-04-01"))


def test_versions_change_spelling_and_limits() -> None:
    """On 2024-04-01 the guard reads BUY_WITH_PRIME lines; unknown versions are refused."""
    variables = samples.create_variables(2, version=samples.ApiVersion.V2024_04_01)
    guard = Guard("2024-04-01")
    assert guard.api_version.value == "2024-04-01"
    assert guard.check_create(variables).allowed
    assert not Guard().check_create(variables).allowed
    with pytest.raises(UnsupportedVersionError):
        Guard("2023-01-01")


def test_guard_repr_shows_its_configuration() -> None:
    """The repr names the version and the disabled and downgraded rules."""
    guard = Guard(disabled=["inventory"], warnings=["ShopperNotPrime"])
    assert repr(guard) == (
        "Guard(api_version='2024-11-01', disabled=['inventory'], warnings=['ShopperNotPrime'])"
    )


def test_check_dispatches_on_the_operation_name() -> None:
    """``check`` takes the operation by name and answers like the specific method."""
    guard = Guard()
    assert guard.check("updateOrder", START, ORDER) == guard.check_update(START, ORDER)
    with pytest.raises(PayloadError):
        guard.check("order", {})
