"""``ServiceServer``: the service on uvicorn, on a socket bound before serving (port 0 works).

In the foreground (``orderguard proxy``: Ctrl-C or SIGTERM stop it) or in a background thread
(tests, benchmarks). Binds 127.0.0.1 unless told otherwise. uvicorn's own access log is off
(the service logs one line per request itself, without headers or query strings) and its
logging configuration is left alone.
"""

from __future__ import annotations

import socket
import threading
import time
from types import TracebackType

import uvicorn
from starlette.applications import Starlette

DEFAULT_HOST = "127.0.0.1"

_STARTUP_SECONDS = 30.0


def _listening(host: str, port: int) -> socket.socket:
    """A TCP socket listening on ``host:port``.

    Made with ``IPPROTO_TCP`` spelled out: asyncio turns Nagle's algorithm off only on such
    sockets, and with it on every answer written in two parts waits for a delayed ACK (40 ms).
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((host, port))
        listener.listen(2048)
    except OSError:
        listener.close()
        raise
    return listener


class ServiceServer:
    """Serves an ASGI app over HTTP on ``host:port`` (``port`` 0: any free port)."""

    def __init__(self, app: Starlette, host: str = DEFAULT_HOST, port: int = 0) -> None:
        self.app = app
        self._socket = _listening(host, port)
        config = uvicorn.Config(
            app,
            log_config=None,
            access_log=False,
            server_header=False,
            lifespan="on",
            timeout_graceful_shutdown=5,
        )
        self._server = uvicorn.Server(config)
        self._thread: threading.Thread | None = None

    @property
    def host(self) -> str:
        """The address the server listens on."""
        return str(self._socket.getsockname()[0])

    @property
    def port(self) -> int:
        """The port the server listens on."""
        return int(self._socket.getsockname()[1])

    @property
    def url(self) -> str:
        """``http://host:port``."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def graphql_url(self) -> str:
        """The proxy's GraphQL endpoint: ``<url>/graphql``."""
        return f"{self.url}/graphql"

    def serve_forever(self) -> None:
        """Serve in this thread until Ctrl-C or SIGTERM (or :meth:`stop` from another thread)."""
        self._server.run(sockets=[self._socket])

    def start(self) -> ServiceServer:
        """Serve in a background thread; return once the server accepts requests."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self.serve_forever, name=f"orderguard-service-{self.port}", daemon=True
            )
            self._thread.start()
            deadline = time.monotonic() + _STARTUP_SECONDS
            while not self._server.started:
                if not self._thread.is_alive() or time.monotonic() > deadline:
                    raise RuntimeError("the service did not start (see its log)")
                time.sleep(0.005)
        return self

    def stop(self) -> None:
        """Stop serving and release the port."""
        if self._thread is not None:
            self._server.should_exit = True
            self._thread.join()
            self._thread = None
        self._socket.close()

    def __enter__(self) -> ServiceServer:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()
