"""The GraphQL documents the client sends, written for each API version it speaks.

The variables a document declares are the operation's arguments in the version's input schema:
2024-11-01 addresses an order with the ``orderIdentifier`` argument (``{orderId}`` or
``{alias}``) and calls its packages ``packageInformation``; 2024-04-01 puts ``orderId`` inside
``updateOrder``'s input and ``orderIdentifier`` (``{orderId}`` or ``{orderAlias}``) inside
``cancelOrder``'s, and calls the packages ``deliveryInformation`` (reference §2, §3.7, §10).
Both come from the dialect, so the documents always fit the schema the emulator serves. Every
document selects what ``OrderSnapshot`` reads (reference §9.4).
"""

from __future__ import annotations

import functools

from orderguard.api import dialect_for, input_schema
from orderguard.enums import ApiVersion, Operation

_ORDER_FIELDS = """
fragment OrderFields on Order {
  id
  aliases { aliasType aliasId }
  orderLinks { destinationType url displayMessage }
  metadata { executionState createdAt updatedAt }
  %(packages)s { summary { state } details { id state reason } }
  refunds {
    details {
      id state refundRequestReason
      aliases { aliasType aliasId }
      refundTotal { totalAmount { amount currencyCode } }
    }
  }
  cancellations { details { id state reason requestedBy } }
  lineItems { id amount { value unit } aliases { aliasType aliasId } }
}
"""

_CANCELLATION_FIELDS = """
fragment CancellationFields on CancellationDetails {
  id state reason additionalComments requestedBy createdAt updatedAt
  aliases { aliasType aliasId }
}
"""

_SELECTIONS = {
    Operation.CREATE_ORDER: "{ order { ...OrderFields } }",
    Operation.UPDATE_ORDER: "{ order { ...OrderFields } }",
    Operation.CANCEL_ORDER: "{ cancellation { ...CancellationFields } }",
    Operation.ORDER: "{ ...OrderFields }",
}

OPERATION_NAMES = {
    Operation.CREATE_ORDER: "CreateOrder",
    Operation.UPDATE_ORDER: "UpdateOrder",
    Operation.CANCEL_ORDER: "CancelOrder",
    Operation.ORDER: "Order",
}
"""The name each document gives its operation (sent as ``operationName``)."""

PAYLOAD_KEYS: dict[Operation, str | None] = {
    Operation.CREATE_ORDER: "order",
    Operation.UPDATE_ORDER: "order",
    Operation.CANCEL_ORDER: "cancellation",
    Operation.ORDER: None,
}
"""Where the result sits under ``data.<operation>`` (``None``: it is the value itself)."""


@functools.cache
def document(operation: Operation, version: ApiVersion) -> str:
    """The GraphQL document of ``operation`` in ``version``, with the fragments it uses.

    The variables it declares, and the arguments it passes them to, are the operation's
    arguments in the version's input schema (``orderguard.api.input_schema``).
    """
    dialect = dialect_for(version)
    arguments = input_schema(dialect).arguments(operation).fields
    declared = ", ".join(f"${field.name}: {field.type}" for field in arguments)
    passed = ", ".join(f"{field.name}: ${field.name}" for field in arguments)
    kind = "query" if operation is Operation.ORDER else "mutation"
    body = (
        f"{kind} {OPERATION_NAMES[operation]}({declared}) {{\n"
        f"  {operation.value}({passed}) {_SELECTIONS[operation]}\n}}\n"
    )
    if operation is Operation.CANCEL_ORDER:
        return body + _CANCELLATION_FIELDS
    return body + _ORDER_FIELDS % {"packages": dialect.package_field}


def alias_key(version: ApiVersion) -> str:
    """The field of ``OrderIdentifierInput`` holding an alias: ``alias`` or ``orderAlias``."""
    return dialect_for(version).alias_identifier_key
