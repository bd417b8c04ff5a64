"""The request models read as a GraphQL input schema, one per dialect.

``input_schema(dialect)`` walks the request models from the three mutations' variables and
keeps, for the dialect's version, every input type with its fields (GraphQL names, types,
nullability), every enum with the version's values and the custom scalars used. The emulator
writes its SDL from it and the fake validates requests against it, so the models, the emulator
and the fake describe the same inputs by construction; a test also walks both the models and
the emulator's built schema field by field.
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Iterator, Mapping
from typing import Annotated, Any, Literal

import attrs

from orderguard.api._base import InputModel
from orderguard.api._constraints import Constraint
from orderguard.api._dialect import Dialect, dialect_for
from orderguard.api._requests import VARIABLE_MODELS
from orderguard.api._scalars import ENUM_TYPES, GraphQLType
from orderguard.enums import ApiVersion, Operation

BUILT_IN_SCALARS = frozenset({"String", "Boolean", "ID", "Int", "Float"})


@attrs.frozen(slots=True)
class TypeRef:
    """A field's GraphQL type: a named type, maybe a list (of non-null items), maybe non-null."""

    name: str
    kind: Literal["scalar", "enum", "input"]
    is_list: bool = False
    non_null: bool = False
    constraint: Constraint | None = None
    """What a scalar's values must be beyond the type (each item's, for a list)."""

    def __str__(self) -> str:
        text = f"[{self.name}!]" if self.is_list else self.name
        return f"{text}!" if self.non_null else text


@attrs.frozen(slots=True)
class InputField:
    """One field of an input type (or one argument of an operation)."""

    name: str
    type: TypeRef
    attribute: str
    """The model's attribute holding the field (``line_items`` for ``lineItems``)."""
    default: str | None = None
    """The GraphQL literal used when the field is left out (``[]``), if it has one."""

    @property
    def required(self) -> bool:
        """Whether a request must give the field: non-null and without a default."""
        return self.type.non_null and self.default is None

    def __str__(self) -> str:
        default = f" = {self.default}" if self.default is not None else ""
        return f"{self.name}: {self.type}{default}"


@attrs.frozen(slots=True)
class InputType:
    """An input object type: its GraphQL name and fields, in the model's order."""

    name: str
    fields: tuple[InputField, ...]

    def field(self, name: str) -> InputField | None:
        """The field called ``name``, if the type has it."""
        return next((field for field in self.fields if field.name == name), None)


@attrs.frozen(slots=True)
class InputSchema:
    """A version's request inputs: input types, enums and custom scalars, by GraphQL name.

    ``types`` also holds each operation's arguments as a type named after it (``createOrder``,
    ``updateOrder``, ``cancelOrder`` and the ``order`` query).
    """

    version: ApiVersion
    types: Mapping[str, InputType]
    enums: Mapping[str, tuple[str, ...]]
    scalars: frozenset[str]

    def arguments(self, operation: Operation | str) -> InputType:
        """The arguments of an operation, as an input type."""
        return self.types[Operation(operation).value]

    def field_at(self, operation: Operation | str, parts: tuple[int | str, ...]) -> TypeRef | None:
        """The type of the field at ``parts`` below the mutation's variables, if there is one."""
        current, ref = self.types.get(Operation(operation).value), None
        for part in parts:
            if isinstance(part, int):
                continue  # an index stays within the list's item type
            field = current.field(part) if current else None
            ref = field.type if field else None
            current = self.types.get(ref.name) if ref else None
        return ref

    def type_at(self, operation: Operation | str, parts: tuple[int | str, ...]) -> str | None:
        """The input type (or enum/scalar) found at ``parts`` below the mutation's variables."""
        current: str | None = Operation(operation).value
        for part in parts:
            if isinstance(part, int):
                continue  # an index stays within the list's item type
            found = self.types.get(current or "")
            field = found.field(part) if found else None
            current = field.type.name if field else None
        return current


def _unwrap(annotation: Any) -> tuple[Any, list[Any], bool]:
    """(inner annotation, metadata met on the way, whether ``None`` is allowed)."""
    metadata: list[Any] = []
    nullable = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is Annotated:
            metadata.extend(annotation.__metadata__)
            annotation = annotation.__origin__
        elif origin in (typing.Union, types.UnionType):
            args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            nullable = nullable or len(args) < len(typing.get_args(annotation))
            (annotation,) = args
        else:
            return annotation, metadata, nullable


class _Walker:
    """Collects input types and enums reachable from the variables models, for one dialect."""

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        self.types: dict[str, InputType] = {}
        self.enums: dict[str, tuple[str, ...]] = {}
        self.scalars: set[str] = set()

    def model(self, model: type[InputModel]) -> str:
        name = model.graphql_type
        if name not in self.types:
            self.types[name] = InputType(name, ())  # placeholder: models may recurse
            self.types[name] = InputType(name, tuple(self._fields(model)))
        return name

    def _fields(self, model: type[InputModel]) -> Iterator[InputField]:
        for attribute, info in model.model_fields.items():
            name = info.alias or attribute
            key = f"{model.graphql_type}.{name}"
            if key in self.dialect.absent_input_fields:
                continue
            ref = self.ref(info.annotation, list(info.metadata))
            if key in self.dialect.required_input_fields:
                yield InputField(name, attrs.evolve(ref, non_null=True), attribute)
            elif info.is_required() or not ref.non_null:
                yield InputField(name, ref, attribute)
            else:
                yield InputField(name, ref, attribute, _literal(info.get_default()))

    def ref(self, annotation: Any, metadata: list[Any]) -> TypeRef:
        inner, found, nullable = _unwrap(annotation)
        ref = self._named(inner, [*metadata, *found])
        return attrs.evolve(ref, non_null=not nullable and inner is not Any)

    def _named(self, inner: Any, metadata: list[Any]) -> TypeRef:
        if typing.get_origin(inner) is list:
            (item,) = typing.get_args(inner)
            return attrs.evolve(self.ref(item, []), is_list=True)
        marker = next((m for m in metadata if isinstance(m, GraphQLType)), None)
        if isinstance(inner, type) and issubclass(inner, InputModel):
            return TypeRef(self.model(inner), "input")
        if isinstance(inner, type) and issubclass(inner, enum.Enum):
            return TypeRef(self._enum(ENUM_TYPES[inner], [str(m.value) for m in inner]), "enum")
        if marker is not None and typing.get_origin(inner) is Literal:
            return TypeRef(self._enum(marker.name, list(typing.get_args(inner))), "enum")
        if marker is None:
            raise TypeError(f"{inner!r} has no GraphQL type; use the types of _scalars")
        if marker.name not in BUILT_IN_SCALARS:
            self.scalars.add(marker.name)
        constraint = next((m for m in metadata if isinstance(m, Constraint)), None)
        return TypeRef(marker.name, "scalar", constraint=constraint)

    def _enum(self, name: str, values: list[str]) -> str:
        spellings = self.dialect.enum_spellings.get(name)
        self.enums[name] = tuple(spellings) if spellings is not None else tuple(values)
        return name


def _literal(default: object) -> str:
    """A non-null field's default as a GraphQL literal (the models use only ``[]``)."""
    if default == []:
        return "[]"
    raise TypeError(f"no GraphQL literal for the default {default!r}")


def schema_shape(dialect: Dialect) -> tuple[object, ...]:
    """What reading requests depends on: the version and the dialect's input tables."""
    enums = tuple(
        (name, tuple(values.items())) for name, values in sorted(dialect.enum_spellings.items())
    )
    absent = tuple(sorted(dialect.absent_input_fields.items()))
    older = tuple(sorted(dialect.older_spellings.items()))
    ruled_out = tuple(sorted(dialect.ruled_out_fields.items()))
    required = tuple(sorted(dialect.required_input_fields))
    return (dialect.version, absent, required, enums, older, ruled_out)


_BUILT: dict[tuple[object, ...], InputSchema] = {}
_ORDER_QUERY = InputType(
    Operation.ORDER.value,
    (InputField("orderIdentifier", TypeRef("OrderIdentifierInput", "input", non_null=True), ""),),
)
"""The ``order`` query's arguments (§2): one required ``orderIdentifier``."""


def input_schema(dialect: Dialect | ApiVersion | str) -> InputSchema:
    """The request inputs of ``dialect`` (or of a version's documented dialect), built once."""
    dialect = dialect_for(dialect)
    shape = schema_shape(dialect)
    built = _BUILT.get(shape)
    if built is None:
        walker = _Walker(dialect)
        for model in VARIABLE_MODELS.values():
            walker.model(model)
        walker.types[Operation.ORDER.value] = _ORDER_QUERY
        built = InputSchema(dialect.version, walker.types, walker.enums, frozenset(walker.scalars))
        _BUILT[shape] = built
    return built
