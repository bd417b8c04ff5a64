"""Plainly wrong values are refused at their path, by the guard and by the fake alike (issue 10).

Each case edits a valid request one value at a time; the guard reports a ``SchemaError`` at the
value's path and the fake answers a codeless ``ValidationError`` naming the same field, with the
same words: both read the value's ``Constraint`` from ``orderguard.api``.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orderguard import Guard
from orderguard.api.schema import MAX_TEXT, US_ZIP
from orderguard.enums import ApiVersion
from orderguard.fake import FakeOrderApi
from orderguard.samples import create_variables, update_variables

JSON = dict[str, Any]
LINE = "input.lineItems[0]"
PRICE = f"{LINE}.product.price"
CHARGE = f"{LINE}.selectedDeliveryOffer.details.deliveryCharge"


def _at(path: str, value: object) -> Callable[[JSON], None]:
    """An edit setting the value at the dotted ``path`` (``[0]`` indexes a list)."""
    parts = path.replace("[", ".").replace("]", "").split(".")

    def edit(variables: JSON) -> None:
        node: Any = variables
        for part in parts[:-1]:
            node = node[int(part)] if part.isdigit() else node.setdefault(part, {})
        node[parts[-1]] = value

    return edit


CREATE_CASES = {
    "empty currency": (f"{PRICE}.currencyCode", ""),
    "lower-case currency": (f"{PRICE}.currencyCode", "usd"),
    "currency with a sign": ("input.totalPrice.value.currencyCode", "US$"),
    "half a unit": (f"{LINE}.amount.value", 0.5),
    "a tiny fraction": (f"{LINE}.amount.value", "1e-30"),
    "an overflowing quantity": (f"{LINE}.amount.value", "9e999999"),
    "a negative price": (f"{PRICE}.amount", "-12.99"),
    "a negative delivery charge": (CHARGE, {"amount": -5, "currencyCode": "USD"}),
    "an empty alias ID": ("input.aliases", [{"aliasType": "EXTERNAL_ID", "aliasId": ""}]),
    "an empty alias type": ("input.aliases", [{"aliasType": "", "aliasId": "order-1"}]),
    "a 10 MB title": (f"{LINE}.product.title", "t" * 10_000_000),
    "a 10 MB string in open JSON": ("input.discounts", {"note": ["d" * 10_000_000]}),
}


def _field_of(path: str, value: object) -> str:
    """The path the refusal names: the scalar's own path (an alias list names its item field)."""
    if isinstance(value, list):
        (alias,) = value
        blank = next(key for key, text in alias.items() if text == "")
        return f"{path}[0].{blank}"
    if isinstance(value, dict) and "amount" in value:
        return f"{path}.amount"
    return path


def _refused_alike(operation: str, variables: JSON, path: str, version: ApiVersion) -> None:
    decision = Guard(version).check(operation, variables)
    at_path = [v for v in decision.violations if v.path == path]
    assert [v.spec.name for v in at_path] == ["SchemaError"], decision.violations
    answer = FakeOrderApi(api_version=version.value).execute(operation, variables)
    (error,) = answer["errors"]
    assert error["extensions"]["field"] == path, error
    assert error["message"] == f"{path}: {at_path[0].message}"


@pytest.mark.parametrize("version", list(ApiVersion))
@pytest.mark.parametrize("case", sorted(CREATE_CASES))
def test_a_plainly_wrong_create_value_is_refused_by_guard_and_fake(
    case: str, version: ApiVersion
) -> None:
    path, value = CREATE_CASES[case]
    variables = copy.deepcopy(create_variables(version=version))
    _at(path, value)(variables)
    _refused_alike("createOrder", variables, _field_of(path, value), version)


@pytest.mark.parametrize("version", list(ApiVersion))
@pytest.mark.parametrize("amount", [0, -4, "1e5000", "0.00"])
def test_a_refund_total_of_nothing_or_beyond_any_order_is_refused(
    amount: object, version: ApiVersion
) -> None:
    total = {"totalAmount": {"amount": amount, "currencyCode": "USD"}}
    detail = {"id": "RF-1", "refundTotal": total, "state": "SUCCESS"}
    variables = update_variables("322-ABC1-AAAAAA", {"refunds": {"details": [detail]}}, version)
    path = "input.refunds.details[0].refundTotal.totalAmount.amount"
    _refused_alike("updateOrder", variables, path, version)


def test_an_empty_order_id_is_refused() -> None:
    variables = update_variables("", {"desiredExecutionState": "STARTED"})
    _refused_alike("updateOrder", variables, "orderIdentifier.orderId", ApiVersion.V2024_11_01)
    old = update_variables("", {"desiredExecutionState": "STARTED"}, ApiVersion.V2024_04_01)
    _refused_alike("updateOrder", old, "input.orderId", ApiVersion.V2024_04_01)
    cancel = {"orderIdentifier": {"orderId": ""}}
    _refused_alike("cancelOrder", cancel, "orderIdentifier.orderId", ApiVersion.V2024_11_01)


def test_a_string_at_the_bound_passes_and_one_beyond_it_is_refused() -> None:
    variables = create_variables()
    _at(f"{LINE}.product.title", "t" * MAX_TEXT)(variables)
    assert Guard().check_create(variables).allowed
    _at(f"{LINE}.product.title", "t" * (MAX_TEXT + 1))(variables)
    (violation,) = Guard().check_create(variables).violations
    assert violation.path == f"{LINE}.product.title"
    assert f"at most {MAX_TEXT} characters" in violation.message


@pytest.mark.parametrize("quantity", [1, 2, "3", 4.0, "5.00", "1e1"])
def test_whole_quantities_however_written_pass(quantity: object) -> None:
    variables = create_variables()
    _at(f"{LINE}.amount.value", quantity)(variables)
    assert Guard().check_create(variables).allowed
    assert "errors" not in FakeOrderApi().execute("createOrder", variables)


def test_a_thousand_lines_of_a_hundredth_do_not_slip_under_the_cap() -> None:
    """The issue's case: 1,000 lines of 0.01 units added up to 10, under the 20-unit cap."""
    variables = create_variables()
    line = variables["input"]["lineItems"][0]
    variables["input"]["lineItems"] = [
        copy.deepcopy(line) | {"amount": {"value": "0.01"}} for _ in range(1000)
    ]
    decision = Guard().check_create(variables)
    assert not decision.allowed
    assert {v.path for v in decision.violations} >= {
        f"input.lineItems[{i}].amount.value" for i in (0, 999)
    }


DIGITS = {
    "arabic-indic": "٠١٢٣٤٥٦٧٨٩",
    "full-width": "".join(chr(0xFF10 + d) for d in range(10)),
    "devanagari": "०१२३४५६७८९",
}


@given(kind=st.sampled_from(sorted(DIGITS)), zip_code=st.from_regex(r"\A[0-9]{5}\Z"))
def test_a_zip_code_in_other_digits_is_refused_by_guard_and_fake(kind: str, zip_code: str) -> None:
    """The pattern took any script's digits; a US ZIP code is written in ASCII digits."""
    foreign = zip_code.translate(str.maketrans("0123456789", DIGITS[kind]))
    variables = create_variables()
    variables["input"]["recipient"]["deliveryAddress"]["postalCode"] = foreign
    (violation,) = Guard().check_create(variables).violations
    assert (violation.spec.name, violation.expected) == (
        "InvalidRecipientAddressInput",
        US_ZIP.expected,
    )
    answer = FakeOrderApi().execute("createOrder", variables)
    assert answer["errors"][0]["extensions"]["errorCode"] == "InvalidRecipientAddressInput"


def test_a_lower_case_country_code_is_told_to_be_upper_case() -> None:
    variables = create_variables()
    variables["input"]["recipient"]["deliveryAddress"]["countryCode"] = "us"
    (violation,) = Guard().check_create(variables).violations
    assert violation.message == "countryCode 'us' must be upper case"
    assert violation.expected == "US"


def test_a_lone_surrogate_where_an_enum_belongs_is_refused_by_both() -> None:
    """Found by the fuzz suite: a lone surrogate as desiredExecutionState passed the guard."""
    variables = update_variables("322-ABC1-AAAAAA", {"desiredExecutionState": "\ud800"})
    decision = Guard().check_update(variables, None)
    assert [v.path for v in decision.violations] == ["input.desiredExecutionState"]
    answer = FakeOrderApi().execute("updateOrder", variables)
    assert answer["errors"][0]["extensions"]["field"] == "input.desiredExecutionState"


def test_a_lone_surrogate_in_a_short_text_is_kept_for_the_rules() -> None:
    """pydantic-core cannot measure it; Python does, so the e-mail rule still judges it."""
    variables = create_variables()
    variables["input"]["customer"]["contact"]["emailData"]["email"] = "\ud800@x"
    (violation,) = Guard().check_create(variables).violations
    assert (violation.spec.name, violation.found) == ("InvalidShopperContactInput", "\ud800@x")
