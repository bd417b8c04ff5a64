"""Each scheduled retry, logged once through ``orderguard.client`` with its fields.

The record (INFO) carries, as attributes given with ``extra=``: ``operation`` (``createOrder``),
``attempt`` (the attempt that failed, 1 for the first), ``wait`` (seconds until the next one),
``error_type`` and ``error_code`` (the API's, or the exception's class name and ``None``), and
``alias`` (``aliasType/aliasId`` of the order, when the call names one).

stamina's own hooks still run for the client's retries (metrics and custom hooks see them), but
its standard-library log line, a bare ``stamina.retry_scheduled`` on the ``stamina`` logger, is
dropped for them by a filter on that logger: the only change made to stamina's setup, and only
to records the client's retries caused. (With structlog installed stamina logs through structlog
instead; silence that there if wanted.)
"""

from __future__ import annotations

import logging

from orderguard.client._retry import RETRY_REPR_PREFIX
from orderguard.enums import Operation
from orderguard.errors import ApiError

LOGGER = logging.getLogger("orderguard.client")
"""Where the client logs its retries."""


def log_retry(
    operation: Operation, attempt: int, wait: float, error: Exception, alias: str | None
) -> None:
    """Log that ``attempt`` of ``operation`` failed with ``error`` and is retried after ``wait``."""
    error_type = error.error_type if isinstance(error, ApiError) else type(error).__name__
    error_code = error.code if isinstance(error, ApiError) else None
    LOGGER.info(
        "%s attempt %d failed (%s); retrying in %.3g s",
        operation.value,
        attempt,
        f"{error_type}/{error_code}" if error_code else error_type,
        wait,
        extra={
            "operation": operation.value,
            "attempt": attempt,
            "wait": wait,
            "error_type": error_type,
            "error_code": error_code,
            "alias": alias,
        },
    )


class OwnRetriesFilter(logging.Filter):
    """Drops stamina's ``retry_scheduled`` records for retries the client logs itself."""

    def filter(self, record: logging.LogRecord) -> bool:
        """False for a record caused by the client's ``Retry``."""
        caused_by = getattr(record, "stamina.caused_by", "")
        return not (isinstance(caused_by, str) and caused_by.startswith(RETRY_REPR_PREFIX))


def quiet_stamina_for_own_retries() -> None:
    """Add :class:`OwnRetriesFilter` to the ``stamina`` logger, once."""
    stamina_logger = logging.getLogger("stamina")
    if not any(isinstance(known, OwnRetriesFilter) for known in stamina_logger.filters):
        stamina_logger.addFilter(OwnRetriesFilter())
