"""Fixtures of the store tests: one store per backend, cleaned up after the test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from orderguard.store import OrderStore, open_store
from tests.store.support import BACKENDS, drop_schema, url_for


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh store URL of each backend (memory, SQLite file, PostgreSQL schema)."""
    url = url_for(request.param, tmp_path)
    yield url
    if request.param == "postgres":
        drop_schema(url)


@pytest.fixture
def store(store_url: str) -> Iterator[OrderStore]:
    """An open store of each backend."""
    with open_store(store_url) as opened:
        yield opened
