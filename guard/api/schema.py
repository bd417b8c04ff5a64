"""A version's request inputs as GraphQL types, and the reader built from them.

``input_schema(version)`` describes every input type and field (``InputSchema`` of
``InputType`` / ``InputField`` / ``TypeRef``); the emulator's SDL is generated from it, and
``reader_for`` builds the strict reader ``read_variables`` uses. Each field's ``TypeRef`` carries
its values' ``Constraint``; ``TextForm`` records are the forms the address rules and the fake's
address check share (``US_ZIP``, ``COUNTRY_CODE``).
"""

from orderguard.api._base import InputModel
from orderguard.api._constraints import (
    COUNTRY_CODE,
    CURRENCY_CODE,
    MAX_DECIMAL,
    MAX_DEPTH,
    MAX_TEXT,
    US_ZIP,
    Constraint,
    TextForm,
)
from orderguard.api._parse import validate_model
from orderguard.api._read import RequestReader, Variables, reader_for
from orderguard.api._scalars import DECIMAL_STRING
from orderguard.api._schema import InputField, InputSchema, InputType, TypeRef, input_schema

__all__ = [
    "COUNTRY_CODE",
    "CURRENCY_CODE",
    "DECIMAL_STRING",
    "MAX_DECIMAL",
    "MAX_DEPTH",
    "MAX_TEXT",
    "US_ZIP",
    "Constraint",
    "InputField",
    "InputModel",
    "InputSchema",
    "InputType",
    "RequestReader",
    "TextForm",
    "TypeRef",
    "Variables",
    "input_schema",
    "reader_for",
    "validate_model",
]
