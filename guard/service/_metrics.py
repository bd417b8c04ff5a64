"""Counters and timings of the service, served as Prometheus text at ``/metrics``.

A tiny registry (no client library): counters by label values and durations as a Prometheus
summary's ``_sum`` / ``_count``. Thread-safe.
"""

from __future__ import annotations

import threading
from collections import defaultdict

_HELP = {
    "orderguard_requests_total": ("counter", "HTTP requests answered, by route and status"),
    "orderguard_decisions_total": ("counter", "mutations judged, by operation and outcome"),
    "orderguard_events_total": ("counter", "events taken in, by outcome"),
    "orderguard_request_seconds": ("summary", "time to answer a request, by route"),
    "orderguard_upstream_seconds": ("summary", "time the upstream took to answer"),
}

Labels = tuple[tuple[str, str], ...]


class Metrics:
    """The service's counters and summaries."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: defaultdict[tuple[str, Labels], float] = defaultdict(float)

    def count(self, name: str, **labels: str) -> None:
        """Add one to the counter ``name`` with ``labels``."""
        key = (name, tuple(sorted(labels.items())))
        with self._lock:
            self._counts[key] += 1

    def observe(self, name: str, seconds: float, **labels: str) -> None:
        """Record one duration of the summary ``name``."""
        label_key = tuple(sorted(labels.items()))
        with self._lock:
            self._counts[(f"{name}_sum", label_key)] += seconds
            self._counts[(f"{name}_count", label_key)] += 1

    def render(self) -> str:
        """Every metric in the Prometheus text exposition format (version 0.0.4)."""
        with self._lock:
            samples = sorted(self._counts.items())
        lines = []
        for name, (kind, text) in _HELP.items():
            lines += [f"# HELP {name} {text}", f"# TYPE {name} {kind}"]
            for (sample, labels), value in samples:
                if sample == name or sample in (f"{name}_sum", f"{name}_count"):
                    lines.append(f"{sample}{_labels(labels)} {value:.15g}")
        return "\n".join(lines) + "\n"


def _labels(labels: Labels) -> str:
    if not labels:
        return ""
    escaped = (f'{key}="{_escape(value)}"' for key, value in labels)
    return "{" + ",".join(escaped) + "}"


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
