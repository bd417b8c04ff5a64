"""The resolvers: each top-level field handed to ``FakeOrderApi`` as the API's variables.

createOrder, updateOrder, cancelOrder and the order query go to ``FakeOrderApi.execute`` with
the arguments as the client sent them (after graphql-core checked them against the schema); an
error the fake answers is raised as a ``GraphQLError`` with the fake's ``extensions``, so the
response lists it at the field's path. ``updateOrderPackageInformation`` is the sandbox move,
made with the fake's Amazon-side methods, with the sandbox's error codes (reference §7.7).

One lock covers every call, so a fault queued for one request hits that request's call.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from graphql import GraphQLError, GraphQLResolveInfo

from orderguard.api import dialect_for
from orderguard.enums import ApiVersion
from orderguard.fake import FakeOrderApi, Fault, IllegalAmazonMoveError

ORDERS = ("createOrder", "updateOrder", "cancelOrder", "order")
"""The fields the fake serves (and faults can hit)."""

SANDBOX_FIELD = "updateOrderPackageInformation"

Resolver = Callable[..., Any]


class Resolvers:
    """The fields of one request, resolved against the shared fake."""

    def __init__(
        self,
        fake: FakeOrderApi,
        lock: threading.Lock,
        version: ApiVersion,
        headers: Mapping[str, str],
        fault: Fault | None,
    ) -> None:
        self._fake, self._lock, self._version = fake, lock, version
        self._headers = dict(headers)
        self._fault = fault

    def root(self) -> dict[str, Resolver]:
        """The root value: a resolver per top-level field."""
        fields: dict[str, Resolver] = {name: partial(self._order_call, name) for name in ORDERS}
        fields[SANDBOX_FIELD] = self._move_package
        return fields

    def _order_call(self, operation: str, info: GraphQLResolveInfo[Any], **args: Any) -> Any:
        with self._lock:
            if self._fault is not None and self._fault.applies_to(operation):
                self._fake.inject_next(self._fault, operation=operation)
                self._fault = None
            return self._execute(operation, args)

    def _execute(self, operation: str, variables: Mapping[str, Any]) -> Any:
        response = self._fake.execute(
            operation, variables, api_version=self._version.value, headers=self._headers
        )
        for error in response.get("errors") or ():
            raise GraphQLError(str(error.get("message")), extensions=error.get("extensions"))
        return response["data"][operation]

    def _move_package(self, info: GraphQLResolveInfo[Any], **args: Any) -> dict[str, Any]:
        lookup = {"orderIdentifier": args["orderIdentifier"]}
        move = args["input"]
        with self._lock:
            order = self._execute("order", lookup)
            package_id = move.get("packageInformationDetailId")
            if package_id is not None and package_id not in self._package_ids(order):
                message = f"order {order['id']} has no package {package_id}"
                raise _sandbox_error("PackageInformationDetailIdNotFound", message)
            self._move(order["id"], package_id, move["state"], move.get("reason"))
            return {"order": self._execute("order", lookup)}

    def _package_ids(self, order: Mapping[str, Any]) -> set[str]:
        """The IDs of the order's packages, in the version's packages field."""
        info = order.get(dialect_for(self._version).package_field) or {}
        return {str(detail["id"]) for detail in info.get("details") or ()}

    def _move(self, order_id: str, package_id: str | None, state: str, reason: str | None) -> None:
        try:
            if state == "IN_TRANSIT":
                self._fake.ship(order_id, package_id)
            elif state == "DELIVERED":
                self._fake.deliver(order_id, package_id)
            elif reason is None:
                raise _sandbox_error("MissingCancellationReason", "CANCELLED needs a reason")
            else:
                self._fake.cancel_package(order_id, package_id, reason)
        except IllegalAmazonMoveError as refused:
            code = "InvalidPackageDeliveryDetailStateTransition"
            raise _sandbox_error(code, str(refused)) from None


def _sandbox_error(code: str, message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"errorType": "ValidationError", "errorCode": code})
