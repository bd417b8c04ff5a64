"""The order a request names, held against the order given to judge it.

An updateOrder or cancelOrder judged against another order's snapshot would be judged wrongly
(its refunds, packages and aliases are someone else's), so the checker refuses the pair before
any rule runs. The request names its order by ID or by alias; a snapshot that carries aliases
must carry that alias (one without any, e.g. built from an order query that selected none, cannot
tell, and passes).
"""

from __future__ import annotations

from orderguard.api import CancelOrderVariables, Dialect, UpdateOrderVariables
from orderguard.api.models import OrderIdentifier
from orderguard.api.schema import Variables
from orderguard.enums import Operation
from orderguard.errors.exceptions import OrderMismatchError
from orderguard.statemachine import OrderSnapshot


def named_order(variables: Variables, dialect: Dialect) -> tuple[str, OrderIdentifier | str | None]:
    """(path, identifier) of the order an update or cancel names, where the version puts it.

    ``orderIdentifier`` outside ``input`` on a version with that argument
    (``Dialect.identifier_argument``) or when sent there; inside ``input`` before.
    """
    if isinstance(variables, UpdateOrderVariables):
        if dialect.identifier_argument or variables.order_identifier is not None:
            return "orderIdentifier", variables.order_identifier
        return "input.orderId", variables.input.order_id
    if isinstance(variables, CancelOrderVariables):
        if dialect.identifier_argument or variables.order_identifier is not None:
            return "orderIdentifier", variables.order_identifier
        inner = variables.input.order_identifier if variables.input else None
        return "input.orderIdentifier", inner
    return "", None


def check_addressed(
    operation: Operation, variables: Variables, dialect: Dialect, snapshot: OrderSnapshot
) -> None:
    """``OrderMismatchError`` when ``snapshot`` is not the order ``variables`` name."""
    path, named = named_order(variables, dialect)
    if isinstance(named, OrderIdentifier) and named.order_id is not None:
        path, named = f"{path}.orderId", named.order_id
    if isinstance(named, str):
        if snapshot.id and named != snapshot.id:
            raise OrderMismatchError(operation, path, named, snapshot.id)
        return
    alias = named.alias_given if named is not None else None
    if alias is not None and snapshot.aliases and alias.pair not in snapshot.aliases:
        where = f"{path}.{'alias' if named and named.alias else 'orderAlias'}"
        raise OrderMismatchError(operation, where, "/".join(alias.pair), snapshot.id)
