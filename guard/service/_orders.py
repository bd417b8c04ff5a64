"""What the proxy asks the order store, grouped into one blocking call per step of a request.

A store may do I/O (SQLite, PostgreSQL), so the proxy calls it off the event loop, and each
trip to a worker thread costs more than the in-memory work itself: claiming and reading the
order is one call, recording the answer and ending the claims another. Claims follow the
store's rules (DESIGN §5): one per order (createOrder: per its first alias), recorded before the
request is sent, never waited for here (the proxy answers ``ConflictException`` at once, as the
API answers a concurrent update), settled with the answer or released when nothing was sent.
Nothing here catches a store's errors; the proxy decides what a failing store means.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, MutableMapping
from typing import Any

import attrs

from orderguard.enums import ApiVersion, CancellationState
from orderguard.service._record import OrderAnswer, cause_of
from orderguard.service._refs import OrderRef
from orderguard.statemachine import OrderSnapshot
from orderguard.store import Claim, OrderStore

Claims = MutableMapping[str, Claim]
"""The claims one request holds, by subject (the order ID, or createOrder's alias)."""

LEASE_SECONDS = 60.0
"""How long a claim holds if the proxy dies with it (another worker then takes it over)."""


@attrs.frozen(slots=True)
class Held:
    """The order as read under the claim, and whether the claim replaced a lapsed one."""

    snapshot: OrderSnapshot | None
    replaced: bool = False


class OrderDesk:
    """The proxy's calls on an ``OrderStore``."""

    def __init__(self, store: OrderStore) -> None:
        self.store = store
        # Whether calls must leave the event loop: memory never waits for I/O.
        self.blocking = not store.url.startswith("memory://")

    def read(self, ref: OrderRef) -> OrderSnapshot | None:
        """The order ``ref`` names, as stored."""
        stored = (
            self.store.get(ref.order_id)
            if ref.order_id is not None
            else self.store.get_by_alias(ref.alias or ("", ""))
        )
        return stored.snapshot if stored is not None else None

    def hold_and_read(self, claims: Claims, ref: OrderRef, action: str | None, owner: str) -> Held:
        """Claim the order for ``action`` (unless ``None`` or held already), then read it.

        An order named by an alias the store does not know cannot be claimed yet. Raises
        ``ClaimHeldError`` when another request holds the order.
        """
        order_id = ref.order_id
        if order_id is None:
            found = self.read(ref)
            if found is None:
                return Held(None)
            order_id = found.id
        replaced = False
        if action is not None and order_id not in claims:
            claim = self.store.claim(order_id, action, owner=owner, lease=LEASE_SECONDS)
            claims[order_id] = claim
            replaced = claim.replaced is not None
        return Held(self.read(ref), replaced)

    def hold_alias(self, claims: Claims, alias: tuple[str, str], owner: str) -> bool:
        """Claim createOrder's alias; whether the claim replaced a lapsed one."""
        claim = self.store.claim(None, "createOrder", alias=alias, owner=owner, lease=LEASE_SECONDS)
        claims[claim.subject] = claim
        return claim.replaced is not None

    def record(self, order: Mapping[str, Any], version: ApiVersion, cause: str) -> None:
        """Merge an order the proxy queried itself (or learnt of) into the store."""
        self.store.record_response(order, api_version=version, source=cause)

    def finish(
        self, answers: Iterable[OrderAnswer], claims: Claims, version: ApiVersion
    ) -> list[str]:
        """Merge each answer, settling the claim of its order with it; release the rest.

        Returns what could not be recorded, if anything.
        """
        problems = []
        for found in answers:
            try:
                self._record(found, claims, version)
            except Exception as error:  # one bad answer must not keep the others out
                problems.append(f"{found.field.name} answer: {type(error).__name__}: {error}")
        return problems + self.release(claims, "answered")

    def release(self, claims: Claims, detail: str) -> list[str]:
        """Release every claim still held; the ones that could not be (their lease ends them)."""
        problems = []
        while claims:
            subject, claim = claims.popitem()
            try:
                self.store.release(claim, detail)
            except Exception as error:
                problems.append(f"claim on {subject}: {type(error).__name__} (lapses with lease)")
        return problems

    def _record(self, found: OrderAnswer, claims: Claims, version: ApiVersion) -> None:
        cause = cause_of(found, version)
        if found.order is not None:
            claim = _claim_of(found.order, claims)
            if claim is not None:
                self.store.settle(claim, found.order, api_version=version, detail=cause)
            else:
                self.store.record_response(found.order, api_version=version, source=cause)
            return
        if found.order_id is None or found.cancellation is None:
            return
        stored = self.store.get(found.order_id)
        if stored is not None:
            state = CancellationState(found.cancellation)
            answered = attrs.evolve(stored.snapshot, cancellation=state)
            self.store.record_response(answered, source=cause)


def _claim_of(order: Mapping[str, Any], claims: Claims) -> Claim | None:
    """The claim this request holds on the answered order, popped.

    By the order's ID; else (a new order) by one of its aliases; else the only alias claim
    there is (the answer did not select the aliases).
    """
    order_id = str(order.get("id"))
    if order_id in claims:
        return claims.pop(order_id)
    by_alias = {claim.alias: subject for subject, claim in claims.items() if claim.alias}
    listed = order.get("aliases")
    for alias in listed if isinstance(listed, list) else []:
        pair = (
            (alias.get("aliasType"), alias.get("aliasId")) if isinstance(alias, Mapping) else None
        )
        if pair in by_alias:
            return claims.pop(by_alias[pair])
    return claims.pop(next(iter(by_alias.values()))) if len(by_alias) == 1 else None
