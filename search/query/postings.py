"""A term's postings, read a block at a time, and which terms the index
holds at all.

Whoosh stores a term's postings in blocks of up to 128 documents, each one
pickle of the block's document numbers, weights and encoded values (the
positions, for a field that keeps them), and decodes a block's numbers and
weights as whole sequences. Asking for them posting by posting through the
matcher costs several method calls each, more than the decoding.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.fields import Schema
from whoosh.matching import Matcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import IndexReader, TermNotFound

from search.index.schema import TEXT_FIELDS
from search.index.store import Generation


@dataclass(frozen=True)
class IndexTerms:
    """Every term of every field of a generation, as hashes: a term the
    index does not hold is known to be absent without a probe in each
    segment. A long question's stand-ins (forms, translations, fields) are
    half of them absent, and at ×100 each absent one cost a lookup in every
    one of 32 segments, most of the first read of such a question."""

    # A set, not a sorted array: a ranking asks it of every stand-in it
    # scores, and a set answers in a fraction of numpy's per-call overhead.
    hashes: frozenset[int]
    schema: Schema  # how a field's text becomes the bytes its terms are kept as

    @classmethod
    def of(cls, reader: IndexReader) -> IndexTerms:
        """Every segment's term list, read once: about a third of a second at ×100."""
        hashes = frozenset(hash(key) for segment, _ in reader.leaf_readers() for key in segment.all_terms())
        return cls(hashes, reader.schema)

    def holds(self, field: str, text: str) -> bool:
        """Whether some segment may hold ``text`` in ``field`` (a hash
        shared by chance says yes, and the segments are then probed)."""
        return hash((field, self.schema[field].to_bytes(text))) in self.hashes


def index_terms(generation: Generation) -> IndexTerms:
    """This generation's ``IndexTerms`` (``Generation.derive`` it)."""
    return IndexTerms.of(generation.searcher().reader())


def in_index(generation: Generation, forms: list[str]) -> bool:
    """Whether some text field of a live document holds one of ``forms``.
    The index-wide term list answers "nowhere" without a lookup in every
    segment; a term it may hold is looked up to be sure."""
    terms = generation.derive(index_terms)
    reader = generation.searcher().reader()
    return any(
        terms.holds(field, form) and reader.doc_frequency(field, form) > 0
        for form in forms
        for field in TEXT_FIELDS
    )


@dataclass(frozen=True)
class SegmentTerm:
    """A term in one segment: where the segment's documents start in the
    whole index, how many of them hold the term (deleted ones included, as
    Whoosh's statistics count them) and a matcher over its postings."""

    base: int
    doc_frequency: int
    matcher: Matcher


def segment_terms(reader: IndexReader, field: str, text: str) -> list[SegmentTerm]:
    """The segments that hold ``text`` in ``field``, each looked up once.

    ``SegmentReader.postings`` reads the term's entry for its matcher and
    drops it, so its document frequency would cost a second lookup in every
    segment (BM25 needs it); at ×100 a lookup is some 30 µs, and a new word
    is looked up in 32 segments."""
    found = []
    for segment, base in reader.leaf_readers():
        terms = segment._terms  # the codec's terms reader (Whoosh 3 format)
        key = segment._text_to_bytes(field, text)
        try:
            info = terms.term_info(field, key)
        except TermNotFound:
            continue
        matcher = terms._codec.postings_reader(
            terms._postfile, info, segment.schema[field].format, term=(field, key)
        )
        if deleted := segment.deleted_docs_set:
            matcher = FilterMatcher(matcher, deleted, exclude=True)  # as SegmentReader.postings does
        found.append(SegmentTerm(base, info.doc_frequency(), matcher))
    return found


def index_blocks(
    held: Iterable[SegmentTerm],
) -> Iterable[tuple[np.ndarray, Sequence[float], Sequence[bytes]]]:
    """A term's postings in the segments that hold it, a block at a time:
    (docnums in the whole index, weights, encoded values)."""
    for segment in held:
        for ids, weights, values in blocks(segment.matcher):
            yield np.add(ids, segment.base, dtype=np.int64), weights, values


def gathered(held: Iterable[SegmentTerm]) -> tuple[list[np.ndarray], list[Sequence[float]], list[bytes]]:
    """A term's documents, weights and encoded values, block by block, from
    the segments that hold it: what its postings and its positions are made of."""
    docnums: list[np.ndarray] = []
    weights: list[Sequence[float]] = []
    values: list[bytes] = []
    for ids, tfs, encoded in index_blocks(held):
        docnums.append(ids)
        weights.append(tfs)
        values += encoded
    return docnums, weights, values


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
