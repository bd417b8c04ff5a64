"""The demo's store scene: a real SQLite file, an event redelivered after a restart."""

from __future__ import annotations

from pathlib import Path

from orderguard.cli._demo_store import store_day


def test_the_redelivered_event_is_a_duplicate_after_a_restart(tmp_path: Path) -> None:
    """The first delivery applies; the same key after reopening the file is a duplicate."""
    lines: list[str] = []
    store_day(tmp_path, lines.append)
    assert "  PACKAGE_DELIVERY_IN_TRANSIT: applied" in lines
    assert "  the same delivery after a restart: duplicate" in lines
    assert (tmp_path / "orders.db").is_file()


def test_the_scene_starts_from_an_empty_store_each_time(tmp_path: Path) -> None:
    """Playing the scene twice tells the same story (the old file is replaced)."""
    first: list[str] = []
    second: list[str] = []
    store_day(tmp_path, first.append)
    store_day(tmp_path, second.append)
    assert first == second
