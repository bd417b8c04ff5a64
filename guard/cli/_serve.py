"""``orderguard serve``: run the Order API emulator over HTTP until Ctrl-C.

The emulator (``orderguard.emulator``, the ``[server]`` extra) is imported only when the command
runs, so the CLI stays light.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from types import FrameType

from orderguard.cli._util import EXIT_OK, UsageError
from orderguard.enums import DEFAULT_API_VERSION, ApiVersion

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8080


def register(parser: argparse.ArgumentParser) -> None:
    """Give ``parser`` the ``serve`` subcommand's description, arguments and handler."""
    parser.description = (
        "Serve the Order API as GraphQL at /graphql (plus /token, /events, /reset), "
        "backed by orderguard's FakeOrderApi. One line is logged per request (standard error); "
        "Ctrl-C stops it."
    )
    parser.add_argument("--host", default=DEFAULT_HOST, help=f"address (default {DEFAULT_HOST})")
    parser.add_argument(
        "--port", type=_port, default=DEFAULT_PORT, help=f"port, 0 for any (default {DEFAULT_PORT})"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of IDs and faults (default 0)")
    parser.add_argument(
        "--api-version",
        choices=[version.value for version in ApiVersion],
        default=DEFAULT_API_VERSION.value,
        help="version of requests without x-api-version, and of events "
        f"(default {DEFAULT_API_VERSION.value})",
    )
    parser.add_argument(
        "--faults",
        metavar="SPEC",
        help="random fault rates, e.g. throttle=0.1,internal=0.02,conflict=0.1,lost=0.05[,seed=N]",
    )
    parser.add_argument(
        "--max-connections",
        type=_positive,
        metavar="N",
        help="connections served at once; one more is answered 503 (default 64)",
    )
    parser.add_argument(
        "--ready-json",
        action="store_true",
        help='once listening, print one JSON line to standard output: {"host", "port", "url", '
        '"graphql_url"} (with --port 0, how a script learns the port)',
    )
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    """Serve in the foreground until interrupted."""
    try:
        from orderguard.emulator import Emulator, EmulatorServer, parse_faults
    except ImportError as missing:
        raise UsageError(str(missing)) from None
    try:
        faults = parse_faults(args.faults, seed=args.seed)
    except ValueError as error:
        raise UsageError(f"--faults: {error}") from None
    emulator = Emulator(api_version=args.api_version, seed=args.seed, faults=faults)
    limits = {"max_connections": args.max_connections} if args.max_connections else {}
    try:
        server = EmulatorServer(emulator, args.host, args.port, log=_log, **limits)
    except OSError as error:
        raise UsageError(f"cannot listen on {args.host}:{args.port}: {error.strerror}") from None
    _log(
        f"orderguard serve: Order API emulator at {server.graphql_url} (API version "
        f"{args.api_version}, seed {args.seed}, faults {args.faults or 'none'}); Ctrl-C stops it"
    )
    if args.ready_json:
        _announce(server.host, server.port, server.url, server.graphql_url)
    _stop_on_sigterm()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    _log("orderguard serve: stopped")
    return EXIT_OK


def _log(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _announce(host: str, port: int, url: str, graphql_url: str) -> None:
    """The ``--ready-json`` line: where the server listens, written once it does."""
    ready = {"host": host, "port": port, "url": url, "graphql_url": graphql_url}
    print(json.dumps(ready), flush=True)


def _positive(text: str) -> int:
    """A whole number of at least 1 (argparse type)."""
    if not text.isascii() or not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return int(text)


def _port(text: str) -> int:
    """A TCP port number (argparse type)."""
    if not text.isascii() or not text.isdigit() or len(text) > 5 or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (0-65535)")
    return int(text)


def _stop_on_sigterm() -> None:
    """Let ``kill`` stop the server as cleanly as Ctrl-C does."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt
