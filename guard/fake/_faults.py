"""Seeded, reproducible fault injection: throttling, server errors, conflicts, lost responses."""

from __future__ import annotations

import enum
import random
from collections import deque

import attrs


class Fault(enum.StrEnum):
    """A failure the fake can inject; the value is the error type it answers with."""

    THROTTLING = "ThrottlingError"
    INTERNAL_ERROR = "InternalServerError"
    CONFLICT = "ConflictException"
    LOST_RESPONSE = "LostResponse"

    def applies_to(self, operation: str) -> bool:
        """CONFLICT hits only updateOrder and LOST_RESPONSE only createOrder; the rest any call."""
        if self is Fault.CONFLICT:
            return operation == "updateOrder"
        if self is Fault.LOST_RESPONSE:
            return operation == "createOrder"
        return True


def _rate(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{attribute.name} must be between 0 and 1, got {value!r}")


@attrs.frozen(slots=True)
class Faults:
    """Random failure rates per call, drawn from their own generator seeded with ``seed``.

    Each call draws once, whatever its operation, so a given seed fails the same calls on every
    run. Throttling and server errors reject the call before it does anything; a conflict
    rejects an updateOrder; a lost response commits a createOrder, then raises
    ``LostResponseError`` instead of answering (a createOrder that fails validation answers
    normally). The rates that apply to one operation must add up to at most 1.
    """

    throttle_rate: float = attrs.field(default=0.0, validator=_rate)
    internal_error_rate: float = attrs.field(default=0.0, validator=_rate)
    conflict_rate: float = attrs.field(default=0.0, validator=_rate)
    lost_response_rate: float = attrs.field(default=0.0, validator=_rate)
    seed: int = 0

    def __attrs_post_init__(self) -> None:
        for operation in ("createOrder", "updateOrder"):
            if sum(rate for _, rate in self.rates(operation)) > 1.0:
                raise ValueError(f"the fault rates for {operation} add up to more than 1")

    def rates(self, operation: str) -> list[tuple[Fault, float]]:
        """The faults that can hit ``operation``, with their rates, in drawing order."""
        table = [
            (Fault.THROTTLING, self.throttle_rate),
            (Fault.INTERNAL_ERROR, self.internal_error_rate),
            (Fault.CONFLICT, self.conflict_rate),
            (Fault.LOST_RESPONSE, self.lost_response_rate),
        ]
        return [(fault, rate) for fault, rate in table if fault.applies_to(operation)]


class FaultInjector:
    """Decides, call by call, which fault (if any) hits it: queued ones first, then chance."""

    def __init__(self, faults: Faults) -> None:
        self._faults = faults
        self._rng = random.Random(faults.seed)
        self._queue: deque[tuple[Fault, str | None]] = deque()

    def retune(self, faults: Faults) -> None:
        """Draw with ``faults``' rates from now on; the generator and the queue carry on."""
        self._faults = faults

    def queue(self, fault: Fault, operation: str | None) -> None:
        """Make ``fault`` hit the next call it applies to (of ``operation``, if given)."""
        if operation is not None and not fault.applies_to(operation):
            raise ValueError(f"{fault.name} cannot hit {operation}")
        self._queue.append((fault, operation))

    def draw(self, operation: str) -> Fault | None:
        """The fault for this call of ``operation``, or ``None``."""
        chance = self._rng.random()
        for index, (fault, wanted) in enumerate(self._queue):
            if fault.applies_to(operation) and wanted in (None, operation):
                del self._queue[index]
                return fault
        for fault, rate in self._faults.rates(operation):
            if chance < rate:
                return fault
            chance -= rate
        return None
