"""orderguard: know before you call the Buy with Prime Order API whether it will say no.

``Guard`` checks the GraphQL variables of ``createOrder``, ``updateOrder`` and ``cancelOrder``
against the order as last seen (``OrderSnapshot``) and what the merchant knows (``Context``),
and returns a ``Decision`` listing every ``Violation``, each naming the API error it prevents.
Subpackages: ``orderguard.api`` (the API's JSON), ``orderguard.errors`` (the error catalog and
exceptions), ``orderguard.statemachine`` (the order's lifecycle), ``orderguard.policies``
(the rules and the checker).
"""

from orderguard._guard import Guard
from orderguard.enums import ApiVersion, Operation
from orderguard.errors import OrderGuardError, RequestRejectedError, Severity, Violation
from orderguard.policies import Context, Decision, Rule
from orderguard.statemachine import OrderSnapshot

__version__ = "0.1.0"

__all__ = [
    "ApiVersion",
    "Context",
    "Decision",
    "Guard",
    "Operation",
    "OrderGuardError",
    "OrderSnapshot",
    "RequestRejectedError",
    "Rule",
    "Severity",
    "Violation",
    "__version__",
]

for _public in (ApiVersion, Guard, Operation):
    _public.__module__ = __name__
for _error_type in (OrderGuardError, RequestRejectedError, Severity, Violation):
    _error_type.__module__ = "orderguard.errors"
del _public, _error_type
