"""orderguard.service: the guard over HTTP, for systems not written in Python.

``create_app(ServiceConfig(upstream=...))`` is an ASGI application (Starlette) holding:

- the guarding proxy, ``POST /graphql``: a client points its Order API endpoint here and
  changes nothing else; every createOrder, updateOrder and cancelOrder is judged against the
  order as the ``orderguard.store`` holds it (several proxies share one PostgreSQL store),
  refused in the API's own error layout or forwarded with its headers, and the answer
  recorded, under the store's claims (``Mode.REPORT`` forwards everything and logs);
- the decision API, ``POST /v1/check`` (``CheckItem`` in, the decision of ``orderguard check``
  out), event intake ``POST /v1/events`` (authenticated with ``EventCredentials``), order state
  and history ``GET /v1/orders/{id}``, ``/healthz``, ``/metrics``, ``/v1/openapi.json``.

``ServiceServer`` runs it on uvicorn (``orderguard proxy``). Importing this package loads only
the core; ``create_app`` and ``ServiceServer`` need the ``[service]`` extra: ``pip install
'orderguard[service]'``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from orderguard.service._config import EventCredentials, Mode, OnStoreError, ServiceConfig
from orderguard.service._judge import CheckItem
from orderguard.service._refs import OrderRef

if TYPE_CHECKING:
    from orderguard.service._app import create_app
    from orderguard.service._server import ServiceServer

__all__ = [
    "CheckItem",
    "EventCredentials",
    "Mode",
    "OnStoreError",
    "OrderRef",
    "ServiceConfig",
    "ServiceServer",
    "create_app",
]

_LAZY = {"create_app": "orderguard.service._app", "ServiceServer": "orderguard.service._server"}
"""Names that need the [service] extra, and the modules they are loaded from on first use."""


def __getattr__(name: str) -> Any:
    """Load the ASGI names on first use, with a hint when the extra is missing."""
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    try:
        module = importlib.import_module(_LAZY[name])
    except ImportError as missing:
        raise ImportError(
            f"orderguard.service.{name} needs the [service] extra: "
            f"pip install 'orderguard[service]' ({missing})"
        ) from missing
    return getattr(module, name)


for _name in sorted(set(__all__) - _LAZY.keys()):
    globals()[_name].__module__ = __name__
del _name
