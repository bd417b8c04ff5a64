"""The context is read strictly: no loose coercion of its values, and its errors say "invalid".

``tokenLifetimeSeconds: true`` was read as a lifetime of one second and ``shopperPrime: "yes"``
as a Prime member; each is now a ``PayloadError`` naming the field, worded as the context being
invalid (it is orderguard's JSON, so "does not fit the API schema" misled).
"""

from __future__ import annotations

from typing import Any

import pytest

from orderguard import Guard
from orderguard.errors import PayloadError
from orderguard.policies import Context
from orderguard.samples import create_variables

LOOSE = {
    "tokenLifetimeSeconds": (True, "tokenLifetimeSeconds"),
    "tokenLifetimeSeconds as text": ("3600", "tokenLifetimeSeconds"),
    "tokenLifetimeSeconds as a fraction": (3600.5, "tokenLifetimeSeconds"),
    "shopperPrime": ("yes", "shopperPrime"),
    "shopperPrime as a number": (1, "shopperPrime"),
    "now as a Unix time": (1_700_000_000, "now"),
    "inventory count": ({"SKU-0": {"available": True}}, "inventory.SKU-0.available"),
    "inventory flag": ({"SKU-0": {"primeEnabled": "true"}}, "inventory.SKU-0.primeEnabled"),
}


def _context(case: str) -> tuple[dict[str, Any], str]:
    value, path = LOOSE[case]
    field = case.split()[0]
    return {field: value}, path


@pytest.mark.parametrize("case", sorted(LOOSE))
def test_a_loosely_typed_context_value_is_refused_naming_its_field(case: str) -> None:
    data, path = _context(case)
    with pytest.raises(PayloadError) as raised:
        Context.from_json(data)
    assert [issue.path for issue in raised.value.issues] == [path]
    assert str(raised.value).startswith("context is invalid: ")
    with pytest.raises(PayloadError, match=f"context is invalid: {path}"):
        Guard().check_create(create_variables(), data)


def test_an_offer_quantity_is_a_whole_number_not_a_boolean() -> None:
    offer = {"id": "offer-0", "items": [{"identifier": {"sku": "S"}, "quantity": True}]}
    with pytest.raises(PayloadError) as raised:
        Context.from_json({"deliveryPreview": {"id": "p", "offers": [offer]}})
    paths = [issue.path for issue in raised.value.issues]
    assert paths == ["deliveryPreview.offers[0].items[0].quantity"]


def test_strictly_typed_values_still_read() -> None:
    context = Context.from_json(
        {
            "now": "2026-11-20T10:05:00Z",
            "shopperPrime": False,
            "tokenAcquiredAt": "2026-11-20T09:30:00Z",
            "tokenLifetimeSeconds": 3600,
            "inventory": {"SKU-0": {"available": 3, "primeEnabled": True, "inCatalog": True}},
        }
    )
    assert context.shopper_prime is False
    assert context.token_lifetime is not None and context.token_lifetime.total_seconds() == 3600
    assert context.inventory["SKU-0"].available == 3
