"""Shared by the diagram tests: golden cases, the ``dot`` requirement, and an import blocker.

``require_dot()`` skips a test when Graphviz's ``dot`` is missing, except in CI (``CI`` set),
where ``.ci/run`` installs Graphviz and a missing ``dot`` must fail the test instead. It finds
``dot`` the way the renderer does (``$ORDERGUARD_DOT``, else ``PATH``), so
``ORDERGUARD_DOT=/nowhere make test`` runs the suite as a machine without Graphviz would.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from orderguard.diagrams import Graph, graph, to_dot, to_mermaid
from orderguard.diagrams._render import dot_program
from orderguard.errors.exceptions import GraphvizNotFoundError
from orderguard.samples import order_json
from orderguard.statemachine import OrderSnapshot

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden"


def _refund_order() -> OrderSnapshot:
    """An order with one refund pending and one paid."""
    refunds = (("r-1", "PENDING"), ("r-2", "SUCCESS"))
    return OrderSnapshot.from_json(order_json(execution="STARTED", refunds=refunds))


def golden_graphs() -> dict[str, Graph]:
    """Each golden case's name -> its drawing (small enough to review by eye)."""
    return {
        "execution": graph("execution"),
        "execution-forbidden": graph("execution", forbidden=True),
        "refund-forbidden-current": graph("refund", forbidden=True, snapshot=_refund_order()),
    }


def golden_texts() -> dict[str, str]:
    """Each golden file's name -> the text a fresh drawing gives."""
    texts = {}
    for name, drawing in golden_graphs().items():
        texts[f"{name}.dot"] = to_dot(drawing)
        texts[f"{name}.mmd"] = to_mermaid(drawing)
    return texts


def dot_or_none() -> str | None:
    """The ``dot`` the renderer would run, or ``None`` when it would find none."""
    try:
        return dot_program()
    except GraphvizNotFoundError:
        return None


def require_dot() -> str:
    """The path of Graphviz's ``dot``; skip without it, fail without it in CI."""
    found = dot_or_none()
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(
                "CI must have Graphviz's dot (.ci/run installs it); the renderer finds none"
            )
        pytest.skip("Graphviz's dot is not installed (CI would fail here)")
    return found


BLOCKER = """
import importlib, importlib.abc, runpy, sys

class Blocker(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] == "graphviz":
            raise ImportError(f"{name} is blocked")
        return None

sys.meta_path.insert(0, Blocker())
exec(sys.argv[1])
"""
"""``python -c BLOCKER CODE``: run CODE with the graphviz package unimportable."""
