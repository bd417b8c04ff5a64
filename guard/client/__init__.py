"""orderguard.client: the Buy with Prime Order API behind the guard, over httpx.

``OrderClient`` (and ``AsyncOrderClient``) send createOrder, updateOrder, cancelOrder and the
order query as GraphQL, run the ``Guard`` before every mutation, turn ``errors[]`` into the
catalog's exceptions, retry as the catalog says (on stamina, bounded by ``RetrySettings``),
recover a createOrder whose answer was lost by its alias, and keep a snapshot of each order
touched. Each call ends by its deadline (``RetrySettings.timeout``); a server out of reach is
``ApiConnectionError``, one too slow ``ApiTimeoutError``; each retry is logged on the
``orderguard.client`` logger. ``ClientCredentials`` mints access tokens and refreshes them
before they expire.

Needs the ``[client]`` extra (httpx, stamina): ``pip install 'orderguard[client]'``.
"""

try:
    import httpx as _httpx
    import stamina as _stamina
except ImportError as missing:  # pragma: no cover - exercised by an install without the extra
    raise ImportError(
        "orderguard.client needs the [client] extra: pip install 'orderguard[client]'"
    ) from missing

from orderguard.client._async import AsyncOrderClient
from orderguard.client._auth import DEFAULT_TOKEN_URL, BearerToken, ClientCredentials
from orderguard.client._core import DEFAULT_ENDPOINT, CallResult
from orderguard.client._errors import ApiConnectionError, ApiTimeoutError
from orderguard.client._retry import RetrySettings
from orderguard.client._sync import OrderClient

__all__ = [
    "DEFAULT_ENDPOINT",
    "DEFAULT_TOKEN_URL",
    "ApiConnectionError",
    "ApiTimeoutError",
    "AsyncOrderClient",
    "BearerToken",
    "CallResult",
    "ClientCredentials",
    "OrderClient",
    "RetrySettings",
]

for _public in (
    ApiConnectionError,
    ApiTimeoutError,
    AsyncOrderClient,
    BearerToken,
    CallResult,
    ClientCredentials,
    OrderClient,
    RetrySettings,
):
    _public.__module__ = __name__
del _public, _httpx, _stamina
