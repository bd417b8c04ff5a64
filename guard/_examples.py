"""Finding and loading the example workflows of ``examples/`` (a source checkout's folder).

The examples are not part of the installed package: they are plain modules in the repository.
``load_example`` loads one by path (no ``sys.path`` change, so it works under pytest's
``--import-mode=importlib`` and from ``orderguard demo``), looking in the current directory and
beside the ``guard/`` folder this module came from.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType


def find_example(name: str) -> Path | None:
    """``examples/<name>/service.py`` under the current directory or the source tree, if any."""
    roots = (Path.cwd(), Path(__file__).resolve().parent.parent)
    found = (root / "examples" / name / "service.py" for root in roots)
    return next((path for path in found if path.is_file()), None)


def load_example(name: str) -> ModuleType | None:
    """The example's module (loaded once, as ``orderguard_examples.<name>``), or ``None``."""
    module_name = f"orderguard_examples.{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    path = find_example(name)
    spec = importlib.util.spec_from_file_location(module_name, path) if path else None
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module
