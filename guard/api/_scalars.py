"""The GraphQL input scalars as pydantic types, coerced the way GraphQL coerces input values.

``Boolean`` takes only ``true``/``false``, ``String`` only strings, ``ID`` a string or an integer
(kept as its string), ``Decimal`` a JSON number or a string holding one written as a JSON number
(so ``"1_0"``, ``" 1"`` or ``"1e"`` are refused, not read as numbers), ``JSONObject`` any object
and ``JSON`` any value (types the public documentation leaves open). Enum fields take their
values' names only (pydantic's enum check on a string; ``ENUM_TYPES`` names them in GraphQL).
A list field given a single value reads it as a list of one (GraphQL list input coercion); the
request reader does that (``_read``), so a request sent with lists costs nothing for it.
Each scalar carries a :class:`GraphQLType` marker naming its GraphQL type, which is how the
schema description (``_schema``) reads the models, and a ``Constraint`` (``_constraints``) on
its values beyond the type (lengths, forms, ranges), which the fake reads from the schema.

Validation runs in pydantic-core; Python is called only to turn an integer ``ID`` into a string
and to look for overlong strings inside open JSON.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from decimal import Decimal
from typing import Annotated, Any

import attrs
from pydantic import AfterValidator, GetPydanticSchema, Strict
from pydantic_core import PydanticCustomError, core_schema

from orderguard.api._constraints import (
    AMOUNT,
    CURRENCY,
    NON_EMPTY,
    OPEN,
    QUANTITY,
    REFUND_AMOUNT,
    TEXT,
    Constraint,
)
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


def _decimal_schema(constraint: Constraint) -> GetPydanticSchema:
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
        held = core_schema.decimal_schema(allow_inf_nan=False, **constraint.core_keys())
        return core_schema.chain_schema([sent, held])

    return GetPydanticSchema(build)


@attrs.frozen(slots=True)
class _HeldInPython:
    """Holds a value to its constraint in Python, where pydantic-core cannot.

    That is a text pydantic-core cannot measure (a lone surrogate), and open JSON.
    """

    constraint: Constraint

    def __call__(self, value: Any) -> Any:
        problem = self.constraint.problem(value)
        if problem is not None:
            raise PydanticCustomError(CONSTRAINT_ERROR, problem)
        return value


def _text_schema(constraint: Constraint, strict: bool = True) -> core_schema.CoreSchema:
    """A string held to ``constraint`` in pydantic-core, or in Python where Rust cannot read it.

    pydantic-core measures a string as UTF-8, and a lone surrogate (U+D800 alone, valid in JSON
    escapes) is not; such a string is measured in Python instead, as the fake measures it. The
    branches are tagged like pydantic's internal tags (``[...]``), so issues name the field.
    """
    in_python = core_schema.chain_schema(
        [
            core_schema.str_schema(strict=strict),
            core_schema.no_info_plain_validator_function(_HeldInPython(constraint)),
        ]
    )
    native = core_schema.str_schema(strict=strict, **constraint.core_keys())
    return core_schema.union_schema(
        [(native, "[text]"), (in_python, "[text held in Python]")], mode="left_to_right"
    )


def _string_schema(constraint: Constraint) -> GetPydanticSchema:
    def build(_source: Any, _handler: Any) -> core_schema.CoreSchema:
        return _text_schema(constraint)

    return GetPydanticSchema(build)


def _id_schema(constraint: Constraint) -> GetPydanticSchema:
    def build(_source: Any, _handler: Any) -> core_schema.CoreSchema:
        as_text = core_schema.no_info_plain_validator_function(str)
        sent = core_schema.union_schema(
            [
                core_schema.str_schema(strict=True),
                core_schema.chain_schema([core_schema.int_schema(strict=True), as_text]),
            ],
            custom_error_type="graphql_id",
            custom_error_message=ID_MESSAGE,
        )
        return core_schema.chain_schema([sent, _text_schema(constraint, strict=False)])

    return GetPydanticSchema(build)


UNMEASURED = "string_unicode"
"""pydantic-core's error for a text it cannot read as UTF-8 (a lone surrogate): the text's other
branch, measuring it in Python, reports whatever is wrong with it."""
CONSTRAINT_ERROR = "value_constraint"
"""The pydantic error type of a value breaking its ``Constraint`` where pydantic-core has no
native check (open JSON)."""

InputString = Annotated[str, _string_schema(TEXT), TEXT, GraphQLType("String")]
"""GraphQL ``String``: a string, nothing else (at most ``MAX_TEXT`` characters)."""
NonEmptyString = Annotated[str, _string_schema(NON_EMPTY), NON_EMPTY, GraphQLType("String")]
"""A ``String`` that names something: never empty (an alias's type)."""
CurrencyCode = Annotated[str, _string_schema(CURRENCY), CURRENCY, GraphQLType("String")]
"""A ``String`` holding an ISO 4217 currency code."""
InputBoolean = Annotated[bool, Strict(), GraphQLType("Boolean")]
"""GraphQL ``Boolean``: ``true`` or ``false``, never ``"false"`` or ``0``."""
InputId = Annotated[str, _id_schema(TEXT), TEXT, GraphQLType("ID")]
"""GraphQL ``ID``: a string, or an integer kept as its string."""
NonEmptyId = Annotated[str, _id_schema(NON_EMPTY), NON_EMPTY, GraphQLType("ID")]
"""An ``ID`` that names something: never empty (an alias's ID, an order ID)."""
InputAmount = Annotated[Decimal, _decimal_schema(AMOUNT), AMOUNT, GraphQLType("Decimal")]
"""The API's ``Decimal`` as money: a JSON number, or a string written as one; never negative."""
RefundAmount = Annotated[
    Decimal, _decimal_schema(REFUND_AMOUNT), REFUND_AMOUNT, GraphQLType("Decimal")
]
"""A refund's running total: an amount above zero."""
Quantity = Annotated[Decimal, _decimal_schema(QUANTITY), QUANTITY, GraphQLType("Decimal")]
"""A ``Decimal`` counting items: a whole number above zero (a line's or a refund's quantity)."""
JsonObject = Annotated[
    dict[str, Any], Strict(), AfterValidator(_HeldInPython(OPEN)), OPEN, GraphQLType("JSONObject")
]
"""An input object whose fields the public documentation does not list (GAP)."""
JsonValue = Annotated[Any, AfterValidator(_HeldInPython(OPEN)), OPEN, GraphQLType("JSON")]
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
