"""How the client retries: the settings, the catalog's policy per error, and Retry-After.

Retries run on stamina. A failed attempt that may be retried is raised as :class:`Retry`
(carrying the real error and, from a ``Retry-After`` header, the wait the server asked for);
the client's backoff hook (``ClientCore.backoff``) tells stamina to retry exactly those, after
the wait it chose, and the client re-raises the real error once the attempts or the time run
out. The order query changes nothing, so a failure the catalog gives no advice for (a server
failure) is retried on it with backoff.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import math
import random
from collections.abc import AsyncIterable, Callable, Iterable
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
    - ``timeout``: the call's deadline, in seconds: every attempt, wait and the lookup of a
      createOrder by its alias end by then (``ApiTimeoutError``, or for a createOrder that may
      have been created, ``OrderOutcomeUnknownError``). No wait is started that would end past it.
    - ``wait_initial``, ``wait_max``, ``wait_jitter``: the backoff, in seconds: ``wait_initial``
      doubling per retry, plus up to ``wait_jitter`` at random, at most ``wait_max``.
    - ``retry_after_max``: a ``Retry-After`` longer than this is cut to it; one that would end
      past the deadline is not waited for at all (the error is raised at once). A negative or
      unreadable one, or a date already past, is ignored: the backoff applies.
    """

    attempts: int = attrs.field(default=5, validator=attrs.validators.ge(1))
    timeout: float = attrs.field(default=30.0, validator=_positive)
    wait_initial: float = attrs.field(default=0.2, validator=_positive)
    wait_max: float = attrs.field(default=5.0, validator=_positive)
    wait_jitter: float = attrs.field(default=1.0, validator=attrs.validators.ge(0.0))
    retry_after_max: float = attrs.field(default=30.0, validator=_positive)

    def attempts_of(self, hook: BackoffHook, timeout: float) -> Iterable[stamina.Attempt]:
        """stamina's attempts, retried as ``hook`` says, for ``timeout`` s, for a ``for`` loop."""
        return stamina.retry_context(hook, **self._bounds(timeout))

    def async_attempts_of(
        self, hook: BackoffHook, timeout: float
    ) -> AsyncIterable[stamina.Attempt]:
        """``attempts_of`` for an ``async for`` loop."""
        return stamina.retry_context(hook, **self._bounds(timeout))

    def backoff(self, retry_number: int) -> float:
        """The wait before retry ``retry_number`` (1 for the first): doubling, jittered, capped."""
        doubled = self.wait_initial * 2.0 ** min(retry_number - 1, 64)
        return min(self.wait_max, doubled + random.uniform(0.0, self.wait_jitter))

    def _bounds(self, timeout: float) -> dict[str, Any]:
        return {
            "attempts": self.attempts,
            "timeout": timeout,
            "wait_initial": self.wait_initial,
            "wait_max": self.wait_max,
            "wait_jitter": self.wait_jitter,
        }


BackoffHook = Callable[[Exception], bool | float]
"""stamina's ``on``: whether to retry after this exception, or after how many seconds."""

RETRY_REPR_PREFIX = "orderguard.client.Retry("
"""How a :class:`Retry` shows in stamina's records (its own log lines for them are dropped)."""


class Retry(Exception):
    """A failed attempt worth another try; ``error`` is what to raise if none is left."""

    def __init__(self, error: Exception, wait: float | None = None) -> None:
        super().__init__(str(error))
        self.error = error
        self.wait = wait

    def __repr__(self) -> str:
        after = f", after {self.wait:g}s (Retry-After)" if self.wait is not None else ""
        return f"{RETRY_REPR_PREFIX}{type(self.error).__name__}({str(self.error)!r}){after})"


READ_ONLY = frozenset({Operation.ORDER})
"""Operations that change nothing: resending them is always safe."""

READ_ONLY_POLICIES = {RetryPolicy.NONE: RetryPolicy.RETRY_WITH_BACKOFF}
"""How a read-only operation reads the catalog: no advice (a server failure) means retry."""


def policy_of(error: ApiError, operation: Operation) -> RetryPolicy:
    """The catalog's retry policy for ``error``; by its class when the catalog has no entry.

    On a read-only operation the policy is read as ``READ_ONLY_POLICIES`` says.
    """
    policy = _catalog_policy(error, operation)
    if operation in READ_ONLY:
        return READ_ONLY_POLICIES.get(policy, policy)
    return policy


def _catalog_policy(error: ApiError, operation: Operation) -> RetryPolicy:
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
    return seconds if math.isfinite(seconds) and seconds >= 0 else None


def _seconds_until(text: str, now: dt.datetime | None) -> float | None:
    """Seconds until an HTTP date (``Wed, 21 Oct 2026 07:28:00 GMT``).

    ``None`` if it is not one, or has passed.
    """
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    moment = now or dt.datetime.now(dt.UTC)
    seconds = (when - moment).total_seconds()
    return seconds if seconds > 0 else None
