"""``orderguard proxy --upstream URL``: the guard in front of the Order API, for any language.

The service (``orderguard.service``, the ``[service]`` extra) is imported only when the command
runs. Event-intake credentials come from the environment, never from the command line (where
other users of the machine could read them): ``ORDERGUARD_EVENTS_SECRET`` (a shared secret,
sent in ``--events-secret-header``) and ``ORDERGUARD_EVENTS_BASIC`` (``user:password``).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
import sys
from collections.abc import Iterator
from types import FrameType
from typing import IO

from orderguard.cli._events import add_store_option
from orderguard.cli._util import EXIT_OK, UsageError
from orderguard.enums import DEFAULT_API_VERSION, ApiVersion
from orderguard.service import EventCredentials, ServiceConfig
from orderguard.store import open_store

DEFAULT_LISTEN = "127.0.0.1:8081"
SECRET_ENV = "ORDERGUARD_EVENTS_SECRET"
BASIC_ENV = "ORDERGUARD_EVENTS_BASIC"


def register(parser: argparse.ArgumentParser) -> None:
    """Give ``parser`` the ``proxy`` subcommand's description, arguments and handler."""
    parser.description = (
        "Serve POST /graphql in front of the Order API at --upstream: every "
        "createOrder, updateOrder and cancelOrder is checked against the order as last seen "
        "and refused in the API's error layout, or forwarded and its answer recorded. Also "
        "POST /v1/check, POST /v1/events, GET /v1/orders/ID, /healthz, /metrics and "
        "/v1/openapi.json. Orders, claims and history live in --store (share a PostgreSQL "
        "store between proxies). One JSON line per decision goes to --decision-log; Ctrl-C "
        "stops it. "
        f"Event credentials: ${SECRET_ENV} (shared secret) or ${BASIC_ENV} (user:password)."
    )
    parser.add_argument("--upstream", required=True, metavar="URL", help="the Order API's URL")
    add_store_option(parser)
    parser.add_argument(
        "--listen",
        default=DEFAULT_LISTEN,
        type=_address,
        metavar="HOST:PORT",
        help=f"address to serve on (default {DEFAULT_LISTEN}; port 0 for any)",
    )
    parser.add_argument("--mode", choices=("enforce", "report"), default="enforce")
    parser.add_argument(
        "--on-store-error",
        choices=("closed", "open"),
        default="closed",
        help="when the order cannot be read: refuse (closed, default) or judge without it",
    )
    parser.add_argument(
        "--api-version",
        choices=[version.value for version in ApiVersion],
        default=DEFAULT_API_VERSION.value,
        help="version of requests without x-api-version",
    )
    parser.add_argument(
        "--decision-log",
        default="-",
        metavar="FILE",
        help="where the JSON lines of decisions go ('-': standard output, the default)",
    )
    parser.add_argument("--max-body", type=_size, default=1 << 20, metavar="BYTES")
    parser.add_argument("--events-secret-header", default="x-api-key", metavar="NAME")
    parser.add_argument("--owner", default=f"{socket.gethostname()}:{os.getpid()}")
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    """Serve in the foreground until interrupted."""
    try:
        from orderguard.service import ServiceServer, create_app
    except ImportError as missing:
        raise UsageError(str(missing)) from None
    config = _config(args)
    host, port = args.listen
    with open_store(args.store) as store, _decision_log(args.decision_log) as decisions:
        app = create_app(config, store, decision_log=decisions)
        try:
            server = ServiceServer(app, host, port)
        except OSError as error:
            raise UsageError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
        _log(
            f"orderguard proxy: {server.graphql_url} -> {_shown(args.upstream)} "
            f"(store {store.url}, {config.mode.value} mode, store errors fail "
            f"{config.on_store_error.value}, events {'on' if config.events.configured else 'off'})"
            "; Ctrl-C stops it"
        )
        # uvicorn handles SIGINT and SIGTERM while serving, then raises the signal again:
        # these handlers turn it into KeyboardInterrupt, so the command ends with status 0.
        signal.signal(signal.SIGTERM, _interrupt)
        signal.signal(signal.SIGINT, _interrupt)
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
    _log("orderguard proxy: stopped")
    return EXIT_OK


def _config(args: argparse.Namespace) -> ServiceConfig:
    """The service's settings from the options and, for event credentials, the environment."""
    credentials = EventCredentials(
        secret=os.environ.get(SECRET_ENV) or None,
        secret_header=args.events_secret_header,
        basic=_basic(os.environ.get(BASIC_ENV)),
    )
    return ServiceConfig(
        upstream=args.upstream,
        mode=args.mode,
        on_store_error=args.on_store_error,
        api_version=args.api_version,
        max_body=args.max_body,
        events=credentials,
        owner=args.owner,
    )


@contextlib.contextmanager
def _decision_log(target: str) -> Iterator[IO[str]]:
    if target == "-":
        yield sys.stdout
        return
    try:
        handle = open(target, "a", encoding="utf-8")  # noqa: SIM115 - closed below
    except OSError as error:
        raise UsageError(f"cannot write {target}: {error.strerror or error}") from None
    with handle:
        yield handle


def _basic(value: str | None) -> tuple[str, str] | None:
    if not value:
        return None
    user, colon, password = value.partition(":")
    if not colon or not user or not password:
        raise UsageError(f"{BASIC_ENV} must be user:password")
    return user, password


def _shown(url: str) -> str:
    """``url`` without credentials, for the log."""
    scheme, sep, rest = url.partition("://")
    return f"{scheme}{sep}{rest.rpartition('@')[2]}" if sep else url


def _address(text: str) -> tuple[str, int]:
    """``HOST:PORT`` (argparse type); ``[::1]:8081`` for IPv6."""
    host, colon, port = text.rpartition(":")
    if not colon or not port.isdigit() or int(port) > 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not HOST:PORT")
    return host.strip("[]") or "127.0.0.1", int(port)


def _size(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of bytes")
    return int(text)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _log(line: str) -> None:
    print(line, file=sys.stderr, flush=True)
