"""orderguard.fake: an in-process reference model of the Buy with Prime Order API.

``FakeOrderApi`` takes the same GraphQL variables as the Order API and answers in the same
shapes, for either API version; Amazon's side (shipping, deliveries, package cancellations,
refund requests, cancellation decisions, returns) is driven by the test or by a seeded
scheduler and emits webhook events. ``Faults`` injects throttling, server errors, update
conflicts and lost responses, reproducibly. ``orderguard serve`` serves it over HTTP.

Its request validation is written apart from ``orderguard.policies`` on purpose: it is the
independent oracle that the differential test holds the guard's rules against. What a value
must be beyond its type (a currency code's form, a whole quantity, a string's length) is a
fact of the input schema, which it reads from ``orderguard.api`` as the guard does. Its lifecycle
(which moves Amazon may make, what they do) reads ``orderguard.statemachine``.
"""

from orderguard.fake._errors import IllegalAmazonMoveError, LostResponseError
from orderguard.fake._fake import FakeOrderApi
from orderguard.fake._faults import Fault, Faults
from orderguard.fake._moves import AmazonMove, MoveKind
from orderguard.fake._wire import Call

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
