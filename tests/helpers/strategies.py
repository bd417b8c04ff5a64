"""Hypothesis strategies shared by the test modules (``from tests.helpers.strategies import``)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from orderguard import samples
from orderguard.api import dialect_for
from orderguard.enums import (
    ApiVersion,
    CancellationState,
    ExecutionState,
    PackageState,
    RefundState,
)
from orderguard.statemachine import TABLES, Event, MachineTable, OrderSnapshot
from orderguard.statemachine.couplings import cancel_decision, next_refund_states

JSON_SCALARS: st.SearchStrategy[Any] = (
    st.none() | st.booleans() | st.integers() | st.text(max_size=12) | st.floats(allow_nan=False)
)
"""Any JSON scalar."""


def json_values(max_leaves: int = 12) -> st.SearchStrategy[Any]:
    """Any JSON value: scalars, lists and objects nested to a few levels."""
    return st.recursive(
        JSON_SCALARS,
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
        ),
        max_leaves=max_leaves,
    )


def graphql_error_entries() -> st.SearchStrategy[dict[str, Any]]:
    """``errors[i]`` objects that use the keys orderguard reads, with values of any JSON shape."""
    keys = st.sampled_from(["errorType", "classification", "type", "code", "errorCode", "details"])
    names = st.sampled_from(
        ["ThrottlingException", "ValidationError", "N/A", "DuplicateRefundId", "ConflictException"]
    )
    extensions = st.dictionaries(keys, names | json_values(4), max_size=5)
    return st.fixed_dictionaries(
        {},
        optional={
            "message": st.text(max_size=20) | json_values(3),
            "path": st.lists(st.text(max_size=8) | st.integers(0, 9), max_size=4) | json_values(3),
            "extensions": extensions | json_values(3),
            "errorType": names | json_values(2),
        },
    )


# --- order state machines (orderguard.statemachine) ---------------------------------------------


def machine_tables() -> st.SearchStrategy[MachineTable[Any]]:
    """One of the four component tables."""
    return st.sampled_from(list(TABLES))


def table_states(table: MachineTable[Any]) -> st.SearchStrategy[Any]:
    """A state of ``table``."""
    return st.sampled_from(table.states)


def table_events(table: MachineTable[Any], max_size: int = 25) -> st.SearchStrategy[list[Event]]:
    """A sequence of events of ``table``, allowed or not from wherever the machine is."""
    return st.lists(st.sampled_from(table.events), max_size=max_size)


EXECUTION_STATES = st.sampled_from(ExecutionState)
"""An execution state."""

PACKAGE_STATES = st.sampled_from(PackageState)
"""A package state."""

PACKAGE_LISTS = st.lists(PACKAGE_STATES, max_size=6)
"""The package states of an order (possibly none known)."""

DELIVERY_SUMMARIES = st.none() | PACKAGE_STATES
"""A delivery summary, ``None`` when no package is known."""

CANCELLATIONS = st.none() | st.sampled_from(CancellationState)
"""The state of an order's latest cancellation request, ``None`` when there is none."""

PACKAGE_EVENTS = st.sampled_from(TABLES.package.events)
"""An Amazon package event."""

REFUND_TARGETS = st.sampled_from(RefundState)
"""A refund state a merchant may ask for."""


# --- requests the API accepts (orderguard.policies) ---------------------------------------------
# Valid by construction, from the reference's request rules rather than from orderguard's
# policies, so a rule that refuses one of them is wrong. The order's lifecycle (may it start or be
# cancelled, which refund states may follow) is the state machine's, read from
# orderguard.statemachine: one copy of the model. Line i sells SKU-i; aliases never start with
# "order-".

US_STATES = st.sampled_from(["WA", "OR", "CA", "NY", "TX", "IL", "FL", "MA", "HI", "AK"])
_NAMES = ["Jordan", "Avery", "Sam", "Riley", "Noor", "Kai", "Mateo", "Yuki", "Ada", "Lee"]
_THINGS = ["sock", "kettle", "lamp", "trail mix", "yoga mat", "tea", "mug", "bike light"]
WORDS = st.builds("{} {}".format, st.sampled_from(_NAMES), st.sampled_from(_THINGS))
PHONES = st.builds(
    "+1 {}-{:03d}-{:04d}".format, st.integers(200, 999), st.integers(0, 999), st.integers(0, 9999)
)
EMAILS = st.builds(
    "{}.{}@{}".format,
    st.sampled_from(_NAMES).map(str.lower),
    st.integers(0, 9999),
    st.sampled_from(["example.com", "mail.example.org", "shop.example.co.uk"]),
)
LWA_TOKENS = st.text(
    alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
    min_size=16,
    max_size=300,
).map("Atza|{}".format)
ZIP_CODES = st.builds(
    "{:05d}{}".format, st.integers(1000, 99999), st.sampled_from(["", "-1234", "-0042"])
)
STREETS = st.builds(
    "{} {} {}".format,
    st.integers(1, 99999),
    st.sampled_from(_NAMES),
    st.sampled_from(["St", "Ave", "Rd"]),
)


def us_addresses() -> st.SearchStrategy[dict[str, Any]]:
    """A complete US delivery address (no territory, no military region)."""
    return st.fixed_dictionaries(
        {
            "name": WORDS,
            "streetAddress": STREETS,
            "locality": WORDS,
            "region": US_STATES,
            "countryCode": st.just("US"),
            "postalCode": ZIP_CODES,
        },
        optional={"contactNumber": PHONES},
    )


def alias_lists(prefix: str, max_size: int = 5) -> st.SearchStrategy[list[dict[str, str]]]:
    """Up to ``max_size`` distinct aliases whose IDs start with ``prefix``."""
    pairs = st.tuples(
        st.sampled_from(["EXTERNAL_ID", "EXTERNAL_DISPLAY_ID", "OMS_ORDER_ID"]), st.integers(0, 999)
    )
    return st.lists(pairs, unique=True, max_size=max_size).map(
        lambda found: [{"aliasType": kind, "aliasId": f"{prefix}{n}"} for kind, n in found]
    )


def order_links(max_size: int) -> st.SearchStrategy[list[dict[str, str]]]:
    """Up to ``max_size`` order links."""
    link = st.builds(
        lambda kind, n: {"destinationType": kind, "url": f"https://shop.example.com/o/{n}"},
        st.sampled_from(["EXTERNAL_ORDER_MANAGEMENT", "EXTERNAL_ORDER_TRACKING", "BWP_STOREFRONT"]),
        st.integers(0, 999),
    )
    return st.lists(link, max_size=max_size)


def _line(index: int, kind: str, quantity: int, title: str, version: ApiVersion) -> dict[str, Any]:
    """Line ``index``: ``prime`` (Amazon, Prime), ``amazon`` (no Prime) or ``merchant``."""
    line = samples.prime_line(index, quantity, version)
    line["product"]["title"] = title
    details = line["selectedDeliveryOffer"]["details"]
    if kind == "amazon":
        del details["id"], details["deliveryPreviewId"]
        details["deliveryTerms"] = {"isPrimeEligible": False, "deliverySpeed": "STANDARD"}
    if kind == "merchant":
        line["selectedDeliveryOffer"] = {"details": {"deliveryProvider": "MERCHANT"}}
    return line


@st.composite
def line_lists(draw: st.DrawFn, version: ApiVersion) -> list[dict[str, Any]]:
    """1 to 20 lines, the first Prime, within the version's unit caps (units, not lines)."""
    dialect = dialect_for(version)
    kinds = ["prime", "merchant"] + (["amazon"] if dialect.delivery_terms else [])
    budget = {"prime": dialect.max_prime_units, "other": dialect.max_non_prime_units or 60}
    lines = []
    for kind in ["prime", *draw(st.lists(st.sampled_from(kinds), max_size=19))]:
        group = "prime" if kind == "prime" else "other"
        if budget[group]:
            quantity = draw(st.integers(1, min(budget[group], 5)))
            budget[group] -= quantity
            lines.append(_line(len(lines), kind, quantity, draw(WORDS), version))
    return lines


@st.composite
def create_requests(draw: st.DrawFn, version: ApiVersion) -> dict[str, Any]:
    """createOrder variables the API accepts, in ``version``'s spelling."""
    customer = {"contact": {"emailData": {"name": draw(WORDS), "email": draw(EMAILS)}}}
    data: dict[str, Any] = {
        "lineItems": draw(line_lists(version)),
        "customer": customer,
        "recipient": {"deliveryAddress": draw(us_addresses())},
        "aliases": draw(alias_lists("oms-")),
        "orderLinks": draw(order_links(5)),
    }
    identity = draw(st.none() | LWA_TOKENS.map(lambda token: {"lwaAccessToken": {"value": token}}))
    if identity:
        data["shopperIdentity"] = identity
    if draw(st.booleans()):
        data["desiredExecutionState"] = draw(st.sampled_from(["NOT_STARTED", "STARTED"]))
    return {"input": data}


def context_for(variables: dict[str, Any]) -> dict[str, Any]:
    """The context the request was built in: its preview, stock, a Prime shopper, its address."""
    context = samples.context_json(variables)
    recipient = variables["input"]["recipient"]["deliveryAddress"]
    context["deliveryPreview"]["address"] = recipient
    context["knownAddresses"] = [recipient]
    return context


def _order_refunds(draw: st.DrawFn, version: ApiVersion) -> list[dict[str, Any]]:
    """The order's refunds: states of ``version``; some added externally (with a reason)."""
    states = sorted(dialect_for(version).refund_states)
    rows = draw(st.lists(st.tuples(st.sampled_from(states), st.booleans()), max_size=20))
    return [
        {"id": f"r-{i}", "state": state, **({"refundRequestReason": "OTHERS"} if external else {})}
        for i, (state, external) in enumerate(rows)
    ]


def _refund_update(draw: st.DrawFn, refund: dict[str, Any], version: ApiVersion) -> dict[str, Any]:
    """A refund update the table allows, with a fresh alias, a reason only if external."""
    allowed = next_refund_states(RefundState(refund["state"])) & dialect_for(version).refund_states
    target = draw(st.none() | st.sampled_from(sorted(allowed) or [None]))
    detail = samples.refund_update(refund["id"], target or "", alias=f"pay-{refund['id']}")
    if target is None:
        del detail["state"]
    if "refundRequestReason" in refund and draw(st.booleans()):
        detail["refundRequestReason"] = "DAMAGED_DEFECTIVE_ITEM"
    return detail


@st.composite
def update_calls(draw: st.DrawFn, version: ApiVersion) -> tuple[dict[str, Any], dict[str, Any]]:
    """(updateOrder variables, order JSON) the API accepts together."""
    packages = draw(
        st.lists(st.sampled_from(["PENDING", "IN_TRANSIT", "DELIVERED", "CANCELLED"]), max_size=4)
    )
    cancellation = draw(st.none() | st.sampled_from(["PENDING", "SUCCESS", "REJECTED"]))
    links = draw(st.integers(0, 5))
    order = samples.order_json(
        "322-Q", packages=tuple(packages), cancellation=cancellation, links=links, version=version
    )
    refunds = _order_refunds(draw, version)
    order["data"]["order"]["refunds"]["details"] = refunds
    updated = (
        draw(st.lists(st.sampled_from(refunds), unique_by=lambda r: r["id"])) if refunds else []
    )
    data: dict[str, Any] = {
        "aliases": draw(alias_lists("new-", 4)),
        "orderLinks": draw(order_links(5 - links)),
        "refunds": {"details": [_refund_update(draw, refund, version) for refund in updated]},
    }
    startable = OrderSnapshot.from_json(order, version).start_error is None
    if startable and draw(st.booleans()):
        data["desiredExecutionState"] = "STARTED"
    return samples.update_variables("322-Q", data, version), order


@st.composite
def cancel_calls(draw: st.DrawFn, version: ApiVersion) -> tuple[dict[str, Any], dict[str, Any]]:
    """(cancelOrder variables, order JSON) the API accepts together: every package pending."""
    packages = tuple(["PENDING"] * draw(st.integers(0, 4)))
    pending = [PackageState.PENDING] * len(packages)
    allowed = [c for c in (None, *CancellationState) if cancel_decision(pending, c) is None]
    cancellation = draw(st.sampled_from(allowed))
    order = samples.order_json(
        "322-C", packages=packages, cancellation=cancellation, version=version
    )
    data: dict[str, Any] = {"aliases": draw(alias_lists("cancel-")), "reason": "OUT_OF_STOCK"}
    identifier = {"orderId": "322-C"}
    if dialect_for(version).identifier_argument:
        return {"orderIdentifier": identifier, "input": data}, order
    return {"input": {"orderIdentifier": identifier, **data}}, order
