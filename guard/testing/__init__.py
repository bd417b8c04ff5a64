"""orderguard.testing: an in-process fake of the Order API for merchants' tests.

``FakeOrderApi`` takes the same GraphQL variables as the Buy with Prime Order API and answers
in the same shapes, for either API version; Amazon's side (shipping, deliveries, package
cancellations, refund requests, cancellation decisions, returns) is driven by the test or by
a seeded scheduler and emits webhook events. ``Faults`` injects throttling, server errors,
update conflicts and lost responses, reproducibly. The pytest plugin provides the
``fake_order_api`` fixture.

Importing this package must not import hypothesis (the plugin loads it in every pytest run):
hypothesis-based helpers belong in modules that are imported lazily.
"""

from orderguard.testing._errors import IllegalAmazonMoveError, LostResponseError
from orderguard.testing._fake import FakeOrderApi
from orderguard.testing._faults import Fault, Faults
from orderguard.testing._moves import AmazonMove, MoveKind
from orderguard.testing._wire import Call

__all__ = [
    "AmazonMove",
    "Call",
    "FakeOrderApi",
    "Fault",
    "Faults",
    "IllegalAmazonMoveError",
    "LostResponseError",
    "MoveKind",
]

for _name in __all__:
    globals()[_name].__module__ = __name__
del _name
