"""A term's postings, read a block at a time.

Whoosh stores a term's postings in blocks of up to 128 documents, each one
pickle of the block's document numbers, weights and encoded values (the
positions, for a field that keeps them), and decodes a block's numbers and
weights as whole sequences. Asking for them posting by posting through the
matcher costs several method calls each, more than the decoding.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import Matcher
from whoosh.reading import IndexReader, TermNotFound


def index_blocks(
    reader: IndexReader, field: str, text: str
) -> Iterable[tuple[np.ndarray, Sequence[float], Sequence[bytes]]]:
    """A term's postings in every segment of the index, a block at a time:
    (docnums in the whole index, weights, encoded values)."""
    for segment, base in reader.leaf_readers():
        try:
            matcher = segment.postings(field, text)
        except TermNotFound:
            continue
        for ids, weights, values in blocks(matcher):
            yield np.add(ids, base, dtype=np.int64), weights, values


def blocks(matcher: Matcher) -> Iterable[tuple[Sequence[int], Sequence[float], Sequence[bytes]]]:
    """One segment's postings of a term as (docnums, weights, encoded
    values), a block at a time."""
    if not isinstance(matcher, W3LeafMatcher):  # e.g. filtered for deleted documents
        ids, weights, values = [], [], []
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            values.append(matcher.value())
            matcher.next()
        yield ids, weights, values
        return
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        matcher._read_values()  # for positions, the block's list as unpickled: no copy
        yield matcher._ids, matcher._weights, matcher._values
        matcher._next_block()
