"""orderguard.emulator: a local emulator of the Order API over HTTP, like moto for AWS.

``Emulator`` serves a ``FakeOrderApi`` (``orderguard.fake``) as GraphQL at ``/graphql``, one
schema per API version picked by ``x-api-version``, written from the documented types and run
on graphql-core; plus the sandbox mutation ``updateOrderPackageInformation``, ``POST /token``,
``GET /events``, ``POST /reset`` and faults per request (``x-orderguard-fault: throttle |
internal | conflict | lost``) or at seeded rates. ``EmulatorServer`` runs it over HTTP on
127.0.0.1, in the foreground (``orderguard serve``) or in a background thread (tests).

Needs the ``[server]`` extra (graphql-core): ``pip install 'orderguard[server]'``.
"""

try:
    import graphql as _graphql_core
except ImportError as missing:  # pragma: no cover - exercised by an install without the extra
    raise ImportError(
        "orderguard.emulator needs the [server] extra: pip install 'orderguard[server]'"
    ) from missing

from orderguard.emulator._app import MAX_BODY_BYTES, Emulator, Received, Reply
from orderguard.emulator._faults import FAULT_HEADER, parse_faults
from orderguard.emulator._server import EmulatorServer

__all__ = [
    "FAULT_HEADER",
    "MAX_BODY_BYTES",
    "Emulator",
    "EmulatorServer",
    "Received",
    "Reply",
    "parse_faults",
]

for _public in (Emulator, EmulatorServer, Received, Reply):
    _public.__module__ = __name__
del _public, _graphql_core
