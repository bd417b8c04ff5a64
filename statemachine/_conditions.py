"""Conditions on a whole order: the vocabulary the couplings between machines are written in.

A condition is a small frozen callable over an ``OrderView`` (execution, each package's state,
the cancellation request) with a readable repr, like an attrs validator or a python-statemachine
``cond=`` guard; conditions compose with ``&``, ``|`` and ``~`` and are drawn in the diagrams by
their repr::

    >>> from orderguard.enums import CancellationState, ExecutionState, PackageState
    >>> held = execution_in(ExecutionState.STARTED) & ~cancellation_in(CancellationState.PENDING)
    >>> held
    execution_in(STARTED) and not cancellation_in(PENDING)
    >>> held(OrderView(ExecutionState.STARTED, (PackageState.PENDING,)))
    True

The view's two roll-ups are the order-level states the API reports or implies:
``delivery_summary`` (``PackageInformationSummary.state``, reference §4.2) and
``cancellation_summary`` (which of several cancellation requests counts; see its docstring).
"""

from __future__ import annotations

import abc
from collections.abc import Iterable

import attrs

from orderguard.enums import CancellationState, ExecutionState, PackageState
from orderguard.statemachine._events import NoRequest

_P = PackageState

CANCELLATION_PRECEDENCE: tuple[CancellationState, ...] = (
    CancellationState.SUCCESS,
    CancellationState.PENDING,
    CancellationState.REJECTED,
)
"""Which request counts when an order lists several: the first of these states any request has.

GAP (the API lists an order's requests without saying which one is current): a request that
succeeded decides the order whatever came after it; otherwise a live ``PENDING`` request does
(a retry after a ``REJECTED`` one files a new request); ``REJECTED`` only when nothing else is
left. The guard's snapshots and the fake's orders both read the order's cancellation this way.
"""


def delivery_summary(packages: Iterable[PackageState]) -> PackageState | None:
    """The order's delivery state rolled up from its packages' states.

    ``PENDING`` if any package is pending; else ``IN_TRANSIT`` if any is in transit; else
    (all finished) ``DELIVERED`` if any was delivered; else ``CANCELLED`` (all cancelled).
    ``None`` when there is no package to roll up.
    """
    present = frozenset(packages)
    if not present:
        return None
    if _P.PENDING in present:
        return _P.PENDING
    if _P.IN_TRANSIT in present:
        return _P.IN_TRANSIT
    return _P.DELIVERED if _P.DELIVERED in present else _P.CANCELLED


def cancellation_summary(requests: Iterable[CancellationState]) -> CancellationState | None:
    """The state of the cancellation request that counts (``CANCELLATION_PRECEDENCE``)."""
    present = frozenset(requests)
    return next((state for state in CANCELLATION_PRECEDENCE if state in present), None)


def _request(value: CancellationState | NoRequest | None) -> CancellationState | NoRequest:
    return NoRequest.NONE if value is None else value


@attrs.frozen(slots=True)
class OrderView:
    """What the couplings read of an order: execution, each package's state, the cancellation.

    ``execution`` is ``None`` where the reader does not know it (the cancel decision does not
    need it); ``cancellation`` is ``NONE`` (``None`` is accepted) when no request exists.
    """

    execution: ExecutionState | None = None
    packages: tuple[PackageState, ...] = ()
    cancellation: CancellationState | NoRequest = attrs.field(
        default=NoRequest.NONE, converter=_request
    )

    @property
    def delivery(self) -> PackageState | None:
        """The rolled-up delivery state (``None`` when no package is known)."""
        return delivery_summary(self.packages)


class Condition(abc.ABC):
    """A yes/no question about an order; ``&``, ``|`` and ``~`` build bigger ones."""

    __slots__ = ()

    @abc.abstractmethod
    def __call__(self, view: OrderView) -> bool:
        """Whether the condition holds of ``view``."""

    def __and__(self, other: Condition) -> Condition:
        return _All((*_flat(self, _All), *_flat(other, _All)))

    def __or__(self, other: Condition) -> Condition:
        return _Any((*_flat(self, _Any), *_flat(other, _Any)))

    def __invert__(self) -> Condition:
        return _Not(self)


def _flat(condition: Condition, kind: type[_All | _Any]) -> tuple[Condition, ...]:
    """The parts of ``condition`` if it is already a ``kind``, so ``a & b & c`` is one ``and``."""
    return condition.parts if isinstance(condition, kind) else (condition,)


def _names(states: tuple[object, ...]) -> str:
    return ", ".join(str(state) for state in states)


@attrs.frozen(slots=True, repr=False)
class _PartIn(Condition):
    """One of the view's order-level states is one of ``states``."""

    part: str
    states: tuple[object, ...]

    def __call__(self, view: OrderView) -> bool:
        return getattr(view, self.part) in self.states

    def __repr__(self) -> str:
        return f"{self.part}_in({_names(self.states)})"


@attrs.frozen(slots=True, repr=False)
class _Packages(Condition):
    """Every package (``every``) or some package is in one of ``states``."""

    every: bool
    states: tuple[PackageState, ...]

    def __call__(self, view: OrderView) -> bool:
        found = (state in self.states for state in view.packages)
        return all(found) if self.every else any(found)

    def __repr__(self) -> str:
        return f"{'every' if self.every else 'any'}_package_in({_names(self.states)})"


@attrs.frozen(slots=True, repr=False)
class _Not(Condition):
    inner: Condition

    def __call__(self, view: OrderView) -> bool:
        return not self.inner(view)

    def __repr__(self) -> str:
        return f"not {_operand(self.inner)}"


@attrs.frozen(slots=True, repr=False)
class _All(Condition):
    parts: tuple[Condition, ...]

    def __call__(self, view: OrderView) -> bool:
        return all(part(view) for part in self.parts)

    def __repr__(self) -> str:
        return " and ".join(_operand(part) for part in self.parts)


@attrs.frozen(slots=True, repr=False)
class _Any(Condition):
    parts: tuple[Condition, ...]

    def __call__(self, view: OrderView) -> bool:
        return any(part(view) for part in self.parts)

    def __repr__(self) -> str:
        return " or ".join(_operand(part) for part in self.parts)


def _operand(condition: Condition) -> str:
    """``condition``'s repr, in parentheses when it is itself an ``and`` or an ``or``."""
    text = repr(condition)
    return f"({text})" if isinstance(condition, _All | _Any) else text


def execution_in(*states: ExecutionState) -> Condition:
    """The order's execution state is one of ``states``."""
    return _PartIn("execution", states)


def delivery_in(*states: PackageState) -> Condition:
    """The rolled-up delivery state is one of ``states`` (never, while no package is known)."""
    return _PartIn("delivery", states)


def cancellation_in(*states: CancellationState | NoRequest) -> Condition:
    """The cancellation request that counts is in one of ``states`` (``NONE``: no request)."""
    return _PartIn("cancellation", states)


def every_package_in(*states: PackageState) -> Condition:
    """Every package is in one of ``states`` (true of an order with no package known)."""
    return _Packages(True, states)


def any_package_in(*states: PackageState) -> Condition:
    """Some package is in one of ``states``."""
    return _Packages(False, states)
