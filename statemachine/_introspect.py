"""What a merchant may do with an order now, and why not when the API would refuse."""

from __future__ import annotations

import attrs

from orderguard.api import dialect_for
from orderguard.enums import ApiVersion, HashedStrEnum, RefundState
from orderguard.errors import ErrorSpec
from orderguard.statemachine._compiled import compiled
from orderguard.statemachine._events import Event
from orderguard.statemachine._snapshot import OrderSnapshot, RefundSnapshot
from orderguard.statemachine._tables import REFUND

_REFUND_MOVES = compiled(REFUND)


class MerchantAction(HashedStrEnum):
    """A move the merchant makes through the API."""

    START = "start fulfilment"
    CANCEL = "cancel order"
    UPDATE_REFUND = "update refund"


@attrs.frozen(slots=True)
class ActionCheck:
    """One merchant action on one order: allowed, or refused with the API error it would meet."""

    action: MerchantAction
    refusal: ErrorSpec | None = None
    refund_id: str | None = None
    target: RefundState | None = None

    @property
    def allowed(self) -> bool:
        """Whether the API would accept the action now."""
        return self.refusal is None

    def describe(self) -> str:
        """One line for people: the action and, if refused, the error and what to do."""
        name = self.action.value
        if self.refund_id is not None and self.target is not None:
            name = f"set refund {self.refund_id} to {self.target.value}"
        if self.refusal is None:
            return f"allowed: {name}"
        spec = self.refusal
        return f"refused: {name} -> {spec.error_type}/{spec.name}. {spec.suggested_action}"


def merchant_actions(
    snapshot: OrderSnapshot, api_version: ApiVersion | str = ApiVersion.V2024_11_01
) -> tuple[ActionCheck, ...]:
    """Every merchant action on ``snapshot``: start, cancel, and each refund's next states."""
    checks = [
        ActionCheck(MerchantAction.START, snapshot.start_error),
        ActionCheck(MerchantAction.CANCEL, snapshot.cancel_error),
    ]
    states = sorted(dialect_for(api_version).refund_states)
    for refund in snapshot.refunds:
        checks.extend(_refund_checks(refund, states))
    return tuple(checks)


def _refund_checks(refund: RefundSnapshot, targets: list[RefundState]) -> list[ActionCheck]:
    checks = []
    for target in targets:
        key = (refund.state.value, Event.refund_target(target).value)
        refusal = _REFUND_MOVES.refusals.get(key)
        checks.append(ActionCheck(MerchantAction.UPDATE_REFUND, refusal, refund.id, target))
    return checks
