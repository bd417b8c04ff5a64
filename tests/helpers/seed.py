"""The seed error table's rows, read from ``tests/data`` (tests never read ``../shared``)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import NamedTuple

from orderguard.enums import Operation

DATA = Path(__file__).resolve().parents[1] / "data"


class SeedRow(NamedTuple):
    """One row of the API's *Troubleshoot Order Errors* table; ``code`` is None for N/A."""

    operation: Operation
    error_type: str
    code: str | None


def seed_rows() -> tuple[SeedRow, ...]:
    """Every row of ``seed_order_errors.tsv``, in table order."""
    with (DATA / "seed_order_errors.tsv").open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        return tuple(
            SeedRow(Operation(row["operation"]), row["errorType"], _code(row["errorCode"]))
            for row in csv.DictReader(lines, delimiter="\t")
        )


def _code(text: str) -> str | None:
    return None if text == "N/A" else text


SEED_ROWS = seed_rows()
"""The rows, loaded once at import."""
