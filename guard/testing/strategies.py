"""Hypothesis strategies for Buy with Prime orders (needs the ``[testing]`` extra).

Requests the API accepts, written explicitly from the API's documented rules (not
``st.builds`` over orderguard's pydantic models, which would ignore patterns and validators):

- ``create_variables(api_version)``: createOrder variables, 1 to 20 Prime units, up to 5 links
  and aliases, US addresses and contacts, valid shopper tokens; ``create_context(variables)`` the
  facts a merchant holds when sending them (``Context.from_json`` form).
- ``order_histories`` / ``order_snapshots`` / ``event_sequences``: orders in reachable states,
  driven through the state machine's tables, and the webhook events Amazon sent on the way.
- ``update_variables_for(snapshot)`` / ``cancel_variables_for(snapshot)``: requests the API
  accepts for that order.
- ``broken_requests()``: for each locally detectable error code, requests that break exactly
  that rule, as ``BrokenRequest`` values carrying the expected code and JSON path;
  ``breakable(api_version)`` the (operation, code) pairs a version has a rule for.

Example::

    from hypothesis import given
    from orderguard import Guard
    from orderguard.testing.strategies import broken_requests

    @given(broken_requests(codes=["OrderLinkLimitExceeded"]))
    def test_too_many_links(case):
        decision = Guard(case.api_version).check(
            case.operation, case.variables, case.snapshot, case.context
        )
        assert (case.code, case.path) in {(v.spec.name, v.path) for v in decision.violations}
"""

from orderguard.testing._history import OrderHistory
from orderguard.testing._life import Action, Step
from orderguard.testing._st_broken import BREAKABLE, BrokenRequest, breakable, broken_requests
from orderguard.testing._st_create import create_context, create_variables, line_items
from orderguard.testing._st_lifecycle import (
    cancel_variables_for,
    event_sequences,
    order_histories,
    order_snapshots,
    update_variables_for,
)
from orderguard.testing._st_values import shopper_identities, us_addresses

__all__ = [
    "BREAKABLE",
    "Action",
    "BrokenRequest",
    "OrderHistory",
    "Step",
    "breakable",
    "broken_requests",
    "cancel_variables_for",
    "create_context",
    "create_variables",
    "event_sequences",
    "line_items",
    "order_histories",
    "order_snapshots",
    "shopper_identities",
    "update_variables_for",
    "us_addresses",
]

for _cls in (Action, BrokenRequest, OrderHistory, Step):
    _cls.__module__ = __name__
del _cls
