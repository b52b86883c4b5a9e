"""Scores of every matching document for a tree of scoring nodes.

Each leaf (a term or a phrase in one field) is read once, straight through
its postings, and the compound nodes combine whole score tables: ``Sum``
adds, ``BestOf`` takes the best plus ``tiebreak`` times the rest. Walking a
tree of Whoosh matchers document by document costs more than BM25 itself
with a few dozen leaves (fields × word forms × alternatives), hence tables;
and a table is a pair of numpy arrays (documents, scores), so that a long
posting list costs a few array operations rather than a Python step for
each posting.

Terms are scored by Whoosh's own ``bm25()``, called on whole arrays (it is
plain arithmetic, so each element gets exactly the float a single call
gives). A phrase scores what Whoosh's phrase matcher gives it, the sum of
its words' BM25 scores in that field, on the documents where the words stand
side by side; so a phrase reuses its words' tables and checks positions only
in the documents that have them all (``search.query.phrases``). One
``Scorer`` serves one ranking, and reads each term's postings once however
many nodes name it (a word and the phrases it is part of).

Decoding postings is most of a ranking's cost: Whoosh stores each block of
128 postings as a compressed pickle together with the positions, so a term
in 20,000 articles costs thousands of small file reads and unpicklings, and
a term is looked up in every segment of the index. A term's documents and
BM25 scores (for the BM25 knobs they were scored with) are therefore kept
per generation in a byte-bounded LRU: the words of a help center's queries
repeat, and a word read once is an array away the next time.
The documents where a phrase's words stand side by side are kept the same
way, and so are a word's decoded positions (in an LRU of their own, since
they are larger), which a new phrase of known words needs.

Combining tables adds and compares floats in the same order as adding them
one document at a time would, so scores are identical to the last bit, not
merely close: rankings break ties by document number, and a difference in
the last bit would reorder equal scores.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
from whoosh.reading import IndexReader
from whoosh.scoring import bm25

from search.index.store import Generation
from search.query.cache import LRUCache
from search.query.knobs import RANKING, Ranking
from search.query.nodes import BestOf, Node, Phrase, Sum, Term
from search.query.phrases import Positions, adjacent, positions_cache, positions_of, read_positions
from search.query.postings import gathered, index_terms, segment_terms


@dataclass(frozen=True)
class Table:
    """The documents a node matches (ascending, each once) and their scores."""

    docnums: np.ndarray  # int64
    scores: np.ndarray  # float64

    def __len__(self) -> int:
        return len(self.docnums)

    def scaled(self, factor: float) -> Table:
        return self if factor == 1.0 else Table(self.docnums, factor * self.scores)

    def to_dict(self) -> dict[int, float]:
        return dict(zip(self.docnums.tolist(), self.scores.tolist(), strict=True))

    @classmethod
    def from_dict(cls, scores: dict[int, float]) -> Table:
        docnums = sorted(scores)
        return cls(
            np.array(docnums, dtype=np.int64), np.array([scores[d] for d in docnums], dtype=np.float64)
        )


EMPTY = Table(np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64))

# Per process and generation. At ×100 (25,000 articles) the commonest words
# hold 200–400 kB each, a typical word a few kB.
POSTINGS_BUDGET = 32 * 2**20
# Terms and phrases found nowhere, kept apart in a small LRU of their own:
# finding that out again costs a probe in every segment, but made-up words
# are endless and must not push real postings out or grow a worker.
MISSING_BUDGET = 2 * 2**20
# What an entry costs besides its arrays: the key, the Python objects, the
# LRU's bookkeeping.
ENTRY_OVERHEAD = 400


@dataclass(frozen=True)
class Matches:
    """The documents (ascending) a phrase matches, read-only."""

    docnums: np.ndarray  # int64

    def nbytes(self) -> int:
        return self.docnums.nbytes + ENTRY_OVERHEAD


@dataclass(frozen=True)
class Postings(Matches):
    """A term's documents and their weights (term frequencies) in a field."""

    weights: np.ndarray  # float64
    doc_frequency: int  # as Whoosh's statistics count it, deleted documents included


@dataclass(frozen=True)
class Scored(Matches):
    """A term's documents and their BM25 scores (unboosted), read-only."""

    scores: np.ndarray  # float64

    def nbytes(self) -> int:
        return super().nbytes() + self.scores.nbytes


M = TypeVar("M", bound=Matches)


def postings_cache(generation: Generation) -> LRUCache:
    """This generation's decoded postings and phrase matches (``Generation.derive`` it)."""
    return LRUCache(POSTINGS_BUDGET)


def missing_cache(generation: Generation) -> LRUCache:
    """This generation's terms and phrases that match nothing (``Generation.derive`` it)."""
    return LRUCache(MISSING_BUDGET)


class Scorer:
    """Score tables for the nodes of one ranking, with term tables shared."""

    def __init__(
        self, generation: Generation, knobs: Ranking = RANKING, phrases: Iterable[Node] = ()
    ) -> None:
        """``phrases``: the phrases the ranking will score, if known; their
        words are read with their positions, in one pass over their blocks."""
        self.generation = generation
        self.knobs = knobs
        self.reader = generation.searcher().reader()
        self._terms: dict[tuple[str, str], Table] = {}
        # The words of the phrases whose matches are not known yet: their
        # positions will be read, and their blocks hold them beside the
        # postings (a phrase already matched needs no positions).
        self._phrased = {
            (node.field, word)
            for node in _phrases(phrases)
            if self._cached((node.field, node.words)) is None
            for word in node.words
        }

    def score(self, node: Node) -> Table:
        """The documents ``node`` matches, with their scores."""
        if isinstance(node, Sum):
            return sum_tables([self.score(child) for child in node.children], self.generation.doc_count)
        if isinstance(node, BestOf):
            children = [self.score(child) for child in node.children]
            return best_of(children, node.tiebreak, self.generation.doc_count)
        if isinstance(node, Term):
            return self.term(node.field, node.text).scaled(node.boost)
        if isinstance(node, Phrase):
            return self.phrase(node)
        raise TypeError(f"cannot score {type(node).__name__}")

    def term(self, field: str, text: str) -> Table:
        """BM25 of ``text`` in ``field`` for every document that has it (not boosted)."""
        key = (field, text)
        if key not in self._terms:
            self._terms[key] = self._read_term(field, text)
        return self._terms[key]

    def _cached(self, key: tuple) -> Matches | None:
        """What this generation kept for ``key``, matches or known nothing."""
        found = self.generation.derive(postings_cache).get(key)
        return found if found is not None else self.generation.derive(missing_cache).get(key)

    def _kept(self, key: tuple, read: Callable[[], M]) -> M:
        """``read()``, or what it gave when this generation was asked before."""
        found = self._cached(key)
        if found is None:
            found = read()
            found.docnums.flags.writeable = False  # shared by every thread's rankings
            kept, missing = self.generation.derive(postings_cache), self.generation.derive(missing_cache)
            (kept if len(found.docnums) else missing).put(key, found)
        return found

    def _read_term(self, field: str, text: str) -> Table:
        if not self.generation.derive(index_terms).holds(field, text):
            return EMPTY  # in no segment: nothing to probe, nothing to keep
        # The scores are kept rather than the term frequencies they are made
        # of: the same bytes, and a word met again costs no BM25 at all.
        key = (field, text, self.knobs.bm25_b, self.knobs.bm25_k1)
        found = self._kept(key, lambda: self._bm25(field, self._read_postings(field, text)))
        return Table(found.docnums, found.scores) if len(found.docnums) else EMPTY

    def _read_postings(self, field: str, text: str) -> Postings:
        """A term's postings; for a word of a phrase to check, its positions
        too, from the same blocks, rather than reading them again later."""
        kept = self.generation.derive(positions_cache)
        if (field, text) not in self._phrased or kept.get((field, text)) is not None:
            return read_postings(self.reader, field, text)
        postings, positions = read_postings_and_positions(self.reader, field, text)
        kept.put((field, text), positions)
        return postings

    def _bm25(self, field: str, postings: Postings) -> Scored:
        docnums = postings.docnums
        if not len(docnums):
            return Scored(docnums, EMPTY.scores)
        idf = inverse_document_frequency(self.generation.doc_count, postings.doc_frequency)
        avg = self.generation.searcher().avg_field_length(field) or 1
        lengths = self.generation.derive(field_lengths, field)[docnums]
        scores = bm25(idf, postings.weights, lengths, avg, self.knobs.bm25_b, self.knobs.bm25_k1)
        scores.flags.writeable = False  # shared by every thread's rankings
        return Scored(docnums, scores)

    def _positions(self, field: str, text: str) -> Positions:
        """A term's positions, read once per generation (only asked of terms
        that are in the index)."""
        kept = self.generation.derive(positions_cache)
        found = kept.get((field, text))
        if found is None:
            found = read_positions(self.reader, field, text)
            kept.put((field, text), found)
        return found

    def phrase(self, phrase: Phrase) -> Table:
        tables = [self.term(phrase.field, word) for word in phrase.words]
        if not all(tables):
            return EMPTY
        candidates = tables[0].docnums
        for table in tables[1:]:
            candidates = np.intersect1d(candidates, table.docnums, assume_unique=True)
        found = self._kept(
            (phrase.field, phrase.words),
            lambda: Matches(adjacent([self._positions(phrase.field, w) for w in phrase.words], candidates)),
        ).docnums
        if not len(found):
            return EMPTY
        # Whoosh's phrase matcher adds its words' scores as a balanced tree of
        # intersections; adding them in the same order gives the same floats.
        words = [table.scores[np.searchsorted(table.docnums, found)] for table in tables]
        return Table(found, phrase.boost * _tree_sum(words))


def score_all(generation: Generation, node: Node, knobs: Ranking = RANKING) -> dict[int, float]:
    """``{docnum: score}`` for every document ``node`` matches."""
    return Scorer(generation, knobs).score(node).to_dict()


def inverse_document_frequency(doc_count: int, doc_frequency: int) -> float:
    """Whoosh's ``WeightingModel.idf`` (what ``Searcher.idf`` gives), from a
    document frequency already read with the term's postings.

    >>> inverse_document_frequency(100, 9) == 1 + math.log(10)
    True
    """
    return math.log(doc_count / (doc_frequency + 1)) + 1


def read_postings(reader: IndexReader, field: str, text: str) -> Postings:
    """A term's postings, from every segment of the index."""
    return _read(reader, field, text)[0]


def read_postings_and_positions(reader: IndexReader, field: str, text: str) -> tuple[Postings, Positions]:
    """A term's postings and its positions, in one pass over its blocks."""
    postings, docnums, values = _read(reader, field, text)
    return postings, positions_of(reader.schema[field].format, docnums, values)


def _read(reader: IndexReader, field: str, text: str) -> tuple[Postings, list[np.ndarray], list[bytes]]:
    held = segment_terms(reader, field, text)
    docnums, weights, values = gathered(held)
    found = Postings(
        np.concatenate(docnums) if docnums else EMPTY.docnums,
        np.concatenate(weights, dtype=np.float64) if weights else EMPTY.scores,
        sum(segment.doc_frequency for segment in held),
    )
    return found, docnums, values


def _phrases(nodes: Iterable[Node]) -> Iterator[Phrase]:
    for node in nodes:
        if isinstance(node, Phrase):
            yield node
        elif isinstance(node, Sum | BestOf):
            yield from _phrases(node.children)


def _tree_sum(values: list[np.ndarray]) -> np.ndarray:
    if len(values) == 1:
        return values[0]
    half = len(values) // 2
    return _tree_sum(values[:half]) + _tree_sum(values[half:])


def field_lengths(generation: Generation, field: str) -> np.ndarray:
    """Every document's length in ``field``, read once per generation (0 for
    a document without the field: only documents holding a term are scored)."""
    reader = generation.searcher().reader()
    lengths = (reader.doc_field_length(n, field, 1) for n in range(generation.doc_count))
    return np.array([length or 0 for length in lengths], dtype=np.int64)


def sum_tables(tables: list[Table], doc_count: int) -> Table:
    """Every document's scores added up, the longest table's first (the
    order in which adding one document at a time would add them)."""
    tables = sorted((t for t in tables if t), key=len, reverse=True)
    if len(tables) <= 1:
        return tables[0] if tables else EMPTY
    total = np.zeros(doc_count)
    matched = np.zeros(doc_count, dtype=bool)
    for table in tables:
        total[table.docnums] += table.scores  # a table names a document once
        matched[table.docnums] = True
    docnums = np.flatnonzero(matched)
    return Table(docnums, total[docnums])


def coverage(tables: list[Table], doc_count: int) -> np.ndarray:
    """For every document, how many of ``tables`` hold it: how many of a
    query's words (or their stand-ins) it matches."""
    covered = np.zeros(doc_count, dtype=np.int64)
    for table in tables:
        covered[table.docnums] += 1  # a table names a document once
    return covered


def best_of(tables: list[Table], tiebreak: float, doc_count: int) -> Table:
    """Every document's best score plus ``tiebreak`` times the sum of the others."""
    tables = [t for t in tables if t]
    if len(tables) <= 1:
        return tables[0] if tables else EMPTY
    best = np.zeros(doc_count)
    total = np.zeros(doc_count)
    matched = np.zeros(doc_count, dtype=bool)
    for table in tables:
        total[table.docnums] += table.scores
        best[table.docnums] = np.maximum(best[table.docnums], table.scores)
        matched[table.docnums] = True
    docnums = np.flatnonzero(matched)
    top = best[docnums]
    return Table(docnums, top + tiebreak * (total[docnums] - top))
