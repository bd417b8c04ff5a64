"""How the client retries: the settings, the catalog's policy per error, and Retry-After.

Retries run on stamina. A failed attempt that may be retried is raised as :class:`Retry`
(carrying the real error and, from a ``Retry-After`` header, the wait the server asked for);
:func:`backoff_hook` tells stamina to retry exactly those, and the client re-raises the real
error once the attempts or the time run out.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import math
from collections.abc import AsyncIterable, Iterable
from typing import Any

import attrs
import stamina

from orderguard.enums import Operation
from orderguard.errors import ApiError, RetryPolicy
from orderguard.errors.exceptions import ApiAccessDeniedError, ApiConflictError, ApiThrottlingError


def _positive(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if value <= 0:
        raise ValueError(f"{attribute.name} must be positive, got {value!r}")


@attrs.frozen(slots=True)
class RetrySettings:
    """Bounds of the client's retries (stamina's exponential backoff with jitter).

    - ``attempts``: at most this many tries of one call, the first included.
    - ``timeout``: no retry starts after this many seconds since the first try.
    - ``wait_initial``, ``wait_max``, ``wait_jitter``: the backoff, in seconds: ``wait_initial``
      doubling per retry, plus up to ``wait_jitter`` at random, at most ``wait_max``.
    - ``retry_after_max``: a ``Retry-After`` longer than this is cut to it; one that would end
      past ``timeout`` is not waited for at all (the error is raised at once).
    """

    attempts: int = attrs.field(default=5, validator=attrs.validators.ge(1))
    timeout: float = attrs.field(default=30.0, validator=_positive)
    wait_initial: float = attrs.field(default=0.2, validator=_positive)
    wait_max: float = attrs.field(default=5.0, validator=_positive)
    wait_jitter: float = attrs.field(default=1.0, validator=attrs.validators.ge(0.0))
    retry_after_max: float = attrs.field(default=30.0, validator=_positive)

    def attempts_of(self) -> Iterable[stamina.Attempt]:
        """stamina's attempts within these bounds, for a ``for`` loop."""
        return stamina.retry_context(backoff_hook, **self._bounds())

    def async_attempts_of(self) -> AsyncIterable[stamina.Attempt]:
        """stamina's attempts within these bounds, for an ``async for`` loop."""
        return stamina.retry_context(backoff_hook, **self._bounds())

    def _bounds(self) -> dict[str, Any]:
        return {
            "attempts": self.attempts,
            "timeout": self.timeout,
            "wait_initial": self.wait_initial,
            "wait_max": self.wait_max,
            "wait_jitter": self.wait_jitter,
        }


class Retry(Exception):
    """A failed attempt worth another try; ``error`` is what to raise if none is left."""

    def __init__(self, error: Exception, wait: float | None = None) -> None:
        super().__init__(str(error))
        self.error = error
        self.wait = wait

    def __repr__(self) -> str:
        after = f", after {self.wait:g}s (Retry-After)" if self.wait is not None else ""
        return f"{type(self.error).__name__}({str(self.error)!r}){after}"


def backoff_hook(error: Exception) -> bool | float:
    """stamina's ``on``: retry a :class:`Retry`, after its ``wait`` when the server gave one."""
    if not isinstance(error, Retry):
        return False
    return True if error.wait is None else error.wait


def policy_of(error: ApiError, operation: Operation) -> RetryPolicy:
    """The catalog's retry policy for ``error``; by its class when the catalog has no entry."""
    if error.spec is not None:
        return error.spec.retry
    if isinstance(error, ApiThrottlingError):
        return RetryPolicy.RETRY_WITH_BACKOFF
    if isinstance(error, ApiConflictError):
        return RetryPolicy.RETRY if operation is Operation.UPDATE_ORDER else RetryPolicy.NONE
    if isinstance(error, ApiAccessDeniedError):
        return RetryPolicy.RETRY_AFTER_FIX
    return RetryPolicy.DO_NOT_RETRY


def retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks for (delay-seconds or an HTTP date), else ``None``."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        return _seconds_until(text, now)
    return max(seconds, 0.0) if math.isfinite(seconds) else None


def _seconds_until(text: str, now: dt.datetime | None) -> float | None:
    """Seconds until an HTTP date (``Wed, 21 Oct 2026 07:28:00 GMT``); ``None`` if it is not one."""
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    moment = now or dt.datetime.now(dt.UTC)
    return max((when - moment).total_seconds(), 0.0)
