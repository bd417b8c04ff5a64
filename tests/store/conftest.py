"""Fixtures of the store tests: one store per backend, cleaned up after the test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from orderguard.store import OrderStore, open_store
from tests.store.support import BACKENDS, SQL_BACKENDS, fresh_url


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh store URL of each backend (memory, SQLite file, PostgreSQL schema)."""
    with fresh_url(request.param, tmp_path) as url:
        yield url


@pytest.fixture(params=SQL_BACKENDS)
def sql_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh store URL other processes can open too (SQLite file, PostgreSQL schema)."""
    with fresh_url(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def store(store_url: str) -> Iterator[OrderStore]:
    """An open store of each backend."""
    with open_store(store_url) as opened:
        yield opened
