"""``BrokenRequest`` and ``broken_requests``: one strategy per locally detectable error code.

A code is locally detectable when the guard can see it coming from the request, the order as last
seen and the merchant's context. Each strategy writes a request the API accepts, then breaks
exactly one rule, by one of several ways (see the breaker modules), so the request meets exactly
one error code, named with the JSON path the guard reports.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import attrs
from hypothesis import strategies as st

from orderguard.api import Dialect, dialect_for
from orderguard.enums import ApiVersion, Operation
from orderguard.samples import update_variables
from orderguard.statemachine import OrderSnapshot
from orderguard.testing import _st_break_orders as orders
from orderguard.testing import _st_break_refunds as refunds
from orderguard.testing import _st_break_schema as schema
from orderguard.testing._history import OrderHistory, cancel_variables
from orderguard.testing._st_break_context import CONTEXT_BREAKERS, ContextBreaker
from orderguard.testing._st_break_create import REQUEST_BREAKERS as _CREATE_BREAKERS
from orderguard.testing._st_break_create import Breaker as RequestBreaker
from orderguard.testing._st_create import create_context, create_variables
from orderguard.testing._st_lifecycle import order_histories

JSON = dict[str, Any]
Key = tuple[Operation, str]

REQUEST_BREAKERS: dict[str, tuple[RequestBreaker, ...]] = {
    **_CREATE_BREAKERS,
    "UnknownInputField": (schema.unknown_create_field,),
}
UPDATE_BREAKERS: dict[str, tuple[orders.Breaker, ...]] = {
    "AliasValueAlreadyExists": (
        orders.alias_on_order,
        orders.too_many_aliases,
        orders.alias_in_use,
    ),
    "OrderLinkLimitExceeded": (orders.too_many_links,),
    "ExecutionAlreadyStarted": (orders.already_started,),
    "ExecutionCannotBeStartedDueToCancellation": (orders.start_when_cancelled,),
    "MissingRefundId": (refunds.missing_refund_id,),
    "DuplicateRefundId": (refunds.duplicate_refund_id,),
    "InvalidRefundId": (refunds.unknown_refund_id,),
    "InvalidRefundStateTransition": (refunds.bad_refund_transition,),
    "DuplicateAliasId": (refunds.shared_refund_alias,),
    "InvalidAliasId": (refunds.taken_refund_alias,),
    "InvalidRefundRequestReasonUpdate": (refunds.reason_on_requested_refund,),
    "SchemaError": (orders.update_misfit,),
    "UnknownInputField": (schema.unknown_update_field,),
}
CANCEL_BREAKERS: dict[str, tuple[orders.Breaker, ...]] = {
    "CancellationRequiresPendingPackages": (orders.cancel_not_pending,),
    "CancellationAliasLimitExceeded": (orders.too_many_cancel_aliases,),
    "SchemaError": (orders.cancel_misfit,),
    "UnknownInputField": (schema.unknown_cancel_field,),
}
_C, _U, _X = Operation.CREATE_ORDER, Operation.UPDATE_ORDER, Operation.CANCEL_ORDER

BREAKABLE: frozenset[Key] = frozenset(
    {(_C, code) for code in (*REQUEST_BREAKERS, *CONTEXT_BREAKERS)}
    | {(_U, code) for code in UPDATE_BREAKERS}
    | {(_X, code) for code in CANCEL_BREAKERS}
)
"""Every (operation, error name) ``broken_requests`` can break a request for."""


@attrs.frozen(slots=True)
class BrokenRequest:
    """A request that breaks exactly one rule, and the error the API answers it with.

    ``variables`` are the GraphQL variables as sent; ``snapshot`` the order they are for
    (placeholder IDs; ``None`` for createOrder) and ``history`` how it got there; ``context`` the
    merchant's facts in ``Context.from_json`` form (or ``None``). ``code`` is the catalog name of
    the error (an error code, or ``SchemaError`` for a request that misfits the input schema)
    and ``path`` the JSON path the guard names.
    """

    operation: Operation
    api_version: ApiVersion
    variables: JSON
    snapshot: OrderSnapshot | None
    context: JSON | None
    code: str
    path: str
    history: OrderHistory | None = None


def _then_context(breaker: RequestBreaker) -> ContextBreaker:
    """A request breaker that also derives the context the broken request was written in."""

    def broken(draw: st.DrawFn, variables: JSON, dialect: Dialect) -> tuple[str, JSON]:
        return breaker(draw, variables, dialect), create_context(variables)

    return broken


@st.composite
def _broken_create(draw: st.DrawFn, version: ApiVersion, code: str) -> BrokenRequest:
    variables = draw(create_variables(version))
    ways = [_then_context(b) for b in REQUEST_BREAKERS.get(code, ())]
    breaker = draw(st.sampled_from([*ways, *CONTEXT_BREAKERS.get(code, ())]))
    path, context = breaker(draw, variables, dialect_for(version))
    return BrokenRequest(_C, version, variables, None, context, code, path)


@st.composite
def _broken_order(
    draw: st.DrawFn, version: ApiVersion, operation: Operation, code: str
) -> BrokenRequest:
    table = UPDATE_BREAKERS if operation is _U else CANCEL_BREAKERS
    breaker = draw(st.sampled_from(table[code]))
    history, data, context, path = breaker(draw, draw(order_histories(version)))
    build = update_variables if operation is _U else cancel_variables
    variables = build(history.order_id, data, version)
    return BrokenRequest(
        operation, version, variables, history.snapshot, context, code, path, history
    )


def _strategy(version: ApiVersion, key: Key) -> st.SearchStrategy[BrokenRequest]:
    operation, code = key
    if operation is _C:
        return _broken_create(version, code)
    return _broken_order(version, operation, code)


_EXISTS: dict[str, Callable[[Dialect], bool]] = {
    "InvalidRefundRequestReasonUpdate": lambda dialect: dialect.refund_request_reason,
    "CancellationAliasLimitExceeded": lambda dialect: dialect.max_cancellation_aliases is not None,
}
"""The codes a version may lack, and how its dialect says whether it has them."""


def breakable(api_version: ApiVersion | str) -> frozenset[Key]:
    """The (operation, error name) pairs ``api_version`` has a rule for, of ``BREAKABLE``."""
    dialect = dialect_for(api_version)
    return frozenset(key for key in BREAKABLE if key[1] not in _EXISTS or _EXISTS[key[1]](dialect))


def broken_requests(
    api_version: ApiVersion | str | None = None,
    codes: Iterable[str] | None = None,
    operations: Iterable[Operation | str] | None = None,
) -> st.SearchStrategy[BrokenRequest]:
    """Requests that break exactly one rule, for each locally detectable error code.

    ``api_version`` limits them to one version (default: both), ``codes`` to some error names and
    ``operations`` to some mutations (default: all). An unknown name raises ``ValueError``
    listing the known ones, and so does a choice no version has a rule for.
    """
    versions = [ApiVersion(api_version)] if api_version else list(ApiVersion)
    keys = sorted(BREAKABLE)
    if codes is not None:
        wanted = set(codes)
        if unknown := wanted - {code for _, code in keys}:
            known = ", ".join(sorted({code for _, code in keys}))
            raise ValueError(f"no broken requests for {sorted(unknown)}; known codes: {known}")
        keys = [key for key in keys if key[1] in wanted]
    if operations is not None:
        chosen = {Operation(op) for op in operations}
        keys = [key for key in keys if key[0] in chosen]
    pairs = [(v, key) for v in versions for key in keys if key in breakable(v)]
    if not pairs:
        raise ValueError(
            f"no rule of {', '.join(v.value for v in versions)} is broken by these codes "
            "and operations; see breakable(api_version)"
        )
    return st.sampled_from(pairs).flatmap(lambda pair: _strategy(*pair))
