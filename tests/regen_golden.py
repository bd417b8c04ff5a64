"""Rewrite the golden DOT and Mermaid files under ``tests/golden/`` from fresh drawings.

Run ``make golden`` (``python -m tests.regen_golden`` from the repository root), then review
``git diff tests/golden`` before committing: the diff is the change in the drawings.
"""

from __future__ import annotations

from tests.helpers.diagrams import GOLDEN, golden_texts


def main() -> None:
    """Write every golden file and name each one."""
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for name, text in golden_texts().items():
        path = GOLDEN / name
        path.write_text(text, encoding="utf-8")
        print(path.relative_to(GOLDEN.parent.parent))


if __name__ == "__main__":
    main()
