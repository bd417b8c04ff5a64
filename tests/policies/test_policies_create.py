"""createOrder rules: each code triggered by a request and not by a near-identical one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from orderguard import Guard, samples
from tests.helpers.policy_cases import (
    V04,
    V11,
    Call,
    Case,
    address,
    create,
    decide_pairs,
    line,
    merchant_line,
    sandbox_token,
    with_context,
)

Build = Callable[[bool], Call]
DETAILS = "input.lineItems[{}].selectedDeliveryOffer.details"
IDENTITY = "input.shopperIdentity"


def _prime_units(version: Any) -> Build:
    def build(broken: bool) -> Call:
        variables = create(2, version)
        line(variables, 0)["amount"]["value"] = 10
        line(variables, 1)["amount"]["value"] = 11 if broken else 10
        return Call("createOrder", variables, version=version)

    return build


def _other_units(broken: bool) -> Call:
    variables = create(1)
    variables["input"]["lineItems"] += [
        merchant_line(1, 10),
        merchant_line(2, 11 if broken else 10),
    ]
    return Call("createOrder", variables)


def _links(broken: bool) -> Call:
    variables = create(1)
    variables["input"]["orderLinks"] *= 6 if broken else 5
    return Call("createOrder", variables)


def _merchant_ships(variables: dict[str, Any], index: int) -> None:
    line(variables, index)["selectedDeliveryOffer"] = {"details": {"deliveryProvider": "MERCHANT"}}


def _missing(field: str) -> Case:
    def build(broken: bool) -> Call:
        variables = create(2)
        if field == "product":
            del line(variables, 1)["product"]
        else:
            del line(variables, 1)["product"][field]
        if not broken:  # the same line shipped by the merchant needs no product data
            _merchant_ships(variables, 1)
        return Call("createOrder", variables)

    path = "input.lineItems[1].product" + ("" if field == "product" else f".{field}")
    return Case(f"missing-{field}", "MissingItemAttributes", path, build)


def _address(case_id: str, field: str, bad: str, good: str) -> Case:
    def build(broken: bool) -> Call:
        variables = create(1)
        address(variables)[field] = bad if broken else good
        return Call("createOrder", variables)

    path = f"input.recipient.deliveryAddress.{field}"
    return Case(case_id, "InvalidRecipientAddressInput", path, build)


def _no_address(broken: bool) -> Call:
    variables = create(1)
    del variables["input"]["recipient"]
    if not broken:  # a merchant-shipped order may leave the address to the merchant
        _merchant_ships(variables, 0)
    return Call("createOrder", variables)


def _recipient_phone(broken: bool) -> Call:
    variables = create(1)
    address(variables)["contactNumber"] = "call me maybe" if broken else "(206) 555-0142"
    return Call("createOrder", variables)


def _shopper_email(broken: bool) -> Call:
    variables = create(1)
    email = "jordan.example.com" if broken else "jordan.rivera@example.co.uk"
    variables["input"]["customer"]["contact"]["emailData"]["email"] = email
    return Call("createOrder", variables)


def _shopper_unreachable(broken: bool) -> Call:
    contact = {"emailData": {"name": "Jordan"}} if broken else {"phoneNumber": "+1 206 555 0100"}
    return Call("createOrder", create(1, customer={"contact": contact}))


def _token(case_id: str, bad: str, good: str, field: str = "lwaAccessToken") -> Case:
    def build(broken: bool) -> Call:
        token = bad if broken else good
        identity = {field: token} if field == "idPToken" else {field: {"value": token}}
        return Call("createOrder", create(1, shopperIdentity=identity))

    suffix = "" if field == "idPToken" else ".value"
    return Case(case_id, "InvalidIdpToken", f"{IDENTITY}.{field}{suffix}", build)


def _apay(broken: bool) -> Call:
    session = {"value": "x" * (257 if broken else 256), "externalId": "checkout-1"}
    return Call("createOrder", create(1, shopperIdentity={"apayCheckoutSessionId": session}))


def _apay_external(broken: bool) -> Call:
    session = {"value": "session-1", "externalId": "x" * (513 if broken else 512)}
    return Call("createOrder", create(1, shopperIdentity={"apayCheckoutSessionId": session}))


def _expired(broken: bool) -> Call:
    variables = create(1, shopperIdentity={"lwaAccessToken": {"value": "Atza|IwEBIA"}})
    return with_context(
        variables, tokenExpiresAt="2026-11-20T10:04:59Z" if broken else "2026-11-20T10:05:01Z"
    )


def _expired_by_lifetime(broken: bool) -> Call:
    """Acquired 09:30, checked 10:05: a 35-minute (2100 s) lifetime is over."""
    variables = create(1, shopperIdentity={"idPToken": "Atza|IwEBIA"})
    return with_context(variables, tokenLifetimeSeconds=2100 if broken else 2101)


def _alias_twice(broken: bool) -> Call:
    variables = create(1)
    second = "order-1001-0" if broken else "order-1001-1"
    variables["input"]["aliases"].append({"aliasType": "EXTERNAL_ID", "aliasId": second})
    return Call("createOrder", variables)


def _alias_in_store(broken: bool) -> Call:
    used = "order-1001-0" if broken else "order-1000-0"
    return with_context(create(1), usedAliases=[{"aliasType": "EXTERNAL_ID", "aliasId": used}])


def _six_aliases(broken: bool) -> Call:
    return Call("createOrder", samples.create_variables(1, aliases=6 if broken else 5))


def _preview_address(broken: bool) -> Call:
    variables = create(1)
    address(variables)["postalCode"] = "98121" if broken else "98109"
    call = with_context(variables)
    del call.context["knownAddresses"]  # type: ignore[index]
    return call


def _known_address(broken: bool) -> Call:
    call = with_context(create(1))
    street = "1 Main St" if broken else "410  terry AVE n"
    del call.context["deliveryPreview"]["address"]  # type: ignore[index]
    call.context["knownAddresses"][0]["streetAddress"] = street  # type: ignore[index]
    return call


def _offer_item(broken: bool) -> Call:
    variables = create(2)
    call = with_context(variables)
    if broken:
        line(variables, 1)["product"]["identifier"] = {"sku": "SKU-9999"}
    return call


def _offer_quantity(broken: bool) -> Call:
    variables = create(2)
    call = with_context(variables)
    line(variables, 1)["amount"]["value"] = 2 if broken else 1
    return call


def _inventory(case_id: str, code: str, path: str, field: str, bad: object) -> Case:
    def build(broken: bool) -> Call:
        call = with_context(create(2))
        if broken:
            call.context["inventory"]["SKU-0001"][field] = bad  # type: ignore[index]
        return call

    return Case(case_id, code, f"input.lineItems[1]{path}", build)


def _stock_short(broken: bool) -> Call:
    """Lines 1 and 2 sell the same item: their units add up against the stock."""
    variables = create(3)
    line(variables, 2)["product"]["identifier"] = {"sku": "SKU-0001"}
    call = with_context(variables)
    call.context["inventory"]["SKU-0001"]["available"] = 1 if broken else 2  # type: ignore[index]
    return call


def _not_prime(broken: bool) -> Call:
    return with_context(create(1), shopperPrime=not broken)


def _details(index: int, **changes: str) -> Build:
    def build(broken: bool) -> Call:
        variables = create(2)
        call = with_context(variables)
        if broken:
            line(variables, index)["selectedDeliveryOffer"]["details"].update(changes)
        return call

    return build


def _expired_offer(broken: bool) -> Call:
    call = with_context(create(1))
    expiry = "2026-11-20T10:05:00Z" if broken else "2026-11-20T10:05:01Z"
    call.context["deliveryPreview"]["offers"][0]["expiresAt"] = expiry  # type: ignore[index]
    return call


def _prime_offer_id(field: str) -> Case:
    def build(broken: bool) -> Call:
        variables = create(1)
        details = line(variables, 0)["selectedDeliveryOffer"]["details"]
        del details[field]
        if not broken:  # Amazon delivery without Prime needs no preview IDs
            details["deliveryTerms"] = {"isPrimeEligible": False, "deliverySpeed": "STANDARD"}
        return Call("createOrder", variables)

    return Case(f"prime-needs-{field}", "SchemaError", f"{DETAILS.format(0)}.{field}", build)


def _schema(case_id: str, path: str, edit: Callable[[dict[str, Any], bool], None]) -> Case:
    def build(broken: bool) -> Call:
        variables = create(1)
        edit(variables["input"], broken)
        return Call("createOrder", variables)

    return Case(case_id, "SchemaError", path, build)


def _set(key: str, bad: object, good: object) -> Callable[[dict[str, Any], bool], None]:
    def edit(data: dict[str, Any], broken: bool) -> None:
        data[key] = bad if broken else good

    return edit


def _drop_customer(data: dict[str, Any], broken: bool) -> None:
    if broken:
        del data["customer"]


def _quantity_text(data: dict[str, Any], broken: bool) -> None:
    data["lineItems"][0]["amount"]["value"] = "two" if broken else "2"


CREATE_CASES = [
    Case("prime-units", "OrderQuantityLimitExceeded", "input.lineItems", _prime_units(V11)),
    Case("prime-units-v04", "OrderQuantityLimitExceeded", "input.lineItems", _prime_units(V04)),
    Case("other-units", "OrderQuantityLimitExceeded", "input.lineItems", _other_units),
    Case("links", "OrderLinkLimitExceeded", "input.orderLinks", _links),
    *(_missing(field) for field in ("product", "title", "price", "identifier")),
    _address("country-not-us", "countryCode", "CA", "US"),
    _address("country-three-letters", "countryCode", "USA", "US"),
    _address("territory", "region", "PR", "WA"),
    _address("military", "region", "AE", "OR"),
    _address("zip", "postalCode", "9810", "98109-1234"),
    _address("blank-city", "locality", "  ", "Seattle"),
    Case(
        "no-address", "InvalidRecipientAddressInput", "input.recipient.deliveryAddress", _no_address
    ),
    Case(
        "recipient-phone",
        "InvalidRecipientContactInput",
        "input.recipient.deliveryAddress.contactNumber",
        _recipient_phone,
    ),
    Case(
        "shopper-email",
        "InvalidShopperContactInput",
        "input.customer.contact.emailData.email",
        _shopper_email,
    ),
    Case(
        "shopper-unreachable",
        "InvalidShopperContactInput",
        "input.customer.contact",
        _shopper_unreachable,
    ),
    _token("empty-token", "", "Atza|IwEBIA"),
    _token("long-token", "A" * 2049, "A" * 2048),
    _token("raw-sandbox-token", "sandbox-mocked-test-lwa", sandbox_token()),
    _token("sandbox-type", sandbox_token("CHECKOUT_SESSION_ID"), sandbox_token()),
    _token("sandbox-value", sandbox_token(value="prod-lwa"), sandbox_token()),
    _token(
        "idp-sandbox-type",
        sandbox_token("ID_TOKEN"),
        sandbox_token("CHECKOUT_SESSION_ID"),
        "idPToken",
    ),
    Case("apay-long", "InvalidIdpToken", f"{IDENTITY}.apayCheckoutSessionId.value", _apay),
    Case(
        "apay-external-long",
        "InvalidIdpToken",
        f"{IDENTITY}.apayCheckoutSessionId.externalId",
        _apay_external,
    ),
    Case("expired", "ExpiredIdpToken", f"{IDENTITY}.lwaAccessToken.value", _expired),
    Case("expired-lifetime", "ExpiredIdpToken", f"{IDENTITY}.idPToken", _expired_by_lifetime),
    Case("alias-twice", "AliasValueAlreadyExists", "input.aliases[1]", _alias_twice),
    Case("alias-in-store", "AliasValueAlreadyExists", "input.aliases[0]", _alias_in_store),
    Case("six-aliases", "AliasValueAlreadyExists", "input.aliases", _six_aliases),
    Case("preview-address", "AddressMismatch", "input.recipient.deliveryAddress", _preview_address),
    Case("known-address", "ShopperIdMismatch", "input.recipient.deliveryAddress", _known_address),
    Case(
        "offer-item", "InvalidItemIdentifier", "input.lineItems[1].product.identifier", _offer_item
    ),
    Case(
        "offer-quantity",
        "SelectedQuantityNotAvailable",
        "input.lineItems[1].amount.value",
        _offer_quantity,
    ),
    _inventory(
        "not-in-catalog", "InvalidItemIdentifier", ".product.identifier", "inCatalog", False
    ),
    _inventory(
        "not-prime-enabled",
        "ItemUnavailableWithPrime",
        ".product.identifier",
        "primeEnabled",
        False,
    ),
    _inventory("out-of-stock", "ItemOutOfStock", "", "available", 0),
    Case("stock-short", "ReduceQuantityToProceed", "input.lineItems[2].amount.value", _stock_short),
    Case("not-prime", "ShopperNotPrime", IDENTITY, _not_prime),
    Case(
        "other-preview",
        "StaleDeliveryOffer",
        f"{DETAILS.format(0)}.deliveryPreviewId",
        _details(0, deliveryPreviewId="preview-old"),
    ),
    Case(
        "unknown-offer",
        "StaleDeliveryOffer",
        f"{DETAILS.format(1)}.id",
        _details(1, id="offer-from-yesterday"),
    ),
    Case("expired-offer", "StaleDeliveryOffer", f"{DETAILS.format(0)}.id", _expired_offer),
    _prime_offer_id("id"),
    _prime_offer_id("deliveryPreviewId"),
    _schema("wrong-type", "input.lineItems[0].amount.value", _quantity_text),
    _schema(
        "unknown-enum",
        "input.desiredExecutionState",
        _set("desiredExecutionState", "GO", "STARTED"),
    ),
    _schema("missing-customer", "input.customer", _drop_customer),
]


@pytest.mark.parametrize("case", CREATE_CASES, ids=lambda case: case.id)
def test_broken_request_gives_exactly_its_code_at_its_path(case: Case) -> None:
    """A request breaking one rule gets that rule's code at the offending field, and no other."""
    assert decide_pairs(case.build(True)) == [(case.code, case.path)]


@pytest.mark.parametrize("case", CREATE_CASES, ids=lambda case: case.id)
def test_near_identical_request_is_allowed(case: Case) -> None:
    """The same request with the offending field put right passes every rule."""
    assert decide_pairs(case.build(False)) == []


def test_non_prime_units_are_not_capped_on_2024_04_01() -> None:
    """2024-04-01 documents no cap on merchant lines: 21 of them pass there, not on 2024-11-01."""
    variables = create(1, V04)
    variables["input"]["lineItems"] += [merchant_line(1, 21)]
    assert Guard("2024-04-01").check_create(variables).allowed
    modern = create(1)
    modern["input"]["lineItems"] += [merchant_line(1, 21)]
    assert not Guard().check_create(modern).allowed


def test_every_problem_of_an_address_is_reported() -> None:
    """An address with several faults gets one violation per faulty field."""
    variables = create(1)
    address(variables).update(countryCode="CA", postalCode="", name=None)
    paths = {path for _, path in decide_pairs(Call("createOrder", variables))}
    base = "input.recipient.deliveryAddress"
    assert paths == {f"{base}.countryCode", f"{base}.postalCode", f"{base}.name"}


def test_context_rules_do_not_fire_without_context() -> None:
    """Preview, stock, Prime and expiry rules need the context; without it they stay silent."""
    for case_id in ("offer-quantity", "out-of-stock", "not-prime", "expired", "alias-in-store"):
        case = next(c for c in CREATE_CASES if c.id == case_id)
        call = case.build(True)
        assert decide_pairs(Call(call.operation, call.variables)) == []


def test_opaque_tokens_are_not_judged_beyond_their_length() -> None:
    """A real LWA token (``Atza|...``) or random base64 is not mistaken for a sandbox token."""
    for token in ("Atza|IwEBIJ1x", "c2FuZGJveA==", "e30="):
        call = Call("createOrder", create(1, shopperIdentity={"idPToken": token}))
        assert decide_pairs(call) == []
