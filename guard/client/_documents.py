"""The GraphQL documents the client sends, written for each API version it speaks.

2024-11-01 addresses an order with the ``orderIdentifier`` argument (``{orderId}`` or
``{alias}``) and calls its packages ``packageInformation``; 2024-04-01 puts ``orderId`` inside
``updateOrder``'s input and ``orderIdentifier`` (``{orderId}`` or ``{orderAlias}``) inside
``cancelOrder``'s, and calls the packages ``deliveryInformation`` (reference §2, §3.7, §10).
Every document selects what ``OrderSnapshot`` reads (reference §9.4).
"""

from __future__ import annotations

import functools

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

_CREATE = """
mutation CreateOrder($input: CreateOrderInput!) {
  createOrder(input: $input) { order { ...OrderFields } }
}
"""

_QUERY = """
query Order($orderIdentifier: OrderIdentifierInput!) {
  order(orderIdentifier: $orderIdentifier) { ...OrderFields }
}
"""

_MODERN = {
    Operation.UPDATE_ORDER: """
mutation UpdateOrder($orderIdentifier: OrderIdentifierInput!, $input: UpdateOrderInput!) {
  updateOrder(orderIdentifier: $orderIdentifier, input: $input) { order { ...OrderFields } }
}
""",
    Operation.CANCEL_ORDER: """
mutation CancelOrder($orderIdentifier: OrderIdentifierInput!, $input: CancelOrderInput) {
  cancelOrder(orderIdentifier: $orderIdentifier, input: $input) {
    cancellation { ...CancellationFields }
  }
}
""",
}

_OLDER = {
    Operation.UPDATE_ORDER: """
mutation UpdateOrder($input: UpdateOrderInput!) {
  updateOrder(input: $input) { order { ...OrderFields } }
}
""",
    Operation.CANCEL_ORDER: """
mutation CancelOrder($input: CancelOrderInput!) {
  cancelOrder(input: $input) { cancellation { ...CancellationFields } }
}
""",
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
    """The GraphQL document of ``operation`` in ``version``, with the fragments it uses."""
    modern = version is ApiVersion.V2024_11_01
    if operation is Operation.CREATE_ORDER:
        body = _CREATE
    elif operation is Operation.ORDER:
        body = _QUERY
    else:
        body = (_MODERN if modern else _OLDER)[operation]
    if operation is Operation.CANCEL_ORDER:
        return body + _CANCELLATION_FIELDS
    packages = "packageInformation" if modern else "deliveryInformation"
    return body + _ORDER_FIELDS % {"packages": packages}


def alias_key(version: ApiVersion) -> str:
    """The field of ``OrderIdentifierInput`` holding an alias: ``alias`` or ``orderAlias``."""
    return "alias" if version is ApiVersion.V2024_11_01 else "orderAlias"
