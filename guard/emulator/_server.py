"""``EmulatorServer``: an ``Emulator`` over HTTP/1.1 on the standard library's threading server.

Why ``http.server`` and not an ASGI stack: a lost response must be a connection closed
without a byte of answer, which only a server that owns the socket can give; the stdlib
server adds no dependency, starts and stops in a thread in milliseconds (tests, the demo), and
a thread per connection is plenty for a local emulator whose fake serialises every call anyway.
What it does not do by itself, this module does: a body needs a ``Content-Length`` (411
otherwise) of at most ``max_body`` bytes (413 before anything is read, ``Expect:
100-continue`` included), idle connections close after 30 seconds, and each request is
logged on one line.
"""

from __future__ import annotations

import socket
import socketserver
import sys
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

from orderguard.emulator._app import Emulator, Reply, request_error

Log = Callable[[str], None]
"""Where the one-line request log goes."""

IDLE_SECONDS = 30
"""How long a kept-alive connection may sit idle before the server closes it."""


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], emulator: Emulator, log: Log | None) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.emulator = emulator
        self.log = log
        super().__init__(address, _Handler)

    def server_bind(self) -> None:
        """Bind without ``HTTPServer``'s reverse DNS lookup of the host (slow when offline)."""
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    def handle_error(self, request: object, client_address: object) -> None:
        """One log line for a connection that failed (a client gone mid-request), no traceback."""
        if self.log is not None:
            failure = sys.exc_info()[1]
            self.log(f"{client_address}: connection failed: {type(failure).__name__}: {failure}")


class _Handler(BaseHTTPRequestHandler):
    """Reads one request, asks the emulator, writes its reply (or drops the connection)."""

    protocol_version = "HTTP/1.1"
    timeout = IDLE_SECONDS
    # One write per answer, sent at once: unbuffered headers and body in two writes, with
    # Nagle's algorithm on, wait for the client's delayed ACK (tens of ms per request).
    disable_nagle_algorithm = True
    wbufsize = 1 << 16
    server: _HTTPServer
    # What the stdlib answers by itself (a malformed request line, a header block too long)
    # in the same JSON layout as every other refusal.
    error_content_type = "application/json"
    error_message_format = (
        '{"errors": [{"message": "%(code)d %(message)s: %(explain)s", '
        '"extensions": {"errorType": "ValidationError"}}]}'
    )

    def do_GET(self) -> None:
        """Serve a GET."""
        self._serve()

    def do_POST(self) -> None:
        """Serve a POST."""
        self._serve()

    do_PUT = do_PATCH = do_DELETE = do_POST

    def handle_expect_100(self) -> bool:
        """Refuse an oversize body before the client sends it."""
        refusal = self._length_problem()
        if refusal is None:
            return super().handle_expect_100()
        self._write(refusal, time.perf_counter())
        return False

    def _serve(self) -> None:
        started = time.perf_counter()
        reply = self._length_problem()
        if reply is None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            if len(body) < length:
                self.close_connection = True
                return
            headers = {name.lower(): value for name, value in self.headers.items()}
            reply = self.server.emulator.handle(self.command, self.path, headers, body)
        self._write(reply, started)

    def _length_problem(self) -> Reply | None:
        """411, 400 or 413 for a body the server will not read; ``None`` if it is fine."""
        text = self.headers.get("Content-Length")
        if self.headers.get("Transfer-Encoding") is not None or (
            text is None and self.command in ("POST", "PUT", "PATCH")
        ):
            return request_error(411, "send the body with a Content-Length")
        if text is not None and not text.strip().isdigit():
            return request_error(400, "Content-Length must be a whole number")
        limit = self.server.emulator.max_body
        if text is not None and int(text) > limit:
            return request_error(413, f"the body exceeds {limit} bytes")
        return None

    def _write(self, reply: Reply, started: float) -> None:
        if reply.body is None:
            self.close_connection = True
            self._log(reply, started, "connection dropped (lost response)")
            return
        if reply.status in (400, 411, 413):
            self.close_connection = True
        self.send_response(reply.status)
        for name, value in reply.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(reply.body)
        self._log(reply, started, "")

    def _log(self, reply: Reply, started: float, extra: str) -> None:
        fields = ",".join(reply.fields) or "-"
        elapsed = (time.perf_counter() - started) * 1000
        status = reply.status or "-"
        line = f'{self.client_address[0]} "{self.command} {self.path}" {status} {fields}'
        self.log_message("%s", f"{line} {elapsed:.1f}ms {extra}".rstrip())

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Silence the default access line (``_log`` writes a fuller one)."""

    def log_message(self, format: str, *args: object) -> None:
        """Send a log line to the server's ``log`` (if any) instead of standard error."""
        if self.server.log is not None:
            self.server.log(format % args)


class EmulatorServer:
    """Serves an ``Emulator`` over HTTP; binds 127.0.0.1 on a free port by default.

    Run it in the foreground with :meth:`serve_forever`, or in a background thread::

        with EmulatorServer() as server:       # started; stopped on leaving the block
            OrderClient(endpoint=server.graphql_url)...
    """

    def __init__(
        self,
        emulator: Emulator | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        log: Log | None = None,
    ) -> None:
        self.emulator = emulator or Emulator()
        self._httpd = _HTTPServer((host, port), self.emulator, log)
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
