"""Fixtures the service tests share: one emulator per module, reset per test, and a proxy."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from orderguard.emulator import EmulatorServer
from tests.helpers.http import reset_emulator, serve_emulator
from tests.service.support import Proxy, guarding


@pytest.fixture(scope="module")
def module_emulator() -> Iterator[EmulatorServer]:
    """An emulator on a free loopback port, for one test module."""
    yield from serve_emulator()


@pytest.fixture
def emulator(module_emulator: EmulatorServer) -> EmulatorServer:
    """The module's emulator, emptied for this test."""
    return reset_emulator(module_emulator)


@pytest.fixture
def proxy(emulator: EmulatorServer) -> Iterator[Proxy]:
    """A guarding proxy in front of ``emulator`` (a module may override it)."""
    with guarding(emulator) as running:
        yield running
