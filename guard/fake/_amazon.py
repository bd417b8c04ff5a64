"""Amazon's side of the fake: which moves are legal now, and what each one does.

Package moves (reference §4.2): PENDING -> IN_TRANSIT (``ship``, only once the order is STARTED
and while no cancellation is pending); IN_TRANSIT -> DELIVERED (``deliver``); PENDING ->
CANCELLED with UNFULFILLABLE or CUSTOMER_REQUESTED, IN_TRANSIT -> CANCELLED with UNDELIVERABLE
(``cancel_package``, which also requests a refund); a PENDING package may split off another
PENDING one (``split_package``, at most four packages per order, no event). A pending
cancellation is decided SUCCESS (every PENDING package is cancelled with CUSTOMER_REQUESTED, each
with its refund) or REJECTED (no event). A DELIVERED package can be returned once:
``start_return`` (RETURN_STARTED), then ``complete_return`` (RETURN_COMPLETED and a refund).
``request_refund`` is legal at any time. A refund's first total is an estimate: the order's
Amazon-line value shared equally among its packages (or the amount asked for).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

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

MAX_PACKAGES = 4
CANCEL_REASONS: dict[str, tuple[str, ...]] = {
    "PENDING": ("UNFULFILLABLE", "CUSTOMER_REQUESTED"),
    "IN_TRANSIT": ("UNDELIVERABLE",),
}
"""For each package state, the reasons Amazon may cancel it with."""

_K = MoveKind
_ALL_REASONS = ("UNFULFILLABLE", "CUSTOMER_REQUESTED", "UNDELIVERABLE")
_DECISIONS = ("SUCCESS", "REJECTED")


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


def is_legal(order: StoredOrder, move: AmazonMove) -> bool:
    """Whether Amazon may make ``move`` on ``order`` now."""
    if move.kind is _K.REQUEST_REFUND:
        return True
    if move.kind is _K.RESOLVE_CANCELLATION:
        return any(c.id == move.target_id and c.state == "PENDING" for c in order.cancellations)
    if move.kind is _K.COMPLETE_RETURN:
        return any(r.id == move.target_id and r.state == "CREATED" for r in order.returns)
    package = _package(order, move.target_id)
    return package is not None and _package_move_ok(order, package, move)


def _package_move_ok(order: StoredOrder, package: Package, move: AmazonMove) -> bool:
    state = package.state
    if move.kind is _K.SHIP:
        held = order.execution != "STARTED" or order.pending_cancellation() is not None
        return state == "PENDING" and not held
    if move.kind is _K.DELIVER:
        return state == "IN_TRANSIT"
    if move.kind is _K.CANCEL_PACKAGE:
        return move.detail in CANCEL_REASONS.get(state, ())
    if move.kind is _K.SPLIT_PACKAGE:
        return state == "PENDING" and len(order.packages) < MAX_PACKAGES
    returned = any(item.package_id == package.id for item in order.returns)
    return move.kind is _K.START_RETURN and state == "DELIVERED" and not returned


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
    order.refunds.append(refund)
    return emitter.refund(order, refund)


def _cancel(
    store: Store, emitter: Emitter, order: StoredOrder, package: Package, reason: str
) -> list[JSON]:
    package.state, package.reason = "CANCELLED", reason
    return [emitter.package(order, package, "cancel"), _new_refund(store, emitter, order, None)]


Effect = Callable[[Store, Emitter, StoredOrder, AmazonMove], list[JSON]]


def _ship(store: Store, emitter: Emitter, order: StoredOrder, move: AmazonMove) -> list[JSON]:
    package = _the_package(order, move)
    package.state = "IN_TRANSIT"
    return [emitter.package(order, package, "ship")]


def _deliver(store: Store, emitter: Emitter, order: StoredOrder, move: AmazonMove) -> list[JSON]:
    package = _the_package(order, move)
    package.state = "DELIVERED"
    return [emitter.package(order, package, "deliver")]


def _cancel_package(
    store: Store, emitter: Emitter, order: StoredOrder, move: AmazonMove
) -> list[JSON]:
    return _cancel(store, emitter, order, _the_package(order, move), str(move.detail))


def _split(store: Store, emitter: Emitter, order: StoredOrder, move: AmazonMove) -> list[JSON]:
    order.packages.append(Package(store.new_id("PKG", 10)))
    return []


def _refund(store: Store, emitter: Emitter, order: StoredOrder, move: AmazonMove) -> list[JSON]:
    return [_new_refund(store, emitter, order, move.detail)]


def _resolve(store: Store, emitter: Emitter, order: StoredOrder, move: AmazonMove) -> list[JSON]:
    cancellation = next(c for c in order.cancellations if c.id == move.target_id)
    cancellation.state, cancellation.updated_at = str(move.detail), store.now()
    if move.detail != "SUCCESS":
        return []
    pending = [p for p in order.packages if p.state == "PENDING"]
    return [e for p in pending for e in _cancel(store, emitter, order, p, "CUSTOMER_REQUESTED")]


def _start_return(
    store: Store, emitter: Emitter, order: StoredOrder, move: AmazonMove
) -> list[JSON]:
    item = Return(store.new_id("RT", 10), str(move.target_id))
    order.returns.append(item)
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
    _K.SHIP: _ship,
    _K.DELIVER: _deliver,
    _K.CANCEL_PACKAGE: _cancel_package,
    _K.SPLIT_PACKAGE: _split,
    _K.REQUEST_REFUND: _refund,
    _K.RESOLVE_CANCELLATION: _resolve,
    _K.START_RETURN: _start_return,
    _K.COMPLETE_RETURN: _complete_return,
}
