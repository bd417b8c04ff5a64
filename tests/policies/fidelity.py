"""The fidelity table: every fact of the reference's §3, §5, §6, §10 and the seed, one row each.

This module holds §3 (input types); ``fidelity_limits`` holds §5, §6, §10 and the seed's rows;
``FACTS`` is all of them. A row names the versions a fact applies to and what enforces it (a
rule of ``orderguard.policies.rules``, the input schema, or a decision where the reference is
silent); ``test_fidelity`` breaks each one in each version, through ``Guard`` and the fake.
"""

from __future__ import annotations

from typing import Any

from orderguard import samples
from tests.helpers.fidelity import (
    ADDRESS,
    BOTH,
    DETAILS0,
    JSON,
    LINE0,
    ONLY_04,
    ONLY_11,
    TOTAL,
    Fact,
    Kind,
    Scene,
    amazon_without_prime,
    drop,
    edited,
    identified_in_both_places,
    identified_twice,
    lines,
    merchant,
    refund_pair,
    refund_twice,
    refund_update,
    without_terms_and_id,
)
from tests.helpers.policy_cases import Call
from tests.policies.fidelity_limits import LIMITS

R, S, D, A = Kind.RULE, Kind.SCHEMA, Kind.DECISION, Kind.ALLOWED
LINKS = [{"destinationType": "BWP_STOREFRONT", "url": f"https://x/{i}"} for i in range(3)]
NEW_ALIASES = [{"aliasType": "EXTERNAL_ID", "aliasId": f"new-{i}"} for i in range(5)]
ORDER_ALIAS = {"aliasType": "EXTERNAL_ID", "aliasId": "order-1001-0"}
TAXES = {"summary": {"collectableTaxAmount": {"amount": "1.04", "currencyCode": "USD"}}}
PAYMENT = {
    "id": "pay-1",
    "amount": {"amount": "4.00", "currencyCode": "USD"},
    "paymentMethod": {"displayString": "Visa ending in 1234", "type": "CARD"},
}


def _mixed(scene: Scene) -> Call:
    """A Prime line and a merchant line without a product."""
    mixed = [samples.prime_line(0, 1, scene.version), merchant(scene, 1, product=False)]
    return scene.call(scene.create(1, lineItems=mixed))


def _terms(variables: JSON, **changes: Any) -> None:
    """An edit of the first line's offer details."""
    lines(variables)[0]["selectedDeliveryOffer"]["details"].update(changes)


# fmt: off
INPUTS: tuple[Fact, ...] = (
    # --- 3.1 CreateOrderInput ----------------------------------------------------------------
    Fact("line-items-required", "§3.1", BOTH, S, "schema: CreateOrderInput.lineItems",
         "lineItems is required",
         lambda s: edited(s, drop("lineItems")), "SchemaError", "input.lineItems"),
    Fact("at-least-one-line", "§3.1", BOTH, D, "rule required_line_fields",
         "GAP (how many lines is not documented): an order has at least one line",
         lambda s: edited(s, lambda v: v["input"].update(lineItems=[])),
         "SchemaError", "input.lineItems"),
    Fact("customer-required", "§3.1", BOTH, S, "schema: CreateOrderInput.customer",
         "customer is required on create",
         lambda s: edited(s, drop("customer")), "SchemaError", "input.customer"),
    Fact("recipient-for-amazon-lines", "§3.1", BOTH, D, "rule recipient_address",
         "the recipient is in every example, never said required: decided required when "
         "Amazon delivers a line",
         lambda s: edited(s, drop("recipient")), "InvalidRecipientAddressInput", ADDRESS),
    Fact("recipient-optional-for-merchant-orders", "§3.1", BOTH, D, "rule recipient_address",
         "decided: an order the merchant ships entirely needs no recipient",
         lambda s: s.call(s.create(0, lineItems=[merchant(s, 0)], recipient=None))),
    Fact("order-aliases-at-most-five", "§3.1 §3.5 §5 §6.9", BOTH, R,
         "rule order_aliases(Dialect.max_order_aliases)", "at most 5 aliases per order",
         lambda s: s.call(samples.create_variables(aliases=6, version=s.version)),
         "AliasValueAlreadyExists", "input.aliases"),
    Fact("order-aliases-field-deprecated", "§3.1 §10", BOTH, S, "schema (strict inputs)",
         "orderAliases is v2024-01-01's deprecated field, in neither supported version",
         lambda s: edited(s, lambda v: v["input"].update(orderAliases=[ORDER_ALIAS])),
         "SchemaError", "input.orderAliases", fake=False),
    Fact("unknown-input-field", "§3 (GAP: field lists cut off)", BOTH, S,
         "schema (strict inputs; its own catalog name, downgradable with warnings=)",
         "an input field the version's schema does not have is refused",
         lambda s: edited(s, lambda v: v["input"].update(giftWrap=True)),
         "UnknownInputField", "input.giftWrap"),
    Fact("order-links-zero-to-five", "§3.1 §3.6 §5", BOTH, R,
         "rule max_order_links(Dialect.max_order_links)", "0 to 5 order links on create",
         lambda s: s.call(samples.create_variables(links=6, version=s.version)),
         "OrderLinkLimitExceeded", "input.orderLinks"),
    Fact("execution-state-values", "§3.1", BOTH, S, "schema: OrderExecutionStateInput",
         "desiredExecutionState is STARTED or NOT_STARTED",
         lambda s: edited(s, lambda v: v["input"].update(desiredExecutionState="GO")),
         "SchemaError", "input.desiredExecutionState"),
    Fact("order-level-money-accepted", "§3.1 §6.8", BOTH, A, "schema: optional fields",
         "order-level discounts, taxes and totalPrice are accepted (line-level ones are "
         "advice, not a rule)",
         lambda s: edited(s, lambda v: v["input"].update(taxes=TAXES, discounts={
             "amount": {"amount": "1.00", "currencyCode": "USD"}}))),
    Fact("shopper-identity-optional", "§3.1 §6.6", BOTH, D, "no rule (policies/_create.py)",
         "GAP: shopperIdentity is 'needed for Prime', but no error is documented for its "
         "absence: a Prime line without it passes",
         lambda s: s.call(s.create(1))),
    # --- 3.2 LineItemInput -------------------------------------------------------------------
    Fact("line-amount-required", "§3.2 §10", BOTH, S, "schema: LineItemInput.amount",
         "amount is required (v2024-01-01's quantity is not it)",
         lambda s: edited(s, lambda v: lines(v)[0].update(quantity=lines(v)[0].pop("amount"))),
         "SchemaError", f"{LINE0}.amount"),
    Fact("line-amount-positive", "§3.2", BOTH, D, "schema: AmountInput.value (api QUANTITY)",
         "INFERENCE: amount.value is a quantity, above zero",
         lambda s: edited(s, lambda v: lines(v)[0]["amount"].update(value=0)),
         "SchemaError", f"{LINE0}.amount.value"),
    Fact("line-amount-whole", "§3.2 §5", BOTH, D, "schema: AmountInput.value (api QUANTITY)",
         "GAP (a Decimal with a unit, ONE in every example): decided, a quantity counts whole "
         "items, so 0.5 is refused (1,000 lines of 0.01 slipped under the 20-unit cap)",
         lambda s: edited(s, lambda v: lines(v)[0]["amount"].update(value="0.5")),
         "SchemaError", f"{LINE0}.amount.value"),
    Fact("money-not-negative", "§3.2 §3.4", BOTH, D, "schema: MoneyInput.amount (api AMOUNT)",
         "GAP (no sign documented): decided, a price or delivery charge is never negative",
         lambda s: edited(s, lambda v: lines(v)[0]["product"]["price"].update(amount="-1.00")),
         "SchemaError", f"{LINE0}.product.price.amount"),
    Fact("currency-code-iso-4217", "§3.1 §3.10", BOTH, D,
         "schema: MoneyInput.currencyCode (api CURRENCY_CODE)",
         "GAP (examples send USD): decided, currencyCode has the ISO 4217 form, three "
         "upper-case letters",
         lambda s: edited(s, lambda v: lines(v)[0]["product"]["price"].update(currencyCode="")),
         "SchemaError", f"{LINE0}.product.price.currencyCode"),
    Fact("strings-bounded", "§5", BOTH, D, "schema: every String and ID (api MAX_TEXT)",
         "GAP (no string lengths documented but the identity's): decided, at most 8192 "
         "characters in any string, four times the longest documented limit",
         lambda s: edited(s, lambda v: lines(v)[0]["product"].update(title="t" * 8193)),
         "SchemaError", f"{LINE0}.product.title"),
    Fact("line-offer-required", "§3.2", BOTH, S, "schema: LineItemInput.selectedDeliveryOffer",
         "selectedDeliveryOffer is required",
         lambda s: edited(s, drop("lineItems", "0", "selectedDeliveryOffer")),
         "SchemaError", f"{LINE0}.selectedDeliveryOffer"),
    Fact("amazon-line-product-attributes", "§3.2 seed", BOTH, R, "rule item_attributes",
         "an Amazon line's product gives title, price and identifier",
         lambda s: edited(s, drop("lineItems", "0", "product", "title")),
         "MissingItemAttributes", f"{LINE0}.product.title"),
    Fact("amazon-line-product-2024-11-01", "§3.2", ONLY_11, R, "rule item_attributes",
         "2024-11-01 (product optional in its schema): an Amazon line without one is "
         "MissingItemAttributes",
         lambda s: edited(s, drop("lineItems", "0", "product")),
         "MissingItemAttributes", f"{LINE0}.product"),
    Fact("product-required-before-2024-11-01", "§3.2 §10", ONLY_04, D,
         "rule required_line_fields (Dialect.merchant_lines_need_product)",
         "GAP (no code): before 2024-11-01 every line names its product, a merchant's too: "
         "a misfit",
         _mixed, "SchemaError", "input.lineItems[1].product"),
    Fact("merchant-line-product-optional", "§3.2 §10", ONLY_11, A, "rule item_attributes",
         "2024-11-01: a merchant line needs no product", _mixed),
    Fact("line-optional-fields-accepted", "§3.2", BOTH, A, "schema: optional fields",
         "a line's aliases, clientDetails and taxes are accepted",
         lambda s: edited(s, lambda v: lines(v)[0].update(taxes=TAXES, clientDetails={
             "ipFingerprint": {"ipAddress": "192.0.2.1"}}))),
    Fact("update-line-items-unchecked", "§3.2 §3.3", BOTH, D, "no rule (policies/_update.py)",
         "GAP: UpdateLineItemInput's fields were not captured; update lineItems pass unchecked",
         lambda s: s.update(s.new_order(), {"lineItems": [{"id": "LI-1"}]})),
    # --- 3.3 UpdateOrderInput ----------------------------------------------------------------
    Fact("update-aliases-appended", "§3.3 seed", BOTH, R, "rule order_aliases",
         "update aliases are appended; the order holds at most 5 in all",
         lambda s: s.update(s.new_order(aliases=1), {"aliases": NEW_ALIASES}),
         "AliasValueAlreadyExists", "input.aliases"),
    Fact("update-aliases-unchangeable", "§3.3 seed", BOTH, R, "rule order_aliases",
         "an alias the order has is not sent again",
         lambda s: s.update(s.new_order(), {"aliases": [ORDER_ALIAS]}),
         "AliasValueAlreadyExists", "input.aliases[0]"),
    Fact("update-links-appended", "§3.3 §3.6 seed", BOTH, R, "rule max_order_links",
         "update links are appended; the order holds at most 5",
         lambda s: s.update(s.new_order(links=3), {"orderLinks": LINKS}),
         "OrderLinkLimitExceeded", "input.orderLinks"),
    Fact("update-state-optional", "§3.3", BOTH, A, "schema: optional field",
         "desiredExecutionState may be left out", lambda s: s.update(s.new_order(), {})),
    Fact("update-null-leaves-fields", "§3.3", BOTH, A, "schema: nullable lists",
         "null aliases or links leave them as they are",
         lambda s: s.update(s.new_order(), {"aliases": None, "orderLinks": None})),
    Fact("update-order-id-in-input", "§3.3 §10", ONLY_04, S,
         "schema (Dialect.identifier_argument)", "before 2024-11-01: input.orderId",
         lambda s: Call("updateOrder", {"input": {}}, version=s.version),
         "SchemaError", "input.orderId"),
    Fact("update-order-identifier-argument", "§3.3 §10", ONLY_11, S,
         "schema (Dialect.identifier_argument)", "2024-11-01: a separate orderIdentifier",
         lambda s: Call("updateOrder", {"input": {}}, version=s.version),
         "SchemaError", "orderIdentifier"),
    Fact("update-other-version-shape", "§3.3 §10", ONLY_11, S, "schema (strict inputs)",
         "2024-11-01 has no input.orderId (the fake refuses it)",
         lambda s: (lambda order: s.update(order, {"orderId": order}))(s.new_order()),
         "SchemaError", "input.orderId"),
    Fact("update-unmodelled-inputs", "§3.3 §5", ONLY_11, D, "no rule (policies/_update.py)",
         "GAP: the packageInformation and returns inputs were not captured: they pass "
         "unchecked, their alias limits (5 per package, 2 per return) too",
         lambda s: s.update(s.new_order(), {
             "packageInformation": {"details": [{"id": "PKG-1", "aliases": NEW_ALIASES * 2}]},
             "returns": {"details": [{"aliases": NEW_ALIASES[:3]}]}})),
    # --- 3.4 delivery offer ------------------------------------------------------------------
    Fact("details-or-summary", "§3.4", BOTH, S, "schema: DeliveryOfferInput",
         "an offer gives details or summary, never both",
         lambda s: edited(s, lambda v: lines(v)[0]["selectedDeliveryOffer"].update(summary={})),
         "SchemaError", f"{LINE0}.selectedDeliveryOffer"),
    Fact("summary-is-merchant", "§3.4 §6.7", ONLY_11, D, "rule item_attributes",
         "INFERENCE: a summary offer names no provider: the merchant ships the line",
         lambda s: s.call(s.create(1, lineItems=[samples.prime_line(0, 1, s.version), {
             "amount": {"value": 1}, "selectedDeliveryOffer": {"summary": {}}}]))),
    Fact("provider-required", "§3.4", BOTH, S, "schema: details.deliveryProvider",
         "deliveryProvider is required",
         lambda s: edited(s, drop("lineItems", "0", "selectedDeliveryOffer", "details",
                                  "deliveryProvider")),
         "SchemaError", f"{DETAILS0}.deliveryProvider"),
    Fact("provider-amazon-2024-11-01", "§3.4 §6.7 §10", ONLY_11, S,
         "schema (Dialect.amazon_provider_spelling)", "2024-11-01 spells Amazon AMAZON",
         lambda s: edited(s, lambda v: _terms(v, deliveryProvider="BUY_WITH_PRIME")),
         "SchemaError", f"{DETAILS0}.deliveryProvider"),
    Fact("provider-buy-with-prime-before", "§3.4 §6.7 §10", ONLY_04, S,
         "schema (Dialect.amazon_provider_spelling)", "before 2024-11-01: BUY_WITH_PRIME",
         lambda s: edited(s, lambda v: _terms(v, deliveryProvider="AMAZON")),
         "SchemaError", f"{DETAILS0}.deliveryProvider"),
    Fact("delivery-terms-2024-11-01", "§3.4 §10", ONLY_04, S,
         "schema (strict inputs; Dialect.delivery_terms); the fake refuses it",
         "deliveryTerms exists from 2024-11-01",
         lambda s: edited(s, lambda v: _terms(v, deliveryTerms={"isPrimeEligible": True})),
         "SchemaError", f"{DETAILS0}.deliveryTerms"),
    Fact("prime-line-offer-id", "§3.4 §6.4 §6.7", BOTH, R, "rule prime_offer_ids",
         "a Prime line by Amazon carries the preview's offer id",
         lambda s: edited(s, drop("lineItems", "0", "selectedDeliveryOffer", "details", "id")),
         "SchemaError", f"{DETAILS0}.id"),
    Fact("prime-line-preview-id", "§3.4 §6.3 §6.7", BOTH, R, "rule prime_offer_ids",
         "a Prime line by Amazon carries the deliveryPreviewId",
         lambda s: edited(s, drop("lineItems", "0", "selectedDeliveryOffer", "details",
                                  "deliveryPreviewId")),
         "SchemaError", f"{DETAILS0}.deliveryPreviewId"),
    Fact("no-terms-means-prime", "§3.4", BOTH, D, "rule prime_offer_ids (CheckedRequest.lines)",
         "INFERENCE: an Amazon line without deliveryTerms asks for Prime: it needs the ids",
         lambda s: edited(s, without_terms_and_id), "SchemaError", f"{DETAILS0}.id"),
    Fact("non-prime-speed", "§3.4 §6.7", ONLY_11, R, "rule required_line_fields",
         "a non-Prime Amazon line sets a deliverySpeed",
         lambda s: s.call(s.create(0, lineItems=[amazon_without_prime(s, speed=False)])),
         "SchemaError", f"{DETAILS0}.deliveryTerms.deliverySpeed"),
    Fact("non-prime-needs-no-offer-ids", "§3.4 §9.1", ONLY_11, A, "rule prime_offer_ids",
         "a non-Prime Amazon line needs no preview ids",
         lambda s: s.call(s.create(0, lineItems=[amazon_without_prime(s)]))),
    Fact("offer-optional-fields-accepted", "§3.4", BOTH, A, "schema: optional fields",
         "deliveryCharge is accepted",
         lambda s: edited(s, lambda v: _terms(v, deliveryCharge={
             "amount": "4.99", "currencyCode": "USD"}))),
    # --- 3.5 aliases -------------------------------------------------------------------------
    Fact("alias-fields-required", "§3.5", BOTH, S, "schema: AliasInput",
         "aliasId and aliasType are required",
         lambda s: edited(s, drop("aliases", "0", "aliasType")),
         "SchemaError", "input.aliases[0].aliasType"),
    Fact("alias-fields-not-empty", "§3.5 §8", BOTH, D, "schema: AliasInput (api NON_EMPTY)",
         "GAP (ID allows an empty string): decided, an alias's type and ID are never empty, "
         "or the alias cannot identify a retry",
         lambda s: edited(s, lambda v: v["input"]["aliases"][0].update(aliasId="")),
         "SchemaError", "input.aliases[0].aliasId"),
    Fact("refund-alias-one-refund", "§3.5 §7.3 §10", BOTH, R, "rule refund_aliases",
         "an aliasId belongs to one refund of the order (2024-04-01: decided, with the "
         "2024-11-01 code)",
         lambda s: refund_pair(s, "oms-refund-1", taken=True),
         "InvalidAliasId", "input.refunds.details[0].aliases[0].aliasId"),
    Fact("refund-alias-once-per-call", "§3.5 §7.3 §10", BOTH, R, "rule refund_aliases",
         "two refunds of one call never share an aliasId (2024-04-01: decided, likewise)",
         lambda s: refund_pair(s, "oms-refund-1", taken=False),
         "DuplicateAliasId", "input.refunds.details[1].aliases[0].aliasId"),
    Fact("refund-alias-overwrite", "§3.5", BOTH, A, "rule refund_aliases (other refunds only)",
         "re-sending a refund's aliasType overwrites its aliasId",
         lambda s: refund_update(s, {"id": 0, "refundTotal": TOTAL, "aliases": [
             {"aliasType": "EXTERNAL_REFUND_ID", "aliasId": "second"}]})),
    # --- 3.6 order links ---------------------------------------------------------------------
    Fact("link-url-required", "§3.6", BOTH, S, "schema: OrderLinkInput",
         "destinationType and url are required",
         lambda s: edited(s, drop("orderLinks", "0", "url")),
         "SchemaError", "input.orderLinks[0].url"),
    Fact("link-destination-values", "§3.6", BOTH, S, "schema: OrderLinkDestinationType",
         "four destination types",
         lambda s: edited(s, lambda v: v["input"]["orderLinks"][0].update(
             destinationType="SOCIAL_MEDIA")),
         "SchemaError", "input.orderLinks[0].destinationType"),
    # --- 3.7 OrderIdentifierInput ------------------------------------------------------------
    Fact("identifier-one-of", "§3.7", BOTH, S, "schema: OrderIdentifierInput",
         "an order identifier is an orderId or an alias, not both", identified_twice,
         "SchemaError",
         lambda d: "orderIdentifier" if d.identifier_argument else "input.orderIdentifier"),
    Fact("identifier-alias-2024-11-01", "§3.7 §10", ONLY_11, S,
         "schema (strict inputs; Dialect.alias_identifier_key)",
         "2024-11-01 spells the alias key alias, not orderAlias",
         lambda s: s.cancel(s.new_order(), orderAlias=ORDER_ALIAS), "SchemaError"),
    Fact("identifier-order-alias-before", "§3.7 §10", ONLY_04, S,
         "schema (strict inputs; Dialect.alias_identifier_key)",
         "before 2024-11-01 the alias key is orderAlias, not alias",
         lambda s: s.cancel(s.new_order(), alias=ORDER_ALIAS), "SchemaError"),
    Fact("order-id-format-free", "§3.7", BOTH, D, "schema: GraphQL ID",
         "INFERENCE: no order ID format is relied on",
         lambda s: Call("updateOrder", samples.update_variables("my-own-id", {}, s.version),
                        version=s.version), fake=False),
    # --- 3.8 CancelOrderInput ----------------------------------------------------------------
    Fact("cancel-reason-values", "§3.8", BOTH, S, "schema: CancellationReasonInput",
         "six cancellation reasons",
         lambda s: s.cancel(s.new_order(), {"reason": "CHANGED_MIND"}),
         "SchemaError", "input.reason"),
    Fact("cancel-aliases-2024-11-01", "§3.8 §5 §10", ONLY_11, R,
         "rule max_cancellation_aliases(Dialect.max_cancellation_aliases)",
         "0 to 5 cancellation aliases, a limit 2024-11-01 added",
         lambda s: s.cancel(s.new_order(), {"aliases": [
             {"aliasType": "EXT_CANCEL_ID", "aliasId": f"c-{i}"} for i in range(6)]}),
         "CancellationAliasLimitExceeded", "input.aliases"),
    Fact("cancel-needs-pending-packages", "§7.5", BOTH, D, "rule cancel_precondition",
         "GAP (no code captured): a cancellation once a package has shipped is a codeless "
         "ValidationError, orderguard's CancellationRequiresPendingPackages",
         lambda s: s.cancel(s.started_order(shipped=True)), "CancellationRequiresPendingPackages",
         lambda d: "orderIdentifier" if d.identifier_argument else "input.orderIdentifier"),
    Fact("cancel-input-optional", "§3.8 §9.5", ONLY_11, A, "schema: input optional",
         "2024-11-01: cancelOrder's input may be left out", lambda s: s.cancel(s.new_order())),
    Fact("cancel-identifier-in-input", "§3.8 §10", ONLY_04, S,
         "schema (Dialect.identifier_argument)", "before 2024-11-01: input.orderIdentifier",
         lambda s: Call("cancelOrder", {"input": {"reason": "OTHER"}}, version=s.version),
         "SchemaError", "input.orderIdentifier"),
    Fact("cancel-other-version-shape", "§3.8 §10", BOTH, S, "schema (strict inputs)",
         "each version names the order in its own place only", identified_in_both_places,
         "SchemaError", fake=False),
    Fact("cancel-whole-order-only", "§3.8", BOTH, S,
         "schema (strict inputs; Dialect.ruled_out_fields: a SchemaError, not downgradable)",
         "only whole orders are cancelled: the input names no lines",
         lambda s: s.cancel(s.new_order(), {"reason": "OTHER", "lineItems": [{"id": "L"}]}),
         "SchemaError", "input.lineItems"),
    # --- 3.9 refund input --------------------------------------------------------------------
    Fact("refund-id-required", "§3.9 §7.3 seed", BOTH, R, "rule refund_ids",
         "a refund update names its refund",
         lambda s: refund_update(s, {"refundTotal": TOTAL}),
         "MissingRefundId", "input.refunds.details[0].id"),
    Fact("refund-id-once-per-call", "§3.9 §7.3 seed", BOTH, R, "rule refund_ids",
         "a refund ID once per call", refund_twice,
         "DuplicateRefundId", "input.refunds.details[1].id"),
    Fact("refund-id-of-the-order", "§3.9 §7.3 seed", BOTH, R, "rule refund_ids",
         "the refund ID is one of the order's (needs the order)",
         lambda s: refund_update(s, {"id": "RF-NOT-THERE", "refundTotal": TOTAL}),
         "InvalidRefundId", "input.refunds.details[0].id"),
    Fact("refund-total-required", "§3.9", BOTH, S, "schema: RefundDetailsInput.refundTotal",
         "refundTotal is required",
         lambda s: refund_update(s, {"id": 0}), "SchemaError",
         "input.refunds.details[0].refundTotal"),
    Fact("refund-request-reason-external", "§3.9 §7.3 §10", ONLY_11, R,
         "rule refund_request_reason (Dialect.refund_request_reason)",
         "refundRequestReason only on external refunds (2024-11-01)",
         lambda s: refund_update(s, {"id": 0, "refundTotal": TOTAL,
                                     "refundRequestReason": "OTHERS"}),
         "InvalidRefundRequestReasonUpdate", "input.refunds.details[0].refundRequestReason"),
    Fact("refund-request-reason-2024-04-01", "§3.9 §10", ONLY_04, D,
         "rule refund_request_reason (2024-11-01 only)",
         "GAP: 2024-04-01's refund table was not captured: its refundRequestReason is not judged",
         lambda s: refund_update(s, {"id": 0, "refundTotal": TOTAL,
                                     "refundRequestReason": "OTHERS"})),
    Fact("external-refund-needs-id", "§3.9 §7.3", BOTH, D, "rule refund_ids",
         "GAP: how an external refund gets its ID was not captured: without one it is "
         "MissingRefundId",
         lambda s: refund_update(s, {"refundTotal": TOTAL, "refundRequestReason": "OTHERS"}),
         "MissingRefundId", "input.refunds.details[0].id"),
    Fact("refund-optional-fields-accepted", "§3.9 §3.10", BOTH, A, "schema: optional fields",
         "paymentDetails (this update's payments) and refundFor are accepted",
         lambda s: refund_update(s, {"id": 0, "refundTotal": TOTAL, "paymentDetails": [PAYMENT],
                                     "refundFor": {"orderLineItems": [
                                         {"lineItemId": {"lineItemId": "LI-1"}}]}})),
    Fact("payment-details-fields", "§3.9 §3.10", BOTH, S,
         "schema (guard/api: PaymentDetailsInput)",
         "a payment detail's amount and paymentMethod are required",
         lambda s: refund_update(s, {"id": 0, "refundTotal": TOTAL,
                                     "paymentDetails": [{"id": "pay-1"}]}),
         "SchemaError", fake=False),
    Fact("refund-status-reason-values", "§3.9 §4.4", BOTH, S,
         "schema (guard/api: RefundStatusReasonInput, orderguard.enums.RefundStatusReason)",
         "refundStatusReason is one of 15 values (2024-11-01; 2024-04-01's list was not "
         "captured, GAP: decided the same)",
         lambda s: refund_update(s, {"id": 0, "refundTotal": TOTAL,
                                     "refundStatusReason": "BECAUSE"}),
         "SchemaError", "input.refunds.details[0].refundStatusReason"),
    Fact("refund-status-reason-accepted", "§3.9 §4.4", BOTH, A,
         "schema (guard/api: RefundStatusReasonInput)", "a documented refundStatusReason passes",
         lambda s: refund_update(s, {"id": 0, "refundTotal": TOTAL,
                                     "refundStatusReason": "RETURN_WINDOW_EXPIRED"})),
    Fact("payment-state-values", "§3.9 §4.7", BOTH, D,
         "schema (guard/api: PaymentStateInput, orderguard.enums.PaymentState)",
         "a payment's state is one of the 10 values of 2024-11-01; decided: v2024-01-01's "
         "deprecated CANCELED and REFUNDED are in neither supported version (2024-04-01's list "
         "was not captured, GAP)",
         lambda s: refund_update(s, {"id": 0, "refundTotal": TOTAL,
                                     "paymentDetails": [PAYMENT | {"state": "REFUNDED"}]}),
         "SchemaError", "input.refunds.details[0].paymentDetails[0].state"),
    Fact("payment-method-type-free", "§3.9 §4.7", BOTH, D,
         "schema (guard/api: PaymentMethodInput.type a String)",
         "GAP: only the output PaymentMethod.type lists its values; decided: an input "
         "paymentMethod.type outside that list passes",
         lambda s: refund_update(s, {"id": 0, "refundTotal": TOTAL, "paymentDetails": [
             PAYMENT | {"state": "SUCCESS", "paymentMethod": {
                 "displayString": "Bank transfer", "type": "BANK_TRANSFER"}}]})),
    Fact("refund-total-above-zero", "§3.9", BOTH, D,
         "schema: RefundTotalInput.totalAmount (api REFUND_AMOUNT)",
         "GAP: decided, a refund's running total is above zero and at most a trillion (0, -4 "
         "and 1e5000 are refused)",
         lambda s: refund_update(s, {"id": 0, "refundTotal": {
             "totalAmount": {"amount": "0", "currencyCode": "USD"}}}),
         "SchemaError", "input.refunds.details[0].refundTotal.totalAmount.amount"),
    Fact("refund-total-may-drop", "§3.9", BOTH, D, "no rule (policies/_update.py)",
         "GAP: refundTotal is the running total; no error is documented for a lower one",
         lambda s: refund_update(s, {"id": 0, "refundTotal": {
             "totalAmount": {"amount": "0.50", "currencyCode": "USD"}}})),
    # --- 3.10 other inputs -------------------------------------------------------------------
    Fact("payment-summary-fields", "§3.10", BOTH, S, "schema (guard/api: PaymentSummaryInput)",
         "a payment summary's amount and paymentMethodDisplayString are required",
         lambda s: edited(s, lambda v: v["input"].update(payments={"summary": {"state": "X"}})),
         "SchemaError", fake=False),
    Fact("zip-code-ascii-digits", "§3.10 §5", BOTH, D, "rule recipient_address (api US_ZIP)",
         "GAP (no ZIP form documented): decided, a US ZIP or ZIP+4 code in ASCII digits",
         lambda s: edited(s, lambda v: v["input"]["recipient"]["deliveryAddress"].update(
             postalCode="\u0661\u0662\u0663\u0664\u0665")),
         "InvalidRecipientAddressInput", f"{ADDRESS}.postalCode"),
    Fact("country-code-two-letters", "§3.10", BOTH, R, "rule recipient_address",
         "countryCode is ISO 3166 alpha-2",
         lambda s: edited(s, lambda v: v["input"]["recipient"]["deliveryAddress"].update(
             countryCode="USA")),
         "InvalidRecipientAddressInput", f"{ADDRESS}.countryCode"),
    Fact("no-address-length-limit", "§3.10 §5", BOTH, D, "no rule (policies/_create.py)",
         "GAP: no length limit for address fields beyond every string's (strings-bounded)",
         lambda s: edited(s, lambda v: v["input"]["recipient"]["deliveryAddress"].update(
             streetAddress="1 " + "Long " * 80 + "St"))),
    Fact("no-client-token", "§3.10 §8", BOTH, S,
         "schema (strict inputs; Dialect.ruled_out_fields: a SchemaError, not downgradable)",
         "the Order mutations take no idempotency token (aliases are the key)",
         lambda s: edited(s, lambda v: v["input"].update(clientToken="c" * 40)),
         "SchemaError", "input.clientToken"),
    Fact("no-client-token-on-update", "§3.10 §8", BOTH, S,
         "schema (strict inputs; Dialect.ruled_out_fields)",
         "updateOrder takes no idempotency token either (its target state is absolute)",
         lambda s: s.update(s.new_order(), {"clientToken": "c" * 40}),
         "SchemaError", "input.clientToken"),
)
"""Every fact of §3, in the reference's order."""
# fmt: on

FACTS: tuple[Fact, ...] = (*INPUTS, *LIMITS)
"""Every row of the fidelity table."""
