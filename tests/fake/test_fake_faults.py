"""FakeOrderApi: fault injection, server-only errors, determinism, threads, the pytest plugin."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest

from orderguard.errors.exceptions import ApiConflictError, UnsupportedVersionError
from orderguard.fake import FakeOrderApi, Fault, Faults, LostResponseError
from orderguard.samples import create_variables
from tests.helpers.fake import JSON, assert_error, assert_ok, new_order, update

ALIAS = {"aliasType": "EXTERNAL_ID", "aliasId": "order-1001-0"}


def _fault_trace(faults: Faults, calls: int = 40) -> list[str]:
    """The error type of each of ``calls`` queries for an unknown order."""
    fake = FakeOrderApi(faults=faults)
    variables = {"orderIdentifier": {"orderId": "322-NONE-NONE00"}}
    return [
        fake.execute("order", variables)["errors"][0]["extensions"]["errorType"]
        for _ in range(calls)
    ]


def test_the_same_fault_seed_fails_the_same_calls() -> None:
    """Faults with one seed reproduce their failures exactly; another seed fails other calls."""
    faults = Faults(throttle_rate=0.3, internal_error_rate=0.2, seed=11)
    trace = _fault_trace(faults)
    assert trace == _fault_trace(faults)
    assert trace != _fault_trace(Faults(throttle_rate=0.3, internal_error_rate=0.2, seed=12))
    assert set(trace) == {"ThrottlingError", "InternalServerError", "ResourceNotFoundError"}


def test_a_throttled_create_stores_nothing() -> None:
    """With throttle_rate 1 every call is ThrottlingError and no order is created."""
    fake = FakeOrderApi(faults=Faults(throttle_rate=1.0))
    assert_error(
        fake.execute("createOrder", create_variables()), "createOrder", "ThrottlingError", None
    )
    assert fake.order_ids() == ()


def test_conflicts_hit_only_update_order() -> None:
    """conflict_rate 1 leaves createOrder alone and answers every updateOrder ConflictException."""
    fake = FakeOrderApi(faults=Faults(conflict_rate=1.0))
    order_id = new_order(fake)
    response = update(fake, order_id, {"desiredExecutionState": "STARTED"})
    assert_error(response, "updateOrder", "ConflictException", None)
    with pytest.raises(ApiConflictError):
        fake.update_order({"orderIdentifier": {"orderId": order_id}, "input": {}})


def test_a_lost_create_is_committed_and_its_retry_conflicts() -> None:
    """A lost create raises TimeoutError yet exists (found by alias); its retry is ConflictError."""
    fake = FakeOrderApi()
    fake.inject_next(Fault.LOST_RESPONSE)
    with pytest.raises(TimeoutError) as caught:
        fake.execute("createOrder", create_variables())
    assert isinstance(caught.value, LostResponseError)
    assert fake.order({"alias": ALIAS})["id"] == fake.order_ids()[0]
    assert_error(
        fake.execute("createOrder", create_variables()), "createOrder", "ConflictError", None
    )
    other = create_variables(lines=2)
    code = "AliasValueAlreadyExists"
    assert_error(fake.execute("createOrder", other), "createOrder", "ValidationError", code)


def test_a_lost_response_on_a_refused_create_answers_normally() -> None:
    """A create that fails validation is not committed, so its error is returned, not lost."""
    fake = FakeOrderApi(faults=Faults(lost_response_rate=1.0))
    bad = create_variables(links=6)
    assert_error(
        fake.execute("createOrder", bad), "createOrder", "ValidationError", "OrderLinkLimitExceeded"
    )
    with pytest.raises(LostResponseError):
        fake.execute("createOrder", create_variables())


def test_an_injected_fault_waits_for_a_call_it_applies_to() -> None:
    """inject_next(CONFLICT) skips createOrder and the query, and hits the next updateOrder once."""
    fake = FakeOrderApi()
    fake.inject_next(Fault.CONFLICT)
    order_id = new_order(fake)
    assert "errors" not in fake.execute("order", {"orderIdentifier": {"orderId": order_id}})
    start = {"desiredExecutionState": "STARTED"}
    assert_error(update(fake, order_id, start), "updateOrder", "ConflictException", None)
    assert_ok(update(fake, order_id, start), "updateOrder")
    with pytest.raises(ValueError, match="CONFLICT"):
        fake.inject_next(Fault.CONFLICT, operation="createOrder")


@pytest.mark.parametrize(
    "faults",
    [
        {"throttle_rate": 1.5},
        {"internal_error_rate": -0.1},
        {"throttle_rate": 0.6, "lost_response_rate": 0.6},
    ],
)
def test_impossible_rates_are_refused(faults: dict[str, float]) -> None:
    """A rate outside [0, 1], or rates for one operation adding up past 1, is a ValueError."""
    with pytest.raises(ValueError, match="rate"):
        Faults(**faults)


def test_a_wrong_access_token_is_access_denied() -> None:
    """An Authorization header with an unknown token gets AccessDeniedError; a valid one passes."""
    fake = FakeOrderApi(valid_tokens={"Atc|good"})
    variables = create_variables()
    denied = fake.execute("createOrder", variables, headers={"Authorization": "Bearer Atc|bad"})
    assert_error(denied, "createOrder", "AccessDeniedError", None)
    allowed = fake.execute("createOrder", variables, headers={"authorization": "Bearer Atc|good"})
    assert_ok(allowed, "createOrder")


def test_a_shopper_outside_the_prime_set_is_not_prime() -> None:
    """With prime_shoppers, a Prime line for another token is ShopperNotPrime; a member's passes."""
    fake = FakeOrderApi(prime_shoppers={"Atza|member"})

    def order(token: str, ref: str) -> JSON:
        variables = create_variables(order_ref=ref)
        variables["input"]["shopperIdentity"] = {"lwaAccessToken": {"value": token}}
        return fake.execute("createOrder", variables)

    assert_error(order("Atza|guest", "1"), "createOrder", "ValidationError", "ShopperNotPrime")
    assert_ok(order("Atza|member", "2"), "createOrder")


@pytest.mark.parametrize(
    ("stock", "quantity", "code"),
    [
        ({"SKU-0000": 0}, 1, "ItemOutOfStock"),
        ({"SKU-0000": 2}, 3, "SelectedQuantityNotAvailable"),
        ({"SKU-9999": 5}, 1, "InvalidItemIdentifier"),
    ],
)
def test_inventory_errors(stock: dict[str, int], quantity: int, code: str) -> None:
    """Unknown, out-of-stock and over-asked items are refused; exactly enough stock passes."""
    variables = create_variables()
    variables["input"]["lineItems"][0]["amount"]["value"] = quantity
    response = FakeOrderApi(inventory=stock).execute("createOrder", variables)
    assert_error(response, "createOrder", "ValidationError", code)
    enough = FakeOrderApi(inventory={**stock, "SKU-0000": quantity})
    assert_ok(enough.execute("createOrder", variables), "createOrder")


def test_a_create_takes_stock_and_reset_restores_it() -> None:
    """Two units of three are taken; a second order for two fails; reset() brings all back."""
    fake = FakeOrderApi(inventory={"SKU-0000": 3})
    first = new_order(fake, lines=1)
    variables = create_variables(order_ref="2")
    variables["input"]["lineItems"][0]["amount"]["value"] = 3
    code = "SelectedQuantityNotAvailable"
    assert_error(fake.execute("createOrder", variables), "createOrder", "ValidationError", code)
    assert fake.inventory == {"SKU-0000": 2}
    fake.reset()
    assert (fake.inventory, fake.order_ids(), fake.events) == ({"SKU-0000": 3}, (), [])
    assert new_order(fake, lines=1) == first


def test_the_seed_decides_the_ids() -> None:
    """The same seed gives the same order IDs; another seed gives others."""
    assert new_order(FakeOrderApi(seed=1)) == new_order(FakeOrderApi(seed=1))
    assert new_order(FakeOrderApi(seed=1)) != new_order(FakeOrderApi(seed=2))


def test_versions_and_operations_are_checked() -> None:
    """An unknown version or operation is a Python error; x-api-version picks the version."""
    fake = FakeOrderApi()
    with pytest.raises(UnsupportedVersionError):
        fake.execute("order", {}, api_version="2023-01-01")
    with pytest.raises(ValueError, match="createOrderFromOffer"):
        fake.execute("createOrderFromOffer", {})
    with pytest.raises(UnsupportedVersionError):
        FakeOrderApi(api_version="2024-01-01")
    order_id = new_order(fake)
    old = fake.execute(
        "order", {"orderIdentifier": {"orderId": order_id}}, headers={"x-api-version": "2024-04-01"}
    )
    assert "deliveryInformation" in old["data"]["order"]


def test_concurrent_creates_with_one_alias_make_one_order() -> None:
    """Eight threads sending the same new alias at once: exactly one order is created."""
    fake = FakeOrderApi()
    results: list[JSON] = []
    barrier = threading.Barrier(8)

    def create(ref: int) -> None:
        barrier.wait()
        variables = create_variables(order_ref="same", lines=1 + ref % 3)
        results.append(fake.execute("createOrder", variables))

    threads = [threading.Thread(target=create, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum("errors" not in r for r in results) == 1
    assert len(fake.order_ids()) == 1


def test_the_fixture_gives_a_fresh_fake(fake_order_api: FakeOrderApi) -> None:
    """The pytest plugin's fake_order_api fixture is an empty fake of seed 0."""
    assert fake_order_api.order_ids() == () and fake_order_api.seed == 0
    assert new_order(fake_order_api) == new_order(FakeOrderApi())


@pytest.mark.fake_order_api(api_version="2024-04-01", inventory={"SKU-0000": 1})
def test_the_marker_configures_the_fixture(fake_order_api: FakeOrderApi) -> None:
    """@pytest.mark.fake_order_api(...) passes its arguments to the fixture's fake."""
    assert fake_order_api.api_version == "2024-04-01"
    assert fake_order_api.inventory == {"SKU-0000": 1}


def test_the_plugin_loads_without_hypothesis() -> None:
    """orderguard.testing and its plugin import with hypothesis unavailable."""
    code = (
        "import sys; sys.modules['hypothesis'] = None; "
        "import orderguard.testing._plugin, orderguard.testing, orderguard.fake; "
        "assert orderguard.fake.FakeOrderApi().order_ids() == ()"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
