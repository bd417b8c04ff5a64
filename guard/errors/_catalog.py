"""The error catalog: every error the Order API documents, with what to do about it.

Error type and code strings are copied exactly from the API's troubleshooting tables;
descriptions and suggested actions are our own words. Entries whose ``code`` is ``None``
stand for rows the API documents as ``N/A``. ``documented_code`` is true only for the rows of
those tables (the seed's order errors, the refund codes of reference §7.3); the others are
either inferred API answers (``inferred``: the server-side rows of cancelOrder, whose table was
not captured, and the not-found type, §7.5 and §7.6) or orderguard's own names for preconditions
the API documents in prose without naming a code. Where a limit differs between API versions,
the entry says both.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping

import attrs

from orderguard.enums import Operation

__all__ = ["CATALOG", "Catalog", "ErrorSpec", "RetryPolicy"]


class RetryPolicy(enum.StrEnum):
    """What a client should do after receiving the error."""

    RETRY_WITH_BACKOFF = "retry-with-backoff"
    RETRY = "retry"
    RETRY_AFTER_FIX = "retry-after-fix"
    """Fix what the suggested action names outside the request body (the credentials'
    permissions, the order addressed), then send the call again."""
    RECOVER_BY_ALIAS = "recover-by-alias"
    DO_NOT_RETRY = "do-not-retry"
    NONE = "none"


@attrs.frozen(slots=True)
class ErrorSpec:
    """One (operation, error type, error code) row of the API's error tables."""

    operation: Operation
    error_type: str
    code: str | None
    description: str
    suggested_action: str
    retry: RetryPolicy
    documented_code: bool = True
    name: str = attrs.field(default="")
    inferred: bool = False
    """An answer the API is expected to give although no captured table lists it."""

    def __attrs_post_init__(self) -> None:
        if not self.name:
            object.__setattr__(self, "name", self.code or self.error_type)

    @property
    def api_answer(self) -> bool:
        """Whether the API itself answers with this type and code (documented or inferred)."""
        return self.documented_code or self.inferred

    @property
    def locally_detectable(self) -> bool:
        """Whether a pre-flight check can see it coming: a request the API refuses as invalid.

        Access, conflicts with calls in flight, server failures, throttling and unknown orders
        depend on the server's state at the time of the call; validation errors and schema
        misfits follow from the request, the order as last seen and the merchant's context.
        """
        return self.error_type in _LOCAL_TYPES

    @property
    def key(self) -> tuple[Operation, str, str | None]:
        """The identity of the row: operation, error type and code."""
        return (self.operation, self.error_type, self.code)

    def to_json(self) -> dict[str, str | bool | None]:
        """The entry as the JSON object ``orderguard errors --format json`` prints."""
        return {
            "name": self.name,
            "operation": self.operation.value,
            "errorType": self.error_type,
            "errorCode": self.code,
            "description": self.description,
            "suggestedAction": self.suggested_action,
            "retryPolicy": self.retry.value,
            "documentedCode": self.documented_code,
        }


_LOCAL_TYPES = frozenset({"ValidationError", "SchemaError"})


class Catalog(Mapping[tuple[Operation, str], ErrorSpec]):
    """All known error specs, keyed by (operation, name); also looked up by code or type."""

    def __init__(self, specs: tuple[ErrorSpec, ...]) -> None:
        self._by_key = {(spec.operation, spec.name): spec for spec in specs}
        if len(self._by_key) != len(specs):
            raise ValueError("catalog has two entries with the same (operation, name)")

    def __getitem__(self, key: tuple[Operation, str]) -> ErrorSpec:
        return self._by_key[key]

    def __iter__(self) -> Iterator[tuple[Operation, str]]:
        return iter(self._by_key)

    def __len__(self) -> int:
        return len(self._by_key)

    def specs(self) -> tuple[ErrorSpec, ...]:
        """Every entry, in table order."""
        return tuple(self._by_key.values())

    def named(self, name: str) -> tuple[ErrorSpec, ...]:
        """Entries whose code, type or orderguard name equals ``name`` (case-insensitive)."""
        wanted = name.casefold()
        return tuple(
            spec
            for spec in self._by_key.values()
            if wanted
            in {text.casefold() for text in (spec.name, spec.error_type, spec.code) if text}
        )

    def get_spec(self, operation: Operation, name: str) -> ErrorSpec:
        """The entry called ``name`` (a code, or a type for N/A rows) on ``operation``.

        Raises ``KeyError`` naming both when there is none.
        """
        try:
            return self._by_key[(operation, name)]
        except KeyError:
            raise KeyError(f"no catalog entry {name!r} for {operation.value}") from None

    def find(self, operation: Operation, error_type: str, code: str | None) -> ErrorSpec | None:
        """The API answer with exactly this type and code on ``operation``, if any.

        Documented and inferred rows only: orderguard's own entries are never an API answer.
        """
        for spec in self._by_key.values():
            if spec.key == (operation, error_type, code) and spec.api_answer:
                return spec
        return None

    def names(self) -> tuple[str, ...]:
        """The distinct names, sorted, for ``orderguard explain`` suggestions."""
        return tuple(sorted({spec.name for spec in self._by_key.values()}))


_C = Operation.CREATE_ORDER
_U = Operation.UPDATE_ORDER
_Q = Operation.ORDER
_X = Operation.CANCEL_ORDER
_VE = "ValidationError"
_R = RetryPolicy

_FIX_THE_REQUEST = _R.DO_NOT_RETRY


_ACCESS: dict[Operation, tuple[str, str]] = {
    Operation.CREATE_ORDER: (
        "The credentials behind the access token may not create orders in this store.",
        "Give the API credentials permission to edit order data (or use ones that have it), "
        "then send the createOrder again.",
    ),
    Operation.UPDATE_ORDER: (
        "The credentials may not update this order: it belongs to another store, or the "
        "token lacks permission to edit order data.",
        "Check that the order ID is one of your store's orders and that the token may edit "
        "order data, then send the updateOrder again.",
    ),
    Operation.ORDER: (
        "The credentials may not read this order: it belongs to another store, or the token "
        "lacks permission to view order data.",
        "Check that the order ID is one of your store's orders and that the token may view "
        "order data, then query again.",
    ),
    Operation.CANCEL_ORDER: (
        "The credentials may not cancel this order: it belongs to another store, or the "
        "token lacks permission to edit order data.",
        "Check that the order ID is one of your store's orders and that the token may edit "
        "order data, then send the cancelOrder again.",
    ),
}
"""What access denial means on each operation, and its cure (the seed's rows, our words)."""


def _server_side(op: Operation, inferred: bool = False) -> tuple[ErrorSpec, ...]:
    """The three rows every operation shares: access, server failure and throttling.

    ``inferred``: the operation's table was not captured (cancelOrder, reference §7.5), so the
    rows are the API's shared error types assumed, not documented.
    """
    documented = not inferred
    return (
        ErrorSpec(
            op,
            "AccessDeniedError",
            None,
            *_ACCESS[op],
            _R.RETRY_AFTER_FIX,
            documented,
            inferred=inferred,
        ),
        ErrorSpec(
            op,
            "InternalServerError",
            None,
            "Buy with Prime failed while processing the request.",
            "Nothing to fix on your side; the failure is on the server.",
            _R.NONE,
            documented,
            inferred=inferred,
        ),
        ErrorSpec(
            op,
            "ThrottlingError",
            None,
            "Too many requests were sent in a short time.",
            "Send the same request again after an exponentially growing, jittered pause.",
            _R.RETRY_WITH_BACKOFF,
            documented,
            inferred=inferred,
        ),
    )


def _v(op: Operation, code: str, description: str, action: str) -> ErrorSpec:
    """A ValidationError row whose cure is to change the request."""
    return ErrorSpec(op, _VE, code, description, action, _FIX_THE_REQUEST)


_ALIAS_RECOVERY = (
    "On a first attempt, pick an alias no other order uses. On a retry of a createOrder whose "
    "answer was lost, the order already exists: fetch it with the order query by this alias "
    "instead of creating it again."
)

_CREATE: tuple[ErrorSpec, ...] = (
    *_server_side(_C),
    ErrorSpec(
        _C,
        "ConflictError",
        None,
        "An order with one of these aliases already exists.",
        _ALIAS_RECOVERY,
        _R.RECOVER_BY_ALIAS,
    ),
    _v(
        _C,
        "AddressMismatch",
        "The recipient address is not the one saved for the shopper by the delivery preview.",
        "Send exactly the address the delivery preview was computed for.",
    ),
    ErrorSpec(
        _C,
        _VE,
        "AliasValueAlreadyExists",
        "An order already carries this alias, or the order would carry more than five aliases.",
        _ALIAS_RECOVERY,
        _R.RECOVER_BY_ALIAS,
    ),
    _v(
        _C,
        "InvalidItemIdentifier",
        "An item identifier is not known to the catalog.",
        "Use the SKU or product ID the delivery preview returned for the item.",
    ),
    _v(
        _C,
        "InvalidRecipientAddressInput",
        "The recipient's delivery address is incomplete or malformed.",
        "Send a complete US shipping address with a two-letter country code.",
    ),
    _v(
        _C,
        "InvalidRecipientContactInput",
        "The recipient's contact details are malformed.",
        "Send a well-formed phone number for the recipient.",
    ),
    _v(
        _C,
        "InvalidShopperContactInput",
        "The shopper's contact details are malformed.",
        "Send a well-formed e-mail address (and name) for the customer.",
    ),
    _v(
        _C,
        "ExpiredIdpToken",
        "The shopper identity token has expired.",
        "Get a fresh Login with Amazon or Amazon Pay token for the shopper and send that.",
    ),
    _v(
        _C,
        "InvalidIdpToken",
        "The shopper identity token is missing, empty, too long (2048 characters; a checkout "
        "session 256, an externalId 512) or not a token at all.",
        "Send the token exactly as Login with Amazon or Amazon Pay issued it.",
    ),
    _v(
        _C,
        "ItemOutOfStock",
        "An item in the order has no inventory left.",
        "Take the out-of-stock item out of the order.",
    ),
    _v(
        _C,
        "ItemUnavailableWithPrime",
        "An item cannot be fulfilled with Buy with Prime.",
        "Take the item out of the order, or ship it yourself as a MERCHANT line.",
    ),
    _v(
        _C,
        "MissingItemAttributes",
        "A Buy with Prime line lacks its title, price or item identifier.",
        "Give every Amazon-fulfilled line a product title, price and identifier.",
    ),
    _v(
        _C,
        "OrderLinkLimitExceeded",
        "The order would have more than five order links.",
        "Send at most five order links.",
    ),
    _v(
        _C,
        "OrderQuantityLimitExceeded",
        "The cart holds more items than the version allows: 20 Buy with Prime-eligible items, "
        "and on 2024-11-01 also 20 others (40 in all); orderguard counts units.",
        "Lower the quantities or split the cart into several orders.",
    ),
    _v(
        _C,
        "ReduceQuantityToProceed",
        "Inventory cannot cover the requested quantity of an item.",
        "Lower the requested quantity to what is in stock.",
    ),
    _v(
        _C,
        "SelectedQuantityNotAvailable",
        "The quantity chosen for an item is not available in inventory.",
        "Lower the requested quantity to what the delivery preview offered.",
    ),
    _v(
        _C,
        "ShopperIdMismatch",
        "The address is not one Amazon recognises for this shopper.",
        "Send exactly the address the delivery preview was computed for.",
    ),
    _v(
        _C,
        "ShopperNotPrime",
        "The shopper behind the identity token has no Prime membership.",
        "Send the token of a Prime member, or deliver without Prime: ship the line yourself "
        "(MERCHANT) or, on 2024-11-01, by Amazon with isPrimeEligible false.",
    ),
    ErrorSpec(
        _C,
        _VE,
        None,
        "A line's delivery offer is not one the current delivery preview returned (another "
        "preview ID, an unknown offer ID) or it has expired.",
        "Call deliveryPreview again and send its preview ID and the chosen offer's ID.",
        _R.DO_NOT_RETRY,
        documented_code=False,
        name="StaleDeliveryOffer",
    ),
)

_REFUND_ID_ACTION = (
    "Copy the refund ID from the REFUND_REQUESTED event or from the order query's "
    "refunds.details[].id."
)

_UPDATE: tuple[ErrorSpec, ...] = (
    *_server_side(_U),
    ErrorSpec(
        _U,
        "ConflictException",
        None,
        "Another update of the same order is still being processed.",
        "Send the same update again shortly.",
        _R.RETRY,
    ),
    _v(
        _U,
        "AliasValueAlreadyExists",
        "An order already carries this alias, or the order would carry more than five aliases.",
        "Choose an alias that no order in the store uses yet.",
    ),
    _v(
        _U,
        "DuplicateRefundId",
        "The same refund ID appears more than once in one update.",
        "Send each refund at most once per updateOrder call.",
    ),
    _v(
        _U,
        "ExecutionAlreadyStarted",
        "Fulfilment cannot be started: the order's packages are already in transit or delivered.",
        "Stop sending desiredExecutionState STARTED for orders whose delivery is under way; "
        "check your workflow for a duplicate start.",
    ),
    _v(
        _U,
        "ExecutionCannotBeStartedDueToCancellation",
        "Fulfilment cannot be started: the order is cancelled or being cancelled.",
        "Do not start cancelled orders; check your workflow for a start after a cancellation.",
    ),
    _v(
        _U,
        "InvalidRefundId",
        "The refund ID does not belong to any refund of this order.",
        _REFUND_ID_ACTION,
    ),
    _v(
        _U,
        "MissingRefundId",
        "A refund update carries no Buy with Prime refund ID.",
        _REFUND_ID_ACTION,
    ),
    _v(
        _U,
        "OrderLinkLimitExceeded",
        "The order would have more than five order links.",
        "Send fewer links; an order holds at most five, counting the ones it already has.",
    ),
    _v(
        _U,
        "InvalidRefundStateTransition",
        "The refund cannot move from its current state to the requested one.",
        "Follow the refund state table: PENDING to PARTIAL, FAILURE, SUCCESS or (2024-11-01) "
        "REJECTED; FAILURE to PARTIAL or SUCCESS; PARTIAL to SUCCESS; SUCCESS and REJECTED are "
        "final.",
    ),
    _v(
        _U,
        "DuplicateAliasId",
        "Two refunds in one update share an aliasId.",
        "Give every refund its own alias.",
    ),
    _v(
        _U,
        "InvalidAliasId",
        "The aliasId already belongs to another refund of this order.",
        "Use an alias that no other refund of the order carries.",
    ),
    _v(
        _U,
        "InvalidRefundRequestReasonUpdate",
        "refundRequestReason (2024-11-01) was sent for a refund that Buy with Prime requested.",
        "Send refundRequestReason only for external refunds you add yourself.",
    ),
)

_CANCEL: tuple[ErrorSpec, ...] = (
    *_server_side(_X, inferred=True),
    ErrorSpec(
        _X,
        _VE,
        None,
        "The order can only be cancelled while every package is still PENDING; at least one "
        "has shipped, been delivered or been cancelled.",
        "Query the order first; once a package ships, handle the shopper's request as a return.",
        _R.DO_NOT_RETRY,
        documented_code=False,
        name="CancellationRequiresPendingPackages",
    ),
    ErrorSpec(
        _X,
        _VE,
        None,
        "A cancellation carries more aliases than the version allows (five on 2024-11-01, "
        "which added the limit).",
        "Send at most five aliases with cancelOrder.",
        _R.DO_NOT_RETRY,
        documented_code=False,
        name="CancellationAliasLimitExceeded",
    ),
)


def _schema(op: Operation) -> ErrorSpec:
    """orderguard's row for a request that does not fit the operation's input schema."""
    return ErrorSpec(
        op,
        "SchemaError",
        None,
        "The request does not fit the API's input schema: a required field is missing, a value "
        "has the wrong type, or an enum value is unknown.",
        "Fix the field named in the path so the GraphQL variables match the API's input types.",
        _R.DO_NOT_RETRY,
        documented_code=False,
    )


_NOT_FOUND_ACTION = {
    Operation.UPDATE_ORDER: "Check the order ID or alias the update names; query the order "
    "first if it may not exist yet.",
    Operation.ORDER: "Check the order ID or alias; after a lost createOrder answer, the alias "
    "you sent finds the order if it was created.",
    Operation.CANCEL_ORDER: "Check the order ID or alias the cancellation names; query the "
    "order first if it may not exist yet.",
}


def _not_found(op: Operation) -> ErrorSpec:
    """INFERENCE (reference §7.6): the not-found type other interfaces use, for an unknown order."""
    return ErrorSpec(
        op,
        "ResourceNotFoundError",
        None,
        f"No order matches the order ID or alias the {op.value} names (the type other Buy with "
        "Prime interfaces use; the Order API's own table for it was not published).",
        _NOT_FOUND_ACTION[op],
        _R.DO_NOT_RETRY,
        documented_code=False,
        inferred=True,
    )


def _unknown_input_field(op: Operation) -> ErrorSpec:
    """orderguard's row for an input field the operation's schema does not have.

    Its own name, so a merchant whose traffic carries a field the public documentation missed
    can downgrade exactly that (``Guard(warnings={"UnknownInputField"})``).
    """
    return ErrorSpec(
        op,
        "SchemaError",
        None,
        "The request carries an input field the API version's schema does not have (a typo, "
        "or a field the public documentation does not list); GraphQL rejects unknown fields.",
        "Remove or rename the field named in the path (the message suggests a close name). If "
        "the API does accept it, downgrade UnknownInputField to a warning.",
        _R.DO_NOT_RETRY,
        documented_code=False,
        name="UnknownInputField",
    )


CATALOG = Catalog(
    (
        *_CREATE,
        *_UPDATE,
        *_server_side(_Q),
        *_CANCEL,
        *(_schema(op) for op in (_C, _U, _X)),
        *(_not_found(op) for op in (_U, _Q, _X)),
        *(_unknown_input_field(op) for op in (_C, _U, _X)),
    )
)
"""Every error orderguard knows, keyed by (operation, name); see :meth:`Catalog.find`."""
