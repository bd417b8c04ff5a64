"""The emulator's GraphQL schema (SDL), one per API version.

The inputs (input types, enums, custom scalars, the operations' arguments) are written from
``orderguard.api.input_schema``, which reads the request models and the version's dialect: the
emulator, the guard's models and the fake judge the same inputs. Output types are written here
and carry what ``FakeOrderApi`` answers; states are ``String`` (``OrderMetadata.executionState``
is documented as one), and the packages field is the dialect's. ``updateOrderPackageInformation``
is the sandbox mutation that moves a package (reference §4.2; INFERENCE: its argument shapes were
not captured, so the emulator takes ``orderIdentifier`` plus ``{packageInformationDetailId,
state, reason}``, in both versions).
"""

from __future__ import annotations

from orderguard.api import dialect_for, input_schema
from orderguard.api.schema import InputSchema, InputType
from orderguard.enums import ApiVersion, Operation

_SCALARS = {
    "Decimal": "A decimal number: a JSON number, or a string written as one.",
    "JSON": "Any JSON value (a type the public documentation leaves open).",
    "JSONObject": "A JSON object (an input type whose fields the public documentation omits).",
}

_SANDBOX_INPUTS = """
enum UpdatePackageInformationStateInput { IN_TRANSIT DELIVERED CANCELLED }
enum PackageInformationDetailsReasonInput { CUSTOMER_REQUESTED UNFULFILLABLE UNDELIVERABLE }
input UpdateOrderPackageInformationInput {
  packageInformationDetailId: ID state: UpdatePackageInformationStateInput!
  reason: PackageInformationDetailsReasonInput
}
"""

_OUTPUTS = """
type Alias { aliasType: String! aliasId: ID! }
type OrderLink { destinationType: String url: String displayMessage: String }
type OrderMetadata { executionState: String createdAt: String updatedAt: String }
type PackageInformationSummary { state: String }
type PackageInformationDetails { id: ID! state: String reason: String aliases: [Alias!] }
type PackageInformation {
  summary: PackageInformationSummary details: [PackageInformationDetails!]
}
type Money { amount: Decimal currencyCode: String }
type RefundTotal { totalAmount: Money }
type RefundDetails {
  id: ID! state: String aliases: [Alias!] refundTotal: RefundTotal
  refundRequestReason: String refundStatusReason: String
}
type Refunds { details: [RefundDetails!] }
type CancellationDetails {
  id: ID state: String aliases: [Alias!] reason: String additionalComments: String
  requestedBy: String createdAt: String updatedAt: String
}
type Cancellations { details: [CancellationDetails!] }
type ReturnDetails { id: ID packageId: ID state: String }
type Returns { details: [ReturnDetails!] }
type Amount { value: Decimal unit: String }
type LineItem { id: ID! amount: Amount aliases: [Alias!] }
type Order {
  id: ID! aliases: [Alias!] orderLinks: [OrderLink!] metadata: OrderMetadata
  %(packages)s: PackageInformation refunds: Refunds cancellations: Cancellations
  returns: Returns lineItems: [LineItem!]
}
type CreateOrderResponse { order: Order }
type UpdateOrderResponse { order: Order }
type CancelOrderResponse { cancellation: CancellationDetails }
type UpdateOrderPackageInformationResponse { order: Order }
"""

_RESULTS = {
    Operation.CREATE_ORDER: "CreateOrderResponse",
    Operation.UPDATE_ORDER: "UpdateOrderResponse",
    Operation.CANCEL_ORDER: "CancelOrderResponse",
}
_SANDBOX_FIELD = """
  updateOrderPackageInformation(
    orderIdentifier: OrderIdentifierInput!, input: UpdateOrderPackageInformationInput!
  ): UpdateOrderPackageInformationResponse
"""


def _input_sdl(kind: InputType) -> str:
    fields = "\n".join(f"  {field}" for field in kind.fields)
    return f"input {kind.name} {{\n{fields}\n}}"


def _field(name: str, arguments: InputType, result: str) -> str:
    return f"  {name}({', '.join(map(str, arguments.fields))}): {result}"


def inputs_sdl(schema: InputSchema) -> str:
    """The input types, enums and custom scalars of ``schema`` as SDL."""
    parts = [f'"{_SCALARS[name]}"\nscalar {name}' for name in sorted(schema.scalars)]
    parts += [f"enum {name} {{ {' '.join(values)} }}" for name, values in schema.enums.items()]
    parts += [_input_sdl(kind) for kind in schema.types.values() if kind.name[:1].isupper()]
    return "\n".join(parts)


def operations_sdl(schema: InputSchema) -> str:
    """The ``Query`` and ``Mutation`` types, their arguments taken from ``schema``."""
    query = _field(Operation.ORDER.value, schema.arguments(Operation.ORDER), "Order")
    mutations = [_field(op.value, schema.arguments(op), result) for op, result in _RESULTS.items()]
    body = "\n".join(mutations)
    return f"type Query {{\n{query}\n}}\ntype Mutation {{\n{body}{_SANDBOX_FIELD}}}"


def sdl(version: ApiVersion) -> str:
    """The schema of ``version`` as SDL text."""
    dialect = dialect_for(version)
    schema = input_schema(dialect)
    outputs = _OUTPUTS % {"packages": dialect.package_field}
    return "\n".join((inputs_sdl(schema), _SANDBOX_INPUTS, outputs, operations_sdl(schema)))
