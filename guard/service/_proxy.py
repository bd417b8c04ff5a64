"""``GraphQLProxy``: judge every mutation of a GraphQL request, then refuse it or send it on.

For each createOrder, updateOrder and cancelOrder field of the operation that runs, in enforce
mode: claim the order it names (another request holding it answers ``ConflictException``),
read the order from the source (when the source does not hold it, query the upstream as the
client does, and record the answer), and run the guard with the request's context. Any refused
field refuses the whole request, in the API's error layout, and nothing is sent. Otherwise the
body goes to the upstream with the client's headers, its answer is recorded in the source and
returned as it came, and the claims are released. Report mode claims nothing, sends
everything and logs what enforce mode would have refused. Every judged field writes one line to
the decision log.

When the order cannot be read (the source fails, or the upstream's order query does), the
mutation is refused with ``InternalServerError`` (HTTP 503) unless ``on_store_error`` is
``open``: then it is judged without the order.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import anyio.to_thread
import attrs

from orderguard._guard import Guard
from orderguard.enums import Operation
from orderguard.errors import PayloadError, UnsupportedVersionError
from orderguard.policies import Context, Decision
from orderguard.service import _answers
from orderguard.service._config import Mode, OnStoreError, ServiceConfig
from orderguard.service._decision_log import DecisionLog
from orderguard.service._graphql import GraphQLRequest, RootField, parse_request
from orderguard.service._judge import Guards
from orderguard.service._metrics import Metrics
from orderguard.service._orders import OrderDesk
from orderguard.service._record import answers_in
from orderguard.service._refs import OrderRef, order_ref
from orderguard.service._reply import Reply
from orderguard.service._source import Claim, OrderBusyError, OrderSource
from orderguard.service._upstream import (
    AnswerLostError,
    OrderQueryError,
    Upstream,
    UpstreamUnreachableError,
    forwarded_headers,
)
from orderguard.statemachine import OrderSnapshot

T = TypeVar("T")


class OrderUnreadableError(Exception):
    """The order a mutation names could not be read: the source or the order query failed."""


@attrs.frozen(slots=True)
class Verdict:
    """One judged mutation field: what it is, the order it names, and the guard's decision."""

    field: RootField
    ref: OrderRef | None
    decision: Decision


@attrs.define
class Exchange:
    """One request going through the proxy: its id, headers, guard and the claims it holds."""

    request_id: str
    headers: Mapping[str, str]
    request: GraphQLRequest
    guard: Guard
    context: Context | None = None
    claims: dict[str, Claim] = attrs.field(factory=dict)
    order_ids: dict[str, str] = attrs.field(factory=dict)


class GraphQLProxy:
    """The guarding proxy's request flow (see the module docstring)."""

    def __init__(
        self,
        config: ServiceConfig,
        source: OrderSource,
        upstream: Upstream,
        log: DecisionLog,
        metrics: Metrics,
    ) -> None:
        self._config, self._upstream = config, upstream
        self._log, self._metrics = log, metrics
        self._desk = OrderDesk(source)
        self._guards = Guards()

    async def handle(self, body: bytes, headers: Mapping[str, str], request_id: str) -> Reply:
        """Answer one ``POST /graphql``; raises ``AnswerLostError`` when the answer never came."""
        try:
            request = parse_request(body)
            guard = self._guards(headers.get("x-api-version") or self._config.api_version)
            context = None if request.context is None else Context.from_json(request.context)
        except PayloadError as error:
            return Reply.json(400, _answers.bad_request(error))
        except UnsupportedVersionError as error:
            return Reply.json(400, _answers.request_error(f"x-api-version: {error}"))
        exchange = Exchange(request_id, headers, request, guard, context)
        try:
            return await self._judge_and_send(exchange)
        finally:
            if exchange.claims:
                await self._release(exchange)

    async def _judge_and_send(self, exchange: Exchange) -> Reply:
        mutations = exchange.request.mutations()
        enforce = self._config.mode is Mode.ENFORCE
        verdicts = []
        for operation, field in mutations:
            try:
                verdicts.append(await self._judge(exchange, operation, field, enforce))
            except OrderBusyError as busy:
                self._undecided(mutations, "busy")
                return Reply.json(200, _answers.busy(field, busy))
            except OrderUnreadableError as error:
                self._undecided(mutations, "unavailable")
                return Reply.json(503, _answers.server_error(f"{error}; nothing was sent"))
        refused = [v for v in verdicts if not v.decision.allowed]
        if refused and enforce:
            for verdict in verdicts:
                self._decided(exchange, verdict, "refused" if verdict in refused else "withheld")
            return Reply.json(200, _answers.refusal([(v.field, v.decision) for v in refused]))
        return await self._send(exchange, verdicts)

    async def _judge(
        self, exchange: Exchange, operation: Operation, field: RootField, claim: bool
    ) -> Verdict:
        """Claim and read the order ``field`` names, then run the guard on its arguments."""
        guard = exchange.guard
        ref = order_ref(operation, field.arguments, guard.dialect)
        snapshot = None
        if ref is not None:
            snapshot = await self._order(exchange, ref, operation.value if claim else None)
            if snapshot is not None:
                exchange.order_ids[field.key] = snapshot.id
        decision = guard.check(operation, field.arguments, snapshot, exchange.context)
        return Verdict(field, ref, decision)

    async def _order(
        self, exchange: Exchange, ref: OrderRef, action: str | None
    ) -> OrderSnapshot | None:
        """The order, claimed for ``action``: from the source, else queried from the upstream."""
        held = await self._held(exchange, ref, action)
        if held is not None:
            return held
        try:
            order = await self._upstream.order(ref, exchange.guard, exchange.headers)
        except OrderQueryError as error:
            self._unreadable(ref, f"the order query failed ({error})")
            return None
        if order is None:
            return None
        version = exchange.guard.api_version
        try:
            found = await self._call(self._desk.record_query, order, version, ref)
        except PayloadError as error:
            self._unreadable(ref, f"the upstream's order is not one ({error})")
            return None
        except Exception as error:
            self._unreadable(ref, f"the order store failed ({type(error).__name__})")
            return None
        if found is not None and action is not None and found.id not in exchange.claims:
            return await self._held(exchange, OrderRef(found.id), action)  # named by alias
        return found

    async def _held(
        self, exchange: Exchange, ref: OrderRef, action: str | None
    ) -> OrderSnapshot | None:
        """Claim (for ``action``) and read in one trip; ``OrderBusyError`` if another holds it."""
        holder = f"{self._config.owner}/{exchange.request_id}"
        try:
            return await self._call(self._desk.hold_and_read, exchange.claims, ref, action, holder)
        except OrderBusyError:
            raise
        except Exception as error:
            self._unreadable(ref, f"the order store failed ({type(error).__name__})")
            return None

    def _unreadable(self, ref: OrderRef, reason: str) -> None:
        """Fail closed (raise), or judge without the order: when open, or in report mode."""
        print(f"orderguard proxy: order {ref}: {reason}", file=sys.stderr, flush=True)
        closed = self._config.on_store_error is OnStoreError.CLOSED
        if closed and self._config.mode is Mode.ENFORCE:
            raise OrderUnreadableError(f"orderguard could not read order {ref}: {reason}")

    async def _send(self, exchange: Exchange, verdicts: Sequence[Verdict]) -> Reply:
        """Forward the request; log each verdict with what became of it; record the answer."""
        headers = forwarded_headers(exchange.headers)
        try:
            answer = await self._upstream.send(exchange.request.body, headers)
        except UpstreamUnreachableError as error:
            for verdict in verdicts:
                self._decided(exchange, verdict, "unreachable")
            message = f"orderguard could not reach the Order API ({error}); nothing was sent"
            return Reply.json(502, _answers.server_error(message))
        except AnswerLostError:
            for verdict in verdicts:
                self._decided(exchange, verdict, "lost")
            raise
        for verdict in verdicts:
            self._decided(
                exchange, verdict, "forwarded" if verdict.decision.allowed else "reported"
            )
        await self._finish(exchange, answer.json())
        return Reply(answer.status, answer.body, answer.headers)

    async def _finish(self, exchange: Exchange, document: object) -> None:
        """Record what the answer returned and release the claims; failures are logged only."""
        answers = list(answers_in(exchange.request, document, exchange.order_ids))
        version = exchange.guard.api_version
        try:
            problems = await self._call(self._desk.finish, answers, exchange.claims, version)
        except Exception as error:
            problems = [f"the order store failed ({type(error).__name__})"]
        self._problems(problems)

    async def _release(self, exchange: Exchange) -> None:
        """Release the claims of a request that was not sent."""
        try:
            problems = await self._call(self._desk.release, exchange.claims)
        except Exception as error:
            problems = [f"the order store failed ({type(error).__name__})"]
        self._problems(problems)

    def _problems(self, problems: Sequence[str]) -> None:
        for problem in problems:
            self._metrics.count("orderguard_store_failures_total")
            print(f"orderguard proxy: not recorded: {problem}", file=sys.stderr, flush=True)

    def _decided(self, exchange: Exchange, verdict: Verdict, outcome: str) -> None:
        decision = verdict.decision
        self._metrics.count(
            "orderguard_decisions_total", operation=decision.operation.value, outcome=outcome
        )
        order = exchange.order_ids.get(verdict.field.key) or (
            str(verdict.ref) if verdict.ref else None
        )
        self._log.write(
            request_id=exchange.request_id,
            field=verdict.field.key,
            order=order,
            decision=decision,
            mode=self._config.mode.value,
            outcome=outcome,
        )

    def _undecided(self, mutations: Sequence[tuple[Operation, RootField]], outcome: str) -> None:
        """Count the mutations of a request answered before all were judged (busy, unreadable)."""
        for operation, _ in mutations:
            self._metrics.count(
                "orderguard_decisions_total", operation=operation.value, outcome=outcome
            )

    async def _call(self, function: Callable[..., T], *args: Any) -> T:
        """Run a source call off the event loop (in place when the source never blocks)."""
        if not self._desk.blocking:
            return function(*args)
        return await anyio.to_thread.run_sync(function, *args)
