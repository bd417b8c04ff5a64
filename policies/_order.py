"""Rules of the order-level input createOrder and updateOrder share: order links and aliases.

On updateOrder both count what the order already has (from the snapshot) plus what the request
adds (reference §3.3: aliases and links are appended, never replaced); without a snapshot only
the request is counted. Store-wide alias uniqueness needs ``Context.used_aliases``.

Decisions (reference §3.5, §5): more than five aliases on an order is ``AliasValueAlreadyExists``,
as the best-practice page says; an alias repeated in the request or already on this order is
too (the seed's updateOrder row: there is already an order with it).
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from orderguard.api.models import CreateOrderInput, UpdateOrderInput
from orderguard.enums import Operation
from orderguard.errors import Violation
from orderguard.policies._rule import CREATE_OR_UPDATE, CheckedRequest, Rule, RuleBase, RuleEntry


def _order_input(request: CheckedRequest) -> CreateOrderInput | UpdateOrderInput:
    """The ``input`` of a createOrder or updateOrder request."""
    if request.operation is Operation.CREATE_ORDER:
        return request.create
    return request.update


@attrs.frozen(slots=True, repr=False)
class _MaxOrderLinks(RuleBase):
    name = "max_order_links"
    operations = CREATE_OR_UPDATE
    limit: int

    def __call__(self, request: CheckedRequest) -> list[Violation]:
        new = len(_order_input(request).order_links or ())
        existing = len(request.snapshot.order_links) if request.snapshot else 0
        if not new or existing + new <= self.limit:
            return []
        already = f" ({existing} already on the order)" if existing else ""
        return [
            request.violation(
                "OrderLinkLimitExceeded",
                "input.orderLinks",
                f"the order would have {existing + new} order links{already}; "
                f"at most {self.limit} are allowed",
                expected=f"at most {self.limit} links",
                found=existing + new,
            )
        ]


def max_order_links(limit: int = 5) -> Rule:
    """At most ``limit`` order links on the order, counting those it already has."""
    return _MaxOrderLinks(limit)


AliasPair = tuple[str, str]
_NONE: frozenset[AliasPair] = frozenset()


@attrs.frozen(slots=True, repr=False)
class _OrderAliases(RuleBase):
    name = "order_aliases"
    operations = CREATE_OR_UPDATE
    limit: int

    def __call__(self, request: CheckedRequest) -> list[Violation]:
        pairs = [alias.pair for alias in _order_input(request).aliases or ()]
        if not pairs:
            return []
        on_order = frozenset(request.snapshot.aliases) if request.snapshot else _NONE
        in_store = request.context.used_aliases if request.context else _NONE
        requested = set(pairs)
        taken = (on_order | in_store) if on_order or in_store else _NONE
        found: list[Violation] = []
        if len(requested) < len(pairs) or not requested.isdisjoint(taken):
            found += _clashes(request, pairs, on_order, in_store)
        total = len(on_order | requested) if on_order else len(requested)
        if total > self.limit:
            found.append(
                request.violation(
                    "AliasValueAlreadyExists",
                    "input.aliases",
                    f"the order would carry {total} aliases; at most {self.limit} are allowed",
                    expected=f"at most {self.limit} aliases",
                    found=total,
                )
            )
        return found


def _clashes(
    request: CheckedRequest,
    pairs: list[AliasPair],
    on_order: frozenset[AliasPair],
    in_store: frozenset[AliasPair],
) -> Iterator[Violation]:
    """One violation per alias already taken: earlier in the request, on the order, in the store."""
    seen: set[AliasPair] = set()
    for index, pair in enumerate(pairs):
        reason = _clash(pair, seen, on_order, in_store)
        if reason:
            yield request.violation(
                "AliasValueAlreadyExists",
                f"input.aliases[{index}]",
                f"alias {pair[0]}={pair[1]} {reason}",
                expected="an alias no order in the store carries",
                found=f"{pair[0]}={pair[1]}",
            )
        seen.add(pair)


def _clash(
    pair: AliasPair,
    seen: set[AliasPair],
    on_order: frozenset[AliasPair],
    in_store: frozenset[AliasPair],
) -> str | None:
    """Why the alias ``pair`` is already taken, or ``None`` when it is free."""
    if pair in seen:
        return "appears twice in the request"
    if pair in on_order:
        return "is already on this order"
    if pair in in_store:
        return "is already used by another order of the store"
    return None


def order_aliases(limit: int = 5) -> Rule:
    """Order aliases unique in the request, the order and the store; at most ``limit`` in all."""
    return _OrderAliases(limit)


ORDER_RULES = (
    RuleEntry(max_order_links, ("OrderLinkLimitExceeded",), ("max_order_links",)),
    RuleEntry(order_aliases, ("AliasValueAlreadyExists",), ("max_order_aliases",)),
)
"""The rules createOrder and updateOrder share, in the order the checker runs them."""
