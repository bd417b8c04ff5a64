"""Which order a request names: its ID, or one of its aliases, wherever the version puts it.

2024-11-01 names the order in a separate ``orderIdentifier`` argument of updateOrder and
cancelOrder; 2024-04-01 inside ``input`` (``input.orderId``, ``input.orderIdentifier``)
(``Dialect.identifier_argument``). The ``order`` query takes ``orderIdentifier`` in both, and an
alias sits under the dialect's ``alias_identifier_key``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from orderguard.api import Dialect
from orderguard.enums import Operation

AliasPair = tuple[str, str]


@attrs.frozen(slots=True)
class OrderRef:
    """An order named by ``order_id``, or by an ``alias`` ``(aliasType, aliasId)``."""

    order_id: str | None = None
    alias: AliasPair | None = None

    def __str__(self) -> str:
        if self.order_id is not None:
            return self.order_id
        alias_type, alias_id = self.alias or ("", "")
        return f"{alias_type}:{alias_id}"

    def identifier(self, dialect: Dialect) -> dict[str, Any]:
        """The reference as the version's ``OrderIdentifierInput``."""
        if self.order_id is not None or self.alias is None:
            return {"orderId": self.order_id}
        pair = {"aliasType": self.alias[0], "aliasId": self.alias[1]}
        return {dialect.alias_identifier_key: pair}


def order_ref(
    operation: Operation, arguments: Mapping[str, Any], dialect: Dialect
) -> OrderRef | None:
    """The order a mutation's or query's arguments name; ``None`` for createOrder or none given."""
    if operation is Operation.CREATE_ORDER:
        return None
    order_input = _mapping(arguments.get("input"))
    if operation is Operation.ORDER or dialect.identifier_argument:
        return _from_identifier(arguments.get("orderIdentifier"), dialect)
    if operation is Operation.UPDATE_ORDER:
        return _from_identifier({"orderId": order_input.get("orderId")}, dialect)
    return _from_identifier(order_input.get("orderIdentifier"), dialect)


def first_alias(arguments: Mapping[str, Any]) -> AliasPair | None:
    """createOrder's first alias ``(aliasType, aliasId)`` (what its claim holds), if any."""
    aliases = _mapping(arguments.get("input")).get("aliases")
    first = _mapping(aliases[0]) if isinstance(aliases, list) and aliases else {}
    alias_type, alias_id = first.get("aliasType"), first.get("aliasId")
    if isinstance(alias_type, str) and isinstance(alias_id, str):
        return (alias_type, alias_id)
    return None


def _from_identifier(identifier: object, dialect: Dialect) -> OrderRef | None:
    """An ``OrderIdentifierInput`` (``{orderId}`` or ``{<alias key>: {aliasType, aliasId}}``)."""
    identifier = _mapping(identifier)
    order_id = identifier.get("orderId")
    if isinstance(order_id, str) and order_id:
        return OrderRef(order_id=order_id)
    alias = _mapping(identifier.get(dialect.alias_identifier_key))
    alias_type, alias_id = alias.get("aliasType"), alias.get("aliasId")
    if isinstance(alias_type, str) and isinstance(alias_id, str):
        return OrderRef(alias=(alias_type, alias_id))
    return None


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}
