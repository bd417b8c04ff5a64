"""The exceptions of the order store.

Hierarchy (under ``orderguard.errors.OrderGuardError``)::

    StoreError                              base of every store failure
    ├── StoreUrlError (ValueError)          a store URL orderguard cannot open (scheme, path)
    ├── StoreUnavailableError (ConnectionError)
    │                                       the database cannot be reached (host named, never
    │                                       the password)
    ├── StoreLockedError (TimeoutError)     another process held the SQLite file's write lock
    │                                       for longer than the store's timeout
    ├── SchemaVersionError (RuntimeError)   the store was written by a newer orderguard
    ├── CorruptRecordError (ValueError)     a stored row that cannot be read back (table, key)
    ├── VersionConflictError (RuntimeError) a compare-and-set write lost the race; carries the
    │                                       current version
    └── ClaimHeldError (RuntimeError)       another worker holds the order's claim; carries the
                                            holder

Nothing in the store is overwritten when one of these is raised: the transaction is rolled back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from orderguard.errors import OrderGuardError

if TYPE_CHECKING:
    from orderguard.store._records import Claim, Versioned


class StoreError(OrderGuardError):
    """Base class of every error the order store raises."""

    _made_from: tuple[Any, ...] | None = None

    def __reduce__(self) -> str | tuple[Any, ...]:
        # Errors built from fields (not from one message) must cross process boundaries too.
        if self._made_from is None:
            return super().__reduce__()
        return (type(self), self._made_from)


class StoreUrlError(StoreError, ValueError):
    """A store URL with an unknown scheme or an unusable path; the message lists the schemes."""


class StoreUnavailableError(StoreError, ConnectionError):
    """The store's database cannot be reached or refused the connection.

    The message names the host, port, database and user, never the password.
    """


class StoreLockedError(StoreError, TimeoutError):
    """The SQLite file stayed locked by another connection for longer than ``timeout`` seconds."""

    def __init__(self, path: str, timeout: float) -> None:
        self.path = path
        self.timeout = timeout
        self._made_from = (path, timeout)
        super().__init__(
            f"SQLite store {path} stayed locked by another process for {timeout:g}s; nothing "
            "was written. Retry, or open the store with a longer timeout (?timeout=SECONDS)"
        )


class SchemaVersionError(StoreError, RuntimeError):
    """The store's schema is newer than this orderguard reads; it was left untouched."""

    def __init__(self, url: str, found: int, supported: int) -> None:
        self.url = url
        self.found = found
        self.supported = supported
        self._made_from = (url, found, supported)
        super().__init__(
            f"store {url} has schema version {found}, written by a newer orderguard (this one "
            f"reads up to version {supported}); nothing was changed. Upgrade orderguard."
        )


class CorruptRecordError(StoreError, ValueError):
    """A stored row that cannot be read back; ``table`` and ``key`` say which one."""

    def __init__(self, table: str, key: str, problem: str) -> None:
        self.table = table
        self.key = key
        self.problem = problem
        self._made_from = (table, key, problem)
        super().__init__(
            f"stored {table} row {key!r} is corrupt ({problem}); nothing was changed. Restore "
            "the row from a backup or record the order again from an order query"
        )


class VersionConflictError(StoreError, RuntimeError):
    """A compare-and-set write expected ``expected`` but found ``current`` (``None``: absent)."""

    def __init__(self, order_id: str, expected: int, current: Versioned | None) -> None:
        self.order_id = order_id
        self.expected = expected
        self.current = current
        found = current.version if current is not None else 0
        self._made_from = (order_id, expected, current)
        super().__init__(
            f"order {order_id}: expected version {expected}, the store holds version {found}; "
            "nothing was written. Read the current snapshot and decide again"
        )


class ClaimHeldError(StoreError, RuntimeError):
    """Another worker holds the claim on the order; ``holder`` is its claim (owner, lease)."""

    def __init__(self, holder: Claim, waited: float) -> None:
        self.holder = holder
        self.waited = waited
        self._made_from = (holder, waited)
        super().__init__(
            f"{holder.subject}: {holder.owner} holds a claim for {holder.action!r} until its "
            f"lease ends in {max(holder.remaining(), 0.0):.1f}s (waited {waited:g}s); "
            "retry later or wait longer"
        )
