"""Coverage-guided fuzzing of ``Guard.check_*`` with atheris: bytes -> JSON -> a decision.

Not installed with orderguard, not run in CI, not collected by pytest (``testpaths`` is
``tests``). Each input is read as JSON (bytes that are not JSON are skipped) and judged as
createOrder, updateOrder and cancelOrder variables of both API versions, against a sample
order; anything but a ``Decision`` or a ``PayloadError`` (bad input named by its field) is a
crash, which atheris reports with the input that caused it.

Install and run (from the repository root, in the development environment)::

    pip install atheris
    python fuzz/atheris_check.py -max_total_time=60

Without a corpus directory it fuzzes ``fuzz/corpus/`` (git-ignored), seeded with the shipped
sample requests so mutations start from valid payloads; ``fuzz/README.md`` says more.
"""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from orderguard import Guard
    from orderguard.enums import ApiVersion
    from orderguard.errors import PayloadError
    from orderguard.samples import REQUESTS, order_json, request_path

GUARDS = [(Guard(version), order_json(version=version)) for version in ApiVersion]


def judge(data: bytes) -> None:
    """One input: every check of every version; only a decision or a PayloadError may come."""
    try:
        variables = json.loads(data.decode("utf-8", "surrogatepass"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return  # not JSON: the CLI's reader refuses it before any check
    for guard, order in GUARDS:
        for check, snapshot in (
            (guard.check_create, None),
            (guard.check_update, order),
            (guard.check_cancel, order),
        ):
            # A PayloadError is bad input named by its field: the documented answer.
            with contextlib.suppress(PayloadError):
                check(variables, snapshot) if snapshot else check(variables)


def _seeded_corpus() -> str:
    """``fuzz/corpus/`` (not versioned), seeded with the shipped sample requests once."""
    corpus = Path(__file__).with_name("corpus")
    if not corpus.is_dir():
        corpus.mkdir()
        for name in REQUESTS:
            (corpus / f"{name}.json").write_bytes(request_path(name).read_bytes())
    return str(corpus)


def main() -> None:
    """Run atheris over ``judge``; without a corpus directory, over the seeded one."""
    argv = sys.argv
    if not any(not arg.startswith("-") for arg in argv[1:]):
        argv = [*argv, _seeded_corpus()]
    atheris.Setup(argv, judge)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
