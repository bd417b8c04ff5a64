"""FakeOrderApi's createOrder: each rule with a failing request and a near-identical passing one."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

import pytest

from orderguard.fake import FakeOrderApi
from orderguard.samples import create_variables, prime_line
from tests.helpers.fake import JSON, V04, V11, assert_error, assert_ok, new_order

Edit = Callable[[JSON], None]


def _set(path: str, value: Any) -> Edit:
    """An edit that sets ``input.<path>`` (dotted, ``[i]`` for list items) to ``value``."""
    keys = [int(k) if k.isdigit() else k for k in re.findall(r"[^.\[\]]+", path)]

    def edit(variables: JSON) -> None:
        target: Any = variables["input"]
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = value

    return edit


def _lines(*quantities: int, prime: bool = True) -> Edit:
    def edit(variables: JSON) -> None:
        lines = [prime_line(i, q) for i, q in enumerate(quantities)]
        for line in lines:
            line["selectedDeliveryOffer"]["details"]["deliveryTerms"]["isPrimeEligible"] = prime
        variables["input"]["lineItems"] = lines

    return edit


def _token(value: str) -> Edit:
    return _set("shopperIdentity", {"lwaAccessToken": {"value": value}})


def _links(count: int) -> Edit:
    links = [{"destinationType": "BWP_STOREFRONT", "url": f"https://x/{i}"} for i in range(count)]
    return _set("orderLinks", links)


def _aliases(*ids: str) -> Edit:
    return _set("aliases", [{"aliasType": f"T{i}", "aliasId": a} for i, a in enumerate(ids)])


ADDRESS = "recipient.deliveryAddress"
APAY = {"value": "session-1", "externalId": "checkout-1"}

CASES: list[tuple[str, Edit, Edit]] = [
    ("OrderLinkLimitExceeded", _links(6), _links(5)),
    ("AliasValueAlreadyExists", _aliases(*"abcdef"), _aliases(*"abcde")),
    (
        "AliasValueAlreadyExists",
        _set("aliases", [{"aliasType": "T", "aliasId": "a"}] * 2),
        _aliases("a", "a"),
    ),
    (
        "MissingItemAttributes",
        _set("lineItems[0].product.title", " "),
        _set("lineItems[0].product.title", "Sock"),
    ),
    (
        "MissingItemAttributes",
        _set("lineItems[0].product.identifier", {}),
        _set("lineItems[0].product.identifier", {"productId": "B0-1"}),
    ),
    (
        "MissingItemAttributes",
        _set("lineItems[0].product.price", None),
        _set("lineItems[0].product.price", {"amount": 3, "currencyCode": "USD"}),
    ),
    ("OrderQuantityLimitExceeded", _lines(15, 6), _lines(15, 5)),
    ("OrderQuantityLimitExceeded", _lines(21, prime=False), _lines(20, prime=False)),
    (
        "InvalidRecipientAddressInput",
        _set(f"{ADDRESS}.locality", ""),
        _set(f"{ADDRESS}.locality", "Tacoma"),
    ),
    (
        "InvalidRecipientAddressInput",
        _set(f"{ADDRESS}.countryCode", "USA"),
        _set(f"{ADDRESS}.countryCode", "US"),
    ),
    (
        "InvalidRecipientAddressInput",
        _set(f"{ADDRESS}.countryCode", "CA"),
        _set(f"{ADDRESS}.countryCode", " US"),
    ),
    (
        "InvalidRecipientAddressInput",
        _set(f"{ADDRESS}.region", "PR"),
        _set(f"{ADDRESS}.region", "DC"),
    ),
    (
        "InvalidRecipientAddressInput",
        _set(f"{ADDRESS}.postalCode", "9810"),
        _set(f"{ADDRESS}.postalCode", "98109-0001"),
    ),
    (
        "InvalidRecipientAddressInput",
        _set("recipient", None),
        _set(f"{ADDRESS}.extendedAddress", "Suite 100"),
    ),
    (
        "InvalidRecipientContactInput",
        _set(f"{ADDRESS}.contactNumber", "call me"),
        _set(f"{ADDRESS}.contactNumber", "(206) 555-0199"),
    ),
    (
        "InvalidRecipientContactInput",
        _set(f"{ADDRESS}.contactNumber", "+1 206 555 0199 12345"),
        _set(f"{ADDRESS}.contactNumber", "+1 206 555 0199 1234"),
    ),
    (
        "InvalidShopperContactInput",
        _set("customer.contact.emailData.email", "jordan"),
        _set("customer.contact.emailData.email", "j@example.org"),
    ),
    (
        "InvalidShopperContactInput",
        _set("customer.contact.phoneNumber", "x"),
        _set("customer.contact.phoneNumber", "+1 206 555 0100"),
    ),
    (
        "InvalidShopperContactInput",
        _set("customer.contact", {"emailData": {"name": "Jordan"}}),
        _set("customer.contact", {"phoneNumber": "+1 206 555 0100"}),
    ),
    ("InvalidIdpToken", _token(""), _token("Atza|shopper")),
    ("InvalidIdpToken", _token("A" * 2049), _token("A" * 2048)),
    (
        "InvalidIdpToken",
        _set("shopperIdentity", {"apayCheckoutSessionId": APAY | {"externalId": "E" * 513}}),
        _set("shopperIdentity", {"apayCheckoutSessionId": APAY}),
    ),
    (
        "InvalidIdpToken",
        _set("shopperIdentity", {"apayCheckoutSessionId": {"value": "s", "externalId": ""}}),
        _set("shopperIdentity", {"apayCheckoutSessionId": APAY}),
    ),
]


@pytest.mark.parametrize(("code", "bad", "good"), CASES, ids=[c[0] for c in CASES])
def test_each_create_rule_rejects_only_the_breaking_request(
    code: str, bad: Edit, good: Edit
) -> None:
    """The edited request gets ValidationError/<code>; the near-identical one is created."""
    fake = FakeOrderApi()
    failing, passing = create_variables(), create_variables(order_ref="2")
    bad(failing)
    good(passing)
    assert_error(fake.execute("createOrder", failing), "createOrder", "ValidationError", code)
    assert_ok(fake.execute("createOrder", passing), "createOrder")


def test_an_alias_held_by_another_order_is_refused() -> None:
    """A different request reusing an alias gets AliasValueAlreadyExists; a fresh alias passes."""
    fake = FakeOrderApi()
    new_order(fake, order_ref="1")
    reuse = create_variables(order_ref="1", lines=2)
    assert_error(
        fake.execute("createOrder", reuse),
        "createOrder",
        "ValidationError",
        "AliasValueAlreadyExists",
    )
    assert_ok(fake.execute("createOrder", create_variables(order_ref="9", lines=2)), "createOrder")


def test_an_identical_retry_gets_conflict_error() -> None:
    """Resending the request that created an order answers ConflictError, not a second order."""
    fake = FakeOrderApi()
    new_order(fake)
    assert_error(
        fake.execute("createOrder", create_variables()), "createOrder", "ConflictError", None
    )
    assert len(fake.order_ids()) == 1


def test_a_merchant_only_order_needs_no_recipient() -> None:
    """Only lines Amazon delivers need the recipient's address: a merchant-only order omits it."""
    fake = FakeOrderApi()
    variables = create_variables()
    variables["input"]["lineItems"][0]["selectedDeliveryOffer"] = {"summary": {}}
    del variables["input"]["recipient"]
    assert_ok(fake.execute("createOrder", variables), "createOrder")


def test_merchant_lines_need_no_product_and_get_no_package() -> None:
    """A MERCHANT line may omit product; an order without Amazon lines has no packages."""
    fake = FakeOrderApi()
    variables = create_variables()
    line = variables["input"]["lineItems"][0]
    del line["product"]
    line["selectedDeliveryOffer"] = {"details": {"deliveryProvider": "MERCHANT"}}
    order = assert_ok(fake.execute("createOrder", variables), "createOrder")["order"]
    assert order["packageInformation"] == {"summary": None, "details": []}


def test_non_prime_units_are_unlimited_before_2024_11_01() -> None:
    """On 2024-04-01 only the 20 Prime units are capped: 21 merchant units are accepted."""
    fake = FakeOrderApi(api_version=V04)
    variables = create_variables(version=V04)
    variables["input"]["lineItems"][0]["amount"]["value"] = 21
    variables["input"]["lineItems"][0]["selectedDeliveryOffer"] = {"summary": {}}
    assert_ok(fake.execute("createOrder", variables), "createOrder")
    variables = create_variables(version=V04, order_ref="2")
    variables["input"]["lineItems"][0]["amount"]["value"] = 21
    response = fake.execute("createOrder", variables)
    assert_error(response, "createOrder", "ValidationError", "OrderQuantityLimitExceeded")


@pytest.mark.parametrize(
    ("version", "provider", "field"),
    [
        (
            V11,
            "BUY_WITH_PRIME",
            "input.lineItems[0].selectedDeliveryOffer.details.deliveryProvider",
        ),
        (V04, "AMAZON", "input.lineItems[0].selectedDeliveryOffer.details.deliveryProvider"),
    ],
)
def test_the_provider_is_spelled_per_version(version: str, provider: str, field: str) -> None:
    """The other version's provider spelling is a schema misfit naming the field."""
    variables = create_variables(version=V11 if version == V04 else V04)
    response = FakeOrderApi().execute("createOrder", variables, api_version=version)
    assert response["errors"][0]["extensions"] == {"errorType": "ValidationError", "field": field}
    assert provider in response["errors"][0]["message"]


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (lambda v: v.pop("input"), "input"),
        (lambda v: v["input"].pop("lineItems"), "input.lineItems"),
        (
            lambda v: v["input"]["lineItems"][0]["amount"].update(value=0),
            "input.lineItems[0].amount.value",
        ),
        (lambda v: v["input"].update(desiredExecutionState="GO"), "input.desiredExecutionState"),
        (lambda v: v["input"]["orderLinks"][0].pop("url"), "input.orderLinks[0].url"),
        (lambda v: v["input"].update(customer=None), "input.customer"),
        (
            lambda v: v["input"]["lineItems"][0]["selectedDeliveryOffer"]["details"].pop("id"),
            "input.lineItems[0].selectedDeliveryOffer.details.id",
        ),
    ],
)
def test_schema_misfits_name_the_field(edit: Callable[[JSON], Any], field: str) -> None:
    """A request that misfits the input schema gets a codeless ValidationError naming the path."""
    variables = create_variables()
    edit(variables)
    response = FakeOrderApi().execute("createOrder", variables)
    assert response["errors"][0]["extensions"] == {"errorType": "ValidationError", "field": field}


def test_a_created_order_has_the_documented_shape() -> None:
    """createOrder returns the full order: NOT_STARTED, one PENDING package, seeded 322- ID."""
    order = FakeOrderApi().create_order(create_variables(lines=3, links=2, aliases=2))
    assert re.fullmatch(r"322-[A-Z0-9]{4}-[A-Z0-9]{6}", order["id"])
    assert order["metadata"]["executionState"] == "NOT_STARTED"
    assert order["packageInformation"]["summary"] == {"state": "PENDING"}
    assert [d["state"] for d in order["packageInformation"]["details"]] == ["PENDING"]
    assert len(order["aliases"]) == 2 and len(order["orderLinks"]) == 2
    assert [line["amount"] for line in order["lineItems"]] == [{"value": 1, "unit": "ONE"}] * 3


def test_desired_state_started_at_create_starts_the_order() -> None:
    """desiredExecutionState STARTED on createOrder creates a STARTED order."""
    variables = create_variables()
    variables["input"]["desiredExecutionState"] = "STARTED"
    order = FakeOrderApi().create_order(variables)
    assert order["metadata"]["executionState"] == "STARTED"


def test_the_request_is_not_kept_by_reference() -> None:
    """Mutating the variables or the response afterwards changes nothing in the store."""
    fake = FakeOrderApi()
    variables = create_variables()
    order = fake.create_order(variables)
    before = copy.deepcopy(fake.order({"orderId": order["id"]}))
    variables["input"]["orderLinks"][0]["url"] = "changed"
    order["orderLinks"].clear()
    assert fake.order({"orderId": order["id"]}) == before
