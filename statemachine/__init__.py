"""The order's lifecycle as explicit state machines, built from tables of data.

- ``TABLES``: the component machines (execution, package, cancellation, refund), each a
  self-validating ``MachineTable`` of ``Move`` and ``Forbidden`` records over the API's state
  enums and our ``Event`` vocabulary (``NoRequest.NONE`` is "no cancellation / refund yet").
  The merchant's refusals that depend on the rest of the order (start, cancel) are
  ``Forbidden`` rows with a ``Condition`` over an ``OrderView`` and a precedence.
- ``orderguard.statemachine.couplings``: Amazon's side of the couplings between machines as
  data (``COUPLINGS``: gates and consequences), the conditions, the roll-ups and the merchant's
  composite decisions (``start_decision``, ``cancel_decision``, the hot-path ``may_start``).
- ``Machine``: a typed facade over one shared ``transitions`` machine per table, driving your
  own objects (``can``, ``fire``, ``allowed_events``, ``state``, callbacks).
- ``OrderSnapshot``: the order as last seen (from ``order`` query JSON of either version);
  ``apply_event`` / ``OrderTracker`` advance it with Buy with Prime events (duplicates and
  stale or conflicting events change nothing, unmodelled ones are ignored); ``merchant_actions``
  lists what the merchant may do now.
- ``overview()``: the combined lifecycle (``OrderState`` nodes), derived from the tables, for
  diagrams.
- ``orderguard.statemachine.records``: the values these hand out (snapshot parts, event kinds,
  ``NoRequest``, action checks, overview nodes).
"""

from typing import TYPE_CHECKING, Any

from orderguard.statemachine import couplings as couplings
from orderguard.statemachine import records as records
from orderguard.statemachine._apply import EventResult, Outcome, apply_event
from orderguard.statemachine._event_parse import OrderEvent, parse_event
from orderguard.statemachine._events import Actor, Event
from orderguard.statemachine._introspect import merchant_actions
from orderguard.statemachine._overview import overview
from orderguard.statemachine._snapshot import OrderSnapshot
from orderguard.statemachine._table import Forbidden, MachineTable, Move
from orderguard.statemachine._tables import TABLES
from orderguard.statemachine._tracker import OrderTracker

if TYPE_CHECKING:
    from orderguard.statemachine._machine import Machine

__all__ = [
    "TABLES",
    "Actor",
    "Event",
    "EventResult",
    "Forbidden",
    "Machine",
    "MachineTable",
    "Move",
    "OrderEvent",
    "OrderSnapshot",
    "OrderTracker",
    "Outcome",
    "apply_event",
    "merchant_actions",
    "overview",
    "parse_event",
]


def __getattr__(name: str) -> Any:
    """``Machine`` loads ``transitions`` on first use: the checker and the CLI never need it."""
    if name == "Machine":
        from orderguard.statemachine._machine import Machine

        Machine.__module__ = __name__
        globals()["Machine"] = Machine
        return Machine
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


for _cls in (
    Actor,
    Event,
    EventResult,
    Forbidden,
    MachineTable,
    Move,
    OrderEvent,
    OrderSnapshot,
    OrderTracker,
    Outcome,
):
    _cls.__module__ = __name__
del _cls
