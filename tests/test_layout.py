"""The package layout of DESIGN §2: dependencies point one way, the library never imports the kit.

Read statically (``ast``) from the source folders, so the test sees lazy imports inside
functions too. Each module belongs to a group (a subpackage, or the facade ``orderguard``);
``ALLOWED`` lists the groups each group may import. A new edge fails here, naming the modules.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = {
    "guard": "orderguard",
    "statemachine": "orderguard.statemachine",
    "policies": "orderguard.policies",
    "diagrams": "orderguard.diagrams",
}
_CORE = {"enums", "paths", "json", "logline", "errors", "api"}
_MODEL = _CORE | {"statemachine"}
_GUARD = _MODEL | {"policies", "facade"}
ALLOWED: dict[str, set[str]] = {
    "enums": set(),
    "paths": set(),
    "json": set(),
    "logline": set(),
    "errors": {"enums", "paths"},
    "api": {"enums", "paths", "errors"},
    "statemachine": _CORE,
    "policies": _MODEL,
    "facade": _MODEL | {"policies"},
    "diagrams": _MODEL,
    "fake": _MODEL,
    "emulator": _MODEL | {"fake"},
    "samples": _GUARD | {"fake"},
    "store": _MODEL,
    "client": _GUARD | {"store"},
    "service": _GUARD | {"store", "client"},
    "testing": _GUARD | {"fake", "samples", "store"},
    "cli": _GUARD | {"fake", "samples", "store", "client", "emulator", "service", "diagrams"},
}
_SUBPACKAGES = set(ALLOWED) - {"facade", "paths", "json", "logline"}
_LEAVES = {
    "orderguard._paths": "paths",
    "orderguard._json": "json",
    "orderguard._logline": "logline",
}
"""Modules of the facade's folder that are groups of their own, importable from below."""


def _modules() -> Iterator[tuple[str, Path]]:
    for folder, package in FOLDERS.items():
        for path in sorted((ROOT / folder).rglob("*.py")):
            parts = [p for p in path.relative_to(ROOT / folder).with_suffix("").parts]
            parts = [p for p in parts if p != "__init__"]
            yield ".".join([package, *parts]), path


def group(module: str) -> str:
    """The layout group of a module name: its subpackage, or ``facade``."""
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in _SUBPACKAGES:
        return parts[1]
    if module in _LEAVES:
        return _LEAVES[module]
    if module == "orderguard.__main__":
        return "cli"
    return "facade"


def _imports(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def _edges() -> set[tuple[str, str, str]]:
    edges = set()
    for module, path in _modules():
        for target in _imports(path):
            if target.startswith("orderguard") and group(target) != group(module):
                edges.add((group(module), group(target), f"{module} imports {target}"))
    return edges


def test_dependencies_point_one_way() -> None:
    """Every import between groups is one DESIGN §2 allows (so there is no package cycle)."""
    wrong = sorted(why for source, target, why in _edges() if target not in ALLOWED[source])
    assert wrong == []


def test_the_allowed_graph_has_no_cycle() -> None:
    """The allowed dependencies themselves form a DAG."""
    done: set[str] = set()

    def visit(node: str, path: tuple[str, ...]) -> None:
        assert node not in path, f"cycle: {' -> '.join((*path, node))}"
        if node not in done:
            for target in ALLOWED[node]:
                visit(target, (*path, node))
            done.add(node)

    for node in ALLOWED:
        visit(node, ())


def test_no_bare_folder_imports() -> None:
    """No module imports ``statemachine``, ``policies`` or ``diagrams`` by the folder's name."""
    bare = re.compile(r"^(statemachine|policies|diagrams)(\.|$)")
    found = []
    for folder in (*FOLDERS, "tests", "benchmarks", "examples"):
        for path in (ROOT / folder).rglob("*.py"):
            found += [f"{path}: {name}" for name in _imports(path) if bare.match(name)]
    assert found == []


def test_only_the_api_branches_on_the_version() -> None:
    """Outside ``orderguard.api`` no code compares ``ApiVersion`` members: it reads the dialect."""
    branch = re.compile(r"(is|is not|==|!=) ApiVersion\.")
    found = []
    for module, path in _modules():
        if group(module) == "api":
            continue
        lines = path.read_text().splitlines()
        found += [f"{module}:{n}" for n, line in enumerate(lines, 1) if branch.search(line)]
    assert found == []
