"""``EmulatorServer``: an ``Emulator`` over HTTP/1.1 on the standard library's threading server.

Why ``http.server`` and not an ASGI stack: a lost response must be a connection closed
without a byte of answer, which only a server that owns the socket can give; the stdlib
server adds no dependency, starts and stops in a thread in milliseconds (tests, the demo), and
a thread per connection is plenty for a local emulator whose fake serialises every call anyway.
What it does not do by itself, this module does:

- a body needs one ``Content-Length`` of ASCII digits (400 otherwise, 411 without one) of at
  most ``max_body`` bytes (413 before anything is read, ``Expect: 100-continue`` included);
- each request, head and body, must arrive within ``read_timeout`` seconds of the server
  being ready for it (a kept-alive connection idle that long is closed too);
- at most ``max_connections`` connections are served at once; one more is answered 503 and
  closed at once, without a thread;
- every refusal, the stdlib's own included, is JSON in the GraphQL error layout;
- each request is logged on one line: the path without its query string, what the client
  sent escaped, the status, the GraphQL fields and the error types answered.
"""

from __future__ import annotations

import io
import socket
import socketserver
import sys
import threading
import time
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

from orderguard._logline import path_for_log, printable
from orderguard.emulator._app import Emulator, Reply, request_error
from orderguard.emulator._limits import DeadlineReader, content_length

Log = Callable[[str], None]
"""Where the one-line request log goes."""

READ_TIMEOUT = 30.0
"""Seconds a request (head and body) may take to arrive; an idle connection closes after it."""

MAX_CONNECTIONS = 64
"""Connections served at once by default; more are answered 503 and closed."""

_BUSY = (
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
    b"Connection: close\r\nRetry-After: 1\r\nContent-Length: %d\r\n\r\n%s"
)


_LOGGED_LINE = 200
"""The characters of an unparsable request line that the log keeps."""


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(
        self,
        address: tuple[str, int],
        emulator: Emulator,
        log: Log | None,
        limits: tuple[float, int],
    ) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.emulator = emulator
        self.log = log
        self.read_timeout, self.max_connections = limits
        self.open_connections = 0
        self._count_lock = threading.Lock()
        super().__init__(address, _Handler)

    def server_bind(self) -> None:
        """Bind without ``HTTPServer``'s reverse DNS lookup of the host (slow when offline)."""
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    def process_request(self, request: Any, client_address: Any) -> None:
        """Serve the connection in a thread, or answer 503 if ``max_connections`` are open."""
        with self._count_lock:
            full = self.open_connections >= self.max_connections
            if not full:
                self.open_connections += 1
        if full:
            self._refuse(request, client_address)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        """Serve one connection, then free its place."""
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._release()

    def _release(self) -> None:
        with self._count_lock:
            self.open_connections -= 1

    def _refuse(self, request: socket.socket, client_address: Any) -> None:
        """503 written without waiting (a fresh socket's buffer takes it), then closed."""
        reply = request_error(503, f"over {self.max_connections} connections open; retry")
        body = reply.body or b""
        try:
            request.setblocking(False)
            request.sendall(_BUSY % (len(body), body))
        except OSError:
            pass
        self.shutdown_request(request)
        if self.log is not None:
            self.log(f"{client_address[0]} connection refused: {self.max_connections} open")

    def handle_error(self, request: object, client_address: object) -> None:
        """One log line for a connection that failed (a client gone mid-request), no traceback."""
        if self.log is not None:
            failure = sys.exc_info()[1]
            text = printable(f"{type(failure).__name__}: {failure}")
            self.log(f"{client_address}: connection failed: {text}")


class _Handler(BaseHTTPRequestHandler):
    """Reads one request, asks the emulator, writes its reply (or drops the connection)."""

    protocol_version = "HTTP/1.1"
    # One write per answer, sent at once: unbuffered headers and body in two writes, with
    # Nagle's algorithm on, wait for the client's delayed ACK (tens of ms per request).
    disable_nagle_algorithm = True
    wbufsize = 1 << 16
    # A line refused before its version is read is answered with a status line all the same.
    default_request_version = "HTTP/1.0"
    # HTTP/0.9 ("GET /path", no headers, no status line) is refused with 400.
    server: _HTTPServer
    _deadline = 0.0
    _started = 0.0

    timeout = READ_TIMEOUT  # the socket's until the first read; the reader sets it after

    def setup(self) -> None:
        """Read the connection through a reader that enforces each request's deadline."""
        super().setup()
        self.rfile.close()
        self.rfile = io.BufferedReader(DeadlineReader(self.connection, lambda: self._deadline))

    def handle_one_request(self) -> None:
        """Give the next request ``read_timeout`` seconds to arrive, then serve it."""
        self._deadline = time.monotonic() + self.server.read_timeout
        self._started = time.perf_counter()
        super().handle_one_request()

    def parse_request(self) -> bool:
        """The stdlib's parse, refusing HTTP/0.9 (which has no status line to refuse with)."""
        if not super().parse_request():
            return False
        if self.request_version == "HTTP/0.9" or len(self.requestline.split()) == 2:
            self.send_error(400, "send HTTP/1.0 or HTTP/1.1")
            return False
        return True

    def do_GET(self) -> None:
        """Serve a GET."""
        self._serve()

    def do_POST(self) -> None:
        """Serve a POST."""
        self._serve()

    do_PUT = do_PATCH = do_DELETE = do_POST

    def handle_expect_100(self) -> bool:
        """Refuse an oversize body before the client sends it."""
        length = self._body_length()
        if isinstance(length, int):
            return super().handle_expect_100()
        self._write(length)
        return False

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Refusals of the stdlib's own, as JSON in the GraphQL layout.

        A malformed request line, a header block too long, an unknown method; the status line
        keeps the standard reason phrase (the stdlib would echo the request line there).
        """
        self.close_connection = True
        if self.request_version == "HTTP/0.9":  # answered with a status line all the same
            self.request_version = "HTTP/1.0"
        phrase = HTTPStatus(code).phrase
        self._write(request_error(code, f"{code} {phrase}: {message or phrase}"))

    def _serve(self) -> None:
        length = self._body_length()
        if isinstance(length, Reply):
            self._write(length)
            return
        body = self.rfile.read(length) if length else b""
        if len(body) < length:
            self.close_connection = True
            return
        headers = {name.lower(): value for name, value in self.headers.items()}
        self._write(self.server.emulator.handle(self.command, self.path, headers, body))

    def _body_length(self) -> int | Reply:
        """The body's length, or the 411, 400 or 413 for a body the server will not read."""
        values: list[str] = self.headers.get_all("Content-Length") or []
        if self.headers.get("Transfer-Encoding") is not None or (
            not values and self.command in ("POST", "PUT", "PATCH")
        ):
            return request_error(411, "send the body with a Content-Length")
        if not values:
            return 0
        length = content_length(values)
        if length is None:
            return request_error(400, "Content-Length must be one whole number (ASCII digits)")
        limit = self.server.emulator.max_body
        if length > limit:
            return request_error(413, f"the body exceeds {limit} bytes")
        return length

    def _write(self, reply: Reply) -> None:
        if reply.body is None:
            self.close_connection = True
            self._log(reply, "connection dropped (lost response)")
            return
        if reply.status in (400, 411, 413):
            self.close_connection = True
        self.connection.settimeout(self.server.read_timeout)  # the reads left it near zero
        self.send_response(reply.status)
        for name, value in reply.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(reply.body)
        self._log(reply, "")

    def _log(self, reply: Reply, extra: str) -> None:
        if self.server.log is None:
            return
        if self.command:
            request = f"{printable(self.command)} {path_for_log(self.path)}"
        else:  # refused before it parsed: what arrived, cut short
            request = path_for_log(getattr(self, "requestline", "")[:_LOGGED_LINE]) or "-"
        answered = " ".join(
            [str(reply.status or "-"), ",".join(reply.fields) or "-", *reply.error_types]
        )
        elapsed = (time.perf_counter() - self._started) * 1000
        line = f'{self.client_address[0]} "{request}" {answered} {elapsed:.1f}ms {extra}'
        self.server.log(line.rstrip())

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Silence the default access line (``_log`` writes a fuller one)."""

    def log_message(self, format: str, *args: object) -> None:
        """Send the stdlib's own lines (timeouts) to the server's ``log``, escaped."""
        if self.server.log is not None:
            self.server.log(f"{self.client_address[0]} {printable(format % args)}")


class EmulatorServer:
    """Serves an ``Emulator`` over HTTP; binds 127.0.0.1 on a free port by default.

    Run it in the foreground with :meth:`serve_forever`, or in a background thread::

        with EmulatorServer() as server:       # started; stopped on leaving the block
            OrderClient(endpoint=server.graphql_url)...

    Args:
        emulator: what to serve (default: a new ``Emulator``).
        host, port: where to listen (port 0: a free one, then read :attr:`port`).
        log: where the one-line request log goes (default: nowhere).
        read_timeout: seconds each request, head and body, may take to arrive.
        max_connections: connections served at once; one more is answered 503 and closed.

    """

    def __init__(
        self,
        emulator: Emulator | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        log: Log | None = None,
        read_timeout: float = READ_TIMEOUT,
        max_connections: int = MAX_CONNECTIONS,
    ) -> None:
        if read_timeout <= 0 or max_connections < 1:
            raise ValueError("read_timeout must be positive and max_connections at least 1")
        self.emulator = emulator or Emulator()
        limits = (read_timeout, max_connections)
        self._httpd = _HTTPServer((host, port), self.emulator, log, limits)
        self._thread: threading.Thread | None = None

    @property
    def host(self) -> str:
        """The address the server listens on."""
        return self._httpd.server_name

    @property
    def port(self) -> int:
        """The port the server listens on (the one picked when created with port 0)."""
        return self._httpd.server_port

    @property
    def url(self) -> str:
        """``http://host:port``."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def graphql_url(self) -> str:
        """The Order API endpoint: ``<url>/graphql``."""
        return f"{self.url}/graphql"

    @property
    def token_url(self) -> str:
        """The token endpoint: ``<url>/token``."""
        return f"{self.url}/token"

    def serve_forever(self) -> None:
        """Serve in this thread until :meth:`stop` (from another thread) or Ctrl-C."""
        self._httpd.serve_forever(poll_interval=0.2)

    def start(self) -> EmulatorServer:
        """Serve in a background (daemon) thread; returns the server."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self.serve_forever, name=f"orderguard-emulator-{self.port}", daemon=True
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port."""
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
            self._thread = None
        self._httpd.server_close()

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()
