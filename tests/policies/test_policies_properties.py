"""Generated requests: valid ones pass every rule; breaking one rule gives exactly its code."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from orderguard import Guard
from orderguard.api import dialect_for
from orderguard.enums import ApiVersion
from tests.helpers.strategies import cancel_calls, context_for, create_requests, update_calls

VERSIONS = [ApiVersion.V2024_11_01, ApiVersion.V2024_04_01]
JSON = dict[str, Any]
Mutation = Callable[[st.DataObject, JSON, JSON | None], tuple[str, str]]
"""Breaks one rule in (variables, order or context) in place; returns (code, path)."""


GUARDS = {version: Guard(version) for version in VERSIONS}


def pairs(version: ApiVersion, operation: str, *args: Any) -> list[tuple[str, str]]:
    decision = GUARDS[version].check(operation, *args)
    return [(violation.spec.name, violation.path) for violation in decision.violations]


@pytest.mark.parametrize("version", VERSIONS)
@given(data=st.data())
def test_valid_create_requests_pass(version: ApiVersion, data: st.DataObject) -> None:
    """A createOrder the API accepts passes every rule, alone and with its context."""
    variables = data.draw(create_requests(version))
    assert pairs(version, "createOrder", variables) == []
    assert pairs(version, "createOrder", variables, None, context_for(variables)) == []


@pytest.mark.parametrize("version", VERSIONS)
@given(data=st.data())
def test_valid_update_requests_pass(version: ApiVersion, data: st.DataObject) -> None:
    """An updateOrder the API accepts, against the order it was written for, passes."""
    variables, order = data.draw(update_calls(version))
    assert pairs(version, "updateOrder", variables, order) == []


@pytest.mark.parametrize("version", VERSIONS)
@given(data=st.data())
def test_valid_cancel_requests_pass(version: ApiVersion, data: st.DataObject) -> None:
    """A cancelOrder of an order whose packages are all pending passes."""
    variables, order = data.draw(cancel_calls(version))
    assert pairs(version, "cancelOrder", variables, order) == []


def _amazon_line(data: st.DataObject, variables: JSON) -> int:
    lines = variables["input"]["lineItems"]
    amazon = [i for i, line in enumerate(lines) if "MERCHANT" not in str(line)]
    return data.draw(st.sampled_from(amazon))


def _is_prime(line: JSON) -> bool:
    """Prime lines, and only they, carry the delivery preview's offer ID."""
    return "id" in line["selectedDeliveryOffer"]["details"]


def _too_many_links(data: st.DataObject, variables: JSON, context: JSON | None) -> tuple[str, str]:
    variables["input"]["orderLinks"] = [{"destinationType": "BWP_STOREFRONT", "url": "u"}] * 6
    return "OrderLinkLimitExceeded", "input.orderLinks"


def _repeated_alias(data: st.DataObject, variables: JSON, context: JSON | None) -> tuple[str, str]:
    aliases = variables["input"]["aliases"]
    if not aliases:
        aliases.append({"aliasType": "EXTERNAL_ID", "aliasId": "oms-x"})
    index = min(len(aliases), 4)
    aliases[index:] = [dict(aliases[0])]
    return "AliasValueAlreadyExists", f"input.aliases[{index}]"


def _alias_in_store(data: st.DataObject, variables: JSON, context: JSON | None) -> tuple[str, str]:
    aliases = variables["input"]["aliases"]
    aliases[4:] = []
    aliases.append({"aliasType": "EXTERNAL_ID", "aliasId": "oms-taken"})
    index = data.draw(st.integers(0, len(aliases) - 1))
    context["usedAliases"].append(aliases[index])  # type: ignore[index]
    return "AliasValueAlreadyExists", f"input.aliases[{index}]"


def _missing_title(data: st.DataObject, variables: JSON, context: JSON | None) -> tuple[str, str]:
    index = _amazon_line(data, variables)
    del variables["input"]["lineItems"][index]["product"]["title"]
    return "MissingItemAttributes", f"input.lineItems[{index}].product.title"


def _prime_units(data: st.DataObject, variables: JSON, context: JSON | None) -> tuple[str, str]:
    lines = variables["input"]["lineItems"]
    others = sum(line["amount"]["value"] for line in lines[1:] if _is_prime(line))
    lines[0]["amount"]["value"] = 21 - others
    return "OrderQuantityLimitExceeded", "input.lineItems"


def _abroad(data: st.DataObject, variables: JSON, context: JSON | None) -> tuple[str, str]:
    variables["input"]["recipient"]["deliveryAddress"]["countryCode"] = "DE"
    return "InvalidRecipientAddressInput", "input.recipient.deliveryAddress.countryCode"


def _bad_email(data: st.DataObject, variables: JSON, context: JSON | None) -> tuple[str, str]:
    variables["input"]["customer"]["contact"]["emailData"]["email"] = "no at sign"
    return "InvalidShopperContactInput", "input.customer.contact.emailData.email"


def _empty_token(data: st.DataObject, variables: JSON, context: JSON | None) -> tuple[str, str]:
    variables["input"]["shopperIdentity"] = {"lwaAccessToken": {"value": ""}}
    return "InvalidIdpToken", "input.shopperIdentity.lwaAccessToken.value"


def _out_of_stock(data: st.DataObject, variables: JSON, context: JSON | None) -> tuple[str, str]:
    index = _amazon_line(data, variables)
    context["inventory"][f"SKU-{index:04d}"]["available"] = 0  # type: ignore[index]
    return "ItemOutOfStock", f"input.lineItems[{index}]"


def _not_prime(data: st.DataObject, variables: JSON, context: JSON | None) -> tuple[str, str]:
    context["shopperPrime"] = False  # type: ignore[index]
    return "ShopperNotPrime", "input.shopperIdentity"


CREATE_MUTATIONS: dict[str, tuple[Mutation, bool | None]] = {
    # name: (mutation, whether the request is checked with its context; None: either way)
    "too-many-links": (_too_many_links, None),
    "repeated-alias": (_repeated_alias, None),
    "alias-in-store": (_alias_in_store, True),
    "missing-title": (_missing_title, None),
    "prime-units": (_prime_units, False),  # the preview was computed for the old quantities
    "abroad": (_abroad, False),  # the preview's address would differ too
    "bad-email": (_bad_email, None),
    "empty-token": (_empty_token, None),
    "out-of-stock": (_out_of_stock, True),
    "not-prime": (_not_prime, True),
}


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("name", CREATE_MUTATIONS)
@given(data=st.data())
def test_create_broken_in_one_way_gives_that_code(
    version: ApiVersion, name: str, data: st.DataObject
) -> None:
    """A valid createOrder with one rule broken gets exactly that code at that path."""
    mutation, with_context = CREATE_MUTATIONS[name]
    variables = copy.deepcopy(data.draw(create_requests(version)))
    if with_context is None:
        with_context = data.draw(st.booleans())
    context = context_for(variables) if with_context else None
    expected = mutation(data, variables, context)
    assert pairs(version, "createOrder", variables, None, context) == [expected]


def _refunds(variables: JSON) -> list[JSON]:
    found: list[JSON] = variables["input"]["refunds"]["details"]
    assume(found)
    return found


def _duplicate_refund(data: st.DataObject, variables: JSON, order: JSON | None) -> tuple[str, str]:
    details = _refunds(variables)
    twin = {key: value for key, value in details[0].items() if key != "aliases"}
    details.append(twin)
    return "DuplicateRefundId", f"input.refunds.details[{len(details) - 1}].id"


def _missing_refund_id(data: st.DataObject, variables: JSON, order: JSON | None) -> tuple[str, str]:
    details = _refunds(variables)
    index = data.draw(st.integers(0, len(details) - 1))
    del details[index]["id"]
    return "MissingRefundId", f"input.refunds.details[{index}].id"


def _unknown_refund(data: st.DataObject, variables: JSON, order: JSON | None) -> tuple[str, str]:
    details = _refunds(variables)
    index = data.draw(st.integers(0, len(details) - 1))
    details[index]["id"] = "r-unknown"
    return "InvalidRefundId", f"input.refunds.details[{index}].id"


def _bad_transition(data: st.DataObject, variables: JSON, order: JSON | None) -> tuple[str, str]:
    details = _refunds(variables)
    states = {r["id"]: r["state"] for r in order["data"]["order"]["refunds"]["details"]}  # type: ignore[index]
    movable = [i for i, d in enumerate(details) if states[d["id"]] in ("PARTIAL", "SUCCESS")]
    assume(movable)
    index = data.draw(st.sampled_from(movable))
    details[index]["state"] = "FAILURE"
    return "InvalidRefundStateTransition", f"input.refunds.details[{index}].state"


def _links_on_top(data: st.DataObject, variables: JSON, order: JSON | None) -> tuple[str, str]:
    existing = len(order["data"]["order"]["orderLinks"])  # type: ignore[index]
    link = {"destinationType": "BWP_STOREFRONT", "url": "https://shop.example.com/x"}
    variables["input"]["orderLinks"] = [link] * (6 - existing)
    return "OrderLinkLimitExceeded", "input.orderLinks"


def _start_shipped(data: st.DataObject, variables: JSON, order: JSON | None) -> tuple[str, str]:
    variables["input"]["desiredExecutionState"] = "STARTED"
    inner = order["data"]["order"]  # type: ignore[index]
    field = "packageInformation" if "packageInformation" in inner else "deliveryInformation"
    inner[field]["details"] = [{"id": "pkg-9", "state": "IN_TRANSIT"}]
    return "ExecutionAlreadyStarted", "input.desiredExecutionState"


UPDATE_MUTATIONS: dict[str, Mutation] = {
    "duplicate-refund": _duplicate_refund,
    "missing-refund-id": _missing_refund_id,
    "unknown-refund": _unknown_refund,
    "bad-transition": _bad_transition,
    "links-on-top": _links_on_top,
    "start-shipped": _start_shipped,
}


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("name", UPDATE_MUTATIONS)
@given(data=st.data())
def test_update_broken_in_one_way_gives_that_code(
    version: ApiVersion, name: str, data: st.DataObject
) -> None:
    """A valid updateOrder with one rule broken gets exactly that code at that path."""
    variables, order = copy.deepcopy(data.draw(update_calls(version)))
    expected = UPDATE_MUTATIONS[name](data, variables, order)
    assert pairs(version, "updateOrder", variables, order) == [expected]


@pytest.mark.parametrize("version", VERSIONS)
@given(data=st.data())
def test_cancel_broken_in_one_way_gives_that_code(version: ApiVersion, data: st.DataObject) -> None:
    """Six cancellation aliases (where the version caps them) or a shipped package: that code."""
    variables, order = copy.deepcopy(data.draw(cancel_calls(version)))
    expected: tuple[str, str] | None
    if data.draw(st.booleans()):
        cancel_input = variables["input"]
        cancel_input["aliases"] = [
            {"aliasType": "EXT_CANCEL_ID", "aliasId": str(i)} for i in range(6)
        ]
        capped = dialect_for(version).max_cancellation_aliases is not None
        expected = ("CancellationAliasLimitExceeded", "input.aliases") if capped else None
    else:
        inner = order["data"]["order"]
        field = "packageInformation" if "packageInformation" in inner else "deliveryInformation"
        inner[field]["details"].append({"id": "pkg-9", "state": "DELIVERED"})
        path = "orderIdentifier" if version is ApiVersion.V2024_11_01 else "input.orderIdentifier"
        expected = ("CancellationRequiresPendingPackages", path)
    assert pairs(version, "cancelOrder", variables, order) == ([expected] if expected else [])
