"""The pytest plugin of orderguard (entry point ``pytest11``): the ``fake_order_api`` fixture.

A test gets a fresh ``FakeOrderApi`` (seed 0, API version 2024-11-01). Mark the test to pass
other constructor arguments::

    @pytest.mark.fake_order_api(api_version="2024-04-01", inventory={"SKU-0001": 3})
    def test_out_of_stock(fake_order_api): ...

This module imports neither hypothesis nor anything that does, so installing orderguard never
breaks a pytest run that lacks the ``[testing]`` extra.
"""

from __future__ import annotations

import pytest

from orderguard.testing._fake import FakeOrderApi


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``fake_order_api`` marker (so ``--strict-markers`` accepts it)."""
    config.addinivalue_line(
        "markers", "fake_order_api(**kwargs): constructor arguments of the fake_order_api fixture"
    )


@pytest.fixture
def fake_order_api(request: pytest.FixtureRequest) -> FakeOrderApi:
    """A fresh, seeded ``FakeOrderApi`` per test, configured by the ``fake_order_api`` marker."""
    marker = request.node.get_closest_marker("fake_order_api")
    options = dict(marker.kwargs) if marker is not None else {}
    return FakeOrderApi(**options)
