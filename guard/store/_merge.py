"""Merging an API answer into the stored snapshot without ever moving a state backwards.

A response (the ``order`` query, a mutation's answer) can be older than what the store already
knows: an event may have arrived after the API answered. So each state of the answer is taken
only when the component machine's table can reach it from the stored state (in any number of
moves); otherwise the stored state is kept. Packages and refunds the answer does not list are
kept (an answer never deletes what an event announced), new ones are added; aliases and order
links are united. The reachability relation is derived from ``TABLES``, not written here.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any, Protocol, TypeVar

from orderguard.statemachine import TABLES, MachineTable, OrderSnapshot
from orderguard.statemachine.records import PackageSnapshot, RefundSnapshot


class _Keyed(Protocol):
    @property
    def id(self) -> str: ...


K = TypeVar("K", bound=_Keyed)
T = TypeVar("T")


@functools.cache
def _reach(table: MachineTable[Any]) -> dict[str, frozenset[str]]:
    """For each state of ``table``, the states one or more moves can lead to."""
    step: dict[str, set[str]] = {state.value: set() for state in table.states}
    for move in table.moves:
        step[move.source.value].add(move.dest.value)
    reach: dict[str, frozenset[str]] = {}
    for state in step:
        seen: set[str] = set()
        frontier = list(step[state])
        while frontier:
            nxt = frontier.pop()
            if nxt not in seen:
                seen.add(nxt)
                frontier.extend(step[nxt])
        reach[state] = frozenset(seen)
    return reach


def reachable(table: MachineTable[Any], stored: str, fresh: str) -> bool:
    """Whether ``fresh`` is ``stored`` or lies ahead of it in ``table``."""
    return fresh == stored or fresh in _reach(table).get(stored, frozenset())


def _later(table: MachineTable[Any], stored: T, fresh: T) -> T:
    """``fresh`` when the table reaches it from ``stored`` (``None``: nothing known yet)."""
    if fresh is None or stored == fresh:
        return stored
    if stored is None:
        return fresh
    return fresh if reachable(table, str(stored), str(fresh)) else stored


def merge(stored: OrderSnapshot, fresh: OrderSnapshot) -> OrderSnapshot:
    """``stored`` advanced by what ``fresh`` (an answer about the same order) knows."""
    if fresh.id != stored.id:
        raise ValueError(f"cannot merge order {fresh.id} into order {stored.id}")
    return OrderSnapshot(
        id=stored.id,
        execution=_later(TABLES.execution, stored.execution, fresh.execution),
        packages=_by_id(stored.packages, fresh.packages, _package),
        cancellation=_later(TABLES.cancellation, stored.cancellation, fresh.cancellation),
        refunds=_by_id(stored.refunds, fresh.refunds, _refund),
        aliases=_union(stored.aliases, fresh.aliases),
        order_links=_union(stored.order_links, fresh.order_links),
        reported_summary=_later(TABLES.package, stored.reported_summary, fresh.reported_summary),
        returns=_by_id(stored.returns, fresh.returns, lambda kept, _: kept),
    )


def _package(stored: PackageSnapshot, fresh: PackageSnapshot) -> PackageSnapshot:
    state = _later(TABLES.package, stored.state, fresh.state)
    if state == stored.state:
        return stored if fresh.reason is None or state != fresh.state else fresh
    return fresh


def _refund(stored: RefundSnapshot, fresh: RefundSnapshot) -> RefundSnapshot:
    state = _later(TABLES.refund, stored.state, fresh.state)
    return RefundSnapshot(
        id=stored.id,
        state=state,
        aliases=_union(stored.aliases, fresh.aliases),
        external=stored.external or fresh.external,
    )


def _by_id(stored: tuple[K, ...], fresh: tuple[K, ...], pick: Callable[[K, K], K]) -> tuple[K, ...]:
    """Stored items (each merged with the answer's of the same ID), then the answer's new ones."""
    answered = {item.id: item for item in fresh}
    merged = [pick(item, answered.pop(item.id)) if item.id in answered else item for item in stored]
    return (*merged, *answered.values())


def _union(stored: tuple[T, ...], fresh: Iterable[T]) -> tuple[T, ...]:
    return tuple(dict.fromkeys((*stored, *fresh)))
