"""Reading GraphQL variables by hand, and the signal a check raises to reject a request.

The fake's schema layer is deliberately small: required fields, objects, lists and enum values.
A misfit becomes a ``ValidationError`` without ``errorCode`` whose ``extensions.field`` names the
JSON path (the fake's convention for what a real GraphQL server reports as a variable error).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

JSON = dict[str, Any]
AliasPair = tuple[str, str]


class Rejection(Exception):
    """One API error the fake answers with instead of data (internal to the fake)."""

    def __init__(
        self, error_type: str, code: str | None, message: str, field: str | None = None
    ) -> None:
        super().__init__(message)
        self.error_type = error_type
        self.code = code
        self.message = message
        self.field = field


def rejected(code: str | None, message: str) -> Rejection:
    """A ``ValidationError`` with ``code`` (``None`` for a codeless one)."""
    return Rejection("ValidationError", code, message)


def misfit(path: str, problem: str) -> Rejection:
    """A schema misfit at ``path``."""
    return Rejection("ValidationError", None, f"{path}: {problem}", field=path)


def join(path: str, key: str | int) -> str:
    """``join("input", "lineItems")`` -> ``input.lineItems``; ints become ``[i]``."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def obj(parent: Mapping[str, Any], key: str, path: str) -> JSON | None:
    """The object under ``key``, ``None`` when absent or null."""
    value = parent.get(key)
    if value is not None and not isinstance(value, dict):
        raise misfit(join(path, key), "expected an object")
    return value


def need_obj(parent: Mapping[str, Any], key: str, path: str) -> JSON:
    """The required object under ``key``."""
    value = obj(parent, key, path)
    if value is None:
        raise misfit(join(path, key), "Field required")
    return value


def objects(parent: Mapping[str, Any], key: str, path: str) -> list[JSON]:
    """The list of objects under ``key`` (empty when absent or null)."""
    value = parent.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise misfit(join(path, key), "expected a list")
    for index, item in enumerate(value):
        if not isinstance(item, dict):
            raise misfit(join(join(path, key), index), "expected an object")
    return value


def text(parent: Mapping[str, Any], key: str, path: str) -> str | None:
    """The string (or GraphQL ``ID`` integer, as a string) under ``key``, if any."""
    value = parent.get(key)
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise misfit(join(path, key), "expected a string")
    return value


def need_text(parent: Mapping[str, Any], key: str, path: str) -> str:
    """The required string under ``key``."""
    value = text(parent, key, path)
    if value is None:
        raise misfit(join(path, key), "Field required")
    return value


def choice(parent: Mapping[str, Any], key: str, allowed: Iterable[str], path: str) -> str | None:
    """The enum value under ``key``, which must be one of ``allowed``."""
    value = text(parent, key, path)
    options = sorted(allowed)
    if value is not None and value not in options:
        raise misfit(join(path, key), f"expected one of {', '.join(options)}, got {value!r}")
    return value


def decimal(parent: Mapping[str, Any], key: str, path: str) -> Decimal:
    """The required number (JSON number or numeric string) under ``key``."""
    value = parent.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise misfit(join(path, key), "expected a number")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise misfit(join(path, key), "expected a number") from None
    if not number.is_finite():
        raise misfit(join(path, key), "expected a finite number")
    return number


def aliases(parent: Mapping[str, Any], key: str, path: str) -> list[AliasPair]:
    """The ``(aliasType, aliasId)`` pairs under ``key``, in the order sent."""
    pairs = []
    for index, item in enumerate(objects(parent, key, path)):
        where = join(join(path, key), index)
        pairs.append((need_text(item, "aliasType", where), need_text(item, "aliasId", where)))
    return pairs


def alias_json(pairs: Iterable[AliasPair]) -> list[JSON]:
    """Alias pairs as the API prints them."""
    return [{"aliasType": alias_type, "aliasId": alias_id} for alias_type, alias_id in pairs]
