"""Untrusted JSON read within bounds: every reader of outside JSON text decodes through here.

The standard parser recurses once per nesting level (``RecursionError`` about 1,000 levels
down), converts integers of any length (a ``ValueError`` past 4,300 digits, and quadratic time
before that) and reads ``NaN``, ``Infinity`` and ``1e999`` as floats no JSON document holds.
:func:`loads` turns each into a :class:`JsonLimitError` that says which. Numbers are bounded
as the parser meets them. Nesting is measured on the decoded value, level by level and only
when the text holds enough brackets to be too deep; when the parser fails (a ``RecursionError``
included) it is measured on the text, so that too deep is what the error says. The bounds are
generous: the API's inputs and answers and orderguard's events nest under 10 levels.

Messages are phrases to put after the input's name: ``f"{name} {error}"`` reads
"request.json is nested 1000 levels deep; at most 64 are allowed".
"""

from __future__ import annotations

import itertools
import json
import math
import re
from typing import Any

MAX_DEPTH = 64
"""How deep arrays and objects may nest."""

MAX_INTEGER_DIGITS = 100
"""The most digits an integer may have (a money amount or a count needs under 20)."""

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*(?:"|\\?\Z)', re.DOTALL)
"""A JSON string, or an unterminated one running to the end of the text."""
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


class JsonError(ValueError):
    """Text that is not JSON; the message says why, as a phrase following the input's name."""


class JsonLimitError(JsonError):
    """JSON beyond the bounds: nested too deep, an integer too long, a number no double holds."""


def loads(data: str | bytes, max_depth: int = MAX_DEPTH) -> Any:
    """``data`` (text, or UTF-8 bytes with or without a byte-order mark) decoded as JSON.

    Raises ``JsonLimitError`` past ``max_depth`` levels of nesting, for an integer of more than
    ``MAX_INTEGER_DIGITS`` digits and for ``NaN``, ``Infinity`` or a float that overflows;
    ``JsonError`` for anything else that is not JSON.
    """
    text = _text(data)
    try:
        value = json.loads(text, parse_int=_integer, parse_float=_float, parse_constant=_constant)
    except (RecursionError, ValueError) as error:
        _refuse_nesting(text, max_depth)  # told first, whatever else the text gets wrong
        if isinstance(error, json.JSONDecodeError):
            raise JsonError(f"is not JSON: {error}") from None
        raise
    if text.count("[") + text.count("{") > max_depth:  # only then can it be too deep
        _refuse_depth(_value_depth(value), max_depth)
    return value


def nesting_depth(text: str) -> int:
    """How deep arrays and objects nest in JSON ``text`` (brackets inside strings ignored).

    Linear in the text: an unterminated string runs to the end, stray closers count down (the
    parser stops at the first one anyway).
    """
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    return max(itertools.accumulate(map(_STEP.__getitem__, brackets), initial=0))


def _refuse_nesting(text: str, max_depth: int) -> None:
    """``JsonLimitError`` when ``text`` nests deeper than ``max_depth`` (read from the text)."""
    if text.count("[") + text.count("{") > max_depth:
        _refuse_depth(nesting_depth(text), max_depth)


def _refuse_depth(depth: int, max_depth: int) -> None:
    if depth > max_depth:
        raise JsonLimitError(f"is nested {depth} levels deep; at most {max_depth} are allowed")


def _value_depth(value: Any) -> int:
    """How deep arrays and objects nest in a decoded value, level by level (no recursion)."""
    depth, level = 0, [value] if type(value) in (dict, list) else []
    while level:
        depth += 1
        inner = []
        for item in level:
            for child in item.values() if type(item) is dict else item:
                if type(child) is dict or type(child) is list:
                    inner.append(child)
        level = inner
    return depth


def _text(data: str | bytes) -> str:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise JsonError(
            f"is not JSON: it is not UTF-8 text (byte {data[error.start]:#04x} at offset "
            f"{error.start})"
        ) from None


def _integer(digits: str) -> int:
    length = len(digits.lstrip("-"))
    if length > MAX_INTEGER_DIGITS:
        raise JsonLimitError(
            f"is not usable JSON: an integer of {length:,} digits; at most "
            f"{MAX_INTEGER_DIGITS} are allowed"
        )
    return int(digits)


def _float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise JsonLimitError(f"is not usable JSON: the number {text[:40]} is too large")
    return number


def _constant(name: str) -> Any:
    raise JsonLimitError(f"is not usable JSON: {name} is not a JSON number")
