"""The emulator's GraphQL schema and the request models describe the same inputs, field by field.

The walk starts at each mutation's arguments and follows every input type the models reach, in
each API version: the same field names (the version's), the same nullability and requiredness,
the same named types (input types by ``graphql_type``, enums with the version's values, scalars).
"""

from __future__ import annotations

import enum
import types
import typing
from typing import Annotated, Any, Literal

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    Undefined,
)

from orderguard.api import dialect_for
from orderguard.api._scalars import ENUM_TYPES, GraphQLType
from orderguard.api.schema import InputModel, reader_for
from orderguard.emulator._graphql import schema
from orderguard.enums import ApiVersion, Operation

MUTATIONS = (Operation.CREATE_ORDER, Operation.UPDATE_ORDER, Operation.CANCEL_ORDER)


def _strip(annotation: Any) -> tuple[Any, bool, list[Any]]:
    """(the type inside Annotated/Optional, whether None is allowed, the metadata met)."""
    nullable, metadata = False, []
    while True:
        if typing.get_origin(annotation) is Annotated:
            metadata += list(annotation.__metadata__)
            annotation = annotation.__origin__
        elif typing.get_origin(annotation) in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            nullable = nullable or len(args) < len(typing.get_args(annotation))
            annotation = args[0]
        else:
            return annotation, nullable or annotation is Any, metadata


def _graphql_parts(kind: Any) -> tuple[Any, bool, bool]:
    """(named type, non-null, list) of a GraphQL input type; list items must be non-null."""
    non_null = isinstance(kind, GraphQLNonNull)
    kind = kind.of_type if non_null else kind
    if isinstance(kind, GraphQLList):
        assert isinstance(kind.of_type, GraphQLNonNull), f"{kind} must hold non-null items"
        return kind.of_type.of_type, non_null, True
    return kind, non_null, False


def _has_default(field: Any) -> bool:
    """Whether a GraphQL input field has a default (graphql-core 3.3 ``default``, 3.2 value)."""
    if getattr(field, "default", None) is not None:
        return True
    return getattr(field, "default_value", Undefined) is not Undefined


class Walk:
    def __init__(self, version: ApiVersion) -> None:
        self.dialect = dialect_for(version)
        self.schema = schema(version)
        self.seen: set[str] = set()

    def fields(self, model: type[InputModel], graphql_fields: dict[str, Any]) -> None:
        owner = model.graphql_type
        present = {
            info.alias or name: info
            for name, info in model.model_fields.items()
            if f"{owner}.{info.alias or name}" not in self.dialect.absent_input_fields
        }
        assert set(present) == set(graphql_fields), owner
        for name, info in present.items():
            field = graphql_fields[name]
            kind = field.type
            inner, nullable, metadata = _strip(info.annotation)
            named, non_null, is_list = _graphql_parts(kind)
            versioned = f"{owner}.{name}" in self.dialect.required_input_fields
            assert non_null == (not nullable or versioned), f"{owner}.{name}"
            has_default = _has_default(field)
            required_here = info.is_required() or versioned
            assert (non_null and not has_default) == required_here, f"{owner}.{name}"
            if typing.get_origin(inner) is list:
                assert is_list, f"{owner}.{name}"
                inner, _, more = _strip(typing.get_args(inner)[0])
                metadata += more
            else:
                assert not is_list, f"{owner}.{name}"
            self.named(inner, [*info.metadata, *metadata], named, f"{owner}.{name}")

    def named(self, inner: Any, metadata: list[Any], named: Any, where: str) -> None:
        marker = next((m for m in metadata if isinstance(m, GraphQLType)), None)
        if isinstance(inner, type) and issubclass(inner, InputModel):
            assert isinstance(named, GraphQLInputObjectType) and named.name == inner.graphql_type
            if named.name not in self.seen:
                self.seen.add(named.name)
                self.fields(inner, dict(named.fields))
        elif isinstance(inner, type) and issubclass(inner, enum.Enum):
            assert isinstance(named, GraphQLEnumType) and named.name == ENUM_TYPES[inner], where
            spellings = self.dialect.enum_spellings.get(named.name)
            values = set(spellings) if spellings else {str(m.value) for m in inner}
            assert set(named.values) == values, where
        elif typing.get_origin(inner) is Literal:
            assert isinstance(named, GraphQLEnumType) and marker is not None, where
            assert named.name == marker.name and set(named.values) == set(typing.get_args(inner))
        else:
            assert marker is not None and isinstance(named, GraphQLScalarType), where
            assert named.name == marker.name, where


@pytest.mark.parametrize("version", list(ApiVersion))
def test_every_input_field_agrees_with_the_models(version: ApiVersion) -> None:
    """Each mutation's arguments and every input type below them match the version's models."""
    walk = Walk(version)
    mutation = walk.schema.mutation_type
    assert mutation is not None
    models = reader_for(walk.dialect).models
    for operation in MUTATIONS:
        walk.fields(models[operation], dict(mutation.fields[operation.value].args))
    input_types = {
        name
        for name, kind in walk.schema.type_map.items()
        if isinstance(kind, GraphQLInputObjectType) and not name.startswith("__")
    }
    assert input_types - walk.seen == {"UpdateOrderPackageInformationInput"}


@pytest.mark.parametrize("version", list(ApiVersion))
def test_the_order_query_takes_an_order_identifier(version: ApiVersion) -> None:
    """The order query's one argument is the version's OrderIdentifierInput, required."""
    query = schema(version).query_type
    assert query is not None
    argument = query.fields["order"].args["orderIdentifier"]
    assert str(argument.type) == "OrderIdentifierInput!"
    fields = set(schema(version).type_map["OrderIdentifierInput"].fields)  # type: ignore[attr-defined]
    assert fields == {"orderId", dialect_for(version).alias_identifier_key}
