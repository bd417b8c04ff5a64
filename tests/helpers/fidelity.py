"""The fidelity table's vocabulary: a ``Fact`` of the reference, the ``Scene`` its example uses.

Each fact says where it applies (API versions), what enforces it, and gives an example request
that breaks it, built in a ``Scene``: a fake of that version holding whatever orders the example
needs, so the guard (judging the order as the fake holds it) and the fake judge the same call.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any

import attrs

from orderguard import Guard, samples
from orderguard.api import Dialect, dialect_for
from orderguard.enums import ApiVersion, Operation
from orderguard.errors import CATALOG
from orderguard.fake import FakeOrderApi
from tests.helpers.policy_cases import Call

JSON = dict[str, Any]
LINE0 = "input.lineItems[0]"
DETAILS0 = f"{LINE0}.selectedDeliveryOffer.details"
ADDRESS = "input.recipient.deliveryAddress"
TOTAL = {"totalAmount": {"amount": "4.00", "currencyCode": "USD"}}
V11, V04 = ApiVersion.V2024_11_01, ApiVersion.V2024_04_01
BOTH = frozenset(ApiVersion)
ONLY_11 = frozenset({V11})
ONLY_04 = frozenset({V04})
NONE: frozenset[ApiVersion] = frozenset()


class Kind(enum.Enum):
    """How a fact is enforced."""

    RULE = "a rule refuses a request breaking it"
    SCHEMA = "the version's input schema refuses it (SchemaError)"
    DECISION = "the reference leaves it open (GAP or INFERENCE): orderguard decides as stated"
    ALLOWED = "a freedom the API grants: the example must pass"
    ELSEWHERE = "not about a request: the reader named in enforced_by holds it"


class Scene:
    """One API version's world: its dialect and a fake holding the orders an example needs."""

    def __init__(self, version: ApiVersion) -> None:
        self.version = version
        self.dialect: Dialect = dialect_for(version)
        self.fake = FakeOrderApi(api_version=version.value)

    def create(self, lines: int = 1, **changes: Any) -> JSON:
        """createOrder variables of ``lines`` one-unit Prime lines; ``changes`` replace fields."""
        variables = samples.create_variables(lines, version=self.version)
        variables["input"].update(changes)
        return variables

    def call(self, variables: JSON, context: JSON | None = None) -> Call:
        """The createOrder call of ``variables``."""
        return Call("createOrder", variables, context=context, version=self.version)

    def new_order(self, **options: Any) -> str:
        """An order created in the fake (``samples.create_variables`` options); its ID."""
        variables = samples.create_variables(version=self.version, **options)
        return str(self.fake.create_order(variables)["id"])

    def started_order(self, shipped: bool = False) -> str:
        """An order created and started, its package shipped if ``shipped``."""
        order_id = self.new_order()
        self.fake.update_order(
            self.update(order_id, {"desiredExecutionState": "STARTED"}).variables
        )
        if shipped:
            self.fake.ship(order_id)
        return order_id

    def refunds(self, order_id: str, count: int = 1) -> list[str]:
        """Have Amazon request ``count`` refunds of the order; their IDs, oldest first."""
        for _ in range(count):
            self.fake.request_refund(order_id)
        return [refund["id"] for refund in self.fake.peek(order_id)["refunds"]["details"]]

    def update(self, order_id: str, input_: JSON) -> Call:
        """An updateOrder call of the order, addressed the version's way, with its snapshot."""
        variables = samples.update_variables(order_id, input_, self.version)
        return Call("updateOrder", variables, self.fake.peek(order_id), version=self.version)

    def cancel(self, order_id: str, input_: JSON | None = None, **identifier: Any) -> Call:
        """A cancelOrder call of the order, addressed the version's way, with its snapshot."""
        ident = identifier or {"orderId": order_id}
        if self.dialect.identifier_argument:
            variables: JSON = {"orderIdentifier": ident, **({"input": input_} if input_ else {})}
        else:
            variables = {"input": {"orderIdentifier": ident, **(input_ or {})}}
        return Call("cancelOrder", variables, self.fake.peek(order_id), version=self.version)


def lines(variables: JSON) -> list[JSON]:
    """The line items of createOrder variables."""
    found: list[JSON] = variables["input"]["lineItems"]
    return found


def merchant(scene: Scene, index: int, quantity: int = 1, product: bool = True) -> JSON:
    """A line the merchant ships itself, with or without its product."""
    line = samples.prime_line(index, quantity, scene.version)
    line["selectedDeliveryOffer"] = {"details": {"deliveryProvider": "MERCHANT"}}
    if not product:
        del line["product"]
    return line


def amazon_without_prime(scene: Scene, index: int = 0, speed: bool = True) -> JSON:
    """A line Amazon ships without Prime (2024-11-01); before, the version's Prime line."""
    line = samples.prime_line(index, 1, scene.version)
    details = line["selectedDeliveryOffer"]["details"]
    if scene.dialect.delivery_terms:
        del details["id"], details["deliveryPreviewId"]
        details["deliveryTerms"] = {"isPrimeEligible": False}
        if speed:
            details["deliveryTerms"]["deliverySpeed"] = "STANDARD"
    return line


def edited(scene: Scene, edit: Any, lines_: int = 1) -> Call:
    """The sample createOrder of ``lines_`` Prime lines, ``edit(variables)`` applied."""
    variables = scene.create(lines_)
    edit(variables)
    return scene.call(variables)


def drop(*keys: str) -> Any:
    """An edit deleting ``input.<key>...`` (a dotted path below ``input``)."""

    def edit(variables: JSON) -> None:
        target: Any = variables["input"]
        for key in keys[:-1]:
            target = target[int(key)] if key.isdigit() else target[key]
        del target[keys[-1]]

    return edit


def refund_update(scene: Scene, detail: JSON, refunds: int = 1) -> Call:
    """An update of one refund of a new order (``"id": n`` stands for its n-th refund)."""
    order_id = scene.new_order()
    ids = scene.refunds(order_id, refunds)
    detail = {
        key: ids[value] if key == "id" and isinstance(value, int) else value
        for key, value in detail.items()
    }
    return scene.update(order_id, {"refunds": {"details": [detail]}})


def refund_pair(scene: Scene, alias: str, taken: bool) -> Call:
    """Two refunds; the first already carries ``alias`` when ``taken``; both get it now."""
    order_id = scene.new_order()
    first, second = scene.refunds(order_id, 2)
    pair = [{"aliasType": "EXTERNAL_REFUND_ID", "aliasId": alias}]
    if taken:
        scene.fake.update_order(
            scene.update(
                order_id,
                {"refunds": {"details": [{"id": first, "refundTotal": TOTAL, "aliases": pair}]}},
            ).variables
        )
        details = [{"id": second, "refundTotal": TOTAL, "aliases": pair}]
    else:
        details = [{"id": rid, "refundTotal": TOTAL, "aliases": pair} for rid in (first, second)]
    return scene.update(order_id, {"refunds": {"details": details}})


def without_terms_and_id(variables: JSON) -> None:
    """An edit: the first line's offer loses its ``id`` and its ``deliveryTerms``."""
    details = lines(variables)[0]["selectedDeliveryOffer"]["details"]
    del details["id"]
    details.pop("deliveryTerms", None)


def identified_twice(scene: Scene) -> Call:
    """cancelOrder naming the order by its ID and by its alias at once."""
    order_id = scene.new_order()
    alias = {"aliasType": "EXTERNAL_ID", "aliasId": "order-1001-0"}
    return scene.cancel(order_id, orderId=order_id, **{scene.dialect.alias_identifier_key: alias})


def identified_in_both_places(scene: Scene) -> Call:
    """cancelOrder naming the order both outside and inside ``input``."""
    order_id = scene.new_order()
    ident = {"orderId": order_id}
    variables = {"orderIdentifier": ident, "input": {"orderIdentifier": ident}}
    return Call("cancelOrder", variables, scene.fake.peek(order_id), version=scene.version)


def refund_twice(scene: Scene) -> Call:
    """One refund updated twice in one call."""
    order_id = scene.new_order()
    (refund_id,) = scene.refunds(order_id)
    detail = {"id": refund_id, "refundTotal": TOTAL}
    return scene.update(order_id, {"refunds": {"details": [detail, dict(detail)]}})


Example = Callable[[Scene], Call]
Path = str | Callable[[Dialect], str] | None


@attrs.frozen
class Fact:
    """One fact of the reference, where it applies, what enforces it, and how to break it.

    ``code`` and ``path`` are what the guard reports for ``example`` in each version of
    ``versions`` and not in the others (``path`` ``None``: any path; ``code`` ``None``: the
    example is a request the API accepts, in ``versions``). ``fake`` says the fake judges it
    too. ``pending`` names the change that still has to land for the guard (the test is a
    strict xfail in ``pending_in``, default ``versions``, until it does). ``probe`` checks an
    ELSEWHERE fact's reader.
    """

    key: str
    section: str
    versions: frozenset[ApiVersion]
    kind: Kind
    enforced_by: str
    fact: str
    example: Example | None = None
    code: str | None = None
    path: Path = None
    fake: bool = True
    pending: str | None = None
    pending_in: frozenset[ApiVersion] | None = None
    fake_pending: bool = False
    """Whether the fake's half waits for ``pending`` too."""
    probe: Callable[[Scene], None] | None = None

    def pending_here(self, version: ApiVersion) -> bool:
        """Whether the guard's half of the row waits for ``pending`` in ``version``."""
        waiting = self.versions if self.pending_in is None else self.pending_in
        return self.pending is not None and version in waiting

    def path_in(self, dialect: Dialect) -> str | None:
        """The path the violation names in ``dialect``'s version."""
        return self.path(dialect) if callable(self.path) else self.path


def guard_found(call: Call) -> tuple[bool, list[tuple[str, str]]]:
    """Whether the default guard allows ``call``, and (code name, path) of each violation."""
    decision = Guard(call.version).check(call.operation, call.variables, call.order, call.context)
    return decision.allowed, [(v.spec.name, v.path) for v in decision.violations]


def fake_answer(scene: Scene, call: Call) -> tuple[str, str | None] | None:
    """The fake's answer to ``call``: ``None`` when it succeeds, else (name, misfit field).

    The name is the error code, the type for a codeless error, or ``SchemaError`` for a misfit.
    """
    response = scene.fake.execute(call.operation, call.variables)
    if "errors" not in response:
        return None
    extensions = response["errors"][0]["extensions"]
    if "field" in extensions:
        return "SchemaError", extensions["field"]
    return extensions.get("errorCode") or extensions["errorType"], None


def api_answer(operation: str, name: str) -> str:
    """What the API answers for the catalog entry ``name``: its code, or its type if codeless."""
    spec = CATALOG.get_spec(Operation(operation), name)
    return spec.code or spec.error_type
