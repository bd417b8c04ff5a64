"""How long a call, and each of its HTTP requests, may take: bounds on the monotonic clock.

A call (every attempt, every wait, the lookup by alias) ends by its :class:`Deadline`
(``RetrySettings.timeout``); one request also ends within the client's ``timeout``. Both bound
the whole exchange, not each read: a server that trickles a byte at a time is cut off too.
"""

from __future__ import annotations

import time

import attrs


@attrs.frozen(slots=True)
class Deadline:
    """The moment ``seconds`` after a start, on the monotonic clock."""

    seconds: float
    ends: float

    @classmethod
    def after(cls, seconds: float) -> Deadline:
        """The deadline ``seconds`` from now."""
        return cls(seconds, time.monotonic() + seconds)

    def remaining(self) -> float:
        """Seconds left (0 once passed)."""
        return max(self.ends - time.monotonic(), 0.0)

    def passed(self) -> bool:
        """Whether the deadline has come."""
        return time.monotonic() >= self.ends

    def sooner(self, seconds: float) -> Deadline:
        """The deadline itself, or the one ``seconds`` from now if that comes first."""
        other = Deadline.after(seconds)
        return other if other.ends < self.ends else self
