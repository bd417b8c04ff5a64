"""``Machine``: a small typed facade driving the user's own objects with ``transitions``.

Each table gets one ``transitions.Machine`` per process (``auto_transitions=False``, no model
bound, invalid triggers raise). ``Machine(table, attribute="state")`` reads and writes that
attribute on any object (an ORM row, a dataclass); the value may be an enum member or its
string, and ``None`` stands for ``NONE`` ("no request yet") in the cancellation and refund
tables. Forbidden moves raise ``TransitionNotAllowedError``; a ``transitions.MachineError`` never
escapes. A table's conditional refusals (``start`` while delivery is under way, ``cancel`` once a
package has moved) depend on the whole order, which one component object does not carry: the
facade fires the component move, so ask ``start_decision`` / ``cancel_decision`` (or the
snapshot's ``start_error`` / ``cancel_error``) first.

A fire hands the engine a tiny carrier whose ``state`` property reads and writes the user's
attribute, so ``transitions`` runs its own event processing (exit, state change, enter, after)
on the user's object. Callbacks registered with ``on_enter`` and ``after`` belong to one facade
and are dispatched from the engine's callbacks.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

from transitions import Machine as _Engine
from transitions import MachineError

from orderguard.errors.exceptions import TransitionNotAllowedError, UnknownStateError
from orderguard.statemachine._compiled import CompiledTable, compiled
from orderguard.statemachine._events import Event, NoRequest
from orderguard.statemachine._table import MachineTable, Move, S

T = TypeVar("T")

Callback = Callable[[Any, Move[S]], object]
"""A user callback: called with the user's object and the move just made."""


class _Carrier:
    """What the engine sees as its model: ``state`` reads and writes the user's attribute."""

    __slots__ = ("facade", "target")

    def __init__(self, facade: Machine[Any], target: object) -> None:
        self.facade = facade
        self.target = target

    @property
    def state(self) -> str:
        return str(self.facade.state(self.target).value)

    @state.setter
    def state(self, name: str) -> None:
        self.facade._write(self.target, name)


def _dispatch(kind: str, event_data: Any) -> None:
    """Engine callback: hand the move just made to the facade that fired it."""
    carrier: _Carrier = event_data.model
    key = (event_data.transition.source, event_data.event.name)
    carrier.facade._run(kind, carrier.target, key)


@functools.cache
def engine(table: MachineTable[Any]) -> Any:
    """The one ``transitions.Machine`` of ``table`` in this process (no model bound)."""
    states = [{"name": s.value, "final": s in table.terminal} for s in table.states]
    moves = [[m.event.value, m.source.value, m.dest.value] for m in table.moves]
    machine = _Engine(
        model=None,
        states=states,
        transitions=moves,
        initial=table.initial.value,
        auto_transitions=False,
        ignore_invalid_triggers=False,
        send_event=True,
        name=f"{table.name}: ",
        after_state_change=[functools.partial(_dispatch, "after")],
    )
    for state in machine.states.values():
        state.add_callback("enter", functools.partial(_dispatch, "enter"))
    return machine


def _lookup(table: Mapping[Any, T], key: object) -> T | None:
    """``table.get(key)``, ``None`` for a key that cannot be one (an unhashable list or dict)."""
    try:
        return table.get(key)
    except TypeError:
        return None


def _trigger(machine: Any, event: Event, carrier: _Carrier) -> None:
    """Fire ``event`` on ``carrier`` through a table's engine (an untyped ``transitions`` call)."""
    machine.events[event.value].trigger(carrier)


class Machine(Generic[S]):
    """Drive objects that carry a state attribute through one table's moves.

    >>> from types import SimpleNamespace
    >>> from orderguard.statemachine import TABLES, Event, Machine
    >>> refund = SimpleNamespace(state="PENDING")
    >>> refunds = Machine(TABLES.refund)
    >>> refunds.fire(refund, Event.SET_PARTIAL)
    <RefundState.PARTIAL: 'PARTIAL'>
    >>> refund.state, refunds.can(refund, Event.SET_PENDING)
    ('PARTIAL', False)
    """

    __slots__ = (
        "_after",
        "_by_value",
        "_compiled",
        "_engine",
        "_enter",
        "_events",
        "attribute",
        "table",
    )

    def __init__(self, table: MachineTable[S], *, attribute: str = "state") -> None:
        self.table = table
        self.attribute = attribute
        self._compiled: CompiledTable[S] = compiled(table)
        self._engine: Any = engine(table)
        self._by_value: dict[str | None, S] = {state.value: state for state in table.states}
        if NoRequest.NONE in table.states:
            self._by_value[None] = self._by_value[NoRequest.NONE]
        self._events: dict[str, Event] = {event.value: event for event in table.events}
        self._enter: dict[str, list[Callback[S]]] = {}
        self._after: dict[str, list[Callback[S]]] = {}

    def __repr__(self) -> str:
        return f"Machine({self.table.name!r}, attribute={self.attribute!r})"

    def state(self, obj: object) -> S:
        """The table state ``obj`` is in, read from its attribute."""
        value = getattr(obj, self.attribute)
        found = _lookup(self._by_value, value)  # a member, its string, or None for NONE
        if found is None and isinstance(value, enum.Enum):
            found = _lookup(self._by_value, value.value)  # the user's enum, spelled like the API
        if found is None:
            states = ", ".join(s.value for s in self.table.states)
            raise UnknownStateError(
                f"{self.table.name}: {self.attribute}={value!r} is not one of {states}"
            )
        return found

    def can(self, obj: object, event: Event | str) -> bool:
        """Whether ``event`` is allowed from the state ``obj`` is in."""
        return (self.state(obj).value, self._event(event).value) in self._compiled.moves

    def allowed_events(self, obj: object) -> tuple[Event, ...]:
        """The events allowed from the state ``obj`` is in, in table order."""
        return self._compiled.allowed[self.state(obj).value]

    def fire(self, obj: object, event: Event | str) -> S:
        """Make the move ``event`` on ``obj``, run callbacks, and return the new state.

        Raises ``TransitionNotAllowedError`` (with the API error spec when the table names one)
        if the table does not allow ``event`` from the current state; ``obj`` is left unchanged.
        """
        source, chosen = self.state(obj), self._event(event)
        try:
            _trigger(self._engine, chosen, _Carrier(self, obj))
        except MachineError:
            raise self._refusal(source, chosen) from None
        return self.state(obj)

    def on_enter(self, state: S, callback: Callback[S]) -> None:
        """Call ``callback(obj, move)`` whenever a move ends in ``state`` (self-loops included)."""
        self._enter.setdefault(self._by_value[state.value].value, []).append(callback)

    def after(self, event: Event, callback: Callback[S]) -> None:
        """Call ``callback(obj, move)`` after every move made on ``event``."""
        self._after.setdefault(self._event(event).value, []).append(callback)

    def _event(self, event: Event | str) -> Event:
        found = _lookup(self._events, event)
        if found is None:
            events = ", ".join(self._events)
            raise UnknownStateError(
                f"{self.table.name}: event {str(event)!r} is not one of {events}"
            )
        return found

    def _refusal(self, source: S, event: Event) -> TransitionNotAllowedError:
        key = (source.value, event.value)
        allowed = [e.value for e in self._compiled.allowed[source.value]]
        spec = self._compiled.refusals.get(key)
        return TransitionNotAllowedError(self.table.name, source.value, event.value, allowed, spec)

    def _write(self, obj: object, name: str) -> None:
        """Store state ``name`` as the attribute held it: a plain string, else the member."""
        plain = type(getattr(obj, self.attribute)) is str
        setattr(obj, self.attribute, name if plain else self._by_value[name])

    def _run(self, kind: str, obj: object, key: tuple[str, str]) -> None:
        """Call the callbacks of ``kind`` ("enter" or "after") for the move at ``key``."""
        move = self._compiled.moves[key]
        registry, name = (
            (self._enter, move.dest.value) if kind == "enter" else (self._after, key[1])
        )
        for callback in registry.get(name, ()):
            callback(obj, move)
