"""FakeOrderApi's Amazon side: legal and illegal moves, their webhook events, the scheduler."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orderguard.errors.exceptions import TransitionNotAllowedError
from orderguard.fake import AmazonMove, FakeOrderApi, IllegalAmazonMoveError, MoveKind
from orderguard.statemachine import Event
from orderguard.statemachine._event_parse import EventKind, parse_event
from tests.helpers.fake import JSON, V04, new_order, query, refund_ids, started_order, update

ENVELOPE = {
    "idempotencyKey",
    "eventId",
    "eventDescriptor",
    "resources",
    "apiVersion",
    "subscriptionId",
    "eventTime",
    "data",
}
PACKAGE_EDGES = {
    ("PENDING", "IN_TRANSIT"),
    ("PENDING", "CANCELLED"),
    ("IN_TRANSIT", "DELIVERED"),
    ("IN_TRANSIT", "CANCELLED"),
}
REASONS = {"PENDING": {"UNFULFILLABLE", "CUSTOMER_REQUESTED"}, "IN_TRANSIT": {"UNDELIVERABLE"}}


def _packages(fake: FakeOrderApi, order_id: str) -> list[JSON]:
    details: list[JSON] = query(fake, order_id)["packageInformation"]["details"]
    return details


def test_a_shipment_event_has_the_webhook_envelope() -> None:
    """ship emits PACKAGE_DELIVERY_IN_TRANSIT with every envelope field and the package."""
    fake = FakeOrderApi()
    order_id = started_order(fake)
    (event,) = fake.ship(order_id)
    package_id = _packages(fake, order_id)[0]["id"]
    assert set(event) == ENVELOPE
    assert event["eventDescriptor"] == "PACKAGE_DELIVERY_IN_TRANSIT"
    assert event["resources"] == [
        f"businessProduct/fake-store/order/{order_id}/delivery/{package_id}"
    ]
    assert event["apiVersion"] == "2024-11-01"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", event["eventTime"])
    assert event["data"]["order"]["aliases"][0]["aliasType"] == "EXTERNAL_ID"
    details = event["data"]["order"]["packageInformation"]["details"]
    assert details == [{"id": package_id, "state": "IN_TRANSIT", "reason": None}]
    parsed = parse_event(event)
    assert (parsed.kind, parsed.order_id, parsed.package_ids) == (
        EventKind.PACKAGE_IN_TRANSIT,
        order_id,
        (package_id,),
    )
    assert fake.events == [event]


def test_older_versions_get_the_delivery_names() -> None:
    """On 2024-04-01 events are DELIVERY_IN_TRANSIT / DELIVERY_COMPLETED, on deliveryInformation."""
    fake = FakeOrderApi(api_version=V04)
    order_id = started_order(fake, V04)
    shipped, delivered = fake.ship(order_id)[0], fake.deliver(order_id)[0]
    assert [shipped["eventDescriptor"], delivered["eventDescriptor"]] == [
        "DELIVERY_IN_TRANSIT",
        "DELIVERY_COMPLETED",
    ]
    assert "deliveryInformation" in delivered["data"]["order"]
    assert parse_event(delivered).kind is EventKind.PACKAGE_DELIVERED


@pytest.mark.parametrize(
    ("before", "reason"), [("PENDING", "UNFULFILLABLE"), ("IN_TRANSIT", "UNDELIVERABLE")]
)
def test_a_package_cancellation_also_requests_a_refund(before: str, reason: str) -> None:
    """PACKAGE_DELIVERY_CANCELLED is followed by REFUND_REQUESTED for a new PENDING refund."""
    fake = FakeOrderApi()
    order_id = started_order(fake)
    if before == "IN_TRANSIT":
        fake.ship(order_id)
    cancelled, refund = fake.cancel_package(order_id, reason=reason)
    assert cancelled["eventDescriptor"] == "PACKAGE_DELIVERY_CANCELLED"
    assert cancelled["data"]["order"]["packageInformation"]["details"][0]["reason"] == reason
    (refund_id,) = refund_ids(fake, order_id)
    assert refund["eventDescriptor"] == "REFUND_REQUESTED"
    assert refund["resources"][0].endswith(f"/order/{order_id}/refund/{refund_id}")
    assert query(fake, order_id)["refunds"]["details"][0]["state"] == "PENDING"


@pytest.mark.parametrize(
    ("setup", "move", "state"),
    [
        ((), "ship", "order NOT_STARTED"),
        (("start",), "deliver", "PENDING"),
        (("start", "ship"), "ship", "IN_TRANSIT"),
        (("start", "ship", "deliver"), "cancel_package", "DELIVERED"),
        (("start",), "start_return", "PENDING"),
        ((), "complete_return", "order NOT_STARTED"),
    ],
)
def test_illegal_moves_raise_a_typed_error(setup: tuple[str, ...], move: str, state: str) -> None:
    """A forbidden move raises IllegalAmazonMoveError naming the state, and changes nothing."""
    fake = FakeOrderApi()
    order_id = new_order(fake)
    for step in setup:
        if step == "start":
            update(fake, order_id, {"desiredExecutionState": "STARTED"})
        else:
            getattr(fake, step)(order_id)
    before, events = query(fake, order_id), fake.events
    with pytest.raises(IllegalAmazonMoveError, match=state) as caught:
        getattr(fake, move)(order_id)
    assert isinstance(caught.value, TransitionNotAllowedError)
    assert caught.value.move.kind is MoveKind(move)
    assert (query(fake, order_id), fake.events) == (before, events)


@pytest.mark.parametrize(
    ("state", "reason"), [("PENDING", "UNDELIVERABLE"), ("IN_TRANSIT", "UNFULFILLABLE")]
)
def test_a_cancellation_reason_must_fit_the_state(state: str, reason: str) -> None:
    """UNDELIVERABLE only cancels a package in transit, UNFULFILLABLE only a pending one."""
    fake = FakeOrderApi()
    order_id = started_order(fake)
    if state == "IN_TRANSIT":
        fake.ship(order_id)
    with pytest.raises(IllegalAmazonMoveError, match=state):
        fake.cancel_package(order_id, reason=reason)


def test_nothing_ships_while_a_cancellation_is_pending() -> None:
    """A merchant cancellation holds shipping; SUCCESS cancels each pending package and refunds."""
    fake = FakeOrderApi()
    order_id = started_order(fake)
    fake.split_package(order_id)
    fake.cancel_order({"orderIdentifier": {"orderId": order_id}})
    with pytest.raises(IllegalAmazonMoveError):
        fake.ship(order_id)
    with pytest.raises(IllegalAmazonMoveError):  # GAP: no package moves while PENDING
        fake.cancel_package(order_id, reason="UNFULFILLABLE")
    events = fake.resolve_cancellation(order_id, success=True)
    assert [e["eventDescriptor"] for e in events] == [
        "PACKAGE_DELIVERY_CANCELLED",
        "REFUND_REQUESTED",
    ] * 2
    order = query(fake, order_id)
    assert order["cancellations"]["details"][0]["state"] == "SUCCESS"
    assert {(p["state"], p["reason"]) for p in order["packageInformation"]["details"]} == {
        ("CANCELLED", "CUSTOMER_REQUESTED")
    }
    with pytest.raises(IllegalAmazonMoveError):
        fake.resolve_cancellation(order_id, success=False)


def test_a_rejected_cancellation_emits_nothing() -> None:
    """REJECTED leaves the packages as they were and sends no event; fulfilment goes on."""
    fake = FakeOrderApi()
    order_id = started_order(fake)
    fake.cancel_order({"orderIdentifier": {"orderId": order_id}})
    assert fake.resolve_cancellation(order_id, success=False) == []
    assert query(fake, order_id)["cancellations"]["details"][0]["state"] == "REJECTED"
    assert fake.ship(order_id)[0]["eventDescriptor"] == "PACKAGE_DELIVERY_IN_TRANSIT"


def test_every_amazon_move_maps_to_its_table_event() -> None:
    """Each move kind the tables know names its event; the fake's own moves name none."""
    order = "322-A"
    assert AmazonMove(MoveKind.SHIP, order).event is Event.SHIP
    assert AmazonMove(MoveKind.CANCEL_PACKAGE, order, "p", "UNDELIVERABLE").event is (
        Event.CANCEL_UNDELIVERABLE
    )
    assert AmazonMove(MoveKind.RESOLVE_CANCELLATION, order, "c", "REJECTED").event is Event.REJECT
    assert AmazonMove(MoveKind.CANCEL_PACKAGE, order, "p", "LOST").event is None
    assert AmazonMove(MoveKind.SPLIT_PACKAGE, order, "p").event is None


def test_a_return_starts_completes_and_requests_a_refund() -> None:
    """A return emits RETURN_STARTED, then RETURN_COMPLETED and REFUND_REQUESTED."""
    fake = FakeOrderApi()
    order_id = started_order(fake)
    fake.ship(order_id)
    fake.deliver(order_id)
    (started,) = fake.start_return(order_id)
    names = [e["eventDescriptor"] for e in fake.complete_return(order_id)]
    assert started["eventDescriptor"] == "RETURN_STARTED" and "/return/" in started["resources"][0]
    assert names == ["RETURN_COMPLETED", "REFUND_REQUESTED"]
    with pytest.raises(IllegalAmazonMoveError):
        fake.start_return(order_id)


def test_a_requested_refund_can_be_answered_by_its_id() -> None:
    """request_refund creates a PENDING refund whose ID updateOrder then accepts."""
    fake = FakeOrderApi()
    order_id = new_order(fake)
    (event,) = fake.request_refund(order_id, amount="7.50")
    refund = event["data"]["order"]["refunds"]["details"][0]
    assert refund["state"] == "PENDING"
    assert refund["refundTotal"]["totalAmount"]["amount"] == "7.50"
    detail = {"id": refund["id"], "state": "SUCCESS", "refundTotal": refund["refundTotal"]}
    assert "errors" not in update(fake, order_id, {"refunds": {"details": [detail]}})
    with pytest.raises(ValueError, match="positive"):
        fake.request_refund(order_id, amount="-1")


def test_subscribers_get_each_event_until_they_unsubscribe() -> None:
    """A subscriber receives every later event; after unsubscribing it receives none."""
    fake = FakeOrderApi()
    seen: list[JSON] = []
    unsubscribe = fake.subscribe(seen.append)
    order_id = started_order(fake)
    fake.ship(order_id)
    unsubscribe()
    fake.deliver(order_id)
    assert [e["eventDescriptor"] for e in seen] == ["PACKAGE_DELIVERY_IN_TRANSIT"]
    assert len(fake.events) == 2


def test_the_scheduler_is_reproducible_and_stops_when_nothing_is_left() -> None:
    """Same seed, same calls: same moves and events; advance stops once no move is legal."""

    def run(seed: int) -> tuple[list[AmazonMove], list[JSON]]:
        fake = FakeOrderApi(seed=seed)
        for ref in "abc":
            started_order(fake, order_ref=ref)
        return fake.advance(200), fake.events

    moves, events = run(7)
    assert (moves, events) == run(7)
    assert moves != run(8)[0]
    assert len(moves) < 200


def test_legal_moves_and_apply_agree() -> None:
    """Every move legal_moves lists can be applied, and a stale one is refused."""
    fake = FakeOrderApi()
    order_id = started_order(fake)
    ship = AmazonMove(MoveKind.SHIP, order_id, _packages(fake, order_id)[0]["id"])
    assert ship in fake.legal_moves()
    fake.apply(ship)
    assert ship not in fake.legal_moves()
    with pytest.raises(IllegalAmazonMoveError):
        fake.apply(ship)


def _roll_up(states: list[str]) -> str | None:
    """The documented roll-up, written again independently of the fake."""
    if not states:
        return None
    if "PENDING" in states:
        return "PENDING"
    if set(states) == {"CANCELLED"}:
        return "CANCELLED"
    return "DELIVERED" if set(states) <= {"DELIVERED", "CANCELLED"} else "IN_TRANSIT"


def _check_packages(before: dict[str, JSON], fake: FakeOrderApi, order_id: str) -> dict[str, JSON]:
    order = query(fake, order_id)
    details = {p["id"]: p for p in order["packageInformation"]["details"]}
    for package_id, package in details.items():
        old = before.get(package_id, {"state": "PENDING"})["state"]
        if package["state"] != old:
            assert (old, package["state"]) in PACKAGE_EDGES
        if package["state"] == "CANCELLED":
            assert old == "CANCELLED" or package["reason"] in REASONS[old]
        else:
            assert package["reason"] is None
    states = [p["state"] for p in details.values()]
    assert (order["packageInformation"]["summary"] or {}).get("state") == _roll_up(states)
    return details


ACTIONS: list[MoveKind | str] = [*MoveKind, "cancelOrder", "start"]
"""Amazon's moves, plus the merchant calls that unlock some of them."""


def _act(fake: FakeOrderApi, order_id: str, action: MoveKind | str, last: bool) -> None:
    """Make ``action``: the first (or last) legal move of that kind, else check it is refused."""
    ident = {"orderIdentifier": {"orderId": order_id}}
    if action == "cancelOrder":
        fake.execute("cancelOrder", ident)
    elif action == "start":
        update(fake, order_id, {"desiredExecutionState": "STARTED"})
    elif action is MoveKind.REQUEST_REFUND:
        fake.request_refund(order_id)
    elif legal := [m for m in fake.legal_moves() if m.kind is action]:
        fake.apply(legal[-1] if last else legal[0])
    else:
        target = _packages(fake, order_id)[0]["id"]
        with pytest.raises(IllegalAmazonMoveError):
            fake.apply(AmazonMove(MoveKind(action), order_id, target, "UNFULFILLABLE"))


@given(st.lists(st.tuples(st.sampled_from(ACTIONS), st.booleans()), max_size=30))
def test_random_amazon_moves_keep_packages_legal(steps: list[tuple[MoveKind | str, bool]]) -> None:
    """Any sequence of moves (illegal ones refused) keeps package states legal, roll-up right."""
    fake = FakeOrderApi()
    order_id = new_order(fake)
    details = _check_packages({}, fake, order_id)
    for action, last in steps:
        _act(fake, order_id, action, last)
        details = _check_packages(details, fake, order_id)
