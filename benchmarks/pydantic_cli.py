"""A minimal pydantic CLI: load a createOrder variables file and validate it. A benchmark floor.

``python benchmarks/pydantic_cli.py FILE`` exits 0 when FILE fits, 1 with pydantic's errors when
it does not. Its models are what someone would write for the same payload with pydantic alone:
the wire names as field names, the same nesting and the same types, no rules, no orderguard.
The in-process createOrder floor validates the same models (``bench_policies``).
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ValidationError


class Money(BaseModel):
    amount: Decimal
    currencyCode: str


class Alias(BaseModel):
    aliasType: str
    aliasId: str


class Amount(BaseModel):
    value: int
    unit: str | None = None


class ProductIdentifier(BaseModel):
    sku: str | None = None
    productId: str | None = None


class Product(BaseModel):
    identifier: ProductIdentifier | None = None
    title: str | None = None
    price: Money | None = None


class DeliveryTerms(BaseModel):
    isPrimeEligible: bool | None = None
    deliverySpeed: str | None = None


class DeliveryOfferDetails(BaseModel):
    deliveryProvider: Literal["AMAZON", "MERCHANT"]
    deliveryTerms: DeliveryTerms | None = None
    id: str | None = None
    deliveryPreviewId: str | None = None
    deliveryCharge: Money | None = None


class DeliveryOffer(BaseModel):
    details: DeliveryOfferDetails | None = None


class LineItem(BaseModel):
    amount: Amount
    selectedDeliveryOffer: DeliveryOffer
    product: Product | None = None
    aliases: list[Alias] | None = None


class Address(BaseModel):
    name: str | None = None
    streetAddress: str | None = None
    extendedAddress: str | None = None
    locality: str | None = None
    region: str | None = None
    countryCode: str | None = None
    postalCode: str | None = None
    contactNumber: str | None = None


class Recipient(BaseModel):
    deliveryAddress: Address | None = None


class EmailData(BaseModel):
    name: str | None = None
    email: str | None = None


class Contact(BaseModel):
    emailData: EmailData | None = None
    phoneNumber: str | None = None


class Customer(BaseModel):
    contact: Contact | None = None


class TokenValue(BaseModel):
    value: str


class ShopperIdentity(BaseModel):
    lwaAccessToken: TokenValue | None = None


class OrderLink(BaseModel):
    destinationType: Literal[
        "EXTERNAL_ORDER_MANAGEMENT",
        "EXTERNAL_ORDER_TRACKING",
        "BWP_STOREFRONT",
        "AMAZON_STOREFRONT",
    ]
    url: str


class TotalPrice(BaseModel):
    value: Money


class CreateOrderInput(BaseModel):
    lineItems: list[LineItem]
    customer: Customer
    recipient: Recipient | None = None
    aliases: list[Alias] | None = None
    orderLinks: list[OrderLink] | None = None
    shopperIdentity: ShopperIdentity | None = None
    totalPrice: TotalPrice | None = None


class CreateOrderVariables(BaseModel):
    input: CreateOrderInput


def main(argv: list[str] | None = None) -> int:
    """Validate the file named on the command line; exit 0 if it fits, 1 if not."""
    parser = argparse.ArgumentParser(description="Validate createOrder variables.")
    parser.add_argument("file")
    args = parser.parse_args(argv)
    with open(args.file, encoding="utf-8") as handle:
        data = json.load(handle)
    try:
        CreateOrderVariables.model_validate(data)
    except ValidationError as error:
        print(error, file=sys.stderr)
        return 1
    print("valid")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
