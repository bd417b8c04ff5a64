"""``orderguard demo``: a short walk through orderguard, one scene at a time.

A scene is a function ``(stage: Stage) -> None`` registered with ``@scene("title")``; the demo
plays the scenes in the order they were registered. A new feature appends its scene at the end of
this module. Scenes print through ``stage.say`` and write files only through ``stage.save``,
which creates the output folder on first use.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

from orderguard import samples
from orderguard._guard import Guard
from orderguard.cli._explain import describe
from orderguard.cli._util import UsageError, write_file
from orderguard.diagrams import DiagramError, Graph, graph, render, to_mermaid
from orderguard.enums import Operation
from orderguard.errors import CATALOG, parse_api_errors
from orderguard.statemachine import OrderSnapshot

PlayFn = Callable[["Stage"], None]
"""A scene's body: it speaks and saves through the stage."""


@attrs.define
class Stage:
    """Where scenes speak (``echo``, standard output by default) and save files (``out``)."""

    out: Path
    echo: Callable[[str], None] = print

    def say(self, text: str = "") -> None:
        """Print one line (or several, separated by newlines)."""
        self.echo(text)

    def save(self, name: str, text: str) -> Path:
        """Write ``text`` to ``out/name``, creating the folder, and say where it went."""
        try:
            self.out.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise UsageError(f"cannot make the folder {self.out}: {error.strerror}") from None
        path = self.out / name
        write_file(path, text.encode("utf-8"))
        self.say(f"  saved {path}")
        return path


@attrs.frozen
class Scene:
    """One titled step of the demo."""

    title: str
    play: PlayFn


SCENES: list[Scene] = []
"""Every scene, in playing order."""


def scene(title: str) -> Callable[[PlayFn], PlayFn]:
    """Register the decorated function as the next scene, under ``title``."""

    def register(play: PlayFn) -> PlayFn:
        SCENES.append(Scene(title, play))
        return play

    return register


def run_demo(out: Path, echo: Callable[[str], None] = print) -> None:
    """Play every scene in order, saving files under ``out``."""
    stage = Stage(out, echo)
    for number, item in enumerate(SCENES, start=1):
        stage.say(f"== {number}. {item.title} ==")
        item.play(stage)
        stage.say()


SAMPLE_ERROR_RESPONSE: dict[str, Any] = {
    "data": None,
    "errors": [
        {
            "message": "An order with alias EXTERNAL_ID/po-1042 already exists",
            "path": ["createOrder"],
            "extensions": {"errorType": "ValidationError", "errorCode": "AliasValueAlreadyExists"},
        },
        {"message": "Rate exceeded", "extensions": {"errorType": "ThrottlingException"}},
    ],
}
"""A createOrder response carrying two errors, in one of the layouts orderguard reads."""


@scene("The error catalog")
def _catalog(stage: Stage) -> None:
    """How many errors each operation documents, and how many orderguard names itself."""
    documented = Counter(spec.operation for spec in CATALOG.specs() if spec.documented_code)
    own = Counter(spec.operation for spec in CATALOG.specs() if not spec.documented_code)
    for op in Operation:
        stage.say(f"  {op.value:<12} {documented[op]:>2} documented, {own[op]} named by orderguard")
    stage.say("  List them with 'orderguard errors'; explain one with 'orderguard explain CODE'.")


@scene("Three errors explained")
def _explained(stage: Stage) -> None:
    """The catalog's text for an alias clash, a duplicate refund and throttling."""
    picks = (
        (Operation.CREATE_ORDER, "ConflictError"),
        (Operation.UPDATE_ORDER, "DuplicateRefundId"),
        (Operation.ORDER, "ThrottlingError"),
    )
    stage.say("\n\n".join(describe(CATALOG.get_spec(op, name)) for op, name in picks))


@scene("Reading an error response")
def _response(stage: Stage) -> None:
    """A GraphQL response with two errors, parsed into exceptions with their retry policy."""
    stage.save("sample-error-response.json", json.dumps(SAMPLE_ERROR_RESPONSE, indent=2))
    for error in parse_api_errors(SAMPLE_ERROR_RESPONSE, Operation.CREATE_ORDER):
        label = f"{error.error_type}/{error.code}" if error.code else error.error_type
        retry = error.spec.retry.value if error.spec else "unknown"
        stage.say(f"  {type(error).__name__:<20} {label:<40} -> {retry}")
    stage.say("  ThrottlingException matched the catalog's ThrottlingError: both spellings work.")


def _preflight_requests() -> list[tuple[str, Operation, Any, Any]]:
    """(what, operation, variables, order JSON) for the pre-flight scene."""
    order_id = "322-ABC1-AAAAAA"
    shipped = samples.order_json(order_id, execution="STARTED", packages=("IN_TRANSIT",))
    twice = [samples.refund_update("refund-7c1", state) for state in ("PARTIAL", "SUCCESS")]
    return [
        ("a valid order", Operation.CREATE_ORDER, samples.create_variables(2, 1, 2), None),
        ("six order links", Operation.CREATE_ORDER, samples.create_variables(1, 6), None),
        (
            "a refund updated twice",
            Operation.UPDATE_ORDER,
            samples.update_variables(order_id, {"refunds": {"details": twice}}),
            samples.order_json(order_id, refunds=(("refund-7c1", "PENDING"),)),
        ),
        (
            "a start of an order in transit",
            Operation.UPDATE_ORDER,
            samples.update_variables(order_id, {"desiredExecutionState": "STARTED"}),
            shipped,
        ),
    ]


@scene("Pre-flight checks")
def _preflight(stage: Stage) -> None:
    """Four requests checked before sending: one passes, three would be rejected, and why."""
    guard, requests = Guard(), _preflight_requests()
    for what, operation, variables, order in requests:
        decision = guard.check(operation, variables, order)
        verdict = "allowed" if decision.allowed else "rejected"
        stage.say(f"  {operation.value} with {what}: {verdict}")
        for violation in decision.violations:
            label = violation.error_code or violation.spec.name
            stage.say(f"    {label} at {violation.path}: {violation.message}")
    name = "check-start-in-transit"
    _, _, variables, order = requests[-1]
    stage.save(f"{name}.request.json", json.dumps(variables, indent=2))
    stage.save(f"{name}.order.json", json.dumps(order, indent=2))
    stage.say(
        f"  Try: orderguard check updateOrder --request {stage.out / name}.request.json "
        f"--order {stage.out / name}.order.json"
    )


DIAGRAM_ORDERS: dict[str, tuple[dict[str, Any], tuple[str, ...]]] = {
    "in-transit": (
        {"execution": "STARTED", "packages": ("IN_TRANSIT", "DELIVERED")},
        ("overview", "package"),
    ),
    "cancelled": (
        {"packages": ("CANCELLED",), "cancellation": "SUCCESS"},
        ("overview", "cancellation"),
    ),
    "refunds": (
        {
            "execution": "STARTED",
            "packages": ("DELIVERED",),
            "refunds": (("refund-1", "PENDING"), ("refund-2", "PARTIAL"), ("refund-3", "SUCCESS")),
        },
        ("refund",),
    ),
}
"""Each demo order: ``order_json`` fields and the machines to draw it on."""


def _draw(stage: Stage, stem: str, drawing: Graph, with_svg: bool) -> bool:
    """Save ``drawing`` as Mermaid, and as SVG while Graphviz works; return whether it does."""
    stage.save(f"{stem}.mmd", to_mermaid(drawing))
    if not with_svg:
        return False
    try:
        svg = render(drawing, "svg").decode()
    except DiagramError as missing:
        stage.say(f"  no SVG (Mermaid only from here): {missing}")
        return False
    stage.save(f"{stem}.svg", svg)
    return True


def _summary(order: OrderSnapshot) -> str:
    """``execution STARTED, packages IN_TRANSIT DELIVERED, ...`` for one order."""
    parts = [
        f"execution {order.execution.value}",
        "packages " + " ".join(p.state.value for p in order.packages),
    ]
    if order.cancellation:
        parts.append(f"cancellation {order.cancellation.value}")
    if order.refunds:
        parts.append("refunds " + " ".join(r.state.value for r in order.refunds))
    return ", ".join(parts)


@scene("Diagrams of three orders")
def _diagrams(stage: Stage) -> None:
    """Three orders drawn with their current states highlighted (machines with refusals)."""
    with_svg = True
    for name, (fields, machines) in DIAGRAM_ORDERS.items():
        order = OrderSnapshot.from_json(samples.order_json(f"322-DEMO-{name.upper()}", **fields))
        stage.say(f"  {name}: {_summary(order)}")
        for machine in machines:
            drawing = graph(machine, forbidden=machine != "overview", snapshot=order)
            with_svg = _draw(stage, f"diagram-{name}-{machine}", drawing, with_svg)
    stage.say("  Draw your own: orderguard diagram overview --order ORDER.json --out order.svg")


@scene("A guarded client session against the local emulator")
def _client_session(stage: Stage) -> None:
    """OrderClient against an emulator on a free loopback port: refused, throttled, recovered."""
    try:
        from orderguard.cli._demo_session import client_session
    except ImportError as missing:
        stage.say(f"  skipped: {missing}")
        return
    client_session(stage)


@scene("Many workers: the order store")
def _store(stage: Stage) -> None:
    """An SQLite order store in the demo's folder: an event redelivered after a restart."""
    from orderguard.cli._demo_store import store_day

    store_day(stage.out, stage.say)


@scene("A fulfillment workflow against the fake")
def _fulfillment(stage: Stage) -> None:
    """The example service (orderguard.samples.fulfillment) on three orders, behind a guard."""
    from orderguard.cli._demo_workflow import fulfillment_day

    fulfillment_day(stage.say)
    stage.say("  Property-test yours: subclass orderguard.testing.OrderWorkflowMachine")
