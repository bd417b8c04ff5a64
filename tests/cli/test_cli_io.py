"""Unit tests of the CLI's input limits (``_input``) and safe echoes (``_output``), in-process."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orderguard._json import nesting_depth
from orderguard.cli._input import InputError, parse_json
from orderguard.cli._output import ECHO_LIMIT, shown
from tests.helpers.strategies import json_values


def depth(value: Any) -> int:
    """How deep arrays and objects nest in ``value``."""
    if isinstance(value, dict):
        return 1 + max(map(depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(depth, value), default=0)
    return 0


STRINGS = st.text(alphabet='[]{}"\\ ab', max_size=12)


@given(st.recursive(json_values(4) | STRINGS, lambda inner: st.lists(inner, max_size=3)))
def test_nesting_depth_is_the_depth_of_the_value(value: Any) -> None:
    """For any JSON value, brackets in strings included, the scan finds the true depth."""
    assert nesting_depth(json.dumps(value)) == depth(value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [('"[[[', 0), ('[[["abc\\\\', 3), ('["\\\\"]"]', 1), ("}}}[", 0), ("", 0)],
)
def test_nesting_depth_of_broken_json_never_fails(text: str, expected: int) -> None:
    """Unterminated strings count as strings to the end; stray closers never go negative."""
    assert nesting_depth(text) == expected


def test_parse_json_keeps_floats_and_refuses_constants() -> None:
    """Numbers parse as json does; NaN and Infinity are refused as not JSON numbers."""
    assert parse_json(b'{"a": 1.5, "b": -3}', "x") == {"a": 1.5, "b": -3}
    with pytest.raises(InputError, match="x is not usable JSON: Infinity is not a JSON number"):
        parse_json(b"[Infinity]", "x")


@given(st.text(max_size=2 * ECHO_LIMIT))
def test_shown_is_printable_and_bounded(value: str) -> None:
    """Whatever a value holds, its echo is printable, and short when the value is long."""
    echo = shown(value)
    assert echo.isprintable()
    if len(value) <= ECHO_LIMIT and value.isprintable():
        assert echo == value
    if len(value) > ECHO_LIMIT:
        assert "characters left out)" in echo and len(echo) < 7 * ECHO_LIMIT


def test_shown_keeps_both_ends_of_a_long_value() -> None:
    """A cut keeps the head and the tail and says how many characters it left out."""
    echo = shown("a" * 1000 + "END", 30)
    assert (
        echo.startswith("a" * 20) and echo.endswith("END") and "(973 characters left out)" in echo
    )
