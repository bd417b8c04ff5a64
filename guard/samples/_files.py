"""The sample files shipped with the package, for ``orderguard check`` and the README.

They are package data under ``orderguard/samples/requests/``, so an installed orderguard has
them too: ``request_path(name)`` is a file's path, ``load_request(name)`` its JSON, and
``orderguard samples`` lists them, prints one, or prints its path (``--path``).
"""

from __future__ import annotations

import difflib
import json
from importlib import resources
from pathlib import Path
from typing import Any

REQUESTS: dict[str, str] = {
    "create-valid": "createOrder variables the API accepts (one Prime line)",
    "create-valid.context": "the merchant's context for create-valid (--context)",
    "create-too-many-links": "createOrder variables with six order links (five allowed)",
    "update-start": "updateOrder variables that start fulfilment",
    "update-duplicate-refund": "updateOrder variables that update one refund twice",
    "order-in-transit": "an order query response: started, a package in transit (--order)",
}
"""Each sample file's name (without ``.json``) and what it holds."""


def request_path(name: str) -> Path:
    """The path of the sample file ``name`` (e.g. ``create-valid``); ``KeyError`` if unknown."""
    if name not in REQUESTS:
        near = difflib.get_close_matches(name, REQUESTS, n=3)
        hint = f"did you mean {', '.join(near)}?" if near else f"one of {', '.join(REQUESTS)}"
        raise KeyError(f"no sample file {name!r}; {hint}")
    return Path(str(resources.files(__package__).joinpath("requests", f"{name}.json")))


def load_request(name: str) -> Any:
    """The JSON of the sample file ``name``: fresh objects on every call."""
    return json.loads(request_path(name).read_text(encoding="utf-8"))
