"""orderguard.testing: a kit to property-test merchant workflows on ``orderguard.fake``.

The pytest plugin provides the ``fake_order_api`` and ``order_guard`` fixtures and the
hypothesis profiles.

With the ``[testing]`` extra (hypothesis): ``OrderWorkflowMachine``, a state machine a merchant
subclasses to property-test a workflow against the fake behind a guard, and
``orderguard.testing.strategies``. Importing this package must not import hypothesis (the plugin
loads it in every pytest run): those two are imported lazily, on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from orderguard.testing._exchange import Exchange

if TYPE_CHECKING:
    from orderguard.testing._workflow import OrderWorkflowMachine
    from orderguard.testing._workflow_checks import WorkflowDefinitionError

__all__ = [
    "Exchange",
    "OrderWorkflowMachine",
    "WorkflowDefinitionError",
]

_LAZY = {
    "OrderWorkflowMachine": "orderguard.testing._workflow",
    "WorkflowDefinitionError": "orderguard.testing._workflow_checks",
}
"""Names that need hypothesis, and the modules they are loaded from on first use."""


def __getattr__(name: str) -> Any:
    """Load the hypothesis-based names on first use, with a hint when hypothesis is missing."""
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    try:
        importlib.import_module("orderguard.testing._workflow")
    except ImportError as missing:
        raise ImportError(
            f"orderguard.testing.{name} needs hypothesis: pip install 'orderguard[testing]'"
        ) from missing
    module = importlib.import_module(_LAZY[name])
    return getattr(module, name)


for _name in sorted(set(__all__) - _LAZY.keys()):
    globals()[_name].__module__ = __name__
del _name
