"""Each version's request models, derived from the version-neutral ones and the dialect.

The request models hold the fields of every version and no version logic. For a dialect, each
model that has a field the version lacks (``Dialect.absent_input_fields``), an enum the version
spells otherwise (``Dialect.enum_spellings``), or a field of such a model, gets a subclass that
refuses the field or reads the version's spelling. A version whose shapes are the models' own
(2024-11-01's createOrder) validates with the models themselves, in pydantic-core alone.
Subclasses, so rules typed against the models read either version's requests.
"""

from __future__ import annotations

import copy
import enum
import types
import typing
from collections.abc import Mapping
from typing import Annotated, Any

import attrs
from pydantic import AfterValidator, BeforeValidator, create_model
from pydantic_core import PydanticCustomError

from orderguard.api._base import InputModel
from orderguard.api._dialect import Dialect
from orderguard.api._requests import VARIABLE_MODELS
from orderguard.api._scalars import ENUM_TYPES
from orderguard.enums import Operation

_LIST: Any = list
_UNION: Any = typing.Union

WRONG_VERSION = "wrong_version"
"""The pydantic error type of a field the version does not have; ``ctx["field"]`` names it."""


@attrs.frozen(slots=True)
class _Absent:
    """Refuses a field the version lacks (``key``: ``"Type.field"``)."""

    key: str

    def __call__(self, value: Any) -> Any:
        raise PydanticCustomError(
            WRONG_VERSION, "{field} is not in this version", {"field": self.key}
        )


@attrs.frozen(slots=True, eq=False)
class _Spelled:
    """Reads the version's spelling of an enum value as the value the model holds."""

    spellings: Mapping[str, str]

    def __call__(self, value: Any) -> Any:
        if isinstance(value, str) and value in self.spellings:
            return self.spellings[value]
        names = ", ".join(self.spellings)
        raise PydanticCustomError("enum", "Input should be one of {names}", {"names": names})


class _Deriver:
    """Derives the models of one dialect, each model once."""

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        self.derived: dict[type[InputModel], type[InputModel]] = {}

    def model(self, model: type[InputModel]) -> type[InputModel]:
        if model not in self.derived:
            self.derived[model] = model  # no request type contains itself; this ends the walk
            overrides: dict[str, Any] = {}
            for attribute, info in model.model_fields.items():
                annotation = self.annotation(info.annotation)
                key = f"{model.graphql_type}.{info.alias or attribute}"
                if key in self.dialect.absent_input_fields:
                    annotation = Annotated[annotation, AfterValidator(_Absent(key))]
                if annotation is not info.annotation:
                    overrides[attribute] = (annotation, copy.copy(info))
            if overrides:
                self.derived[model] = create_model(
                    model.__name__, __base__=model, __module__=model.__module__, **overrides
                )
        return self.derived[model]

    def annotation(self, annotation: Any) -> Any:
        """``annotation`` with each model replaced by its derived one, each enum re-spelled."""
        origin, args = typing.get_origin(annotation), typing.get_args(annotation)
        if origin is Annotated:
            inner = self.annotation(annotation.__origin__)
            same = inner is annotation.__origin__
            return annotation if same else Annotated[(inner, *annotation.__metadata__)]
        if origin in (typing.Union, types.UnionType) or origin is list:
            new = tuple(self.annotation(arg) for arg in args)
            if all(a is b for a, b in zip(new, args, strict=True)):
                return annotation
            return _LIST[new[0]] if origin is list else _UNION[new]
        if isinstance(annotation, type) and issubclass(annotation, InputModel):
            return self.model(annotation)
        if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
            return self._enum(annotation)
        return annotation

    def _enum(self, enum_type: type[enum.Enum]) -> Any:
        spellings = self.dialect.enum_spellings.get(ENUM_TYPES[enum_type])
        if spellings is None or set(spellings) == {str(m.value) for m in enum_type}:
            return enum_type
        return Annotated[enum_type, BeforeValidator(_Spelled(spellings))]


def versioned_models(dialect: Dialect) -> Mapping[Operation, type[InputModel]]:
    """The variables model of each mutation in ``dialect``'s version."""
    deriver = _Deriver(dialect)
    return {operation: deriver.model(model) for operation, model in VARIABLE_MODELS.items()}
