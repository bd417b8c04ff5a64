"""JSON paths as orderguard writes them: ``input.lineItems[0].amount``."""

from __future__ import annotations

from collections.abc import Iterable


def json_path(parts: Iterable[object]) -> str:
    """Join path parts: integers become ``[n]``, names are joined with dots.

    ``("input", "lineItems", 0, "amount")`` -> ``input.lineItems[0].amount``. Used for pydantic
    error locations and for GraphQL ``errors[].path`` lists alike.
    """
    path = ""
    for part in parts:
        is_index = isinstance(part, int) and not isinstance(part, bool)
        path += f"[{part}]" if is_index else (f".{part}" if path else str(part))
    return path
