"""The exceptions of the testing kit.

Hierarchy::

    TimeoutError
    └── LostResponseError          the fake committed a call but "lost" its answer
    orderguard.errors.exceptions.TransitionNotAllowedError (RuntimeError)
    └── IllegalAmazonMoveError     an Amazon-side move the order's lifecycle forbids

Errors the Order API itself returns are not raised by ``FakeOrderApi.execute``: they come back
in the response's ``errors[]``, exactly as over the wire. The convenience methods
(``create_order`` ...) raise them as ``orderguard.errors.ApiError`` subclasses.
"""

from __future__ import annotations

from collections.abc import Sequence

from orderguard.errors.exceptions import TransitionNotAllowedError
from orderguard.fake._moves import AmazonMove


class LostResponseError(TimeoutError):
    """The call was committed on the server but its response never arrived (a timeout).

    Subclasses ``TimeoutError`` because that is what a merchant's HTTP client raises and what
    its retry code catches. Recover as the API documents: resend the same createOrder (the fake
    answers ``ConflictError``) or query the order by its alias.
    """

    def __init__(self, operation: str) -> None:
        self.operation = operation
        super().__init__(
            f"{operation}: no response (simulated timeout); the call may have been committed, "
            "so query the order by its alias before creating it again"
        )


class IllegalAmazonMoveError(TransitionNotAllowedError):
    """Amazon's side was asked for a move the order's lifecycle forbids; ``move`` says which."""

    def __init__(self, move: AmazonMove, state: str, allowed: Sequence[str]) -> None:
        self.move = move
        target = f" {move.target_id}" if move.target_id else ""
        super().__init__(f"order {move.order_id}{target}", state, move.kind.value, allowed)
