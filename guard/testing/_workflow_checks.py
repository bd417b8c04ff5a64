"""Definition-time checks of ``OrderWorkflowMachine`` subclasses, and their error.

Like hypothesis' own ``InvalidDefinition`` errors, each message says what to do instead.
"""

from __future__ import annotations

from hypothesis.errors import InvalidDefinition
from hypothesis.stateful import RuleBasedStateMachine

from orderguard.api import dialect_for
from orderguard.errors import OrderGuardError
from orderguard.errors.exceptions import UnsupportedVersionError

_BUILT_IN_RULES = ("amazon_acts", "amazon_requests_refund")
_BUILT_IN_INVARIANTS = (
    "guard_approved_every_call",
    "one_order_per_alias",
    "never_started_too_late",
    "errors_are_in_the_catalog",
)


class WorkflowDefinitionError(OrderGuardError, InvalidDefinition):
    """An ``OrderWorkflowMachine`` subclass that would test nothing, or less than it seems.

    The message says what to do instead. Subclasses hypothesis' ``InvalidDefinition``, which
    hypothesis raises for a malformed state machine.
    """


def check_definition(cls: type[RuleBasedStateMachine]) -> None:
    """Refuse subclasses that would silently drop a built-in check or use an unknown version."""
    if "teardown" in vars(cls):
        raise WorkflowDefinitionError(
            f"{cls.__name__}.teardown() would skip the end-of-run refund check; finish "
            "outstanding work in settle() instead (it runs at teardown, with faults off)"
        )
    try:
        dialect_for(str(getattr(cls, "api_version", "")))
    except UnsupportedVersionError as error:
        raise WorkflowDefinitionError(f"{cls.__name__}.api_version: {error}") from None
    state = cls.setup_state()
    kept = {item.function.__name__ for item in state.invariants}
    kept |= {item.function.__name__ for item in state.rules}
    for name in (*_BUILT_IN_INVARIANTS, *_BUILT_IN_RULES):
        if name in vars(cls) and name not in kept:
            kind = "@invariant()" if name in _BUILT_IN_INVARIANTS else "@rule(...)"
            raise WorkflowDefinitionError(
                f"{cls.__name__}.{name} overrides a built-in check of OrderWorkflowMachine "
                f"without {kind}, so it would silently stop running; decorate it with {kind} "
                f"and call super().{name}(...), or give your method another name"
            )


def check_own_rules(cls: type[RuleBasedStateMachine], base: type[RuleBasedStateMachine]) -> None:
    """A workflow machine drives a workflow (a rule of its own) and can answer refunds."""
    state = cls.setup_state()
    own = [
        r for r in (*state.rules, *state.initializers) if r.function.__name__ not in _BUILT_IN_RULES
    ]
    if not own:
        raise WorkflowDefinitionError(
            f"{cls.__name__} defines no rules of its own, so only Amazon would act; add "
            "@rule() methods that run your workflow through self.send(...)"
        )
    if all(getattr(cls, hook) is getattr(base, hook) for hook in ("on_event", "settle")):
        raise WorkflowDefinitionError(
            f"{cls.__name__} overrides neither on_event() nor settle(), so the refunds Amazon "
            "requests (a cancelled package always brings one) are never answered and every run "
            "fails at teardown; answer REFUND_REQUESTED events in on_event(), and what is left "
            "in settle()"
        )
