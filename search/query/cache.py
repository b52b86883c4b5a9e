"""Ranked results of repeated queries, kept per index generation.

Help-center traffic is dominated by a few hundred queries, and a generation
never changes once published, so the outcome of understanding and ranking a
query (ids, scores, category counts, the correction) can be reused until the
generation is switched. The cache lives on the ``Generation`` (through
``Generation.derive``), so a new generation starts with an empty one and the
old one goes with the old generation: there is nothing to invalidate.

It is bounded by memory, not by a number of entries: one broad query at
25,000 articles holds tens of thousands of hits, a precise one a handful.
Entries hold their hits as typed arrays (docnums and scores), whose size is
known, and the least recently used entries go first when the budget is full.
"""

from __future__ import annotations

import sys
import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, Protocol, TypeVar

from search.index.store import Generation

# Per process and generation. At ×100 (25,000 articles) the broadest queries
# hold about 300 kB each; typical ones one or two kB, so this keeps several
# thousand queries where traffic repeats a few hundred, and a worker flooded
# with distinct made-up queries grows by little more than it.
DEFAULT_BUDGET = 10 * 2**20
# Articles shown as hits: a help article with its passages takes some kB, so
# this keeps a few thousand, the ones that come up on first pages.
SHOWN_BUDGET = 16 * 2**20
# What the map itself spends on an entry, which no value counts: the
# ordered dict's node, the (value, size) pair and the key's tuple.
BOOKKEEPING = 250
# A bound on what one entry may take, so that a single pathological query
# (10 kB of pasted text matching everything) cannot flush the whole cache.
MAX_ENTRY_SHARE = 0.1


class Sized(Protocol):
    def nbytes(self) -> int: ...


V = TypeVar("V", bound=Sized)


class LRUCache(Generic[V]):
    """A thread-safe least-recently-used map bounded by the bytes its values
    say they take (``value.nbytes()``) plus their keys."""

    def __init__(self, budget: int = DEFAULT_BUDGET) -> None:
        self.budget = budget
        self.used = 0
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[Hashable, tuple[V, int]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry[0]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.used = 0

    def put(self, key: Hashable, value: V) -> None:
        size = value.nbytes() + _key_bytes(key) + BOOKKEEPING
        if size > self.budget * MAX_ENTRY_SHARE:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.used -= old[1]
            self._entries[key] = (value, size)
            self.used += size
            while self.used > self.budget:
                _, (_, freed) = self._entries.popitem(last=False)
                self.used -= freed


def _key_bytes(key: Hashable) -> int:
    """A key's size, with the parts of a tuple key (the query's text...)."""
    parts = key if isinstance(key, tuple) else ()
    return sys.getsizeof(key) + sum(map(sys.getsizeof, parts))


def results_cache(generation: Generation) -> LRUCache:
    """This generation's cache of ranked results (``Generation.derive`` it)."""
    return LRUCache(DEFAULT_BUDGET)


def shown_cache(generation: Generation) -> LRUCache:
    """This generation's cache of what hits show of their articles: stored
    fields and passages, read and split once for every query that shows
    the article (``Generation.derive`` it)."""
    return LRUCache(SHOWN_BUDGET)
