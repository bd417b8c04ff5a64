"""The fidelity table, part 2: the reference's §5 (limits), §6 (pre-flight rules), §10 (version
differences) and the seed's rows not already in part 1 (``fidelity``), one row each.

Facts that are not about a request (token lifetimes, events, other interfaces) are ELSEWHERE
rows: they name what holds them and, where orderguard holds them, a probe checks it.
"""

from __future__ import annotations

from typing import Any

import pytest

from orderguard import Guard, samples
from orderguard.enums import Operation, PackageState
from orderguard.errors import CATALOG, PayloadError, RetryPolicy
from tests.helpers.fidelity import (
    ADDRESS,
    BOTH,
    DETAILS0,
    JSON,
    LINE0,
    NONE,
    ONLY_04,
    ONLY_11,
    TOTAL,
    Fact,
    Kind,
    Scene,
    edited,
    lines,
    merchant,
    refund_update,
)
from tests.helpers.policy_cases import Call, sandbox_token

R, D, A, E = Kind.RULE, Kind.DECISION, Kind.ALLOWED, Kind.ELSEWHERE
IDENTITY = "input.shopperIdentity"
SESSION = "CHECKOUT_SESSION_ID"


def _identity(scene: Scene, identity: JSON) -> Call:
    return scene.call(scene.create(1, shopperIdentity=identity))


def _in_context(scene: Scene, change: Any, lines_: int = 1) -> Call:
    """The sample createOrder in the sample context (``samples.context_json``), changed."""
    variables = scene.create(lines_, shopperIdentity={"lwaAccessToken": {"value": "Atza|x"}})
    context = samples.context_json(variables)
    change(variables, context)
    return scene.call(variables, context)


def _offer(context: JSON) -> JSON:
    offer: JSON = context["deliveryPreview"]["offers"][0]
    return offer


def _stock(context: JSON, **item: Any) -> None:
    context["inventory"]["SKU-0000"].update(item)


def _short_stock(variables: JSON, context: JSON) -> None:
    lines(variables)[0]["amount"]["value"] = 2
    _offer(context)["items"][0]["quantity"] = 2
    _stock(context, available=1)


def _start(scene: Scene, order_id: str) -> Call:
    return scene.update(order_id, {"desiredExecutionState": "STARTED"})


def _cancelled_then_started(scene: Scene) -> Call:
    order_id = scene.new_order()
    scene.fake.cancel_order(scene.cancel(order_id, {"reason": "OTHER"}).variables)
    return _start(scene, order_id)


def _refund_moved(scene: Scene, first: str, then: str) -> Call:
    """A refund the merchant moved to ``first``, now asked to move to ``then``."""
    order_id = scene.new_order()
    (refund_id,) = scene.refunds(order_id)
    move = {"refunds": {"details": [{"id": refund_id, "refundTotal": TOTAL, "state": first}]}}
    scene.fake.update_order(scene.update(order_id, move).variables)
    detail = {"id": refund_id, "refundTotal": TOTAL, "state": then}
    return scene.update(order_id, {"refunds": {"details": [detail]}})


def _rejected_then_success(scene: Scene) -> Call:
    """A refund rejected, then reported a success (where REJECTED exists; else SUCCESS twice)."""
    known = {state.value for state in scene.dialect.refund_states}
    return _refund_moved(scene, "REJECTED" if "REJECTED" in known else "SUCCESS", "SUCCESS")


def _order_in_transit(field: str) -> Any:
    """A start of a started order whose package is IN_TRANSIT, as the order JSON says in
    ``field`` (``deliveryInformation`` or ``packageInformation``).
    """

    def example(scene: Scene) -> Call:
        order: JSON = samples.order_json(execution="STARTED", packages=("IN_TRANSIT",))
        body = order["data"]["order"]
        body[field] = body.pop("packageInformation")
        start = {"desiredExecutionState": "STARTED"}
        variables = samples.update_variables("322-ABC1-AAAAAA", start, scene.version)
        return Call("updateOrder", variables, order, version=scene.version)

    return example


def _events_named_by_the_dialect(scene: Scene) -> None:
    order_id = scene.started_order()
    (event,) = scene.fake.ship(order_id)
    assert event["eventDescriptor"] == scene.dialect.package_events[PackageState.IN_TRANSIT]


def _retry(operation: Operation, name: str, policy: RetryPolicy) -> Any:
    def probe(scene: Scene) -> None:
        assert CATALOG.get_spec(operation, name).retry is policy

    return probe


def _retried_create_conflicts(scene: Scene) -> None:
    variables = scene.create(1)
    scene.fake.create_order(variables)
    answer = scene.fake.execute("createOrder", variables)
    assert answer["errors"][0]["extensions"]["errorType"] == "ConflictError"
    assert CATALOG.get_spec(Operation.CREATE_ORDER, "ConflictError").retry is (
        RetryPolicy.RECOVER_BY_ALIAS
    )


def _no_create_from_offer(scene: Scene) -> None:
    with pytest.raises(PayloadError, match="createOrderFromOffer"):
        Guard(scene.version).check("createOrderFromOffer", {"input": {}})


def _order_query_rows(scene: Scene) -> None:
    names = {spec.name for spec in CATALOG.specs() if spec.operation is Operation.ORDER}
    assert {"AccessDeniedError", "InternalServerError", "ThrottlingError"} <= names


_C, _U = Operation.CREATE_ORDER, Operation.UPDATE_ORDER
LONG_TITLE = "Trail sock " * 40

# fmt: off
LIMITS: tuple[Fact, ...] = (
    # --- 5 numeric limits --------------------------------------------------------------------
    Fact("items-prime-twenty", "§5 §10 seed", BOTH, R,
         "rule max_order_units(Dialect.max_prime_units, ...)",
         "at most 20 BwP-eligible items per order",
         lambda s: s.call(s.create(21)), "OrderQuantityLimitExceeded", "input.lineItems"),
    Fact("items-other-twenty-2024-11-01", "§5 §10", ONLY_11, R,
         "rule max_order_units(..., Dialect.max_non_prime_units)",
         "2024-11-01: also at most 20 items that are not eligible (40 in all)",
         lambda s: s.call(s.create(1, lineItems=[samples.prime_line(0, 1, s.version),
                                                 merchant(s, 1, 21)])),
         "OrderQuantityLimitExceeded", "input.lineItems"),
    Fact("items-count-units", "§5 §12.3", BOTH, D, "rule max_order_units",
         "GAP: '20 items' may mean units or lines: units are counted (one line of 21 is over)",
         lambda s: edited(s, lambda v: lines(v)[0]["amount"].update(value=21)),
         "OrderQuantityLimitExceeded", "input.lineItems"),
    Fact("idp-token-at-most-2048", "§5", BOTH, R, "rule identity_token (Dialect)",
         "idPToken is 1 to 2048 characters: not longer",
         lambda s: _identity(s, {"idPToken": "A" * 2049}),
         "InvalidIdpToken", f"{IDENTITY}.idPToken"),
    Fact("idp-token-not-empty", "§5", BOTH, R, "rule identity_token",
         "idPToken is 1 to 2048 characters: not empty",
         lambda s: _identity(s, {"idPToken": ""}), "InvalidIdpToken", f"{IDENTITY}.idPToken"),
    Fact("lwa-token-capped", "§5", BOTH, D, "rule identity_token (Dialect.idp_token_max_length)",
         "INFERENCE: an LWA token is capped like idPToken, the OAuth token it describes",
         lambda s: _identity(s, {"lwaAccessToken": {"value": "A" * 2049}}),
         "InvalidIdpToken", f"{IDENTITY}.lwaAccessToken.value"),
    Fact("apay-external-id-1-512", "§5", BOTH, R,
         "rule identity_token (Dialect.external_id_max_length)",
         "a checkout session's externalId is 1 to 512 characters",
         lambda s: _identity(s, {"apayCheckoutSessionId": {"value": "s", "externalId": "E" * 513}}),
         "InvalidIdpToken", f"{IDENTITY}.apayCheckoutSessionId.externalId"),
    Fact("identity-external-id-1-512", "§5 §1.3", BOTH, R,
         "rule identity_token (Dialect.external_id_max_length)",
         "the deprecated IdentityTokenInput.externalId is 1 to 512 characters",
         lambda s: _identity(s, {"idPToken": "Atza|x", "externalId": "E" * 513}),
         "InvalidIdpToken", f"{IDENTITY}.externalId"),
    Fact("apay-session-value-1-256", "§5", BOTH, R,
         "rule identity_token (Dialect.apay_session_id_max_length)",
         "apayCheckoutSessionId.value is 1 to 256 characters",
         lambda s: _identity(s, {"apayCheckoutSessionId": {"value": "S" * 257, "externalId": "e"}}),
         "InvalidIdpToken", f"{IDENTITY}.apayCheckoutSessionId.value"),
    Fact("identity-needs-a-token", "§5 §1.3", BOTH, D, "rule identity_token",
         "GAP: a shopperIdentity carrying no token at all is InvalidIdpToken",
         lambda s: _identity(s, {}), "InvalidIdpToken", IDENTITY),
    Fact("lwa-lifetime-from-context", "§5 seed", BOTH, R, "rule token_expiry (Context)",
         "an expired token is refused: its lifetime (LWA: 3600 s) comes from the context",
         lambda s: _in_context(s, lambda v, c: c.update(tokenAcquiredAt="2026-11-20T09:00:00Z")),
         "ExpiredIdpToken", f"{IDENTITY}.lwaAccessToken.value", fake=False),
    Fact("lwa-lifetime-not-assumed", "§5", BOTH, D, "rule token_expiry (Context)",
         "decided: without a lifetime or expiry in the context no token is judged expired",
         lambda s: _in_context(s, lambda v, c: c.update(tokenAcquiredAt="2026-11-20T00:00:00Z",
                                                        tokenLifetimeSeconds=None)),
         fake=False),
    Fact("us-only", "§5 §3.10", BOTH, R, "rule recipient_address",
         "Buy with Prime ships to the US only",
         lambda s: edited(s, lambda v: v["input"]["recipient"]["deliveryAddress"].update(
             countryCode="CA")), "InvalidRecipientAddressInput", f"{ADDRESS}.countryCode"),
    Fact("no-territories-or-military", "§5", BOTH, R, "rule recipient_address",
         "not to the territories or military regions",
         lambda s: edited(s, lambda v: v["input"]["recipient"]["deliveryAddress"].update(
             region="PR")), "InvalidRecipientAddressInput", f"{ADDRESS}.region"),
    Fact("no-other-documented-limits", "§5", BOTH, D, "no rule (policies/_create.py)",
         "GAP: no limit on title length or per-line quantity (within the order's)",
         lambda s: edited(s, lambda v: lines(v)[0].update(
             amount={"value": 20}, product=lines(v)[0]["product"] | {"title": LONG_TITLE}))),
    Fact("reversal-item-ids", "§5", BOTH, E, "the returns interface: not an Order mutation",
         "reversal item SKU 1 to 255, ExternalId 1 to 512"),
    Fact("client-token-36-64", "§5", BOTH, E, "the Privacy interface (see no-client-token)",
         "ClientToken is 36 to 64 characters"),
    Fact("access-token-15-minutes", "§5", BOTH, E, "orderguard.client's token refresh",
         "access tokens expire every 15 minutes"),
    Fact("sandbox-propagation", "§5", BOTH, E, "the fake's Amazon side, driven explicitly",
         "sandbox state changes take about 8 or 2 minutes"),
    Fact("analytics-tasks", "§5", BOTH, E, "another interface", "at most 5 report tasks"),
    Fact("rate-limits", "§5 seed", BOTH, E, "the catalog: ThrottlingError retries with backoff",
         "no rate limits are published; ThrottlingError means back off",
         probe=_retry(_C, "ThrottlingError", RetryPolicy.RETRY_WITH_BACKOFF)),
    # --- 6 pre-flight rules ------------------------------------------------------------------
    Fact("identifiers-equal-preview", "§6.1 seed", BOTH, R, "rule preview_offers (Context)",
         "a line's item identifier is the chosen offer's",
         lambda s: _in_context(s, lambda v, c: _offer(c)["items"][0].update(
             identifier={"sku": "OTHER"})),
         "InvalidItemIdentifier", f"{LINE0}.product.identifier", fake=False),
    Fact("sku-unique-in-catalog", "§6.1", NONE, E, "the merchant's catalog (v2024-01-01 only)",
         "a SKU used as an identifier is unique in the catalog"),
    Fact("quantity-equals-offer", "§5 §6.2 seed", BOTH, R, "rule preview_offers (Context)",
         "amount.value equals the quantity of the chosen offer",
         lambda s: _in_context(s, lambda v, c: _offer(c)["items"][0].update(quantity=2)),
         "SelectedQuantityNotAvailable", f"{LINE0}.amount.value", fake=False),
    Fact("preview-id-equals", "§6.3", BOTH, R, "rule preview_offers (Context)",
         "deliveryPreviewId is the preview's ID",
         lambda s: _in_context(s, lambda v, c: c["deliveryPreview"].update(id="preview-new")),
         "StaleDeliveryOffer", f"{DETAILS0}.deliveryPreviewId", fake=False),
    Fact("offer-id-equals", "§6.4", BOTH, R, "rule preview_offers (Context)",
         "details.id is one of the preview's offers",
         lambda s: _in_context(s, lambda v, c: c["deliveryPreview"].update(offers=[])),
         "StaleDeliveryOffer", f"{DETAILS0}.id", fake=False),
    Fact("offer-not-expired", "§3.4", BOTH, D, "rule preview_offers (Context)",
         "INFERENCE: an expired offer (expiresAt) is refused as StaleDeliveryOffer",
         lambda s: _in_context(s, lambda v, c: _offer(c).update(expiresAt="2026-11-20T10:00:00Z")),
         "StaleDeliveryOffer", f"{DETAILS0}.id", fake=False),
    Fact("address-matches-preview", "§6.5 seed", BOTH, R, "rule preview_address (Context)",
         "the recipient's address is the preview's",
         lambda s: _in_context(s, lambda v, c: c["deliveryPreview"]["address"].update(
             streetAddress="1 Elsewhere Way")),
         "AddressMismatch", ADDRESS, fake=False),
    Fact("identity-matches-preview", "§6.6", BOTH, D, "no rule (policies/_create.py)",
         "GAP (cut off): whether the identity is the preview's is not checked",
         lambda s: _in_context(s, lambda v, c: None), fake=False),
    Fact("merchant-summary-or-details", "§6.7", BOTH, A, "schema: DeliveryOfferInput",
         "a merchant line uses the summary or the details form",
         lambda s: s.call(s.create(1, lineItems=[
             samples.prime_line(0, 1, s.version), merchant(s, 1),
             merchant(s, 2) | {"selectedDeliveryOffer": {"summary": {}}}]))),
    Fact("unsupported-features", "§6.10", BOTH, E, "no Order mutation input carries them",
         "MCF features, return offers for non-Prime items, previews of non-BwP items"),
    Fact("sandbox-token-as-published", "§6.11", BOTH, R, "rule identity_token",
         "a sandbox mock token is sent base64-encoded, as published",
         lambda s: _identity(s, {"lwaAccessToken": {"value": "sandbox-mocked-test-lwa"}}),
         "InvalidIdpToken", f"{IDENTITY}.lwaAccessToken.value"),
    Fact("sandbox-token-type", "§6.11", BOTH, R, "rule identity_token",
         "a sandbox token's type fits its field",
         lambda s: _identity(s, {"lwaAccessToken": {"value": sandbox_token(SESSION)}}),
         "InvalidIdpToken", f"{IDENTITY}.lwaAccessToken.value"),
    Fact("sandbox-token-accepted", "§6.11", BOTH, A, "rule identity_token",
         "the published sandbox token passes",
         lambda s: _identity(s, {"lwaAccessToken": {"value": sandbox_token()}})),
    Fact("out-of-stock", "§6.12 seed", BOTH, R, "rule inventory (Context)",
         "an item with no inventory is refused",
         lambda s: _in_context(s, lambda v, c: _stock(c, available=0)),
         "ItemOutOfStock", LINE0, fake=False),
    Fact("not-prime-enabled", "§6.12 seed", BOTH, R, "rule inventory (Context)",
         "an item not enabled for Buy with Prime is refused",
         lambda s: _in_context(s, lambda v, c: _stock(c, primeEnabled=False)),
         "ItemUnavailableWithPrime", f"{LINE0}.product.identifier", fake=False),
    Fact("short-stock", "§6.12 seed", BOTH, R, "rule inventory (Context)",
         "more units than inventory holds are refused", lambda s: _in_context(s, _short_stock),
         "ReduceQuantityToProceed", f"{LINE0}.amount.value", fake=False),
    Fact("not-in-catalog", "§6.12 seed", BOTH, R, "rule inventory (Context)",
         "an item the catalog does not know is refused",
         lambda s: _in_context(s, lambda v, c: _stock(c, inCatalog=False)),
         "InvalidItemIdentifier", f"{LINE0}.product.identifier", fake=False),
    # --- 10 version differences --------------------------------------------------------------
    Fact("delivery-information-before", "§10", BOTH, R,
         "rule execution_start (OrderSnapshot, tolerant of either spelling)",
         "before 2024-11-01 the order's packages are in deliveryInformation (read in both: "
         "responses are read tolerantly)",
         _order_in_transit("deliveryInformation"), "ExecutionAlreadyStarted",
         "input.desiredExecutionState", fake=False),
    Fact("package-information-2024-11-01", "§10", BOTH, R,
         "rule execution_start (OrderSnapshot, tolerant of either spelling)",
         "2024-11-01 calls them packageInformation (read in both)",
         _order_in_transit("packageInformation"), "ExecutionAlreadyStarted",
         "input.desiredExecutionState", fake=False),
    Fact("delivery-event-names", "§10", BOTH, E, "Dialect.package_events (intake, the fake)",
         "DELIVERY_* events before 2024-11-01, PACKAGE_* from it",
         probe=_events_named_by_the_dialect),
    Fact("refund-rejected-2024-11-01", "§10 §4.4", ONLY_04, Kind.SCHEMA,
         "schema (Dialect.refund_states)", "REJECTED is a refund state from 2024-11-01",
         lambda s: refund_update(s, {"id": 0, "refundTotal": TOTAL, "state": "REJECTED"}),
         "SchemaError", "input.refunds.details[0].state"),
    Fact("refund-rejected-allowed", "§10 §4.4", ONLY_11, D, "statemachine refund table",
         "GAP: REJECTED's transitions were not found: PENDING may become REJECTED",
         lambda s: refund_update(s, {"id": 0, "refundTotal": TOTAL, "state": "REJECTED"})),
    Fact("refund-rejected-final", "§10 §4.4", ONLY_11, D, "rule refund_transitions",
         "GAP, decided: REJECTED is final", _rejected_then_success,
         "InvalidRefundStateTransition", "input.refunds.details[0].state"),
    Fact("refund-success-final", "§10 §4.4 §7.3", BOTH, R, "rule refund_transitions",
         "the refund transition table: SUCCESS is final",
         lambda s: _refund_moved(s, "SUCCESS", "PENDING"),
         "InvalidRefundStateTransition", "input.refunds.details[0].state"),
    Fact("return-states", "§10", BOTH, E, "the fake's Amazon side (returns are no request)",
         "return states differ by version"),
    Fact("scope-note", "§10", BOTH, E, "the credentials' permissions (AccessDeniedError)",
         "createOrder's page names the Edit Order Data scope before 2024-11-01"),
    Fact("sandbox-state-mutation", "§10", BOTH, E, "the fake's Amazon side; the emulator",
         "updateOrderDeliveryInformation / updateOrderPackageInformation"),
    Fact("create-order-from-offer", "§3.1", ONLY_11, E, "not a guarded mutation",
         "createOrderFromOffer (latest) is not checked", probe=_no_create_from_offer),
    # --- the seed's rows not above -----------------------------------------------------------
    Fact("access-denied", "seed", BOTH, E, "the catalog: fix the credentials, then retry",
         "AccessDeniedError", probe=_retry(_C, "AccessDeniedError", RetryPolicy.RETRY_AFTER_FIX)),
    Fact("conflict-error", "seed §8", BOTH, E, "the client's recovery by alias; the fake",
         "ConflictError: the retried createOrder had created the order",
         probe=_retried_create_conflicts),
    Fact("internal-server-error", "seed", BOTH, E, "the catalog: nothing to retry",
         "InternalServerError", probe=_retry(_C, "InternalServerError", RetryPolicy.NONE)),
    Fact("conflict-exception", "seed", BOTH, E, "the catalog: retry the update",
         "ConflictException: the order is being updated",
         probe=_retry(_U, "ConflictException", RetryPolicy.RETRY)),
    Fact("order-query-errors", "seed", BOTH, E, "the catalog (the query is not pre-flighted)",
         "the order query's three rows", probe=_order_query_rows),
    Fact("recipient-contact", "seed", BOTH, R, "rule recipient_contact",
         "the recipient's contact number is a phone number",
         lambda s: edited(s, lambda v: v["input"]["recipient"]["deliveryAddress"].update(
             contactNumber="call me")),
         "InvalidRecipientContactInput", f"{ADDRESS}.contactNumber"),
    Fact("shopper-contact", "seed", BOTH, R, "rule shopper_contact",
         "the shopper's contact is well-formed",
         lambda s: edited(s, lambda v: v["input"]["customer"]["contact"]["emailData"].update(
             email="jordan")),
         "InvalidShopperContactInput", "input.customer.contact.emailData.email"),
    Fact("shopper-not-prime", "seed", BOTH, R, "rule prime_membership (Context)",
         "Prime lines need a Prime member",
         lambda s: _in_context(s, lambda v, c: c.update(shopperPrime=False)),
         "ShopperNotPrime", IDENTITY, fake=False),
    Fact("shopper-id-mismatch", "seed", BOTH, R, "rule known_address (Context)",
         "the address is one the shopper is known by",
         lambda s: _in_context(s, lambda v, c: c.update(knownAddresses=[
             samples.ADDRESS | {"streetAddress": "1 Elsewhere Way"}])),
         "ShopperIdMismatch", ADDRESS, fake=False),
    Fact("execution-already-started", "seed", BOTH, R, "rule execution_start",
         "an order already under way is not started again",
         lambda s: _start(s, s.started_order(shipped=True)),
         "ExecutionAlreadyStarted", "input.desiredExecutionState"),
    Fact("start-after-cancellation", "seed", BOTH, R, "rule execution_start",
         "a cancelled or cancelling order is not started", _cancelled_then_started,
         "ExecutionCannotBeStartedDueToCancellation", "input.desiredExecutionState"),
)
"""Every fact of §5, §6, §10 and the seed not in ``fidelity.INPUTS``."""
# fmt: on
