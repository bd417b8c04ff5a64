"""The GraphQL input scalars as pydantic types, coerced the way GraphQL coerces input values.

``Boolean`` takes only ``true``/``false``, ``String`` only strings, ``ID`` a string or an integer
(kept as its string), ``Decimal`` a JSON number or a string holding one written as a JSON number
(so ``"1_0"``, ``" 1"`` or ``"1e"`` are refused, not read as numbers), ``JSONObject`` any object
and ``JSON`` any value (types the public documentation leaves open). Enum fields take their
values' names only (pydantic's enum check on a string; ``ENUM_TYPES`` names them in GraphQL).
A list field given a single value reads it as a list of one (GraphQL list input coercion); the
request reader does that (``_read``), so a request sent with lists costs nothing for it.
Each scalar carries a :class:`GraphQLType` marker naming its GraphQL type, which is how the
schema description (``_schema``) reads the models.

Validation runs in pydantic-core; Python is called only to turn an integer ``ID`` into a string.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from decimal import Decimal
from typing import Annotated, Any

import attrs
from pydantic import GetPydanticSchema, Strict
from pydantic_core import core_schema

from orderguard.enums import (
    CancellationReason,
    DeliveryProvider,
    ExecutionState,
    OrderLinkDestination,
    PaymentState,
    RefundRequestReason,
    RefundState,
    RefundStatusReason,
)

DECIMAL_STRING = r"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$"
"""How a ``Decimal`` sent as a string must be written: a JSON number, nothing around it."""

DECIMAL_MESSAGE = "expected a Decimal: a JSON number, or a string holding one written as a number"
ID_MESSAGE = "expected an ID: a string or an integer"


@attrs.frozen(slots=True)
class GraphQLType:
    """Annotation metadata: the GraphQL scalar or enum type a pydantic type stands for."""

    name: str


def _decimal_schema(gt: Decimal | None) -> GetPydanticSchema:
    def build(_source: Any, _handler: Any) -> core_schema.CoreSchema:
        sent = core_schema.union_schema(
            [
                core_schema.str_schema(strict=True, pattern=DECIMAL_STRING),
                core_schema.int_schema(strict=True),
                core_schema.float_schema(strict=True, allow_inf_nan=False),
            ],
            custom_error_type="graphql_decimal",
            custom_error_message=DECIMAL_MESSAGE,
        )
        return core_schema.chain_schema([sent, core_schema.decimal_schema(gt=gt)])

    return GetPydanticSchema(build)


def _id_schema(_source: Any, _handler: Any) -> core_schema.CoreSchema:
    as_text = core_schema.no_info_plain_validator_function(str)
    return core_schema.union_schema(
        [
            core_schema.str_schema(strict=True),
            core_schema.chain_schema([core_schema.int_schema(strict=True), as_text]),
        ],
        custom_error_type="graphql_id",
        custom_error_message=ID_MESSAGE,
    )


InputString = Annotated[str, Strict(), GraphQLType("String")]
"""GraphQL ``String``: a string, nothing else."""
InputBoolean = Annotated[bool, Strict(), GraphQLType("Boolean")]
"""GraphQL ``Boolean``: ``true`` or ``false``, never ``"false"`` or ``0``."""
InputId = Annotated[str, GetPydanticSchema(_id_schema), GraphQLType("ID")]
"""GraphQL ``ID``: a string, or an integer kept as its string."""
InputDecimal = Annotated[Decimal, _decimal_schema(None), GraphQLType("Decimal")]
"""The API's ``Decimal``: a JSON number, or a string written as one."""
PositiveDecimal = Annotated[Decimal, _decimal_schema(Decimal(0)), GraphQLType("Decimal")]
"""A ``Decimal`` greater than zero (a line's quantity)."""
JsonObject = Annotated[dict[str, Any], Strict(), GraphQLType("JSONObject")]
"""An input object whose fields the public documentation does not list (GAP)."""
JsonValue = Annotated[Any, GraphQLType("JSON")]
"""A value whose type the public documentation does not give (GAP)."""


ENUM_TYPES: Mapping[type[enum.Enum], str] = {
    ExecutionState: "OrderExecutionStateInput",
    OrderLinkDestination: "OrderLinkDestinationType",
    CancellationReason: "CancellationReasonInput",
    RefundState: "RefundStateInput",
    DeliveryProvider: "DeliveryProviderInput",
    RefundRequestReason: "RefundRequestReasonInput",
    RefundStatusReason: "RefundStatusReasonInput",
    PaymentState: "PaymentStateInput",
}
"""The GraphQL name of each enum the request models use."""
