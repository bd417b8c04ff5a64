"""The Order API's vocabulary: enums, one dialect per version and pydantic models of its JSON.

Models use the API's camelCase names as aliases (``lineItems``) and snake_case attributes
(``line_items``). Requests are read strictly, as the API's GraphQL server reads them
(:func:`read_variables` returns every :class:`SchemaIssue` and what could still be read;
:func:`parse_variables` raises instead); responses tolerantly (:func:`parse_order`). Both
raising parsers raise :class:`orderguard.errors.PayloadError` naming each field by its JSON path.
:func:`input_schema` describes a version's request inputs as GraphQL types.
"""

from orderguard.api import models as models
from orderguard.api import schema as schema
from orderguard.api._dialect import DIALECTS, Dialect, dialect_for
from orderguard.api._issues import SchemaIssue
from orderguard.api._order import Order
from orderguard.api._parse import mutation_named, parse_order, parse_variables
from orderguard.api._read import ReadRequest, read_variables
from orderguard.api._requests import (
    CancelOrderVariables,
    CreateOrderVariables,
    UpdateOrderVariables,
)
from orderguard.api._schema import input_schema

__all__ = [
    "DIALECTS",
    "CancelOrderVariables",
    "CreateOrderVariables",
    "Dialect",
    "Order",
    "ReadRequest",
    "SchemaIssue",
    "UpdateOrderVariables",
    "dialect_for",
    "input_schema",
    "mutation_named",
    "parse_order",
    "parse_variables",
    "read_variables",
]
