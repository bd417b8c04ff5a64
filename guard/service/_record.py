"""What an upstream answer teaches the store: the orders and cancellations it returned.

Each root field of the request that the API answered with data is read as the client reads
it: ``createOrder`` / ``updateOrder`` carry ``{order}``, the ``order`` query the order itself,
``cancelOrder`` ``{cancellation}`` (whose state is recorded on the order it names). Fields the
API answered with an error, or with null, teach nothing.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from orderguard.enums import ApiVersion, Operation
from orderguard.service._graphql import GraphQLRequest, RootField

_ORDER_KEYS: dict[str, str | None] = {
    Operation.CREATE_ORDER.value: "order",
    Operation.UPDATE_ORDER.value: "order",
    Operation.ORDER.value: None,
}


@attrs.frozen(slots=True)
class OrderAnswer:
    """An order an answer returned (``order``), or a cancellation state for ``order_id``."""

    field: RootField
    order: Mapping[str, Any] | None = None
    order_id: str | None = None
    cancellation: str | None = None


def answers_in(
    request: GraphQLRequest, answer: object, order_ids: Mapping[str, str]
) -> Iterator[OrderAnswer]:
    """The orders and cancellations in ``answer``; ``order_ids`` maps a field key to its order."""
    data = answer.get("data") if isinstance(answer, Mapping) else None
    if not isinstance(data, Mapping):
        return
    for field in request.fields:
        value = data.get(field.key)
        if not isinstance(value, Mapping):
            continue
        if field.name in _ORDER_KEYS:
            key = _ORDER_KEYS[field.name]
            order = value.get(key) if key is not None else value
            if isinstance(order, Mapping):
                yield OrderAnswer(field, order=order)
        elif field.name == Operation.CANCEL_ORDER.value and field.key in order_ids:
            cancellation = value.get("cancellation")
            state = cancellation.get("state") if isinstance(cancellation, Mapping) else None
            if isinstance(state, str):
                yield OrderAnswer(field, order_id=order_ids[field.key], cancellation=state)


def cause_of(answer: OrderAnswer, version: ApiVersion) -> str:
    """How the history names the answer: ``updateOrder answer (2024-11-01)``."""
    return f"{answer.field.name} answer ({version.value})"
