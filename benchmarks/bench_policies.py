"""Pre-flight rows: createOrder (maximal and typical) and updateOrder, against bare pydantic.

The floor is ``model_validate`` of a bare pydantic model of the same payload (the models of
``benchmarks/pydantic_cli.py``: the wire names, the same nesting and types, no orderguard), so
the ratio is what the guard costs over parsing the request at all. Each round walks a pool of
distinct copies of the payload, so nothing keyed on the input object can be reused.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel

from benchmarks import pydantic_cli
from benchmarks._harness import Budget, Probe, Row, calls_per_round, paired_row, pool_probe
from orderguard import Context, Guard, OrderSnapshot, samples
from orderguard.api import parse_variables
from orderguard.enums import Operation

TOPIC = "policies"
FLOOR = "bare pydantic model_validate, same payload"
POOL = 32
"""Distinct copies of each payload a round cycles through."""

LWA_TOKEN = "Atza|IwEBI" + "Qx7vR2mKp9" * 40
"""A Login with Amazon access token of a realistic length (410 characters)."""


def maximal_create() -> dict[str, Any]:
    """createOrder variables at every limit: 20 lines, 5 links, 5 aliases, identity, phone."""
    variables = samples.create_variables(lines=20, links=5, aliases=5)
    order = variables["input"]
    order["customer"]["contact"]["phoneNumber"] = "+1 206-555-0142"
    order["shopperIdentity"] = {"lwaAccessToken": {"value": LWA_TOKEN}}
    return variables


class _Money(BaseModel):
    amount: Decimal
    currencyCode: str


class _RefundTotal(BaseModel):
    totalAmount: _Money


class _RefundDetails(BaseModel):
    id: str | None = None
    refundTotal: _RefundTotal
    state: Literal["PENDING", "PARTIAL", "SUCCESS", "REJECTED"] | None = None
    aliases: list[pydantic_cli.Alias] | None = None


class _Refunds(BaseModel):
    details: list[_RefundDetails] = []


class _UpdateInput(BaseModel):
    refunds: _Refunds | None = None
    desiredExecutionState: Literal["NOT_STARTED", "STARTED"] | None = None


class _OrderIdentifier(BaseModel):
    orderId: str


class BareUpdateVariables(BaseModel):
    """The bare pydantic floor of updateOrder variables."""

    orderIdentifier: _OrderIdentifier
    input: _UpdateInput


def _pooled(
    payload: dict[str, Any],
    floor: Callable[[Any], object],
    subject: Callable[[Any], object],
    budget: Budget,
) -> tuple[Probe, Probe]:
    """Probes of ``floor`` and ``subject`` over the same pool of copies of ``payload``."""
    pool = [copy.deepcopy(payload) for _ in range(POOL)]
    calls = calls_per_round(lambda: subject(pool[0]), budget)
    return pool_probe(floor, pool, calls), pool_probe(subject, pool, calls)


def _create_rows(guard: Guard, budget: Budget) -> list[Row]:
    bare = pydantic_cli.CreateOrderVariables.model_validate
    maximal, typical = maximal_create(), samples.create_variables(lines=2)
    facts = Context.from_json(samples.context_json(maximal))
    for variables in (maximal, typical):
        _require(guard.check_create(variables, facts).allowed, "a createOrder that passes")
    cases = (
        (
            "pre-flight of a maximal createOrder (20 lines, 5 links, 5 aliases, identity, phone)",
            maximal,
            guard.check_create,
            1.15,
        ),
        (
            "same, with a full context (preview, stock, token, addresses)",
            maximal,
            lambda v: guard.check_create(v, facts),
            None,
        ),
        (
            "orderguard.api.parse_variables alone, maximal createOrder",
            maximal,
            lambda v: parse_variables(Operation.CREATE_ORDER, v),
            None,
        ),
        ("pre-flight of a typical createOrder (2 lines)", typical, guard.check_create, 1.5),
    )
    rows = []
    for what, payload, subject, target in cases:
        probes = _pooled(payload, bare, subject, budget)
        rows.append(
            paired_row(TOPIC, what, FLOOR, probes, unit="us", rounds=budget.rounds, target=target)
        )
    return rows


def _update_rows(guard: Guard, budget: Budget) -> list[Row]:
    refunds = tuple((f"r-{i}", "PENDING") for i in range(20))
    order = OrderSnapshot.from_json(samples.order_json("322-B", refunds=refunds))
    details = [samples.refund_update(rid, "PARTIAL", alias=f"pay-{rid}") for rid, _ in refunds]
    variables = samples.update_variables("322-B", {"refunds": {"details": details}})
    _require(guard.check_update(variables, order).allowed, "an updateOrder that passes")
    probes = _pooled(
        variables,
        BareUpdateVariables.model_validate,
        lambda v: guard.check_update(v, order),
        budget,
    )
    what = "pre-flight of an updateOrder with 20 refunds (order known)"
    return [paired_row(TOPIC, what, FLOOR, probes, unit="us", rounds=budget.rounds)]


def _require(condition: bool, what: str) -> None:
    """Stop the run when a benchmark's payload no longer means what its row says."""
    if not condition:
        raise SystemExit(f"benchmark payload is no longer {what}; fix benchmarks/bench_policies")


def rows(budget: Budget) -> list[Row]:
    """Every pre-flight row."""
    guard = Guard()
    return [*_create_rows(guard, budget), *_update_rows(guard, budget)]
