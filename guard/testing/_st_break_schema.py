"""Requests carrying an input field the version's schema does not have (``UnknownInputField``).

GraphQL rejects an input object holding a field its type does not define. Each breaker adds one
such field (a name no version uses, any JSON value) to one input object of a valid request: the
variables' ``input``, a line item or one of its parts, the customer, an order link, a refund
update. The shopper's address and the product identifier are left alone: the generated context
copies them, and the context's own schema would refuse the field first.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from orderguard.api import Dialect
from orderguard.testing._history import OrderHistory
from orderguard.testing._st_break_orders import Broken, base_input, fresh
from orderguard.testing._st_lifecycle import cancel_inputs

JSON = dict[str, Any]

UNKNOWN_FIELDS = ("giftWrap", "giftMessage", "internalNote", "loyaltyTier", "salesChannel")
"""Field names no input type of any API version has."""

_VALUES = st.one_of(
    st.booleans(),
    st.integers(-5, 5),
    st.text(max_size=8),
    st.none(),
    st.fixed_dictionaries({"note": st.text(max_size=4)}),
)


def _add(draw: st.DrawFn, holder: JSON, path: str) -> str:
    name = draw(st.sampled_from(UNKNOWN_FIELDS))
    holder[name] = draw(_VALUES)
    return f"{path}.{name}"


def unknown_create_field(draw: st.DrawFn, variables: JSON, dialect: Dialect) -> str:
    """UnknownInputField: an unknown field in one input object of a createOrder request."""
    data = variables["input"]
    places: list[tuple[JSON, str]] = [(data, "input"), (data["customer"], "input.customer")]
    for index, line in enumerate(data["lineItems"]):
        where = f"input.lineItems[{index}]"
        places += [(line, where), (line["amount"], f"{where}.amount")]
        places.append((line["selectedDeliveryOffer"], f"{where}.selectedDeliveryOffer"))
    for index, link in enumerate(data.get("orderLinks") or ()):
        places.append((link, f"input.orderLinks[{index}]"))
    holder, path = draw(st.sampled_from(places))
    return _add(draw, holder, path)


def unknown_update_field(draw: st.DrawFn, history: OrderHistory) -> Broken:
    """UnknownInputField: an unknown field in an updateOrder input or one of its refund updates."""
    data = base_input(draw, history)
    places: list[tuple[JSON, str]] = [(data, "input")]
    for index, detail in enumerate(data["refunds"]["details"]):
        places.append((detail, f"input.refunds.details[{index}]"))
    holder, path = draw(st.sampled_from(places))
    return history, data, None, _add(draw, holder, path)


def unknown_cancel_field(draw: st.DrawFn, history: OrderHistory) -> Broken:
    """UnknownInputField: an unknown field in the input of a cancelOrder the order allows."""
    if history.life.cancel_refusal() is not None:
        history = fresh(history)
    data = draw(cancel_inputs())
    return history, data, None, _add(draw, data, "input")
