"""The ``Rule`` protocol, the ``CheckedRequest`` a rule inspects, and the built-in rules' base.

A rule is a frozen callable with a ``name`` (what configuration calls it), the ``operations`` it
applies to, and a readable repr such as ``max_order_links(5)``. Calling it with a request yields
every ``Violation`` it finds; it never raises for a bad request.

A built-in rule is registered once, as a ``RuleEntry`` in the ``..._RULES`` tuple that ends its
operation's module: the factory, the catalog names it prevents, the ``Dialect`` fields its
limits come from, and what it ``needs`` besides the request (a ``Need``): a rule that needs the
order as last seen, or the merchant's context, cannot run without it, and the ``Decision``
names it in ``skipped``.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, ClassVar, NamedTuple, Protocol, runtime_checkable

import attrs

from orderguard.api import CancelOrderVariables, CreateOrderVariables, Dialect, UpdateOrderVariables
from orderguard.api.models import CreateOrderInput, LineItem, UpdateOrderInput
from orderguard.api.schema import Variables
from orderguard.enums import ApiVersion, Operation
from orderguard.errors import CATALOG, Violation
from orderguard.policies._context import Context
from orderguard.statemachine import OrderSnapshot
from orderguard.statemachine.records import RefundSnapshot


class LineView(NamedTuple):
    """One createOrder line with the facts rules ask about it, worked out once per request."""

    position: int
    item: LineItem
    amazon: bool
    """Whether Amazon fulfils the line (``AMAZON``, or ``BUY_WITH_PRIME`` before 2024-11-01)."""
    prime: bool
    """Whether the line asks for Prime delivery by Amazon."""

    @property
    def path(self) -> str:
        """The line's JSON path, e.g. ``input.lineItems[3]``."""
        return f"input.lineItems[{self.position}]"


_new_view = tuple.__new__
"""Builds a ``LineView`` without the Python frame of its ``__new__`` (once per line per check)."""


def _line_views(items: list[LineItem], opt_out: bool) -> tuple[LineView, ...]:
    """One view per line; ``opt_out``: the version lets an Amazon line decline Prime."""
    views = []
    for position, line in enumerate(items):
        offer = line.selected_delivery_offer
        if opt_out:
            prime = offer.is_prime
            amazon = prime or offer.is_amazon  # a Prime line is an Amazon line
        else:
            amazon = prime = offer.is_amazon
        views.append(_new_view(LineView, (position, line, amazon, prime)))
    return tuple(views)


@attrs.frozen(slots=True)
class CheckedRequest:
    """A parsed request and all that is known beside it: the order, the context and the time."""

    operation: Operation
    dialect: Dialect
    variables: Variables
    now: datetime
    snapshot: OrderSnapshot | None = None
    context: Context | None = None
    # Kept by ``lines`` (a plain slot: attrs' cached_property costs an AttributeError first).
    _lines: tuple[LineView, ...] | None = attrs.field(
        init=False, default=None, repr=False, eq=False
    )

    @property
    def api_version(self) -> ApiVersion:
        """The API version the request is written for."""
        return self.dialect.version

    @property
    def create(self) -> CreateOrderInput:
        """The ``input`` of a createOrder request (``TypeError`` for other operations)."""
        if isinstance(self.variables, CreateOrderVariables):
            return self.variables.input
        raise TypeError(f"{self.operation.value} is not createOrder")

    @property
    def lines(self) -> tuple[LineView, ...]:
        """The createOrder lines with their Amazon and Prime flags (``TypeError`` otherwise).

        Without ``deliveryTerms`` in the version (before 2024-11-01) every line Amazon fulfils
        is a Prime line: there is no way to ask Amazon for anything else. Worked out on first
        use and kept (most createOrder rules read it).
        """
        lines = self._lines
        if lines is None:
            lines = _line_views(self.create.line_items, self.dialect.delivery_terms)
            object.__setattr__(self, "_lines", lines)
        return lines

    @functools.cached_property
    def known_refunds(self) -> dict[str, RefundSnapshot] | None:
        """The order's refunds by BwP refund ID; ``None`` when the order was not given."""
        if self.snapshot is None:
            return None
        return {refund.id: refund for refund in self.snapshot.refunds}

    @property
    def update(self) -> UpdateOrderInput:
        """The ``input`` of an updateOrder request (``TypeError`` for other operations)."""
        if isinstance(self.variables, UpdateOrderVariables):
            return self.variables.input
        raise TypeError(f"{self.operation.value} is not updateOrder")

    @property
    def cancel(self) -> CancelOrderVariables:
        """The variables of a cancelOrder request (``TypeError`` for other operations)."""
        if isinstance(self.variables, CancelOrderVariables):
            return self.variables
        raise TypeError(f"{self.operation.value} is not cancelOrder")

    def violation(
        self,
        name: str,
        path: str,
        message: str,
        expected: object = None,
        found: object = None,
    ) -> Violation:
        """A violation of the catalog entry ``name`` of this request's operation."""
        return Violation(
            CATALOG.get_spec(self.operation, name),
            path,
            message,
            None if expected is None else str(expected),
            None if found is None else str(found),
        )


class Need(enum.StrEnum):
    """What a rule needs besides the request to run at all (``RuleEntry.needs``)."""

    SNAPSHOT = "snapshot"
    """The order as last seen (``orderguard check --order``)."""
    CONTEXT = "context"
    """The merchant's facts, a ``Context`` (``orderguard check --context``)."""


@runtime_checkable
class Rule(Protocol):
    """A policy: yields every violation it finds in a request; never raises for a bad one.

    ``name`` is what ``disabled=`` and ``warnings=`` refer to; ``operations`` says which
    mutations it inspects. Any frozen callable with these two attributes is a rule, so a
    merchant's own checks plug in beside the built-in ones. A rule may also carry ``needs``, a
    frozenset of ``Need``: without what it needs it cannot run, and the decision lists it in
    ``skipped`` (the built-in rules declare theirs in their ``RuleEntry``).
    """

    @property
    def name(self) -> str:
        """The rule's name in configuration, e.g. ``max_order_links``."""
        ...

    @property
    def operations(self) -> frozenset[Operation]:
        """The operations the rule inspects."""
        ...

    def __call__(self, request: CheckedRequest, /) -> Iterable[Violation]:
        """Every violation of the rule in ``request``."""
        ...


class RuleBase:
    """Base of the built-in rules: the repr reads like the factory call that made the rule."""

    __slots__ = ()
    __attrs_attrs__: ClassVar[tuple[attrs.Attribute[Any], ...]]
    name: ClassVar[str]
    operations: ClassVar[frozenset[Operation]]

    def __repr__(self) -> str:
        args = ", ".join(repr(getattr(self, field.name)) for field in attrs.fields(type(self)))
        return f"{self.name}({args})"


def _operations(operations: Iterable[Operation | str]) -> frozenset[Operation]:
    return frozenset(Operation(op) for op in operations)


def _needs(needs: Iterable[Need | str]) -> frozenset[Need]:
    return frozenset(Need(need) for need in needs)


@attrs.frozen(slots=True, repr=False)
class FunctionRule:
    """A rule made from a function: ``FunctionRule("no_po_boxes", {CREATE_ORDER}, check)``.

    ``check(request)`` yields the violations; the repr reads ``no_po_boxes()``. ``needs``
    names what it cannot run without (see ``Need``).
    """

    name: str
    operations: frozenset[Operation] = attrs.field(converter=_operations)
    check: Callable[[CheckedRequest], Iterable[Violation]]
    needs: frozenset[Need] = attrs.field(default=frozenset(), converter=_needs, kw_only=True)

    def __call__(self, request: CheckedRequest) -> Iterable[Violation]:
        """The violations ``check`` finds in ``request``."""
        return self.check(request)

    def __repr__(self) -> str:
        return f"{self.name}()"


_DIALECT_FIELDS = frozenset(attrs.fields_dict(Dialect))


def _dialect_fields(_: object, __: object, limits: tuple[str, ...]) -> None:
    """A limit names a field of ``Dialect``: a misspelt one fails at import, not at a check."""
    unknown = sorted(set(limits) - _DIALECT_FIELDS)
    if unknown:
        raise ValueError(
            f"{unknown} are not fields of Dialect; use some of {sorted(_DIALECT_FIELDS)}"
        )


@attrs.frozen(slots=True, repr=False)
class RuleEntry:
    """One built-in rule in its module's registry: how to make it and what it prevents.

    ``make(dialect)`` calls ``factory`` with the dialect's value of each field named in
    ``limits``, in order: ``RuleEntry(max_order_links, ("OrderLinkLimitExceeded",),
    ("max_order_links",))`` makes ``max_order_links(5)``. ``prevents`` names the catalog entries
    the rule reports, on each of the rule's operations. ``needs`` says what the rule cannot run
    without (``RuleEntry(execution_start, (...), needs=NEEDS_SNAPSHOT)``).
    """

    factory: Callable[..., Rule]
    prevents: tuple[str, ...]
    limits: tuple[str, ...] = attrs.field(default=(), validator=_dialect_fields)
    needs: frozenset[Need] = attrs.field(default=frozenset(), converter=_needs, kw_only=True)

    def make(self, dialect: Dialect) -> Rule:
        """The rule with ``dialect``'s limits."""
        return self.factory(*(getattr(dialect, field) for field in self.limits))

    @property
    def name(self) -> str:
        """The name of the rule it makes: its factory's (``max_order_links``)."""
        return self.factory.__name__

    def __repr__(self) -> str:
        limits = ", ".join(f"dialect.{field}" for field in self.limits)
        return f"RuleEntry({self.factory.__name__}({limits}) -> {', '.join(self.prevents)})"


CREATE = frozenset({Operation.CREATE_ORDER})
UPDATE = frozenset({Operation.UPDATE_ORDER})
CANCEL = frozenset({Operation.CANCEL_ORDER})
CREATE_OR_UPDATE = CREATE | UPDATE
NEEDS_SNAPSHOT = frozenset({Need.SNAPSHOT})
"""``RuleEntry.needs`` of a rule that cannot run without the order as last seen."""
NEEDS_CONTEXT = frozenset({Need.CONTEXT})
"""``RuleEntry.needs`` of a rule that cannot run without the merchant's context."""
