"""Reading GraphQL variables by hand, and the signal a check raises to reject a request.

``coerce_arguments`` is the fake's GraphQL input coercion, written apart from the guard's
pydantic models: it walks the variables against the version's input types (``InputSchema``,
read from ``orderguard.api``: the field names are facts) and refuses the first field a type does
not have, a missing required field, a null where one is not allowed, a ``Boolean`` that is not
``true``/``false``, a ``String`` or enum value that is not a string (or not one of the enum's
names), an ``ID`` that is neither string nor integer, a ``Decimal`` that is neither a JSON number
nor a string holding exactly one (``json.loads``, so ``"1_0"`` is refused). A single value where
a list belongs stands for a list of one; integer IDs become strings. A value breaking its field's
``Constraint`` (carried by the schema: the table the guard's models enforce) misfits too. A misfit
becomes a
``ValidationError`` without ``errorCode`` whose ``extensions.field`` names the JSON path (the
fake's convention for what a real GraphQL server reports as a variable error). The helpers
below it read the coerced variables.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs

from orderguard.api.schema import InputSchema, InputType, TypeRef

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
    return Rejection("ValidationError", None, f"{path}: {problem}" if path else problem, field=path)


def join(path: str, key: str | int) -> str:
    """``join("input", "lineItems")`` -> ``input.lineItems``; ints become ``[i]``."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def coerce_arguments(operation: str, variables: Mapping[str, Any], schema: InputSchema) -> JSON:
    """``variables`` coerced as ``operation``'s arguments; ``misfit`` at the first that fails."""
    return _Coercion(schema).object(variables, schema.types[operation], "")


class _Coercion:
    def __init__(self, schema: InputSchema) -> None:
        self.schema = schema

    def object(self, value: Mapping[str, Any], kind: InputType, path: str) -> JSON:
        """The fields given, then the required ones missing, then any the type does not have."""
        coerced: JSON = {
            field.name: self.value(value[field.name], field.type, join(path, field.name))
            for field in kind.fields
            if field.name in value
        }
        for field in kind.fields:
            if field.required and field.name not in value:
                raise misfit(join(path, field.name), "Field required")
        for key in value:
            if kind.field(key) is None:
                owner = "the arguments" if kind.name[:1].islower() else kind.name
                problem = f"{owner} have no field {key!r} in {self.schema.version}"
                raise misfit(join(path, key), problem)
        return coerced

    def value(self, value: Any, ref: TypeRef, path: str) -> Any:
        if value is None:
            if ref.non_null:
                raise misfit(path, f"expected a {ref.name}, got null")
            return None
        if not ref.is_list:
            coerced = self.named(value, ref.name, ref.kind, path)
            problem = ref.constraint.problem(coerced) if ref.constraint else None
            if problem is not None:
                raise misfit(path, problem)
            return coerced
        items = value if isinstance(value, list) else [value]
        item_ref = attrs.evolve(ref, is_list=False, non_null=True)
        return [self.value(item, item_ref, f"{path}[{i}]") for i, item in enumerate(items)]

    def named(self, value: Any, name: str, kind: str, path: str) -> Any:
        if kind == "input":
            if not isinstance(value, dict):
                raise misfit(path, f"expected an input object {name}")
            return self.object(value, self.schema.types[name], path)
        if kind == "enum":
            names = self.schema.enums[name]
            if not isinstance(value, str) or value not in names:
                raise misfit(path, f"expected one of {', '.join(names)}, got {value!r}")
            return value
        return _scalar(value, name, path)


def _scalar(value: Any, name: str, path: str) -> Any:
    """A scalar as GraphQL input coercion (and the API's Decimal and JSON scalars) reads it."""
    integer = isinstance(value, int) and not isinstance(value, bool)
    if name == "ID" and (integer or isinstance(value, str)):
        return str(value)
    fits = {
        "String": isinstance(value, str),
        "Boolean": isinstance(value, bool),
        "Int": integer,
        "Float": integer or (isinstance(value, float) and math.isfinite(value)),
        "Decimal": _is_decimal(value),
        "JSONObject": isinstance(value, dict),
        "JSON": True,
    }
    if not fits.get(name, False):
        raise misfit(path, f"expected a {name}, got {value!r}")
    return value


def _is_decimal(value: Any) -> bool:
    """A finite JSON number, or a string that is exactly one (no spaces, no ``_``)."""
    if isinstance(value, str):
        if value != value.strip():
            return False
        try:
            value = json.loads(value, parse_float=Decimal, parse_constant=_not_a_number)
        except ValueError:
            return False
        return isinstance(value, int | Decimal) and not isinstance(value, bool)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return math.isfinite(value)


def _not_a_number(name: str) -> Any:
    raise ValueError(f"{name} is not a Decimal")


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
