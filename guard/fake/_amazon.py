"""Amazon's side of the fake: which moves are legal now, and what each one does.

Legality and effects are read from ``orderguard.statemachine``: a package or cancellation move
is legal when its component table has the move from the object's state and every coupling gate
for its event holds of the order (``amazon_may``: packages ship only once the order is STARTED;
no package moves while a cancellation is PENDING; a cancellation succeeds only while no package
is under way); after it, the couplings' consequences follow (a successful cancellation cancels
every PENDING package with CUSTOMER_REQUESTED; every cancelled package gets a refund). The
package table says which reasons fit which state (UNFULFILLABLE or CUSTOMER_REQUESTED while
PENDING, UNDELIVERABLE in transit).

The fake's own moves, which no table has: a PENDING package may split off another PENDING one
(``split_package``, at most four packages per order, no event); a DELIVERED package can be
returned once: ``start_return`` (RETURN_STARTED), then ``complete_return`` (RETURN_COMPLETED and
a refund). ``request_refund`` is legal at any time. A refund's first total is an estimate: the
order's Amazon-line value shared equally among its packages (or the amount asked for).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from orderguard.enums import CancellationState, PackageCancelReason, PackageState
from orderguard.errors.exceptions import TableDefinitionError
from orderguard.fake._errors import IllegalAmazonMoveError
from orderguard.fake._events import Emitter
from orderguard.fake._model import (
    Cancellation,
    Package,
    Refund,
    Return,
    Store,
    StoredOrder,
    roll_up,
)
from orderguard.fake._moves import AmazonMove, MoveKind
from orderguard.fake._reader import JSON
from orderguard.statemachine import TABLES, Actor, Event
from orderguard.statemachine._couplings import amazon_may, consequences_of

MAX_PACKAGES = 4
"""How many packages an order may split into (the fake's choice; the API documents none)."""

_K = MoveKind
_ALL_REASONS = tuple(reason.value for reason in PackageCancelReason)
_DECISIONS = tuple(m.dest.value for m in TABLES.cancellation.moves if m.actor is Actor.AMAZON)


def candidates(order: StoredOrder) -> list[AmazonMove]:
    """Every move worth considering on ``order``, legal or not, in a stable order."""
    moves = []
    for p in order.packages:
        moves += [AmazonMove(kind, order.id, p.id) for kind in (_K.SHIP, _K.DELIVER)]
        moves += [AmazonMove(_K.CANCEL_PACKAGE, order.id, p.id, r) for r in _ALL_REASONS]
        moves += [AmazonMove(kind, order.id, p.id) for kind in (_K.SPLIT_PACKAGE, _K.START_RETURN)]
    for c in order.cancellations:
        moves += [AmazonMove(_K.RESOLVE_CANCELLATION, order.id, c.id, d) for d in _DECISIONS]
    moves += [AmazonMove(_K.COMPLETE_RETURN, order.id, item.id) for item in order.returns]
    return moves


def may_split(state: str, packages: int) -> bool:
    """Whether a package in ``state`` of an order with ``packages`` packages may split."""
    return state == PackageState.PENDING and packages < MAX_PACKAGES


def is_legal(order: StoredOrder, move: AmazonMove) -> bool:
    """Whether Amazon may make ``move`` on ``order`` now."""
    if move.kind is _K.REQUEST_REFUND:
        return True
    if move.kind is _K.RESOLVE_CANCELLATION:
        cancellation = next((c for c in order.cancellations if c.id == move.target_id), None)
        return cancellation is not None and _table_allows(order, move, cancellation.state)
    if move.kind is _K.COMPLETE_RETURN:
        return any(r.id == move.target_id and r.state == "CREATED" for r in order.returns)
    package = _package(order, move.target_id)
    return package is not None and _package_move_ok(order, package, move)


def _table_allows(order: StoredOrder, move: AmazonMove, state: str) -> bool:
    """The move's table has it from ``state`` and the couplings let Amazon make it now."""
    event = move.event
    if event is None:
        return False
    if move.kind is _K.RESOLVE_CANCELLATION:
        exists = TABLES.cancellation.move(CancellationState(state), event) is not None
    else:
        exists = TABLES.package.move(PackageState(state), event) is not None
    return exists and amazon_may(event, order.view())


def _package_move_ok(order: StoredOrder, package: Package, move: AmazonMove) -> bool:
    if move.kind is _K.SPLIT_PACKAGE:
        return may_split(package.state, len(order.packages))
    if move.kind is _K.START_RETURN:
        returned = any(item.package_id == package.id for item in order.returns)
        return package.state == PackageState.DELIVERED and not returned
    return _table_allows(order, move, package.state)


def legal_moves(store: Store) -> list[AmazonMove]:
    """Every legal move on every order of the store, orders in creation order."""
    return [m for order in store.orders.values() for m in candidates(order) if is_legal(order, m)]


def pick(
    store: Store, kind: MoveKind, order_id: str, target_id: str | None, detail: str | None
) -> AmazonMove:
    """The move asked for, filling in the first legal target or detail left as ``None``."""
    order = store.get(order_id)
    for move in candidates(order):
        fits = target_id in (None, move.target_id) and detail in (None, move.detail)
        if move.kind is kind and fits and is_legal(order, move):
            return move
    move = AmazonMove(kind, order_id, target_id, detail)
    raise IllegalAmazonMoveError(move, _state_of(order, target_id), _allowed(order, target_id))


def apply(store: Store, emitter: Emitter, move: AmazonMove) -> list[JSON]:
    """Make ``move`` (``IllegalAmazonMoveError`` if it is not legal now); return its events."""
    order = store.get(move.order_id)
    if not is_legal(order, move):
        raise IllegalAmazonMoveError(
            move, _state_of(order, move.target_id), _allowed(order, move.target_id)
        )
    events = _EFFECTS[move.kind](store, emitter, order, move)
    order.updated_at = store.now()
    return events


def _package(order: StoredOrder, package_id: str | None) -> Package | None:
    return next((p for p in order.packages if p.id == package_id), None)


def _state_of(order: StoredOrder, target_id: str | None) -> str:
    """The state of the package, cancellation or return ``target_id`` (else the order's)."""
    items: list[Package | Cancellation | Return] = [
        *order.packages,
        *order.cancellations,
        *order.returns,
    ]
    for item in items:
        if item.id == target_id:
            return item.state
    summary = roll_up([p.state for p in order.packages])
    return f"order {order.execution}, packages {summary or 'none'}"


def _allowed(order: StoredOrder, target_id: str | None) -> list[str]:
    moves = [m for m in candidates(order) if is_legal(order, m)]
    return sorted({m.kind.value for m in moves if target_id in (None, m.target_id)})


def _new_refund(store: Store, emitter: Emitter, order: StoredOrder, amount: str | None) -> JSON:
    total, currency = order.amazon_total()
    share = total / max(len(order.packages), 1)
    refund = Refund(
        store.new_id("RF", 10), amount or str(share.quantize(Decimal("0.01"))), currency
    )
    order.refunds += (refund,)
    return emitter.refund(order, refund)


_EMITTED = {Event.SHIP: "ship", Event.DELIVER: "deliver"}
"""The fake emitter's name for the event of a package move (cancellations are ``cancel``)."""


def _move_package(
    store: Store, emitter: Emitter, order: StoredOrder, package: Package, event: Event
) -> list[JSON]:
    """Move ``package`` on the package table's ``event``; its event, then its consequences."""
    move = TABLES.package.move(PackageState(package.state), event)
    if move is None:  # legality was checked, and consequences start from their table states
        raise TableDefinitionError(f"the package table has no {event} from {package.state}")
    reason = event.cancel_reason
    package.state, package.reason = move.dest.value, reason.value if reason else None
    events = [emitter.package(order, package, _EMITTED.get(event, "cancel"))]
    for consequence in consequences_of(event):
        if consequence.machine == TABLES.refund.name:
            events.append(_new_refund(store, emitter, order, None))
    return events


Effect = Callable[[Store, Emitter, StoredOrder, AmazonMove], list[JSON]]


def _package_event(
    store: Store, emitter: Emitter, order: StoredOrder, move: AmazonMove
) -> list[JSON]:
    event = move.event
    if event is None:
        raise IllegalAmazonMoveError(move, _state_of(order, move.target_id), [])
    return _move_package(store, emitter, order, _the_package(order, move), event)


def _split(store: Store, emitter: Emitter, order: StoredOrder, move: AmazonMove) -> list[JSON]:
    order.packages += (Package(store.new_id("PKG", 10)),)
    return []


def _refund(store: Store, emitter: Emitter, order: StoredOrder, move: AmazonMove) -> list[JSON]:
    return [_new_refund(store, emitter, order, move.detail)]


def _resolve(store: Store, emitter: Emitter, order: StoredOrder, move: AmazonMove) -> list[JSON]:
    """Decide the cancellation, then make its consequences (on success, cancel the packages)."""
    cancellation = next(c for c in order.cancellations if c.id == move.target_id)
    cancellation.state, cancellation.updated_at = str(move.detail), store.now()
    events: list[JSON] = []
    for consequence in consequences_of(move.event) if move.event else ():
        if consequence.machine != TABLES.package.name:
            continue
        for package in [p for p in order.packages if p.state in consequence.each]:
            events += _move_package(store, emitter, order, package, consequence.then)
    return events


def _start_return(
    store: Store, emitter: Emitter, order: StoredOrder, move: AmazonMove
) -> list[JSON]:
    item = Return(store.new_id("RT", 10), str(move.target_id))
    order.returns += (item,)
    return [emitter.return_(order, item, "RETURN_STARTED")]


def _complete_return(
    store: Store, emitter: Emitter, order: StoredOrder, move: AmazonMove
) -> list[JSON]:
    item = next(r for r in order.returns if r.id == move.target_id)
    item.state = "COMPLETED"
    completed = emitter.return_(order, item, "RETURN_COMPLETED")
    return [completed, _new_refund(store, emitter, order, None)]


def _the_package(order: StoredOrder, move: AmazonMove) -> Package:
    return next(p for p in order.packages if p.id == move.target_id)


_EFFECTS: dict[MoveKind, Effect] = {
    _K.SHIP: _package_event,
    _K.DELIVER: _package_event,
    _K.CANCEL_PACKAGE: _package_event,
    _K.SPLIT_PACKAGE: _split,
    _K.REQUEST_REFUND: _refund,
    _K.RESOLVE_CANCELLATION: _resolve,
    _K.START_RETURN: _start_return,
    _K.COMPLETE_RETURN: _complete_return,
}
