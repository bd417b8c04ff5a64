"""Realistic Order API payloads, for the demo, the benchmarks and the tests.

Each builder returns fresh JSON-ready dicts shaped exactly as a client sends them (GraphQL
variables) or as the ``order`` query returns them. The same payloads also ship as files
(``REQUESTS``, ``request_path``, ``load_request``; ``orderguard samples`` on the command line).
"""

from __future__ import annotations

from typing import Any

from orderguard.api import dialect_for
from orderguard.enums import ApiVersion
from orderguard.samples._files import REQUESTS, load_request, request_path

__all__ = [
    "ADDRESS",
    "REQUESTS",
    "context_json",
    "create_variables",
    "load_request",
    "order_json",
    "prime_line",
    "refund_update",
    "request_path",
    "update_variables",
]

JSON = dict[str, Any]

ADDRESS: JSON = {
    "name": "Jordan Rivera",
    "streetAddress": "410 Terry Ave N",
    "locality": "Seattle",
    "region": "WA",
    "countryCode": "US",
    "postalCode": "98109",
    "contactNumber": "+1 206-555-0142",
}


def prime_line(index: int, quantity: int = 1, version: ApiVersion = ApiVersion.V2024_11_01) -> JSON:
    """A Prime line item fulfilled by Amazon, with the delivery preview's offer IDs."""
    dialect = dialect_for(version)
    terms = {"isPrimeEligible": True, "deliverySpeed": "STANDARD"}
    return {
        "amount": {"value": quantity, "unit": "ONE"},
        "product": {
            "identifier": {"sku": f"SKU-{index:04d}"},
            "title": f"Trail running sock, pair {index}",
            "price": {"amount": "12.99", "currencyCode": "USD"},
        },
        "selectedDeliveryOffer": {
            "details": {
                "id": f"offer-{index}",
                "deliveryPreviewId": "preview-7f3a",
                "deliveryProvider": dialect.amazon_provider_spelling,
                **({"deliveryTerms": terms} if dialect.delivery_terms else {}),
            }
        },
        "aliases": [{"aliasType": "EXTERNAL_ITEM_ID", "aliasId": f"line-{index}"}],
    }


def create_variables(
    lines: int = 1,
    links: int = 1,
    aliases: int = 1,
    version: ApiVersion = ApiVersion.V2024_11_01,
    order_ref: str = "1001",
) -> JSON:
    """createOrder variables with ``lines`` one-unit Prime lines, links and aliases."""
    return {
        "input": {
            "lineItems": [prime_line(i, 1, version) for i in range(lines)],
            "customer": {
                "contact": {"emailData": {"name": "Jordan Rivera", "email": "jordan@example.com"}}
            },
            "recipient": {"deliveryAddress": dict(ADDRESS)},
            "aliases": [
                {
                    "aliasType": "EXTERNAL_ID" if i == 0 else f"OMS_ORDER_ID_{i}",
                    "aliasId": f"order-{order_ref}-{i}",
                }
                for i in range(aliases)
            ],
            "orderLinks": [
                {
                    "destinationType": "EXTERNAL_ORDER_MANAGEMENT",
                    "url": f"https://shop.example.com/orders/{order_ref}/{i}",
                }
                for i in range(links)
            ],
            "totalPrice": {"value": {"amount": str(12.99 * lines), "currencyCode": "USD"}},
        }
    }


def update_variables(
    order_id: str, input_: JSON, version: ApiVersion = ApiVersion.V2024_11_01
) -> JSON:
    """updateOrder variables addressing ``order_id`` the way ``version`` expects."""
    if dialect_for(version).identifier_argument:
        return {"orderIdentifier": {"orderId": order_id}, "input": input_}
    return {"input": {"orderId": order_id, **input_}}


def refund_update(
    refund_id: str | None, state: str, amount: str = "4.00", alias: str | None = None
) -> JSON:
    """One ``refunds.details[]`` entry with a cumulative total."""
    detail: JSON = {
        "refundTotal": {"totalAmount": {"amount": amount, "currencyCode": "USD"}},
        "state": state,
    }
    if refund_id is not None:
        detail["id"] = refund_id
    if alias is not None:
        detail["aliases"] = [{"aliasType": "EXTERNAL_REFUND_ID", "aliasId": alias}]
    return detail


def order_json(
    order_id: str = "322-ABC1-AAAAAA",
    execution: str = "NOT_STARTED",
    packages: tuple[str, ...] = ("PENDING",),
    refunds: tuple[tuple[str, str], ...] = (),
    cancellation: str | None = None,
    links: int = 1,
    version: ApiVersion = ApiVersion.V2024_11_01,
) -> JSON:
    """An ``order`` query response (enveloped) in the shape ``version`` returns."""
    field = dialect_for(version).package_field
    order: JSON = {
        "id": order_id,
        "aliases": [{"aliasType": "EXTERNAL_ID", "aliasId": f"oms-{order_id}"}],
        "orderLinks": [
            {
                "destinationType": "EXTERNAL_ORDER_MANAGEMENT",
                "url": f"https://shop.example.com/o/{i}",
            }
            for i in range(links)
        ],
        "metadata": {"executionState": execution, "createdAt": "2026-11-20T10:00:00Z"},
        field: {"details": [{"id": f"pkg-{i}", "state": s} for i, s in enumerate(packages)]},
        "refunds": {"details": [{"id": rid, "state": st} for rid, st in refunds]},
        "lineItems": [{"id": "line-0", "amount": {"value": 1, "unit": "ONE"}}],
    }
    if cancellation is not None:
        order["cancellations"] = {
            "details": [{"id": "c-1", "state": cancellation, "requestedBy": "MERCHANT"}]
        }
    return {"data": {"order": order}}


def context_json(variables: JSON, now: str = "2026-11-20T10:05:00Z") -> JSON:
    """``--context`` JSON consistent with createOrder ``variables``.

    The delivery preview the lines were chosen from, plenty of stock, a Prime shopper with a
    fresh token, and the recipient's address among the shopper's known ones.
    """
    lines = variables["input"]["lineItems"]
    offers: dict[str, list[JSON]] = {}
    for line in lines:
        details = line["selectedDeliveryOffer"].get("details") or {}
        if "id" in details:
            item = {
                "identifier": line["product"]["identifier"],
                "quantity": line["amount"]["value"],
            }
            offers.setdefault(details["id"], []).append(item)
    return {
        "now": now,
        "deliveryPreview": {
            "id": "preview-7f3a",
            "address": dict(ADDRESS),
            "offers": [
                {"id": offer_id, "expiresAt": "2026-11-20T11:00:00Z", "items": items}
                for offer_id, items in offers.items()
            ],
        },
        "usedAliases": [{"aliasType": "EXTERNAL_ID", "aliasId": "order-0999-0"}],
        "shopperPrime": True,
        "tokenAcquiredAt": "2026-11-20T09:30:00Z",
        "tokenLifetimeSeconds": 3600,
        "inventory": {
            line["product"]["identifier"]["sku"]: {
                "available": 50,
                "primeEnabled": True,
                "inCatalog": True,
            }
            for line in lines
            if "sku" in (line.get("product") or {}).get("identifier", {})
        },
        "knownAddresses": [dict(ADDRESS)],
    }
