"""Shared pieces of the API models: the two base classes, IDs, money and aliases.

``ApiModel`` reads what Amazon sends (responses, events) tolerantly; ``InputModel`` reads what
the client sends (GraphQL variables) strictly, as the API's GraphQL server does.

The modules defining models do without ``from __future__ import annotations``: with real
annotations pydantic evaluates no annotation string per field when a model class is defined,
which is a part of what importing them costs at start-up.
"""

from decimal import Decimal
from typing import Annotated, ClassVar

from pydantic import BaseModel, BeforeValidator, ConfigDict
from pydantic.alias_generators import to_camel


def _id_to_str(value: object) -> object:
    """GraphQL ``ID`` accepts integers as well as strings; keep it a string internally."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


GraphQLId = Annotated[str, BeforeValidator(_id_to_str)]
"""A GraphQL ``ID`` in a response: a string, or an integer that is turned into one."""


class ApiModel(BaseModel):
    """Base of the models of what Amazon sends: camelCase names, unknown fields ignored.

    The API evolves, so fields orderguard does not model are tolerated and dropped; wrong types
    and unknown enum values are rejected. Validators are built on first use (``defer_build``):
    a command that reads no order never builds the order models.
    """

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="ignore",
        frozen=True,
        defer_build=True,
    )


class InputModel(BaseModel):
    """Base of the request models: one GraphQL input type each, judged as the API judges it.

    A field the type does not have is an error (``extra="forbid"``), and so is a snake_case
    spelling of a field (only the API's camelCase names are read). Scalars follow GraphQL input
    coercion (``orderguard.api._scalars``). ``graphql_type`` names the input type; for the
    variables of a mutation, it is the mutation's name (its fields are the arguments). As with
    ``ApiModel``, a validator is built on first use, so a check builds only its mutation's.
    """

    graphql_type: ClassVar[str]

    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_alias=True,
        validate_by_name=False,
        extra="forbid",
        frozen=True,
        defer_build=True,
    )


class Money(ApiModel):
    """``Money`` in a response: an amount in a currency."""

    amount: Decimal
    currency_code: str


class Alias(ApiModel):
    """``Alias`` in a response: a merchant ID, unique per store by (type, id)."""

    alias_type: str
    alias_id: GraphQLId

    @property
    def pair(self) -> tuple[str, str]:
        """The (aliasType, aliasId) pair the API keys uniqueness on."""
        return (self.alias_type, self.alias_id)
