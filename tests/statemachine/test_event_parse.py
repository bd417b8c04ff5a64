"""Tests of reading Buy with Prime events from the webhook and EventBridge envelopes."""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orderguard.api import DIALECTS
from orderguard.errors.exceptions import MalformedEventError
from orderguard.statemachine._event_parse import EVENT_NAMES, EventKind, parse_event

STORE = "businessProduct/bp-1"


def webhook(name: str, **extra: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "idempotencyKey": "key-1",
        "eventId": "evt-1",
        "eventDescriptor": name,
        "apiVersion": "2024-11-01",
        "subscriptionId": "sub-1",
        "eventTime": "2026-11-27T10:00:00Z",
        "resources": [f"{STORE}/order/322-A/delivery/pkg-1"],
        "data": {"order": {"id": "322-A"}},
    }
    event.update(extra)
    return event


def eventbridge(name: str) -> dict[str, Any]:
    return {
        "version": "0",
        "id": "eb-1",
        "detail-type": name,
        "source": "aws.partner/buywithprime/store",
        "resources": [f"{STORE}/order/322-B/refund/r-9"],
        "detail": {"orderIdentifier": {"orderId": "322-B"}},
    }


@pytest.mark.parametrize("name", sorted(EVENT_NAMES))
def test_every_known_name_parses_from_a_webhook(name: str) -> None:
    """Each 2024-11-01 name and each older spelling maps to its kind."""
    event = parse_event(webhook(name))
    assert event.kind is EVENT_NAMES[name]
    assert event.order_id == "322-A"
    assert event.event_id == "key-1"


def test_old_and_new_names_mean_the_same() -> None:
    """DELIVERY_COMPLETED and PACKAGE_DELIVERED are the same kind of event."""
    old, new = parse_event(webhook("DELIVERY_COMPLETED")), parse_event(webhook("PACKAGE_DELIVERED"))
    assert old.kind is new.kind is EventKind.PACKAGE_DELIVERED


def test_package_ids_come_from_the_body_before_the_resources() -> None:
    """data.order.packageInformation.details[].id wins over the resource path."""
    body = {
        "order": {
            "id": "322-A",
            "packageInformation": {
                "details": [{"id": "p-7", "state": "CANCELLED", "reason": "UNDELIVERABLE"}]
            },
        }
    }
    event = parse_event(webhook("PACKAGE_DELIVERY_CANCELLED", data=body))
    assert event.package_ids == ("p-7",)
    assert event.reason is not None and event.reason.value == "UNDELIVERABLE"
    assert parse_event(webhook("PACKAGE_DELIVERED")).package_ids == ("pkg-1",)


def test_eventbridge_envelope_reads_ids_from_detail_and_resources() -> None:
    """EventBridge's id, detail-type, detail.orderIdentifier and refund resource are read."""
    event = parse_event(eventbridge("REFUND_REQUESTED"))
    assert (event.kind, event.order_id, event.refund_ids, event.event_id) == (
        EventKind.REFUND_REQUESTED,
        "322-B",
        ("r-9",),
        "eb-1",
    )


def test_order_id_falls_back_to_the_resources() -> None:
    """A thin event without data still names its order through resources."""
    event = parse_event(webhook("PACKAGE_DELIVERED", data=None))
    assert event.order_id == "322-A"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ([], ""),
        ({"eventDescriptor": None}, "eventDescriptor"),
        (webhook("PACKAGE_DELIVERED", data={"order": {}}, resources=[]), "data.order.id"),
        (webhook("PACKAGE_DELIVERED", data="oops"), "data"),
    ],
)
def test_malformed_events_name_the_field(payload: object, field: str) -> None:
    """A malformed event raises MalformedEventError whose issue names the field."""
    with pytest.raises(MalformedEventError) as caught:
        parse_event(payload)
    assert caught.value.issues[0].path == field


@pytest.mark.parametrize("name", ["NOT_AN_EVENT", "PACKAGE_REROUTED_2027"])
def test_unknown_types_parse_as_unknown(name: str) -> None:
    """An event type orderguard does not know parses (kind UNKNOWN, name kept), never raising."""
    event = parse_event(webhook(name))
    assert (event.kind, event.name, event.order_id) == (EventKind.UNKNOWN, name, "322-A")
    assert not event.kind.modelled


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("RETURN_ITEM_GRADED", EventKind.RETURN_ITEM_GRADED),
        ("RETURN_PACKAGE_IN_TRANSIT", EventKind.RETURN_PACKAGE),
        ("RETURN_PACKAGE_DELIVERED", EventKind.RETURN_PACKAGE),
        ("RETURN_PACKAGE_DELIVERY_FAILED", EventKind.RETURN_PACKAGE),
        ("RETURN_DELIVERY_IN_TRANSIT", EventKind.RETURN_PACKAGE),
        ("RETURN_DELIVERY_COMPLETED", EventKind.RETURN_PACKAGE),
        ("RETURN_DELIVERY_FAILED", EventKind.RETURN_PACKAGE),
    ],
)
def test_documented_return_events_are_recognised(name: str, kind: EventKind) -> None:
    """Each documented return event type (reference §4.9) has its own, unmodelled, kind."""
    event = parse_event(webhook(name))
    assert event.kind is kind
    assert not kind.modelled


def test_an_unmodelled_event_needs_no_order() -> None:
    """An unknown event naming no order parses with order_id ""; a modelled one is malformed."""
    bare = {"eventDescriptor": "SOMETHING_NEW", "data": {}}
    assert parse_event(bare).order_id == ""
    with pytest.raises(MalformedEventError):
        parse_event({"eventDescriptor": "PACKAGE_DELIVERED", "data": {}})


def test_package_event_names_come_from_every_dialect() -> None:
    """Each API version's package event names map to the kind whose package_state they name."""
    for dialect in DIALECTS.values():
        for state, name in dialect.package_events.items():
            assert EVENT_NAMES[name].package_state is state


@given(
    st.dictionaries(
        st.sampled_from(["eventDescriptor", "data", "resources", "detail", "detail-type", "id"]),
        st.none()
        | st.text(max_size=10)
        | st.lists(st.text(max_size=30), max_size=2)
        | st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
    )
)
def test_arbitrary_payloads_parse_or_raise_malformed(payload: dict[str, object]) -> None:
    """No payload makes the parser raise anything but MalformedEventError."""
    with contextlib.suppress(MalformedEventError):
        parse_event(payload)
