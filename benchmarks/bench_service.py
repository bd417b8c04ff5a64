"""Service rows: proxy overhead, ``/v1/check`` throughput, ``check --batch`` throughput.

Run alone: ``python -m benchmarks.bench_service [--quick]``. Each subject beside its floor from
the same run, rounds interleaved, medians:

- proxy overhead: the emulator (``orderguard serve``) and the proxy (``orderguard proxy``, on a
  ``memory://`` store, then on an SQLite file) in child processes; one keep-alive client sends,
  in turn, a forwarded start (a no-op start of a started order, so every round does the same
  work) to the proxy and the same call directly to the emulator, then a cancel the proxy
  refuses (its store knows the package shipped) and the same cancel to the emulator, which
  refuses it itself. The overhead of a round is proxied - direct; its p50 and p99 are reported
  beside the direct call's p50 (DESIGN §8: p50 <= 2 ms).
- ``/v1/check``: sequential requests on one connection, floor ``GET /healthz`` of the same
  server (the HTTP round trip without a decision).
- batch: 10,000 lines through the ``check --batch`` command (interpreter start included) and
  through its loop in process, floor 10,000 in-process ``Guard.check`` calls (<= 2x).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from benchmarks._harness import (
    CLOCK,
    FULL,
    QUICK,
    Budget,
    ProcessProbe,
    Row,
    interleave,
    print_table,
)
from benchmarks.bench_startup import child_environment, orderguard_command
from orderguard import Guard, samples
from orderguard.cli._batch import judge_lines

TOPIC = "service"
OVERHEAD_TARGET = 0.002
"""DESIGN §8: the proxy adds at most 2 ms at the median."""
BATCH_LINES = 10_000
HEADERS = {"content-type": "application/json", "authorization": "Bearer bench"}

START = (
    "mutation Start($id: ID!) { updateOrder(orderIdentifier: {orderId: $id}, "
    "input: {desiredExecutionState: STARTED}) { order { id metadata { executionState } } } }"
)
CANCEL = (
    "mutation Cancel($id: ID!) { cancelOrder(orderIdentifier: {orderId: $id}) "
    "{ cancellation { id state } } }"
)
SHIP = (
    "mutation Ship($id: ID!) { updateOrderPackageInformation(orderIdentifier: {orderId: $id}, "
    "input: {state: IN_TRANSIT}) { order { id } } }"
)
QUERY = (
    "query Order($id: ID!) { order(orderIdentifier: {orderId: $id}) "
    "{ id metadata { executionState } packageInformation { details { id state } } } }"
)
CREATE = (
    "mutation Create($input: CreateOrderInput!) { createOrder(input: $input) { order { id } } }"
)


@contextmanager
def _child(*args: str) -> Iterator[str]:
    """``orderguard ARGS`` in a child process; yields the GraphQL URL its first line names."""
    command = [sys.executable, "-m", "orderguard", *args]
    pipe = subprocess.PIPE
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=pipe, text=True)
    assert process.stderr is not None
    first = process.stderr.readline()
    found = re.search(r"(http://\S+/graphql)", first)
    # The request log must be read, or the child blocks once the pipe is full.
    drain = threading.Thread(target=lambda: [None for _ in process.stderr or ()], daemon=True)
    drain.start()
    try:
        if not found:
            raise SystemExit(f"orderguard {args[0]} did not start: {first}")
        yield found.group(1)
    finally:
        process.terminate()
        process.wait(timeout=30)
        drain.join(timeout=30)
        process.stderr.close()


def _post(http: httpx.Client, url: str, query: str, variables: dict[str, Any]) -> Any:
    body = json.dumps({"query": query, "variables": variables}).encode()
    return http.post(url, content=body, headers=HEADERS).json()


def _wall(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def _percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _orders(http: httpx.Client, emulator: str, proxy: str) -> tuple[str, str]:
    """A started order (for no-op starts) and a shipped one whose shipment the proxy knows."""
    ids = []
    for ref in ("bench-started", "bench-shipped"):
        created = _post(http, proxy, CREATE, samples.create_variables(1, order_ref=ref))
        ids.append(created["data"]["createOrder"]["order"]["id"])
        _post(http, proxy, START, {"id": ids[-1]})
    _post(http, emulator, SHIP, {"id": ids[1]})
    _post(http, proxy, QUERY, {"id": ids[1]})
    refused = _post(http, proxy, CANCEL, {"id": ids[1]})
    assert refused["errors"][0]["extensions"]["refusedBy"] == "orderguard", refused
    return ids[0], ids[1]


def _overhead_rows(
    http: httpx.Client, emulator: str, proxy: str, rounds: int, store: str
) -> list[Row]:
    started, shipped = _orders(http, emulator, proxy)
    calls = {"forwarded": (START, {"id": started}), "refused": (CANCEL, {"id": shipped})}
    overheads: dict[str, list[float]] = {name: [] for name in calls}
    directs: dict[str, list[float]] = {name: [] for name in calls}
    for round_ in range(rounds + rounds // 10):
        for name, (query, variables) in calls.items():
            direct = _wall(lambda q=query, v=variables: _post(http, emulator, q, v))
            proxied = _wall(lambda q=query, v=variables: _post(http, proxy, q, v))
            if round_ >= rounds // 10:  # the first tenth warms both up
                overheads[name].append(proxied - direct)
                directs[name].append(direct)
    made = []
    for name, values in overheads.items():
        floor = statistics.median(directs[name])
        for share in (0.5, 0.99):
            what = f"proxy overhead p{round(share * 100)}, {name} mutation, {store} store"
            if share == 0.5:
                what += f" (target <= {OVERHEAD_TARGET * 1000:g} ms)"
            value = _percentile(values, share)
            made.append(Row(TOPIC, what, value, "direct call p50", floor, "ms", None, rounds))
    return made


def _check_rows(http: httpx.Client, base: str, rounds: int) -> list[Row]:
    body = json.dumps({"operation": "createOrder", "request": samples.create_variables(2)})
    assert http.post(f"{base}/v1/check", content=body, headers=HEADERS).json()["allowed"]
    checks, healths = [], []
    for _ in range(rounds):
        healths.append(_wall(lambda: http.get(f"{base}/healthz")))
        checks.append(_wall(lambda: http.post(f"{base}/v1/check", content=body, headers=HEADERS)))
    check, health = statistics.median(checks), statistics.median(healths)
    return [
        Row(
            TOPIC,
            f"POST /v1/check, one connection (2-line createOrder): {1 / check:,.0f}/s",
            check,
            "GET /healthz, same server",
            health,
            "ms",
            None,
            rounds,
        ),
    ]


def _batch_items() -> list[dict[str, Any]]:
    start = samples.update_variables("322-ABC1-AAAAAA", {"desiredExecutionState": "STARTED"})
    kinds = [
        {"operation": "createOrder", "request": samples.create_variables(2)},
        {"operation": "updateOrder", "request": start, "order": samples.order_json()},
        {
            "operation": "cancelOrder",
            "request": {"orderIdentifier": {"orderId": "322-ABC1-AAAAAA"}},
            "order": samples.order_json(packages=("IN_TRANSIT",)),
        },
    ]
    return [{"id": i, **kinds[i % len(kinds)]} for i in range(BATCH_LINES)]


def _batch_rows(runs: int) -> list[Row]:
    items = _batch_items()
    text = "".join(json.dumps(item) + "\n" for item in items)
    lines = text.encode().splitlines(keepends=True)
    guard = Guard()

    def calls() -> float:
        start = CLOCK()
        for item in items:
            guard.check(item["operation"], item["request"], item.get("order"))
        return CLOCK() - start

    def loop() -> float:
        start = CLOCK()
        judge_lines(guard, lines, io.StringIO())
        return CLOCK() - start

    floor_what = f"{BATCH_LINES:,} in-process Guard.check"
    with tempfile.TemporaryDirectory(prefix="orderguard-bench-") as folder:
        source = Path(folder) / "checks.jsonl"
        source.write_text(text, encoding="utf-8")
        env = child_environment(str(Path(folder) / "pycache"))  # bytecode cached, as installed
        argv = [*orderguard_command(), "check", "--batch", str(source)]
        subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, check=True)  # fills the cache
        command = ProcessProbe(argv, env)
        floor, in_process = interleave(calls, loop, runs)
        floor_again, whole = interleave(calls, command, runs)
    return [
        Row(
            TOPIC,
            f"{BATCH_LINES:,} lines through check --batch (the command, start included)",
            whole,
            floor_what,
            floor_again,
            "ms",
            2.0,
            runs,
        ),
        Row(
            TOPIC,
            "same, CPU time of the child (user + system)",
            statistics.median(command.cpu),
            floor_what,
            floor_again,
            "ms",
            None,
            runs,
        ),
        Row(
            TOPIC,
            f"{BATCH_LINES:,} lines through the batch loop (in process)",
            in_process,
            floor_what,
            floor,
            "ms",
            2.0,
            runs,
        ),
    ]


def _proxy_rows(store: str, requests: int, check: bool) -> list[Row]:
    """Overhead (and, when ``check``, /v1/check) rows of a proxy on ``store``."""
    options = ("--listen", "127.0.0.1:0", "--decision-log", os.devnull, "--store", store)
    with (
        _child("serve", "--port", "0") as emulator,
        _child("proxy", "--upstream", emulator, *options) as proxy,
        httpx.Client(timeout=30) as http,
    ):
        made = _overhead_rows(http, emulator, proxy, requests, store.partition(":")[0])
        if check:
            made += _check_rows(http, proxy.removesuffix("/graphql"), requests)
    return made


def rows(budget: Budget) -> list[Row]:
    """Every service row, within ``budget``."""
    requests = 50 if budget.quick else 2_000
    with tempfile.TemporaryDirectory(prefix="orderguard-bench-") as folder:
        sqlite = f"sqlite:///{Path(folder) / 'proxy.db'}"
        made = _proxy_rows("memory://", requests, check=True)
        made += _proxy_rows(sqlite, requests // 4, check=False)
    return [*made, *_batch_rows(2 if budget.quick else 7)]


def main(argv: Sequence[str] | None = None) -> int:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_service")
    parser.add_argument("--quick", action="store_true", help="a few short rounds (smoke test)")
    args = parser.parse_args(argv)
    print_table(rows(QUICK if args.quick else FULL))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
