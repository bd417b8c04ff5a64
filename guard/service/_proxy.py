"""``GraphQLProxy``: judge every mutation of a GraphQL request, then refuse it or send it on.

For each createOrder, updateOrder and cancelOrder field of the operation that runs: read the
order it names (``_lookup``: the store, else the upstream) and run the guard with the
request's context. Any refused field refuses the whole request, in the API's error layout;
nothing is sent and nothing is written. Otherwise, in enforce mode, each field claims what it
is about to send in the store (its order; createOrder: its first alias; a claim held by
another request answers ``ConflictException``) and is judged again if the order moved in the
meantime. Then the body goes to the upstream with the client's headers, its answer is merged
into the store (settling the claims) and returned as it came. Report mode claims nothing,
sends everything and logs what enforce mode would have refused. Every judged field writes one
line to the decision log.

When the upstream's answer is lost, the client's answer is cut off too; the proxy then queries
each claimed order (by alias for createOrder) so the store knows what happened, and releases
its claims; if that query fails, the claims stay until their lease lapses.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence

import attrs

from orderguard.enums import Operation
from orderguard.errors import PayloadError
from orderguard.errors.exceptions import UnsupportedVersionError
from orderguard.policies import Context, Decision
from orderguard.service import _answers
from orderguard.service._config import Mode, ServiceConfig
from orderguard.service._decision_log import DecisionLog
from orderguard.service._exchange import Exchange
from orderguard.service._graphql import RootField, parse_request
from orderguard.service._judge import Guards
from orderguard.service._lookup import OrderLookup, OrderUnreadableError
from orderguard.service._metrics import Metrics
from orderguard.service._orders import OrderDesk
from orderguard.service._record import answers_in
from orderguard.service._refs import OrderRef, first_alias, order_ref
from orderguard.service._reply import Reply
from orderguard.service._upstream import (
    AnswerLostError,
    Upstream,
    UpstreamUnreachableError,
    forwarded_headers,
)
from orderguard.statemachine import OrderSnapshot
from orderguard.store import ClaimHeldError, OrderStore


@attrs.frozen(slots=True)
class Verdict:
    """One judged mutation field: what it is, the order it names, the decision, the order read."""

    field: RootField
    ref: OrderRef | None
    decision: Decision
    snapshot: OrderSnapshot | None = None


class GraphQLProxy:
    """The guarding proxy's request flow (see the module docstring)."""

    def __init__(
        self,
        config: ServiceConfig,
        store: OrderStore,
        upstream: Upstream,
        log: DecisionLog,
        metrics: Metrics,
    ) -> None:
        self._config, self._upstream = config, upstream
        self._log, self._metrics = log, metrics
        self._desk = OrderDesk(store)
        self._lookup = OrderLookup(config, self._desk, upstream)
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
                await self._release(exchange, "not sent")

    async def _judge_and_send(self, exchange: Exchange) -> Reply:
        mutations = exchange.request.mutations()
        enforce = self._config.mode is Mode.ENFORCE
        try:
            verdicts = [await self._judge(exchange, op, field) for op, field in mutations]
        except OrderUnreadableError as error:
            return self._unavailable(mutations, error)
        if enforce and self._allowed(verdicts):
            claimed = await self._claim_all(exchange, verdicts)
            if isinstance(claimed, Reply):
                return claimed
            verdicts = claimed
        if enforce and not self._allowed(verdicts):
            refused = [v for v in verdicts if not v.decision.allowed]
            for verdict in verdicts:
                self._decided(exchange, verdict, "refused" if verdict in refused else "withheld")
            return Reply.json(200, _answers.refusal([(v.field, v.decision) for v in refused]))
        return await self._send(exchange, verdicts)

    async def _claim_all(
        self, exchange: Exchange, verdicts: list[Verdict]
    ) -> list[Verdict] | Reply:
        """Each verdict under its claim, or the answer when a claim is held or unreadable."""
        mutations = exchange.request.mutations()
        claimed = []
        for verdict in verdicts:
            try:
                claimed.append(await self._claimed(exchange, verdict))
            except ClaimHeldError as busy:
                self._undecided(mutations, "busy")
                return Reply.json(200, _answers.busy(verdict.field, busy))
            except OrderUnreadableError as error:
                return self._unavailable(mutations, error)
        return claimed

    def _unavailable(
        self, mutations: Sequence[tuple[Operation, RootField]], error: OrderUnreadableError
    ) -> Reply:
        self._undecided(mutations, "unavailable")
        return Reply.json(503, _answers.server_error(f"{error}; nothing was sent"))

    async def _judge(self, exchange: Exchange, operation: Operation, field: RootField) -> Verdict:
        """Read the order ``field`` names (no claim yet) and run the guard on its arguments."""
        ref = order_ref(operation, field.arguments, exchange.guard.dialect)
        snapshot = None if ref is None else await self._lookup.order(exchange, ref)
        return self._verdict(exchange, operation, field, ref, snapshot)

    async def _claimed(self, exchange: Exchange, verdict: Verdict) -> Verdict:
        """Claim what is about to be sent; judge again if the order moved meanwhile.

        Only requests that will be sent take claims: a refusal writes nothing to the store.
        """
        field, operation = verdict.field, verdict.decision.operation
        if verdict.ref is None:
            alias = first_alias(field.arguments)
            if alias is not None:
                await self._lookup.hold_alias(exchange, alias)
            return verdict
        snapshot = await self._lookup.claimed(
            exchange, verdict.ref, operation.value, verdict.snapshot
        )
        if snapshot == verdict.snapshot:
            return verdict
        return self._verdict(exchange, operation, field, verdict.ref, snapshot)

    def _verdict(
        self,
        exchange: Exchange,
        operation: Operation,
        field: RootField,
        ref: OrderRef | None,
        snapshot: OrderSnapshot | None,
    ) -> Verdict:
        if snapshot is not None:
            exchange.order_ids[field.key] = snapshot.id
        decision = exchange.guard.check(operation, field.arguments, snapshot, exchange.context)
        return Verdict(field, ref, decision, snapshot)

    @staticmethod
    def _allowed(verdicts: Sequence[Verdict]) -> bool:
        return all(verdict.decision.allowed for verdict in verdicts)

    async def _send(self, exchange: Exchange, verdicts: Sequence[Verdict]) -> Reply:
        """Forward the request; log each verdict with what became of it; record the answer."""
        headers = forwarded_headers(exchange.headers)
        try:
            answer = await self._upstream.send(exchange.request.body, headers)
        except UpstreamUnreachableError as error:
            self._decided_all(exchange, verdicts, "unreachable")
            message = f"orderguard could not reach the Order API ({error}); nothing was sent"
            return Reply.json(502, _answers.server_error(message))
        except AnswerLostError:
            self._decided_all(exchange, verdicts, "lost")
            await self._after_lost(exchange)
            raise
        for verdict in verdicts:
            outcome = "forwarded" if verdict.decision.allowed else "reported"
            self._decided(exchange, verdict, outcome)
        await self._finish(exchange, answer.json())
        return Reply(answer.status, answer.body, answer.headers)

    async def _finish(self, exchange: Exchange, document: object) -> None:
        """Merge what the answer returned, settling the claims; failures are logged only."""
        answers = list(answers_in(exchange.request, document, exchange.order_ids))
        version = exchange.guard.api_version
        try:
            problems = await self._lookup.call(self._desk.finish, answers, exchange.claims, version)
        except Exception as error:
            problems = [f"the order store failed ({type(error).__name__})"]
        self._problems(problems)

    async def _after_lost(self, exchange: Exchange) -> None:
        """Learn from the upstream what became of each claimed order, then release its claim."""
        for subject, claim in list(exchange.claims.items()):
            ref = OrderRef(claim.order_id) if claim.order_id else OrderRef(alias=claim.alias)
            try:
                await self._lookup.refresh(exchange, ref)
            except OrderUnreadableError:
                exchange.claims.pop(subject)  # unknown outcome: the claim lapses with its lease
        await self._release(exchange, "answer lost; the order was queried again")

    async def _release(self, exchange: Exchange, detail: str) -> None:
        """Release the claims still held."""
        try:
            problems = await self._lookup.call(self._desk.release, exchange.claims, detail)
        except Exception as error:
            problems = [f"the order store failed ({type(error).__name__})"]
        self._problems(problems)

    def _problems(self, problems: Sequence[str]) -> None:
        for problem in problems:
            self._metrics.count("orderguard_store_failures_total")
            print(f"orderguard proxy: not recorded: {problem}", file=sys.stderr, flush=True)

    def _decided_all(self, exchange: Exchange, verdicts: Sequence[Verdict], outcome: str) -> None:
        for verdict in verdicts:
            self._decided(exchange, verdict, outcome)

    def _decided(self, exchange: Exchange, verdict: Verdict, outcome: str) -> None:
        decision = verdict.decision
        self._metrics.count(
            "orderguard_decisions_total", operation=decision.operation.value, outcome=outcome
        )
        named = exchange.order_ids.get(verdict.field.key)
        order = named or (str(verdict.ref) if verdict.ref else None)
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
