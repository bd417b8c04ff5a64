"""``open_store(url)``: the backend a URL names, opened and its schema ready.

- ``memory://``: this process only (tests, one-off scripts);
- ``sqlite:///relative/path.db`` or ``sqlite:////absolute/path.db`` (the default,
  ``sqlite:///orderguard.db``); options ``?timeout=SECONDS`` (lock wait, default 5) and
  ``?synchronous=full|normal``;
- ``postgresql://user:password@host:port/dbname`` (or ``postgres://``), with libpq's own
  parameters and orderguard's ``?schema=NAME`` (the tables' PostgreSQL schema) and
  ``?pool_size=N``; needs the ``[postgres]`` extra.
"""

from __future__ import annotations

import os
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from orderguard.store._core import DEFAULT_RETENTION
from orderguard.store._errors import StoreUrlError
from orderguard.store._memory import MemoryStore
from orderguard.store._protocol import OrderStore

DEFAULT_STORE_URL = "sqlite:///orderguard.db"
"""The store used wherever one is needed and none is named: ``orderguard.db`` in the cwd."""

_SCHEMES = "memory://, sqlite:///PATH or postgresql://USER@HOST:PORT/DBNAME"


def redact(url: str) -> str:
    """``url`` with its password replaced by ``***`` (safe to print or log)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rpartition("@")[2]
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


def open_store(
    url: str = DEFAULT_STORE_URL,
    *,
    retention: float = DEFAULT_RETENTION,
    timeout: float | None = None,
) -> OrderStore:
    """Open the store ``url`` names (see the module docs), creating its schema on first use.

    ``retention``: seconds a delivery key is remembered (redeliveries within it are
    ``duplicate``); ``timeout``: seconds to wait for a lock or a connection (overrides the
    URL's ``?timeout=``). Raises ``StoreUrlError`` for a URL it cannot use,
    ``StoreUnavailableError`` when the database cannot be reached, ``SchemaVersionError`` for
    a store written by a newer orderguard.
    """
    scheme = url.partition("://")[0].lower()
    if scheme == "memory":
        return MemoryStore(redact(url), retention)
    if scheme == "sqlite":
        return _sqlite(url, retention, timeout)
    if scheme in ("postgresql", "postgres"):
        return _postgres(url, retention, timeout)
    raise StoreUrlError(f"cannot open store {redact(url)!r}: expected {_SCHEMES}")


def _options(url: str, known: tuple[str, ...]) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """orderguard's own query options of ``url``, and the rest (kept for the driver)."""
    ours: dict[str, str] = {}
    rest: list[tuple[str, str]] = []
    for key, value in parse_qsl(urlsplit(url).query, keep_blank_values=True):
        if key in known:
            ours[key] = value
        else:
            rest.append((key, value))
    return ours, rest


def _number(url: str, name: str, text: str | None, default: float) -> float:
    if text is None:
        return default
    try:
        return float(text)
    except ValueError:
        raise StoreUrlError(f"store {redact(url)!r}: {name}={text!r} is not a number") from None


def _sqlite(url: str, retention: float, timeout: float | None) -> OrderStore:
    from orderguard.store._sqlite import SYNCHRONOUS, SqliteStore

    ours, rest = _options(url, ("timeout", "synchronous"))
    if rest:
        names = ", ".join(key for key, _ in rest)
        raise StoreUrlError(f"store {url!r}: unknown option {names}; use timeout, synchronous")
    path = urlsplit(url).path.removeprefix("/")
    if not path or urlsplit(url).netloc:
        raise StoreUrlError(
            f"store {url!r} names no file; write sqlite:///relative.db or sqlite:////abs.db"
        )
    folder = os.path.dirname(path) or "."
    if not os.path.isdir(folder):
        raise StoreUrlError(f"store {url!r}: folder {folder} does not exist; create it first")
    synchronous = ours.get("synchronous", "full").lower()
    if synchronous not in SYNCHRONOUS:
        raise StoreUrlError(f"store {url!r}: synchronous={synchronous!r}; use full or normal")
    wait = timeout if timeout is not None else _number(url, "timeout", ours.get("timeout"), 5.0)
    return SqliteStore(path, url=url, timeout=wait, synchronous=synchronous, retention=retention)


def _postgres(url: str, retention: float, timeout: float | None) -> OrderStore:
    try:
        from orderguard.store._postgres import PostgresStore
    except ImportError:
        raise StoreUrlError(
            f"store {redact(url)!r} needs the [postgres] extra: pip install 'orderguard[postgres]'"
        ) from None
    ours, rest = _options(url, ("schema", "pool_size"))
    conninfo = urlunsplit(
        urlsplit(url)._replace(scheme="postgresql", query=urlencode(rest, quote_via=quote))
    )
    pool_size = int(_number(url, "pool_size", ours.get("pool_size"), 8))
    return PostgresStore(
        conninfo,
        url=redact(url),
        schema=ours.get("schema"),
        pool_size=max(pool_size, 1),
        timeout=timeout if timeout is not None else 5.0,
        retention=retention,
    )
