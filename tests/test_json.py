"""``orderguard._json``: untrusted JSON within bounds, the same values as the standard parser."""

from __future__ import annotations

import contextlib
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orderguard._json import (
    MAX_DEPTH,
    MAX_INTEGER_DIGITS,
    JsonError,
    JsonLimitError,
    loads,
    nesting_depth,
)
from tests.helpers.strategies import json_values


@given(json_values(max_leaves=30))
def test_values_within_bounds_read_as_the_standard_parser_reads_them(value: Any) -> None:
    """Text or UTF-8 bytes (with or without a byte-order mark) give json.loads's value."""
    try:
        text = json.dumps(value, allow_nan=False)
    except ValueError:  # infinite floats are not JSON; loads refuses them (below)
        return
    assert loads(text) == json.loads(text)
    assert loads(text.encode()) == loads(b"\xef\xbb\xbf" + text.encode()) == json.loads(text)


@given(json_values(max_leaves=30), st.integers(0, 4))
def test_a_value_is_too_deep_exactly_when_its_text_is(value: Any, max_depth: int) -> None:
    """The depth measured on the decoded value is the depth of the brackets in the text."""
    text = json.dumps(value, allow_nan=True).replace("Infinity", "0").replace("NaN", "0")
    depth = nesting_depth(text)
    if depth > max_depth:
        with pytest.raises(JsonLimitError, match=f"nested {depth} levels deep"):
            loads(text, max_depth)
    else:
        assert loads(text, max_depth) == json.loads(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), f"nested {MAX_DEPTH + 1} levels deep"),
        ("[" * 100_000, "nested 100000 levels deep"),
        ('{"a": ' * 200 + "1" + "}" * 200, "nested 200 levels deep"),
        ("9" * (MAX_INTEGER_DIGITS + 1), f"integer of {MAX_INTEGER_DIGITS + 1} digits"),
        ("-" + "9" * 5000, "integer of 5,000 digits"),
        ("1e999", "the number 1e999 is too large"),
        ("[NaN]", "NaN is not a JSON number"),
        ("-Infinity", "-Infinity is not a JSON number"),
    ],
)
def test_beyond_the_bounds_is_a_limit_error(text: str, expected: str) -> None:
    """Each bound is a JsonLimitError naming it, never RecursionError or ValueError."""
    with pytest.raises(JsonLimitError, match=expected):
        loads(text)


def test_brackets_inside_strings_do_not_count_as_nesting() -> None:
    """A string of a thousand brackets nests nothing."""
    assert loads(json.dumps({"id": "[{" * 1000})) == {"id": "[{" * 1000}
    assert loads("[" * MAX_DEPTH + "]" * MAX_DEPTH) is not None


@pytest.mark.parametrize(
    ("data", "expected"),
    [(b"\xff{}", r"not UTF-8 text \(byte 0xff at offset 0\)"), ("{nope", "is not JSON: Expecting")],
)
def test_not_json_is_a_json_error(data: str | bytes, expected: str) -> None:
    """Not UTF-8, not JSON: JsonError (not a limit), with a phrase to follow the input's name."""
    with pytest.raises(JsonError, match=expected) as raised:
        loads(data)
    assert not isinstance(raised.value, JsonLimitError)


@given(st.binary(max_size=200) | st.text(alphabet='[]{}"\\,:0123456789eE.-+ natrufl', max_size=200))
def test_any_input_is_a_value_or_a_json_error(data: str | bytes) -> None:
    """Whatever the input, loads returns a value or raises JsonError, nothing else."""
    with contextlib.suppress(JsonError):
        loads(data)
