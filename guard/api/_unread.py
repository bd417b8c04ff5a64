"""The parts of a request that could not be read, and the request without them.

When a request misfits its schema, the rules still run on the rest of it: each misfitting field
is left out (and an object that then lacks a required field, up to the list item holding it),
and the request is read again. ``Unread`` remembers what was left out, so that a location in the
request as read (list items gone) maps back to the request as sent.

A single value sent where a list belongs is read as a list of one (GraphQL list coercion); its
locations then carry the index ``[0]``, as if it had been sent as a list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

Loc = tuple[int | str, ...]

_GONE: Any = object()
_LISTED: Any = object()
_PATH_PART = re.compile(r"\[(\d+)\]|([^.\[\]]+)")


@attrs.frozen(slots=True)
class Unread:
    """Locations (as sent) left out of a request, and the list items kept where some went."""

    locations: frozenset[Loc] = frozenset()
    kept: Mapping[Loc, tuple[int, ...]] = attrs.field(factory=dict)
    """For each list that lost items: the indexes (as sent) of the items it kept, in order."""

    def as_sent(self, loc: Loc) -> Loc:
        """``loc`` in the request as read -> the same place in the request as sent."""
        if not self.kept:
            return loc
        sent: list[int | str] = []
        for part in loc:
            if isinstance(part, int):
                indexes = self.kept.get(tuple(sent))
                part = indexes[part] if indexes is not None and part < len(indexes) else part
            sent.append(part)
        return tuple(sent)

    def covers(self, loc: Loc) -> bool:
        """Whether ``loc`` (as sent) lies in a part that was left out."""
        return any(loc[: len(gone)] == gone for gone in self.locations)

    def touches(self, loc: Loc) -> bool:
        """Whether something at or below ``loc`` (as sent) was left out."""
        return any(gone[: len(loc)] == loc for gone in self.locations)


def parse_path(path: str) -> Loc:
    """``input.lineItems[2].amount`` -> ``("input", "lineItems", 2, "amount")``."""
    return tuple(int(index) if index else name for index, name in _PATH_PART.findall(path))


def _trie(locations: Iterable[Loc]) -> dict[Any, Any]:
    root: dict[Any, Any] = {}
    for loc in sorted(locations, key=len):
        node = root
        for part in loc[:-1]:
            if node.get(part) is _GONE:
                break
            node = node.setdefault(part, {})
        else:
            if loc:
                node[loc[-1]] = _GONE
    return root


def without(
    data: object, unread: frozenset[Loc], listed: frozenset[Loc] = frozenset()
) -> tuple[object, Unread]:
    """``data`` with the ``unread`` locations left out and the ``listed`` ones made lists of one.

    Only the values along those locations are copied; the rest is shared with ``data``.
    """
    kept: dict[Loc, tuple[int, ...]] = {}
    trie = _trie(unread)
    for loc in listed:
        node = trie
        for part in loc:
            node = node.setdefault(part, {})
            if node is _GONE:
                break
        else:
            node[_LISTED] = True
    return _copy(data, trie, (), kept), Unread(unread, kept)


def _copy(value: Any, trie: dict[Any, Any], loc: Loc, kept: dict[Loc, tuple[int, ...]]) -> Any:
    if trie.get(_LISTED):
        value = [value]
    if isinstance(value, list):
        indexes = [i for i in range(len(value)) if trie.get(i) is not _GONE]
        if len(indexes) < len(value):
            kept[loc] = tuple(indexes)
        return [
            value[i] if i not in trie else _copy(value[i], trie[i], (*loc, i), kept)
            for i in indexes
        ]
    if isinstance(value, dict):
        return {
            key: item if key not in trie else _copy(item, trie[key], (*loc, key), kept)
            for key, item in value.items()
            if trie.get(key) is not _GONE
        }
    return value
