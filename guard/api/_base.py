"""Shared pieces of the API models: the base class, IDs, money and aliases."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict
from pydantic.alias_generators import to_camel


def _id_to_str(value: object) -> object:
    """GraphQL ``ID`` accepts integers as well as strings; keep it a string internally."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


GraphQLId = Annotated[str, BeforeValidator(_id_to_str)]
"""A GraphQL ``ID``: a string, or an integer that is turned into one."""


class ApiModel(BaseModel):
    """Base of every API model: camelCase names as the API spells them, unknown fields ignored.

    The API evolves, so fields orderguard does not model are tolerated and dropped; wrong types
    and unknown enum values are rejected.
    """

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="ignore",
        frozen=True,
    )


class Money(ApiModel):
    """``MoneyInput`` / ``Money``: an amount in a currency."""

    amount: Decimal
    currency_code: str


class Alias(ApiModel):
    """``AliasInput`` / ``Alias``: a merchant ID, unique per store by (type, id)."""

    alias_type: str
    alias_id: GraphQLId

    @property
    def pair(self) -> tuple[str, str]:
        """The (aliasType, aliasId) pair the API keys uniqueness on."""
        return (self.alias_type, self.alias_id)
