"""Tests that the folders install as ``orderguard.*``: pyproject's package list, the wheel, imports.

setuptools silently drops a nested package missing from ``[tool.setuptools] packages``, so these
tests derive the expected packages from the folders themselves and name whatever is missing.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = {
    "guard": "orderguard",
    "statemachine": "orderguard.statemachine",
    "policies": "orderguard.policies",
    "diagrams": "orderguard.diagrams",
}
"""Each source folder and the import package it installs as (DESIGN.md, Layout)."""

CORE_MODULES = (
    "orderguard",
    "orderguard.api",
    "orderguard.errors",
    "orderguard.statemachine",
    "orderguard.policies",
    "orderguard.diagrams",
    "orderguard.cli._main",
    "orderguard.testing",
    "orderguard.testing._plugin",
)
"""What users, the CLI and the pytest plugin load; none of it may need an optional extra."""


def setuptools_config() -> dict[str, object]:
    """``[tool.setuptools]`` of pyproject.toml."""
    with (ROOT / "pyproject.toml").open("rb") as handle:
        config: dict[str, object] = tomllib.load(handle)["tool"]["setuptools"]
    return config


def source_modules() -> dict[str, str]:
    """Every ``.py`` file under the four folders -> its path inside the wheel."""
    modules = {}
    for folder, package in FOLDERS.items():
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT / folder)
            if "__pycache__" not in relative.parts:
                modules[f"{folder}/{relative.as_posix()}"] = "/".join(
                    [*package.split("."), *relative.parts]
                )
    return modules


def package_of(wheel_path: str) -> str:
    """``orderguard/api/_base.py`` -> ``orderguard.api``."""
    return ".".join(wheel_path.split("/")[:-1])


def test_package_dir_maps_each_folder() -> None:
    """pyproject maps each folder to its orderguard package."""
    package_dir = setuptools_config()["package-dir"]
    assert package_dir == {package: folder for folder, package in FOLDERS.items()}


def test_every_folder_with_modules_is_a_listed_package() -> None:
    """Every folder holding a module is listed in [tool.setuptools] packages."""
    listed = set(setuptools_config()["packages"])  # type: ignore[call-overload]
    missing = sorted({package_of(wheel) for wheel in source_modules().values()} - listed)
    assert not missing, f"add to [tool.setuptools] packages in pyproject.toml: {missing}"


def test_every_package_has_an_init() -> None:
    """Every folder holding a module has an __init__.py (no accidental namespace packages)."""
    folders = {Path(source).parent for source in source_modules()}
    lacking = sorted(
        str(folder) for folder in folders if not (ROOT / folder / "__init__.py").exists()
    )
    assert not lacking, f"add __init__.py to: {lacking}"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from a clean copy of the sources (no stale build/ folder)."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in FOLDERS:
        shutil.copytree(ROOT / folder, source / folder, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    command = [
        sys.executable,
        "-m",
        "build",
        "--wheel",
        "--outdir",
        str(work / "dist"),
        str(source),
    ]
    built = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    (built_wheel,) = (work / "dist").glob("orderguard-*.whl")
    return built_wheel


@pytest.fixture(scope="module")
def wheel_names(wheel: Path) -> set[str]:
    """The file names inside the wheel."""
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


@pytest.mark.slow
def test_wheel_holds_every_module_at_its_orderguard_path(wheel_names: set[str]) -> None:
    """The built wheel contains each source module under orderguard/, and py.typed."""
    expected = {*source_modules().values(), "orderguard/py.typed"}
    missing = sorted(expected - wheel_names)
    packages = sorted({package_of(path) for path in missing})
    assert not missing, f"wheel lacks {missing}; list {packages} in [tool.setuptools] packages"


@pytest.mark.slow
def test_wheel_installs_nothing_outside_orderguard(wheel_names: set[str]) -> None:
    """No bare statemachine/, policies/ or diagrams/ package lands in site-packages."""
    tops = {name.split("/")[0] for name in wheel_names}
    assert {top for top in tops if not top.endswith(".dist-info")} == {"orderguard"}


@pytest.mark.slow
def test_wheel_declares_the_console_script(wheel: Path, wheel_names: set[str]) -> None:
    """The wheel's metadata declares the orderguard command as orderguard.cli._main:main."""
    (entry_points,) = (n for n in wheel_names if n.endswith(".dist-info/entry_points.txt"))
    with zipfile.ZipFile(wheel) as archive:
        text = archive.read(entry_points).decode()
    assert "orderguard = orderguard.cli._main:main" in text


BLOCKER = """
import importlib, importlib.abc, sys

class Blocker(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in {
            "graphviz", "hypothesis", "httpx", "stamina", "starlette", "uvicorn", "graphql"
        }:
            raise ImportError(f"{name} is blocked: optional extras must be imported lazily")
        return None

sys.meta_path.insert(0, Blocker())
for module in sys.argv[1:]:
    importlib.import_module(module)
"""


@pytest.mark.slow
def test_core_imports_without_optional_extras(tmp_path: Path) -> None:
    """orderguard, its core subpackages and the CLI import with every optional extra blocked."""
    command = [sys.executable, "-I", "-c", BLOCKER, *CORE_MODULES]
    result = subprocess.run(
        command, cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]


LAZY_NAME = """
import orderguard.testing
try:
    orderguard.testing.OrderWorkflowMachine
except ImportError as error:
    assert "pip install 'orderguard[testing]'" in str(error), error
else:
    raise AssertionError("OrderWorkflowMachine loaded with hypothesis blocked")
"""


@pytest.mark.slow
def test_hypothesis_names_say_how_to_get_hypothesis(tmp_path: Path) -> None:
    """With hypothesis blocked, asking for OrderWorkflowMachine names the extra to install."""
    command = [sys.executable, "-I", "-c", BLOCKER + LAZY_NAME]
    result = subprocess.run(
        command, cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]


@pytest.mark.slow
def test_blocker_really_blocks(tmp_path: Path) -> None:
    """The import blocker makes importing graphviz fail, so the test above means something."""
    command = [sys.executable, "-I", "-c", BLOCKER, "graphviz"]
    result = subprocess.run(
        command, cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode != 0 and "graphviz is blocked" in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize(
    ("module", "extra"), [("orderguard.client", "client"), ("orderguard.emulator", "server")]
)
def test_missing_extra_is_named(tmp_path: Path, module: str, extra: str) -> None:
    """Importing the client or the emulator without its extra says which extra to install."""
    command = [sys.executable, "-I", "-c", BLOCKER, module]
    result = subprocess.run(
        command, cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode != 0 and f"orderguard[{extra}]" in result.stderr
