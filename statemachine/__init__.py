"""The order's lifecycle as explicit state machines, built from tables of data.

- ``TABLES``: the component machines (execution, package, cancellation, refund), each a
  self-validating ``MachineTable`` of ``Move`` and ``Forbidden`` records over the API's state
  enums and our ``Event`` vocabulary (``NoRequest.NONE`` is "no cancellation / refund yet").
- ``delivery_summary``, ``start_decision``, ``cancel_decision``: the order-level rules, as pure
  functions over plain states; ``may_start`` is the hot-path form of ``start_decision``.
- ``Machine``: a typed facade over one shared ``transitions`` machine per table, driving your
  own objects (``can``, ``fire``, ``allowed_events``, ``state``, callbacks).
- ``OrderSnapshot``: the order as last seen (from ``order`` query JSON of either version);
  ``apply_event`` / ``OrderTracker`` advance it with Buy with Prime events (duplicates and
  stale events change nothing); ``merchant_actions`` lists what the merchant may do now.
- ``overview()``: the combined lifecycle (``OrderState`` nodes), derived from the tables, for
  diagrams.
"""

from orderguard.statemachine._apply import EventResult, Outcome, apply_event
from orderguard.statemachine._compiled import may_start
from orderguard.statemachine._decisions import cancel_decision, delivery_summary, start_decision
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
from orderguard.statemachine._tables import TABLES
from orderguard.statemachine._tracker import OrderTracker

__all__ = [
    "TABLES",
    "ActionCheck",
    "Actor",
    "Event",
    "EventKind",
    "EventResult",
    "Forbidden",
    "Machine",
    "MachineTable",
    "MerchantAction",
    "Move",
    "NoRequest",
    "OrderEvent",
    "OrderSnapshot",
    "OrderState",
    "OrderTracker",
    "Outcome",
    "Overview",
    "PackageSnapshot",
    "RefundSnapshot",
    "ReturnSnapshot",
    "apply_event",
    "cancel_decision",
    "delivery_summary",
    "may_start",
    "merchant_actions",
    "overview",
    "parse_event",
    "start_decision",
]

for _cls in (
    ActionCheck,
    Actor,
    Event,
    EventKind,
    EventResult,
    Forbidden,
    Machine,
    MachineTable,
    MerchantAction,
    Move,
    NoRequest,
    OrderEvent,
    OrderSnapshot,
    OrderState,
    OrderTracker,
    Outcome,
    Overview,
    PackageSnapshot,
    RefundSnapshot,
    ReturnSnapshot,
):
    _cls.__module__ = __name__
del _cls
