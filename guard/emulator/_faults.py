"""The emulator's fault switches: seeded rates (``--faults``) and the per-request header."""

from __future__ import annotations

from orderguard.fake import Fault, Faults

FAULT_HEADER = "x-orderguard-fault"
"""Request header naming a fault for this request: throttle, internal, conflict or lost."""

FAULT_NAMES: dict[str, Fault] = {
    "throttle": Fault.THROTTLING,
    "internal": Fault.INTERNAL_ERROR,
    "conflict": Fault.CONFLICT,
    "lost": Fault.LOST_RESPONSE,
}
"""Each fault's short name, as ``--faults`` and the header spell it."""

_RATE_FIELDS = ("throttle", "internal", "conflict", "lost")


def parse_faults(spec: str | None, seed: int = 0) -> Faults:
    """``throttle=0.1,lost=0.02[,seed=7]`` as ``Faults`` (seed defaults to ``seed``).

    Raises ``ValueError`` naming the part that is not ``NAME=NUMBER`` with a known name, or a
    rate outside 0..1.
    """
    rates: dict[str, float] = {}
    for part in filter(None, (piece.strip() for piece in (spec or "").split(","))):
        name, equals, value = part.partition("=")
        name = name.strip().lower()
        if not equals or (name not in _RATE_FIELDS and name != "seed"):
            known = ", ".join([*_RATE_FIELDS, "seed"])
            raise ValueError(f"fault {part!r} is not NAME=NUMBER with NAME one of {known}")
        rates[name] = _number(name, value.strip())
    return Faults(
        throttle_rate=rates.get("throttle", 0.0),
        internal_error_rate=rates.get("internal", 0.0),
        conflict_rate=rates.get("conflict", 0.0),
        lost_response_rate=rates.get("lost", 0.0),
        seed=int(rates.get("seed", seed)),
    )


def header_fault(value: str | None) -> Fault | None:
    """The fault the header asks for (``None`` without one); ``ValueError`` for unknown names."""
    if value is None or not value.strip():
        return None
    fault = FAULT_NAMES.get(value.strip().lower())
    if fault is None:
        raise ValueError(f"unknown {FAULT_HEADER} {value!r}; use one of {', '.join(FAULT_NAMES)}")
    return fault


def _number(name: str, text: str) -> float:
    try:
        return int(text) if name == "seed" else float(text)
    except ValueError:
        raise ValueError(f"fault {name}={text!r}: expected a number") from None
