"""The pytest plugin's order_guard fixture and hypothesis profiles."""

from __future__ import annotations

import pytest
from hypothesis import settings

from orderguard import ApiVersion, Guard
from orderguard.testing._plugin import PROFILES, register_profiles


def test_the_guard_fixture_is_a_default_guard(order_guard: Guard) -> None:
    """order_guard is a Guard of the default API version with every rule on."""
    assert order_guard.api_version is ApiVersion.V2024_11_01
    assert repr(order_guard) == repr(Guard())


@pytest.mark.order_guard(api_version="2024-04-01", disabled=["max_order_links"])
def test_the_marker_configures_the_guard(order_guard: Guard) -> None:
    """@pytest.mark.order_guard(...) passes its arguments to the Guard."""
    assert order_guard.api_version is ApiVersion.V2024_04_01
    assert "max_order_links" in repr(order_guard)


@pytest.mark.fake_order_api(api_version="2024-04-01")
def test_the_guard_follows_the_fakes_version(order_guard: Guard, fake_order_api: object) -> None:
    """Without its own api_version, order_guard speaks the fake_order_api marker's version."""
    assert order_guard.api_version is ApiVersion.V2024_04_01


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_the_profiles_are_registered(name: str) -> None:
    """Both profiles exist in hypothesis with the documented values; the current one is kept."""
    current = settings.get_current_profile_name()
    assert register_profiles()
    profile = settings.get_profile(name)
    assert profile.deadline is None
    assert profile.max_examples == PROFILES[name]["max_examples"]
    assert profile.stateful_step_count == PROFILES[name]["stateful_step_count"]
    assert settings.get_current_profile_name() == current
