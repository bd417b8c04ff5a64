"""Shared pytest setup: hypothesis profiles chosen by ``HYPOTHESIS_PROFILE`` (default ``dev``).

``dev`` keeps the suite quick on a laptop; ``ci`` (set by ``.ci/run``) runs four times as many
examples, without deadlines (CI machines are shared), and prints the blob to reproduce a failure.
Shared helpers live in ``tests/helpers/``; import them as ``from tests.helpers.strategies import
...`` (pytest's importlib mode, with the root's ``pyproject.toml``, makes ``tests`` importable).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=50)
settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
