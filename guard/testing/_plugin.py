"""The pytest plugin of orderguard (entry point ``pytest11``): fixtures and hypothesis profiles.

Fixtures, fresh for each test:

- ``fake_order_api``: a ``FakeOrderApi`` (seed 0, API version 2024-11-01);
- ``order_guard``: a ``Guard`` of the test's API version;
- ``order_store``: an ``OrderStore`` (``memory://``; ``@pytest.mark.order_store(backend="sqlite")``
  for a SQLite file in the test's ``tmp_path``, or ``url=...`` for any store URL), closed after
  the test.

Mark a test to configure them; ``order_guard`` follows the fake's ``api_version`` unless its own
marker names one::

    @pytest.mark.fake_order_api(api_version="2024-04-01", inventory={"SKU-0001": 3})
    @pytest.mark.order_guard(disabled=["max_order_links"])
    def test_out_of_stock(fake_order_api, order_guard): ...

Hypothesis profiles, registered when hypothesis is installed (``[testing]`` extra) and loaded
with ``pytest --hypothesis-profile=NAME`` or ``settings.load_profile(NAME)``:

- ``orderguard``: 50 examples, 30 steps per state-machine run, no deadline (a fast local loop);
- ``orderguard-ci``: 200 examples, 50 steps, no deadline, no too-slow health check, and the
  blob to reproduce a failure printed.

Without hypothesis the profiles are simply not registered: the plugin never makes a pytest run
fail for lack of the ``[testing]`` extra.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from orderguard._guard import Guard
from orderguard.fake._fake import FakeOrderApi

if TYPE_CHECKING:
    from orderguard.store import OrderStore

PROFILES: dict[str, dict[str, Any]] = {
    "orderguard": {"max_examples": 50, "stateful_step_count": 30, "deadline": None},
    "orderguard-ci": {
        "max_examples": 200,
        "stateful_step_count": 50,
        "deadline": None,
        "print_blob": True,
        "suppress_health_check": ["too_slow"],
    },
}
"""The hypothesis profiles the plugin registers, by name (health checks by name)."""


def register_profiles() -> bool:
    """Register ``PROFILES`` with hypothesis; ``False`` (and nothing done) without hypothesis."""
    try:
        from hypothesis import HealthCheck, settings
    except ImportError:
        return False
    for name, options in PROFILES.items():
        checks = [HealthCheck[check] for check in options.get("suppress_health_check", ())]
        values = {**options, "suppress_health_check": checks} if checks else options
        settings.register_profile(name, **values)
    return True


register_profiles()  # at import, so a conftest or --hypothesis-profile can load them


def pytest_configure(config: pytest.Config) -> None:
    """Register the fixtures' markers (so ``--strict-markers`` accepts them)."""
    config.addinivalue_line(
        "markers", "fake_order_api(**kwargs): constructor arguments of the fake_order_api fixture"
    )
    config.addinivalue_line(
        "markers", "order_guard(**kwargs): constructor arguments of the order_guard fixture"
    )
    config.addinivalue_line(
        "markers", "order_store(backend=, url=, **kwargs): the store of the order_store fixture"
    )


def _marker_options(request: pytest.FixtureRequest, name: str) -> dict[str, Any]:
    marker = request.node.get_closest_marker(name)
    return dict(marker.kwargs) if marker is not None else {}


@pytest.fixture
def fake_order_api(request: pytest.FixtureRequest) -> FakeOrderApi:
    """A fresh, seeded ``FakeOrderApi`` per test, configured by the ``fake_order_api`` marker."""
    return FakeOrderApi(**_marker_options(request, "fake_order_api"))


@pytest.fixture
def order_guard(request: pytest.FixtureRequest) -> Guard:
    """A ``Guard`` per test: the ``order_guard`` marker's options, else the fake's API version."""
    options = _marker_options(request, "order_guard")
    fake_version = _marker_options(request, "fake_order_api").get("api_version")
    if fake_version is not None:
        options.setdefault("api_version", fake_version)
    return Guard(**options)


@pytest.fixture
def order_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[OrderStore]:
    """A fresh ``OrderStore`` per test (``memory://`` unless the ``order_store`` marker says)."""
    from orderguard.store import open_store

    options = _marker_options(request, "order_store")
    backend = options.pop("backend", "memory")
    default = f"sqlite:///{tmp_path / 'orders.db'}" if backend == "sqlite" else "memory://"
    with open_store(options.pop("url", default), **options) as store:
        yield store
