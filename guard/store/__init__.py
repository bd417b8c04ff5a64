"""orderguard.store: one truth about each order, shared by every worker that opens the same URL.

``open_store(url)`` opens ``memory://`` (this process, thread-safe), ``sqlite:///path.db`` (the
default, ``sqlite:///orderguard.db``: the processes of one host) or ``postgresql://...`` (many
processes and hosts; the ``[postgres]`` extra). Every backend offers the same ``OrderStore``:

- versioned snapshots (``get`` -> ``Versioned``), compare-and-set writes (``put``);
- event intake, one transaction per event or batch (``apply_event(s)``): the delivery key and
  its outcome, the new snapshot and a history row together; a redelivery is a ``duplicate``,
  after a restart too;
- answers merged without regressing any state (``record_response``);
- claims on merchant actions (``claim`` / ``settle`` / ``release`` / ``expired_claims``): an
  intent with an owner and a lease, recorded before the request is sent;
- an append-only ``history`` per order.
"""

from orderguard.store._errors import (
    ClaimHeldError,
    CorruptRecordError,
    SchemaVersionError,
    StoreError,
    StoreLockedError,
    StoreUnavailableError,
    StoreUrlError,
    VersionConflictError,
)
from orderguard.store._open import DEFAULT_STORE_URL, open_store
from orderguard.store._protocol import OrderStore
from orderguard.store._records import Change, Claim, HistoryEntry, Source, Versioned

__all__ = [
    "DEFAULT_STORE_URL",
    "Change",
    "Claim",
    "ClaimHeldError",
    "CorruptRecordError",
    "HistoryEntry",
    "OrderStore",
    "SchemaVersionError",
    "Source",
    "StoreError",
    "StoreLockedError",
    "StoreUnavailableError",
    "StoreUrlError",
    "VersionConflictError",
    "Versioned",
    "open_store",
]

for _cls in (
    Change,
    Claim,
    ClaimHeldError,
    CorruptRecordError,
    HistoryEntry,
    OrderStore,
    SchemaVersionError,
    Source,
    StoreError,
    StoreLockedError,
    StoreUnavailableError,
    StoreUrlError,
    VersionConflictError,
    Versioned,
):
    _cls.__module__ = __name__
del _cls
