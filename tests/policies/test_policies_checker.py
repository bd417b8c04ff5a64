"""The checker's machinery: schema misfits, configuration, rules' reprs, context, decisions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import pytest

from orderguard import samples
from orderguard.api import dialect_for, parse_variables
from orderguard.enums import ApiVersion, Operation
from orderguard.errors import PayloadError, RequestRejectedError, Severity, Violation
from orderguard.errors.exceptions import UnknownRuleError
from orderguard.policies import (
    CheckedRequest,
    Checker,
    Context,
    Decision,
    FunctionRule,
    Rule,
    default_rules,
)
from orderguard.policies.rules import max_order_links

DIALECTS = dialect_for("2024-11-01")
NOW = datetime(2026, 11, 20, 10, 5, tzinfo=UTC)


def too_many_links() -> dict[str, Any]:
    return samples.create_variables(1, links=6)


def checker(**options: Any) -> Checker:
    return Checker(default_rules(DIALECTS), DIALECTS, **options)


def test_schema_misfits_are_violations_with_paths() -> None:
    """A request that does not fit the schema is answered, not raised: one SchemaError a field."""
    variables = samples.create_variables(2)
    variables["input"]["lineItems"][1]["amount"] = {"value": "lots"}
    del variables["input"]["customer"]
    decision = checker().check("createOrder", variables)
    assert not decision.allowed
    assert [(v.error_type, v.error_code, v.path) for v in decision.violations] == [
        ("SchemaError", None, "input.lineItems[1].amount.value"),
        ("SchemaError", None, "input.customer"),
    ]


@pytest.mark.parametrize("variables", [[], "createOrder", None, 7])
def test_variables_that_are_not_an_object_are_one_schema_error(variables: object) -> None:
    """Variables that are not a JSON object give one SchemaError at the root."""
    decision = checker().check("createOrder", variables)
    assert [(v.error_type, v.path) for v in decision.violations] == [("SchemaError", "")]


def test_unknown_operation_raises() -> None:
    """Asking about an operation that is not a mutation is a usage error, not a decision."""
    with pytest.raises(PayloadError, match="createOrder, updateOrder, cancelOrder"):
        checker().check("deleteOrder", {})


def test_disabled_rules_and_codes_are_skipped() -> None:
    """A rule named in ``disabled``, or one whose code is, reports nothing."""
    assert (
        checker(disabled=frozenset({"max_order_links"}))
        .check("createOrder", too_many_links())
        .allowed
    )
    by_code = checker(disabled=frozenset({"OrderLinkLimitExceeded"}))
    assert by_code.check("createOrder", too_many_links()).violations == ()


def test_warnings_are_reported_but_do_not_block() -> None:
    """A rule downgraded to a warning still reports, with WARNING severity, and allows."""
    for name in ("max_order_links", "OrderLinkLimitExceeded"):
        decision = checker(warnings=frozenset({name})).check("createOrder", too_many_links())
        assert decision.allowed
        assert [v.severity for v in decision.warnings] == [Severity.WARNING]
        assert decision.errors == ()
        with pytest.raises(RequestRejectedError):
            checker().check("createOrder", too_many_links()).raise_for_violations()
        assert decision.raise_for_violations() is decision


def test_unknown_names_in_configuration_are_refused_with_the_valid_ones() -> None:
    """A misspelt rule or code fails at construction and lists what may be named."""
    with pytest.raises(UnknownRuleError) as caught:
        checker(disabled=frozenset({"max_order_link"}), warnings=frozenset({"OrderLinkLimit"}))
    assert caught.value.unknown == ("OrderLinkLimit", "max_order_link")
    assert "max_order_links" in caught.value.valid
    assert "OrderLinkLimitExceeded" in caught.value.valid
    assert isinstance(caught.value, ValueError)


def test_rules_read_like_the_calls_that_made_them() -> None:
    """Each built-in rule's repr is its factory call with its limits."""
    reprs = [repr(rule) for rule in default_rules(dialect_for("2024-04-01"))]
    assert reprs[:3] == ["max_order_links(5)", "order_aliases(5)", "max_order_units(20, None)"]
    assert "item_attributes()" in reprs
    assert all(isinstance(rule, Rule) for rule in default_rules())
    assert len({rule.name for rule in default_rules()}) == len(default_rules())


def test_rules_are_frozen_and_comparable() -> None:
    """Rules are immutable values: equal when made with equal arguments."""
    rule = max_order_links(5)
    assert rule == max_order_links(5) != max_order_links(4)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        rule.limit = 6  # type: ignore[attr-defined]


def _no_po_box(request: CheckedRequest) -> list[Violation]:
    address = request.create.recipient.delivery_address  # type: ignore[union-attr]
    if address and "PO BOX" in (address.street_address or "").upper():
        path = "input.recipient.deliveryAddress.streetAddress"
        return [request.violation("InvalidRecipientAddressInput", path, "no PO boxes")]
    return []


def test_a_function_rule_plugs_in_for_its_operations() -> None:
    """A merchant's function rule runs on its operations, with a repr naming it."""
    rule = FunctionRule("no_po_box", ["createOrder"], _no_po_box)
    assert repr(rule) == "no_po_box()"
    assert rule.operations == frozenset({Operation.CREATE_ORDER})
    variables = samples.create_variables(1)
    variables["input"]["recipient"]["deliveryAddress"]["streetAddress"] = "PO Box 12"
    custom = Checker((*default_rules(), rule), DIALECTS)
    assert [v.message for v in custom.check("createOrder", variables).violations] == ["no PO boxes"]
    update = samples.update_variables("o", {})
    assert custom.check("updateOrder", update).allowed


def test_the_clock_is_the_context_time_or_the_checker_clock() -> None:
    """Expiry is judged at the context's ``now`` if given, else at the checker's clock."""
    variables = samples.create_variables(1)
    variables["input"]["shopperIdentity"] = {"idPToken": "Atza|x"}
    expires = Context(token_expires_at=NOW)
    late = Checker(default_rules(), DIALECTS, clock=lambda: NOW + timedelta(seconds=1))
    early = Checker(default_rules(), DIALECTS, clock=lambda: NOW - timedelta(seconds=1))
    assert not late.check("createOrder", variables, context=expires).allowed
    assert early.check("createOrder", variables, context=expires).allowed
    at_now = attrs.evolve(expires, now=NOW - timedelta(hours=1))
    assert late.check("createOrder", variables, context=at_now).allowed


def test_decision_json_has_exactly_the_documented_shape() -> None:
    """``to_json`` gives DESIGN §7's keys: the violations' seven, and the rules skipped."""
    document = checker().check("createOrder", too_many_links(), context=Context()).to_json()
    assert document == {
        "operation": "createOrder",
        "apiVersion": "2024-11-01",
        "allowed": False,
        "violations": [
            {
                "errorType": "ValidationError",
                "errorCode": "OrderLinkLimitExceeded",
                "name": "OrderLinkLimitExceeded",
                "path": "input.orderLinks",
                "message": "the order would have 6 order links; at most 5 are allowed",
                "suggestedAction": "Send at most five order links.",
                "severity": "error",
            }
        ],
        "skipped": [],
    }


def test_violations_say_what_was_expected_and_found() -> None:
    """Every violation carries what the rule expected and what the request had."""
    violation = checker().check("createOrder", too_many_links()).violations[0]
    assert (violation.expected, violation.found) == ("at most 5 links", "6")


def test_rejection_carries_every_violation() -> None:
    """``raise_for_violations`` raises one error holding all the violations."""
    variables = samples.create_variables(1, links=6, aliases=6)
    decision = checker().check("createOrder", variables)
    with pytest.raises(RequestRejectedError) as caught:
        decision.raise_for_violations()
    assert caught.value.violations == decision.violations
    assert len(caught.value.violations) == 2
    assert caught.value.operation is Operation.CREATE_ORDER


def test_context_json_is_read_into_a_context() -> None:
    """The CLI's camelCase context becomes a Context with typed facts."""
    variables = samples.create_variables(2)
    context = Context.from_json(samples.context_json(variables))
    assert context.now == datetime(2026, 11, 20, 10, 5, tzinfo=UTC)
    assert context.token_expiry == datetime(2026, 11, 20, 10, 30, tzinfo=UTC)
    assert context.delivery_preview is not None
    offer = context.delivery_preview.offer("offer-1")
    assert offer is not None and dict(offer.items) == {"SKU-0001": 1}
    assert context.inventory["SKU-0000"].available == 50
    assert ("EXTERNAL_ID", "order-0999-0") in context.used_aliases


@pytest.mark.parametrize(
    ("data", "path"),
    [
        ({"deliveryPreview": {"offers": []}}, "deliveryPreview.id"),
        ({"usedAlias": []}, "usedAlias"),
        ({"now": "2026-11-20T10:05:00"}, "now"),
        ({"inventory": {"SKU-1": {"available": -1}}}, "inventory.SKU-1.available"),
        ({"tokenLifetimeSeconds": 0}, "tokenLifetimeSeconds"),
        ([], ""),
    ],
)
def test_bad_context_json_names_the_field(data: object, path: str) -> None:
    """Missing, misspelt, zone-less or out-of-range context fields are named by path."""
    with pytest.raises(PayloadError) as caught:
        Context.from_json(data)
    assert [issue.path for issue in caught.value.issues] == [path]


def test_naive_datetimes_are_refused_in_python_too() -> None:
    """A Context built in Python refuses a datetime without a time zone."""
    with pytest.raises(ValueError, match="time zone"):
        Context(now=datetime(2026, 11, 20, 10, 5))


def test_decision_lists_split_by_severity() -> None:
    """``errors`` and ``warnings`` partition the violations by severity."""
    decision = checker(warnings=frozenset({"order_aliases"})).check(
        "createOrder", samples.create_variables(1, links=6, aliases=6)
    )
    assert isinstance(decision, Decision)
    assert [v.error_code for v in decision.errors] == ["OrderLinkLimitExceeded"]
    assert [v.error_code for v in decision.warnings] == ["AliasValueAlreadyExists"]
    assert decision.api_version is ApiVersion.V2024_11_01


def test_request_accessors_refuse_the_wrong_operation() -> None:
    """A create-only rule asking an update request for its create input gets a TypeError."""
    variables = samples.update_variables("o", {})
    request = CheckedRequest(
        Operation.UPDATE_ORDER, DIALECTS, parse_variables("updateOrder", variables), NOW
    )
    with pytest.raises(TypeError, match="updateOrder is not createOrder"):
        request.create  # noqa: B018
    with pytest.raises(TypeError):
        request.cancel  # noqa: B018


def test_the_public_namespace_is_short_and_reads_its_public_paths() -> None:
    """orderguard.policies exports about a dozen core names, each repr naming its public path."""
    import orderguard.policies as policies
    from orderguard.policies import rules

    assert len(policies.__all__) <= 15 and policies.__all__ == sorted(policies.__all__)
    classes = [getattr(policies, name) for name in policies.__all__ if name[0].isupper()]
    assert all(cls.__module__ == "orderguard.policies" for cls in classes)
    assert repr(Checker) == "<class 'orderguard.policies.Checker'>"
    factories = [getattr(rules, name) for name in rules.__all__ if name.islower()]
    assert all(factory.__module__ == "orderguard.policies.rules" for factory in factories)


def test_rule_factories_live_in_the_rules_module() -> None:
    """Each built-in rule's factory is importable from orderguard.policies.rules by its name."""
    from orderguard.policies import rules

    names = {rule.name for rule in default_rules()}
    assert names <= set(rules.__all__)
    assert all(getattr(rules, name)().name == name for name in names)


def test_the_former_factory_path_resolves_and_nothing_else_does() -> None:
    """orderguard.policies.max_order_links still names the factory; an unknown name raises."""
    import orderguard.policies as policies
    from orderguard.policies import rules

    assert policies.max_order_links is rules.max_order_links
    assert "max_order_links" not in policies.__all__
    with pytest.raises(AttributeError, match="no_such_rule"):
        _ = policies.no_such_rule
