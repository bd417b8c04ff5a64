"""``Exchange``: one request going through the proxy, and what it holds while it does."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from orderguard._guard import Guard
from orderguard.policies import Context
from orderguard.service._graphql import GraphQLRequest
from orderguard.store import Claim


@attrs.define
class Exchange:
    """A request's id, headers, guard and context; the claims it holds and the orders it names.

    ``claims`` maps a claim's subject (an order ID, or createOrder's alias) to the claim;
    ``order_ids`` maps a mutation field's response key to the order it turned out to name.
    """

    request_id: str
    headers: Mapping[str, str]
    request: GraphQLRequest
    guard: Guard
    context: Context | None = None
    claims: dict[str, Claim] = attrs.field(factory=dict)
    order_ids: dict[str, str] = attrs.field(factory=dict)

    def owner(self, instance: str) -> str:
        """The owner this request's claims are recorded with: the proxy and the request."""
        return f"{instance}/{self.request_id}"
