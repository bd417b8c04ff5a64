"""The order's lifecycle as explicit state machines, built from tables of data.

- ``TABLES``: the component machines (execution, package, cancellation, refund), each a
  self-validating ``MachineTable`` of ``Move`` and ``Forbidden`` records over the API's state
  enums and our ``Event`` vocabulary (``NoRequest.NONE`` is "no cancellation / refund yet").
  The merchant's refusals that depend on the rest of the order (start, cancel) are
  ``Forbidden`` rows with a ``Condition`` over an ``OrderView`` and a precedence.
- ``COUPLINGS``: Amazon's side of the couplings between machines, as data: ``Gate`` records
  (when Amazon may move packages, decide a cancellation) and ``Consequence`` records (what a
  successful cancellation does to the packages; the refund of a cancelled package).
- ``delivery_summary``, ``cancellation_summary``: the order-level roll-ups; ``start_decision``,
  ``cancel_decision``: the composite merchant decisions, read from the tables' refusals;
  ``may_start`` is the hot-path form of ``start_decision``; ``next_refund_states`` reads the
  refund table.
- ``Machine``: a typed facade over one shared ``transitions`` machine per table, driving your
  own objects (``can``, ``fire``, ``allowed_events``, ``state``, callbacks).
- ``OrderSnapshot``: the order as last seen (from ``order`` query JSON of either version);
  ``apply_event`` / ``OrderTracker`` advance it with Buy with Prime events (duplicates and
  stale or conflicting events change nothing, unmodelled ones are ignored); ``merchant_actions``
  lists what the merchant may do now.
- ``overview()``: the combined lifecycle (``OrderState`` nodes), derived from the tables, for
  diagrams.
"""

from orderguard.statemachine._apply import EventResult, Outcome, apply_event
from orderguard.statemachine._compiled import may_start
from orderguard.statemachine._conditions import (
    Condition,
    OrderView,
    cancellation_summary,
    delivery_summary,
)
from orderguard.statemachine._couplings import COUPLINGS, Consequence, Gate
from orderguard.statemachine._decisions import cancel_decision, start_decision
from orderguard.statemachine._event_parse import EventKind, OrderEvent, parse_event
from orderguard.statemachine._events import Actor, Event, NoRequest
from orderguard.statemachine._introspect import ActionCheck, MerchantAction, merchant_actions
from orderguard.statemachine._machine import Machine
from orderguard.statemachine._overview import OrderState, Overview, overview
from orderguard.statemachine._snapshot import (
    OrderSnapshot,
    PackageSnapshot,
    RefundSnapshot,
    ReturnSnapshot,
)
from orderguard.statemachine._table import Forbidden, MachineTable, Move
from orderguard.statemachine._tables import TABLES, next_refund_states
from orderguard.statemachine._tracker import OrderTracker

__all__ = [
    "COUPLINGS",
    "TABLES",
    "ActionCheck",
    "Actor",
    "Condition",
    "Consequence",
    "Event",
    "EventKind",
    "EventResult",
    "Forbidden",
    "Gate",
    "Machine",
    "MachineTable",
    "MerchantAction",
    "Move",
    "NoRequest",
    "OrderEvent",
    "OrderSnapshot",
    "OrderState",
    "OrderTracker",
    "OrderView",
    "Outcome",
    "Overview",
    "PackageSnapshot",
    "RefundSnapshot",
    "ReturnSnapshot",
    "apply_event",
    "cancel_decision",
    "cancellation_summary",
    "delivery_summary",
    "may_start",
    "merchant_actions",
    "next_refund_states",
    "overview",
    "parse_event",
    "start_decision",
]

for _cls in (
    ActionCheck,
    Actor,
    Condition,
    Consequence,
    Event,
    EventKind,
    EventResult,
    Forbidden,
    Gate,
    Machine,
    MachineTable,
    MerchantAction,
    Move,
    NoRequest,
    OrderEvent,
    OrderSnapshot,
    OrderState,
    OrderTracker,
    OrderView,
    Outcome,
    Overview,
    PackageSnapshot,
    RefundSnapshot,
    ReturnSnapshot,
):
    _cls.__module__ = __name__
del _cls
