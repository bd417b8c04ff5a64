"""The values the order model hands out: snapshot parts, event kinds, states, action checks.

``OrderSnapshot`` (in ``orderguard.statemachine``) holds ``PackageSnapshot``, ``RefundSnapshot``
and ``ReturnSnapshot`` records; an ``OrderEvent`` has an ``EventKind``; ``NoRequest.NONE`` is
the state of a cancellation or refund that does not exist yet; ``merchant_actions`` answers
with ``ActionCheck`` records naming a ``MerchantAction``; ``overview()`` is an ``Overview`` of
``OrderState`` nodes.
"""

from orderguard.statemachine._event_parse import EventKind
from orderguard.statemachine._events import NoRequest
from orderguard.statemachine._introspect import ActionCheck, MerchantAction
from orderguard.statemachine._overview import OrderState, Overview
from orderguard.statemachine._snapshot import PackageSnapshot, RefundSnapshot, ReturnSnapshot

__all__ = [
    "ActionCheck",
    "EventKind",
    "MerchantAction",
    "NoRequest",
    "OrderState",
    "Overview",
    "PackageSnapshot",
    "RefundSnapshot",
    "ReturnSnapshot",
]

for _name in __all__:
    globals()[_name].__module__ = __name__
del _name
