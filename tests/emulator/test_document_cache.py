"""``DocumentCache``: least recently used first out, bounded by bytes, under threads too."""

from __future__ import annotations

import random
import sys
import threading
from collections import OrderedDict

from graphql import parse
from hypothesis import given
from hypothesis import strategies as st

from orderguard.emulator._graphql import DocumentCache
from orderguard.enums import ApiVersion

BUDGET = 100
DOCUMENT = parse("{ order { id } }")
KEYS = [(version, f"q{n}") for version in ApiVersion for n in range(6)]
SIZES = {key: 10 + 3 * index for index, key in enumerate(KEYS)}
"""A size per key, so the bytes held can be told from the keys held."""
OPERATIONS = st.lists(
    st.tuples(st.booleans(), st.sampled_from(KEYS), st.integers(0, BUDGET + 10)), max_size=60
)


class _Model:
    """The cache's contract, written plainly: an ordered dict of sizes, oldest first."""

    def __init__(self) -> None:
        self.held: OrderedDict[tuple[ApiVersion, str], int] = OrderedDict()

    def get(self, key: tuple[ApiVersion, str]) -> bool:
        if key in self.held:
            self.held.move_to_end(key)
            return True
        return False

    def put(self, key: tuple[ApiVersion, str], size: int) -> None:
        if size > BUDGET or key in self.held:
            return
        self.held[key] = size
        while sum(self.held.values()) > BUDGET:
            self.held.popitem(last=False)


@given(OPERATIONS)
def test_the_cache_behaves_as_its_sequential_model(
    operations: list[tuple[bool, tuple[ApiVersion, str], int]],
) -> None:
    """Every get finds what the model holds; size is the bytes the model holds, never over."""
    cache, model = DocumentCache(BUDGET), _Model()
    for is_get, key, size in operations:
        if is_get:
            assert (cache.get(*key) is not None) == model.get(key)
        else:
            cache.put(*key, DOCUMENT, size)
            model.put(key, size)
        assert cache.size == sum(model.held.values()) <= BUDGET
        assert len(cache) == len(model.held)


def test_threads_keep_the_cache_within_its_budget() -> None:
    """Eight threads getting and putting at once: the bytes counted are the bytes held."""
    cache = DocumentCache(BUDGET)
    errors: list[BaseException] = []

    def work(seed: int) -> None:
        draw = random.Random(seed)
        try:
            for _ in range(2000):
                version, query = draw.choice(KEYS)
                if draw.random() < 0.5:
                    cache.get(version, query)
                else:
                    cache.put(version, query, DOCUMENT, SIZES[version, query])
        except BaseException as error:  # reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(seed,)) for seed in range(8)]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as the interpreter can
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert errors == []
    held = [key for key in KEYS if cache.get(*key) is not None]
    assert 0 < cache.size == sum(SIZES[key] for key in held) <= BUDGET
    assert len(cache) == len(held)
