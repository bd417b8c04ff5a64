"""Tests that the README's ``pycon`` examples run and print what they show."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
EXAMPLE = re.compile(r"^```pycon\n(.*?)^```", re.MULTILINE | re.DOTALL)


def examples() -> list[str]:
    """The body of every ```pycon block, in order."""
    return EXAMPLE.findall(README.read_text(encoding="utf-8"))


def test_readme_has_an_example() -> None:
    """The README's first screen carries at least one runnable example."""
    assert examples()


@pytest.mark.parametrize("number", range(len(examples())))
def test_readme_example_runs(number: int) -> None:
    """Each README example gives exactly the output it shows."""
    text = examples()[number]
    test = doctest.DocTestParser().get_doctest(text, {}, f"README[{number}]", str(README), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.summarize(verbose=False).failed == 0, f"README example {number} failed"
