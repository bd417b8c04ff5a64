"""How the machines constrain each other, and the order-level decisions read from them.

- ``COUPLINGS``: Amazon's side as data: ``Gate`` records (when Amazon may move packages or
  decide a cancellation) and ``Consequence`` records (what follows a move).
- ``Condition`` over an ``OrderView``: the frozen, readable predicates that conditional
  ``Forbidden`` rows and gates carry (``delivery_in(IN_TRANSIT, DELIVERED)``).
- ``delivery_summary``, ``cancellation_summary``: the roll-ups; ``start_decision``,
  ``cancel_decision``: the merchant's composite decisions, read from the tables' refusals;
  ``may_start``: their compiled hot path; ``next_refund_states``: the refund table, read.
"""

from orderguard.statemachine._compiled import may_start
from orderguard.statemachine._conditions import (
    Condition,
    OrderView,
    cancellation_summary,
    delivery_summary,
)
from orderguard.statemachine._couplings import COUPLINGS, Consequence, Gate
from orderguard.statemachine._decisions import cancel_decision, start_decision
from orderguard.statemachine._tables import next_refund_states

__all__ = [
    "COUPLINGS",
    "Condition",
    "Consequence",
    "Gate",
    "OrderView",
    "cancel_decision",
    "cancellation_summary",
    "delivery_summary",
    "may_start",
    "next_refund_states",
    "start_decision",
]

for _cls in (Condition, Consequence, Gate, OrderView):
    _cls.__module__ = __name__
del _cls
