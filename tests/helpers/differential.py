"""What the differential tests share: a fake put where the guard's context says, IDs mapped.

The guard judges a request against placeholder IDs and the merchant's context; the fake holds
real orders and no context. ``fake_for`` gives the fake what the context says (the shopper's
Prime status, other orders' aliases), ``translate`` swaps placeholder IDs for the fake's, and
``fake_error`` names the fake's error the guard's way, and ``assert_agree`` holds a decision
against the fake's answer. ``CONTEXT_ONLY`` lists the codes the fake cannot answer because only
the context reveals them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from orderguard import Decision
from orderguard.enums import ApiVersion, Operation
from orderguard.fake import FakeOrderApi
from orderguard.samples import create_variables

JSON = dict[str, Any]

CONTEXT_ONLY = (
    "AddressMismatch",
    "ShopperIdMismatch",
    "ExpiredIdpToken",
    "StaleDeliveryOffer",
    "ItemUnavailableWithPrime",
    "ItemOutOfStock",
    "ReduceQuantityToProceed",
    "InvalidItemIdentifier",
    "SelectedQuantityNotAvailable",
)
"""Codes the guard finds only in the merchant's context, which the fake does not model."""


def translate(value: Any, ids: dict[str, str]) -> Any:
    """``value`` with every string that is a placeholder ID replaced by the fake's ID."""
    if isinstance(value, dict):
        return {key: translate(item, ids) for key, item in value.items()}
    if isinstance(value, list):
        return [translate(item, ids) for item in value]
    return ids.get(value, value) if isinstance(value, str) else value


def fake_for(version: ApiVersion, context: JSON | None) -> FakeOrderApi:
    """A fake knowing what the context says: the shopper's Prime status, other orders' aliases."""
    context = context or {}
    prime = frozenset() if context.get("shopperPrime") is False else None
    fake = FakeOrderApi(api_version=version.value, prime_shoppers=prime)
    if context.get("usedAliases"):
        other = create_variables(version=version, order_ref="other-order")
        other["input"]["aliases"] = context["usedAliases"]
        fake.create_order(other)
    return fake


def fake_error(response: JSON) -> tuple[str, str | None]:
    """(the guard's name for the fake's error, the field of a schema misfit)."""
    extensions = response["errors"][0]["extensions"]
    if "field" in extensions:
        return "SchemaError", extensions["field"]
    return extensions.get("errorCode") or extensions["errorType"], None


CANCEL_CODES = {
    "CancellationRequiresPendingPackages",
    "CancellationAliasLimitExceeded",
    "SchemaError",
}
"""The fake answers cancelOrder refusals as codeless ValidationErrors (the API names no codes)."""


def misfit_at(decision: Decision, field: str) -> bool:
    """Whether the guard has a ``SchemaError``-type violation at ``field``."""
    return field in {v.path for v in decision.violations if v.error_type == "SchemaError"}


def assert_agree(
    operation: Operation,
    decision: Decision,
    response: JSON,
    explains: Callable[[Decision, str], bool] = misfit_at,
) -> None:
    """The guard allows exactly what the fake accepts, and both name the same error.

    A schema misfit of the fake (``extensions.field``) is matched when ``explains`` says the
    guard's violations account for it (by default: any ``SchemaError``-type violation at that
    path, ``SchemaError`` or ``UnknownInputField``).
    """
    found = {(v.spec.name, v.path) for v in decision.violations}
    assert decision.allowed == ("errors" not in response), (found, response.get("errors"))
    if decision.allowed:
        return
    name, field = fake_error(response)
    if field is not None:
        assert explains(decision, field), (found, field)
        return
    names = {code for code, _ in found}
    if operation is Operation.CANCEL_ORDER and name == "ValidationError":
        assert names <= CANCEL_CODES
    else:
        assert name in names, (found, name)
