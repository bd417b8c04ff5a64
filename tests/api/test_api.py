"""Tests of orderguard.api: parsing both API versions, both order envelopes, and bad input."""

from __future__ import annotations

import contextlib
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orderguard import samples
from orderguard._paths import json_path
from orderguard.api import (
    CancelOrderVariables,
    CreateOrderVariables,
    UpdateOrderVariables,
    dialect_for,
    parse_order,
    parse_variables,
)
from orderguard.enums import ApiVersion, DeliveryProvider, ExecutionState, PackageState
from orderguard.errors import PayloadError
from orderguard.errors.exceptions import UnsupportedVersionError

V11, V04 = ApiVersion.V2024_11_01, ApiVersion.V2024_04_01


def paths_of(error: PayloadError) -> set[str]:
    return {issue.path for issue in error.issues}


@pytest.mark.parametrize("version", [V11, V04])
def test_create_variables_parse_in_both_versions(version: ApiVersion) -> None:
    """A realistic createOrder parses in each version, Amazon lines normalised to AMAZON."""
    variables = parse_variables("createOrder", samples.create_variables(3, 2, 2, version), version)
    assert isinstance(variables, CreateOrderVariables)
    line = variables.input.line_items[0]
    assert line.selected_delivery_offer.details is not None
    assert line.selected_delivery_offer.details.delivery_provider is DeliveryProvider.AMAZON
    assert line.amount.value == Decimal(1)
    assert len(variables.input.order_links or []) == 2


def test_provider_spelling_of_the_other_version_is_rejected() -> None:
    """BUY_WITH_PRIME is not a 2024-11-01 provider, and AMAZON is not a 2024-04-01 one."""
    old = samples.create_variables(1, version=V04)
    with pytest.raises(PayloadError) as caught:
        parse_variables("createOrder", old, V11)
    path = "input.lineItems[0].selectedDeliveryOffer.details.deliveryProvider"
    assert paths_of(caught.value) == {path}
    assert "BUY_WITH_PRIME is the 2024-04-01 spelling; 2024-11-01 says AMAZON" in str(caught.value)
    with pytest.raises(PayloadError, match="AMAZON is the 2024-11-01 spelling"):
        parse_variables("createOrder", samples.create_variables(1), V04)


def test_unknown_request_fields_are_refused_but_documented_ones_read() -> None:
    """A field the input type lacks misfits; a documented one (clientDetails) is read."""
    data = samples.create_variables()
    data["input"]["lineItems"][0]["clientDetails"] = {"ipFingerprint": {"ipAddress": "1.2.3.4"}}
    line = parse_variables("createOrder", data).input.line_items[0]
    assert line.client_details is not None and line.client_details.ip_fingerprint is not None
    data["input"]["brandNewField"] = {"x": 1}
    with pytest.raises(PayloadError) as caught:
        parse_variables("createOrder", data)
    assert paths_of(caught.value) == {"input.brandNewField"}


def test_unknown_response_fields_are_tolerated() -> None:
    """Fields the API may add to its answers later do not break reading an order."""
    data = samples.order_json()
    data["data"]["order"]["brandNewField"] = {"x": 1}
    data["data"]["order"]["lineItems"][0]["giftWrap"] = True
    assert parse_order(data).line_items[0].id == "line-0"


def test_wrong_types_and_unknown_enums_are_named_by_path() -> None:
    """Every misfit is reported at once with the JSON path of its field."""
    data = samples.create_variables(2)
    data["input"]["lineItems"][1]["amount"]["value"] = "many"
    data["input"]["desiredExecutionState"] = "GO"
    data["input"]["orderLinks"][0]["destinationType"] = "SOMEWHERE"
    with pytest.raises(PayloadError) as caught:
        parse_variables("createOrder", data)
    assert paths_of(caught.value) == {
        "input.lineItems[1].amount.value",
        "input.desiredExecutionState",
        "input.orderLinks[0].destinationType",
    }


def test_missing_required_fields_are_named() -> None:
    """createOrder without line items or customer names both fields."""
    with pytest.raises(PayloadError) as caught:
        parse_variables("createOrder", {"input": {}})
    assert paths_of(caught.value) == {"input.lineItems", "input.customer"}


def test_non_positive_quantity_is_rejected() -> None:
    """A quantity of zero is not an order line."""
    data = samples.create_variables()
    data["input"]["lineItems"][0]["amount"]["value"] = 0
    with pytest.raises(PayloadError, match=r"input\.lineItems\[0\]\.amount\.value"):
        parse_variables("createOrder", data)


def test_delivery_offer_needs_exactly_one_form() -> None:
    """details and summary together are refused at the offer's path."""
    data = samples.create_variables()
    data["input"]["lineItems"][0]["selectedDeliveryOffer"]["summary"] = {"deliverySpeed": "X"}
    with pytest.raises(PayloadError) as caught:
        parse_variables("createOrder", data)
    assert paths_of(caught.value) == {"input.lineItems[0].selectedDeliveryOffer"}


@pytest.mark.parametrize("version", [V11, V04])
def test_update_variables_normalise_the_order_identifier(version: ApiVersion) -> None:
    """Each version's way of addressing the order parses; the other's is refused."""
    data = samples.update_variables("322-X", {"desiredExecutionState": "STARTED"}, version)
    variables = parse_variables("updateOrder", data, version)
    assert isinstance(variables, UpdateOrderVariables)
    assert variables.input.desired_execution_state is ExecutionState.STARTED
    other = V04 if version is V11 else V11
    with pytest.raises(PayloadError) as caught:
        parse_variables("updateOrder", data, other)
    assert paths_of(caught.value) <= {"orderIdentifier", "input.orderId"}


def test_order_identifier_needs_exactly_one_of_id_or_alias() -> None:
    """An identifier with both an ID and an alias is refused."""
    data = {
        "orderIdentifier": {"orderId": "1", "alias": {"aliasType": "EXTERNAL_ID", "aliasId": "a"}},
        "input": {},
    }
    with pytest.raises(PayloadError) as caught:
        parse_variables("updateOrder", data)
    assert paths_of(caught.value) == {"orderIdentifier"}


def test_graphql_ids_may_be_integers() -> None:
    """A numeric ID is read as its string form."""
    data = {"orderIdentifier": {"orderId": 42}, "input": {}}
    variables = parse_variables("updateOrder", data)
    assert isinstance(variables, UpdateOrderVariables)
    assert variables.order_identifier is not None
    assert variables.order_identifier.order_id == "42"


def test_refund_rejected_state_exists_only_from_2024_11_01() -> None:
    """REJECTED is accepted on 2024-11-01 and refused, with its path, on 2024-04-01."""
    detail = samples.refund_update("r-1", "REJECTED")
    parse_variables(
        "updateOrder", samples.update_variables("o", {"refunds": {"details": [detail]}})
    )
    data = samples.update_variables("o", {"refunds": {"details": [detail]}}, V04)
    with pytest.raises(PayloadError) as caught:
        parse_variables("updateOrder", data, V04)
    assert paths_of(caught.value) == {"input.refunds.details[0].state"}


def test_cancel_variables_in_both_versions() -> None:
    """cancelOrder takes the identifier outside input on 2024-11-01 and inside before."""
    modern = {"orderIdentifier": {"orderId": "o"}, "input": {"reason": "ORDERED_BY_MISTAKE"}}
    assert isinstance(parse_variables("cancelOrder", modern), CancelOrderVariables)
    assert isinstance(
        parse_variables("cancelOrder", {"orderIdentifier": {"orderId": "o"}}), CancelOrderVariables
    )
    older = {"input": {"orderIdentifier": {"orderId": "o"}, "reason": "OTHER"}}
    assert isinstance(parse_variables("cancelOrder", older, V04), CancelOrderVariables)
    with pytest.raises(PayloadError, match="orderIdentifier"):
        parse_variables("cancelOrder", older, V11)


def test_unknown_operation_and_version_are_typed_errors() -> None:
    """An unknown mutation or API version raises a typed error listing the valid ones."""
    with pytest.raises(PayloadError, match="createOrder, updateOrder, cancelOrder"):
        parse_variables("deleteOrder", {})
    with pytest.raises(UnsupportedVersionError, match="2024-11-01"):
        parse_variables("createOrder", {}, "2023-01-01")


@pytest.mark.parametrize("version", [V11, V04])
@pytest.mark.parametrize("enveloped", [True, False])
def test_order_parses_bare_or_enveloped_in_both_versions(
    version: ApiVersion, enveloped: bool
) -> None:
    """The order query result parses whole or bare, with packages under either field name."""
    data: Any = samples.order_json(packages=("IN_TRANSIT", "PENDING"), version=version)
    if not enveloped:
        data = data["data"]["order"]
    order = parse_order(data, version)
    assert order.package_information is not None
    assert [p.state for p in order.package_information.details or []] == [
        PackageState.IN_TRANSIT,
        PackageState.PENDING,
    ]
    assert (
        order.metadata is not None and order.metadata.execution_state is ExecutionState.NOT_STARTED
    )


def test_bad_orders_are_named_by_path() -> None:
    """A wrong package state or a missing ID is reported with its enveloped path."""
    data = samples.order_json()
    data["data"]["order"]["packageInformation"]["details"][0]["state"] = "LOST"
    del data["data"]["order"]["id"]
    with pytest.raises(PayloadError) as caught:
        parse_order(data)
    assert paths_of(caught.value) == {
        "data.order.id",
        "data.order.packageInformation.details[0].state",
    }


@pytest.mark.parametrize("data", [[], "order", 3, None, {"data": {}}, {"data": {"order": None}}])
def test_things_that_are_not_orders_raise_payload_errors(data: object) -> None:
    """Lists, strings, numbers and empty envelopes are refused with a typed error."""
    with pytest.raises(PayloadError):
        parse_order(data)


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=5),
        lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=8), c, max_size=3),
        max_leaves=10,
    )
)
def test_any_json_either_parses_or_raises_payload_error(data: object) -> None:
    """No JSON value makes the parsers raise anything but PayloadError."""
    for operation in ("createOrder", "updateOrder", "cancelOrder"):
        with contextlib.suppress(PayloadError):
            parse_variables(operation, data)
    with contextlib.suppress(PayloadError):
        parse_order(data)


@given(
    st.lists(
        st.one_of(st.integers(0, 50), st.sampled_from(["input", "lineItems", "id"])), max_size=6
    )
)
def test_json_path_writes_indexes_in_brackets(loc: list[int | str]) -> None:
    """Integer parts of a location become [n]; names are joined with dots."""
    path = json_path(tuple(loc))
    assert path.count("[") == sum(isinstance(p, int) for p in loc)
    assert "." not in path or not path.startswith(".")


def test_limits_differ_by_version() -> None:
    """2024-11-01 caps non-Prime units at 20; 2024-04-01 documents no such cap."""
    assert dialect_for(V11).max_non_prime_units == 20
    assert dialect_for(V04).max_non_prime_units is None
    assert dialect_for("2024-04-01").amazon_provider_spelling == "BUY_WITH_PRIME"
