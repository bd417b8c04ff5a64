"""Tests of the sample files: shipped in the wheel, found by ``orderguard samples`` anywhere."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from orderguard import samples
from tests.helpers.cli import assert_one_line_failure, orderguard
from tests.test_packaging import ROOT, wheel, wheel_names

__all__ = ["wheel", "wheel_names"]  # the wheel fixtures, shared with the packaging tests

pytestmark = pytest.mark.slow

SHIPPED = sorted(path.stem for path in (ROOT / "guard" / "samples" / "requests").glob("*.json"))


def test_every_file_in_the_folder_is_a_listed_sample() -> None:
    """REQUESTS names exactly the files of guard/samples/requests/, and each loads as JSON."""
    assert sorted(samples.REQUESTS) == SHIPPED
    assert all(isinstance(samples.load_request(name), dict) for name in SHIPPED)


def test_the_wheel_ships_every_sample_file(wheel_names: set[str]) -> None:
    """The wheel holds orderguard/samples/requests/NAME.json for every sample."""
    expected = {f"orderguard/samples/requests/{name}.json" for name in SHIPPED}
    assert expected <= wheel_names, "add them to [tool.setuptools.package-data]"


def installed(wheel: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m orderguard ARGS`` from the wheel unpacked in ``tmp_path``, run elsewhere."""
    site = tmp_path / "site"
    if not site.exists():
        with zipfile.ZipFile(wheel) as archive:
            archive.extractall(site)
    env = {**os.environ, "PYTHONPATH": str(site)}
    return subprocess.run(
        [sys.executable, "-m", "orderguard", *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_readme_checks_work_from_an_installed_package(wheel: Path, tmp_path: Path) -> None:
    """From the installed wheel, check reads the samples that --path names (README's way)."""
    paths = {
        name: installed(wheel, tmp_path, "samples", "--path", name).stdout.strip()
        for name in ("update-start", "order-in-transit", "create-valid", "create-valid.context")
    }
    assert all(path.startswith(str(tmp_path / "site")) for path in paths.values()), paths
    start = installed(
        wheel,
        tmp_path,
        *("check", "updateOrder", "--request", paths["update-start"]),
        *("--order", paths["order-in-transit"]),
    )
    assert start.returncode == 1, start.stderr
    assert "ExecutionAlreadyStarted" in start.stdout
    valid = installed(
        wheel,
        tmp_path,
        *("check", "createOrder", "--request", paths["create-valid"]),
        *("--context", paths["create-valid.context"]),
    )
    assert (valid.returncode, valid.stdout) == (
        0,
        "createOrder (2024-11-01): allowed, 0 violations\n",
    )


def test_samples_lists_every_file_with_what_it_holds() -> None:
    """orderguard samples prints one line per sample: its name and what it holds."""
    result = orderguard("samples")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == list(samples.REQUESTS)


def test_samples_name_prints_the_json() -> None:
    """orderguard samples NAME prints the file's JSON."""
    result = orderguard("samples", "update-start")
    assert json.loads(result.stdout) == samples.load_request("update-start")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["samples", "creat-valid"], "did you mean create-valid"),
        (["samples", "--path"], "--path needs a NAME"),
    ],
)
def test_samples_misuse_exits_2_in_one_line(args: list[str], message: str) -> None:
    """An unknown sample (with near names) or --path without a name exits 2 in one line."""
    assert message in assert_one_line_failure(orderguard(*args))


def test_request_path_names_the_unknown_sample() -> None:
    """request_path of an unknown name raises KeyError listing near names."""
    with pytest.raises(KeyError, match="did you mean create-valid"):
        samples.request_path("create-vaild")
