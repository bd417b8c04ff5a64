"""updateOrder and cancelOrder as the fake's reference model.

updateOrder checks, in order: the input schema; the order (``ResourceNotFoundError``); new aliases
(``AliasValueAlreadyExists``); links, existing plus new (``OrderLinkLimitExceeded``); refund
updates (see ``_refunds``); ``desiredExecutionState: STARTED``. Nothing is written unless every
check passes. INFERENCE: ``NOT_STARTED`` never changes the state (the API documents no way back
from STARTED).

Request validation here is written from the API's documentation, apart from the guard's rules.
Whether the order's lifecycle lets it start or be cancelled is not: that is a coupling between
the state machines, read from ``orderguard.statemachine`` (the execution and cancellation
tables' conditional refusals, in their precedence), so the fake and the guard cannot disagree
on it. Starting is refused with ``ExecutionAlreadyStarted`` while the delivery summary is
IN_TRANSIT or DELIVERED, else with ``ExecutionCannotBeStartedDueToCancellation`` while it is
CANCELLED or the order's cancellation (the request that counts) is PENDING or SUCCESS; STARTED
on a started order whose summary is still PENDING is a no-op.

cancelOrder needs at most the version's cancellation aliases (five on 2024-11-01, which added
the limit; no cap before), then what the cancellation table allows: every package
PENDING and no cancellation that already succeeded (an order without packages can have one);
each failure is a ``ValidationError`` without ``errorCode`` (the API documents no code). A
cancelOrder while a cancellation is already PENDING returns that one unchanged (INFERENCE:
idempotent retry).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from orderguard.fake._checks import check_link_count, check_new_aliases, find_order, read_links
from orderguard.fake._dialect import Dialect
from orderguard.fake._model import Cancellation, Store, StoredOrder, link_rows
from orderguard.fake._reader import (
    JSON,
    aliases,
    choice,
    need_obj,
    need_text,
    obj,
    rejected,
    text,
)
from orderguard.fake._refunds import apply_refunds, plan_refunds
from orderguard.statemachine import TABLES, Event
from orderguard.statemachine._decisions import refusal_for

_EXECUTION = frozenset({"NOT_STARTED", "STARTED"})
_CANCEL_REASONS = frozenset(
    {
        "INCORRECT_SHIPPING_ADDRESS",
        "ITEMS_ARRIVING_LATE",
        "ORDERED_BY_MISTAKE",
        "OTHER",
        "OUT_OF_STOCK",
        "PAYMENT_ISSUE",
    }
)


def update_order(store: Store, variables: Mapping[str, Any], dialect: Dialect) -> StoredOrder:
    """Validate an updateOrder request against the stored order and apply it if it passes."""
    order_input = need_obj(variables, "input", "")
    order = _update_target(store, variables, order_input, dialect)
    new_aliases = aliases(order_input, "aliases", "input")
    links = read_links(order_input, "input")
    desired = choice(order_input, "desiredExecutionState", _EXECUTION, "input")
    check_new_aliases(store, order.aliases, new_aliases)
    check_link_count(len(order.links), len(links))
    planned = plan_refunds(order, order_input, dialect)
    if desired == "STARTED":
        check_can_start(order)
        order.execution = "STARTED"
    order.aliases += tuple(new_aliases)
    store.claim(order, new_aliases)
    order.links += link_rows(links)
    apply_refunds(planned)
    order.updated_at = store.now()
    return order


def _update_target(
    store: Store, variables: Mapping[str, Any], order_input: JSON, dialect: Dialect
) -> StoredOrder:
    """The order named by the ``orderIdentifier`` argument, or by ``input.orderId`` before.

    The input schema has already refused the other version's place (``coerce_arguments``).
    """
    if dialect.identifier_argument:
        return find_order(store, dict(variables), "orderIdentifier", "", dialect)
    return store.find(need_text(order_input, "orderId", "input"), None)


def check_can_start(order: StoredOrder) -> None:
    """Refuse ``STARTED`` as the execution table's refusals do, in their precedence."""
    view = order.view()
    spec = refusal_for(TABLES.execution, view.execution, Event.START, view)
    if spec is not None:
        delivery = view.delivery.value if view.delivery else "none"
        raise rejected(
            spec.code,
            f"order {order.id} cannot start: delivery {delivery}, "
            f"cancellation {view.cancellation.value}",
        )


def check_can_cancel(order: StoredOrder) -> None:
    """Refuse ``cancelOrder`` as the cancellation table's refusals do."""
    view = order.view()
    spec = refusal_for(TABLES.cancellation, view.cancellation, Event.CANCEL, view)
    if spec is not None:
        raise rejected(
            spec.code,
            f"order {order.id} can only be cancelled while every package is PENDING and no "
            "cancellation has succeeded",
        )


def cancel_order(store: Store, variables: Mapping[str, Any], dialect: Dialect) -> Cancellation:
    """Validate a cancelOrder request; record (or return the pending) MERCHANT cancellation."""
    cancel_input, order = _cancel_target(store, variables, dialect)
    pairs = aliases(cancel_input, "aliases", "input")
    reason = choice(cancel_input, "reason", _CANCEL_REASONS, "input")
    comments = text(cancel_input, "additionalComments", "input")
    cap = dialect.max_cancellation_aliases
    if cap is not None and len(pairs) > cap:
        raise rejected(None, f"{len(pairs)} cancellation aliases; at most {cap}")
    check_can_cancel(order)
    pending = order.pending_cancellation()
    if pending is not None:
        return pending
    now = store.now()
    cancellation = Cancellation(
        store.new_id("CX", 10), "PENDING", "MERCHANT", reason, tuple(pairs), comments, now, now
    )
    order.cancellations += (cancellation,)
    order.updated_at = now
    return cancellation


def _cancel_target(
    store: Store, variables: Mapping[str, Any], dialect: Dialect
) -> tuple[JSON, StoredOrder]:
    """The cancellation's input (empty when left out) and the order it names.

    The order is named by the ``orderIdentifier`` argument, or inside ``input`` before; the
    input schema has already refused the other version's place.
    """
    if dialect.identifier_argument:
        cancel_input = obj(variables, "input", "") or {}
        return cancel_input, find_order(store, dict(variables), "orderIdentifier", "", dialect)
    cancel_input = need_obj(variables, "input", "")
    return cancel_input, find_order(store, cancel_input, "orderIdentifier", "input", dialect)
