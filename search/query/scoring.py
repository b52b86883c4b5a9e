"""Scores of every matching document for a tree of scoring nodes.

Each leaf (a term or a phrase in one field) is read once, straight through
its postings, and the compound nodes combine whole score tables: ``Sum``
adds, ``BestOf`` takes the best plus ``tiebreak`` times the rest. Walking a
tree of Whoosh matchers document by document costs more than BM25 itself
with a few dozen leaves (fields × word forms × alternatives), hence tables.

Terms are scored by Whoosh's own ``bm25()``. A phrase scores what Whoosh's
phrase matcher gives it, the sum of its words' BM25 scores in that field, on
the documents where the words stand side by side; so a phrase reuses its
words' tables and reads positions only for the documents that have them
all. One ``Scorer`` serves one ranking, and reads each term's postings once
however many nodes name it (a word and the phrases it is part of).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.reading import IndexReader
from whoosh.scoring import bm25

from search.index.store import Generation
from search.query.knobs import RANKING, Ranking
from search.query.nodes import BestOf, Node, Phrase, Sum, Term

Scores = dict[int, float]


class Scorer:
    """Score tables for the nodes of one ranking, with term tables shared."""

    def __init__(self, generation: Generation, knobs: Ranking = RANKING) -> None:
        self.generation = generation
        self.knobs = knobs
        self.reader = generation.searcher().reader()
        self._terms: dict[tuple[str, str], Scores] = {}

    def score(self, node: Node) -> Scores:
        """``{docnum: score}`` for every document ``node`` matches."""
        if isinstance(node, Sum):
            return sum_tables([self.score(child) for child in node.children])
        if isinstance(node, BestOf):
            return _best_of([self.score(child) for child in node.children], node.tiebreak)
        if isinstance(node, Term):
            table = self.term(node.field, node.text)
            return table if node.boost == 1.0 else {d: node.boost * s for d, s in table.items()}
        if isinstance(node, Phrase):
            return self.phrase(node)
        raise TypeError(f"cannot score {type(node).__name__}")

    def term(self, field: str, text: str) -> Scores:
        """BM25 of ``text`` in ``field`` for every document that has it (not boosted)."""
        key = (field, text)
        if key not in self._terms:
            self._terms[key] = self._read_term(field, text)
        return self._terms[key]

    def _read_term(self, field: str, text: str) -> Scores:
        if (field, text) not in self.reader:
            return {}
        searcher = self.generation.searcher()
        idf = searcher.idf(field, text)
        avg = searcher.avg_field_length(field) or 1
        lengths = self.generation.derive(field_lengths, field)
        b, k1 = self.knobs.bm25_b, self.knobs.bm25_k1
        return {
            docnum: bm25(idf, weight, lengths[docnum], avg, b, k1)
            for docnums, weights in _posting_blocks(self.reader, field, text)
            for docnum, weight in zip(docnums, weights, strict=True)
        }

    def phrase(self, phrase: Phrase) -> Scores:
        tables = [self.term(phrase.field, word) for word in phrase.words]
        if not all(tables):
            return {}
        candidates = set(min(tables, key=len)).intersection(*tables)
        found = _adjacent(self.reader, phrase.field, phrase.words, sorted(candidates))
        # Whoosh's phrase matcher adds its words' scores as a balanced tree of
        # intersections; adding them in the same order gives the same floats.
        return {docnum: phrase.boost * _tree_sum([t[docnum] for t in tables]) for docnum in found}


def score_all(generation: Generation, node: Node, knobs: Ranking = RANKING) -> Scores:
    """``{docnum: score}`` for every document ``node`` matches."""
    return Scorer(generation, knobs).score(node)


def _posting_blocks(
    reader: IndexReader, field: str, text: str
) -> Iterator[tuple[Sequence[int], Sequence[float]]]:
    """A term's postings as (docnums, weights), a block at a time."""
    matcher = reader.postings(field, text)
    if not isinstance(matcher, W3LeafMatcher):  # e.g. filtered for deleted documents
        docnums, weights = [], []
        while matcher.is_active():
            docnums.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
        yield docnums, weights
        return
    # Whoosh decodes a block's ids and weights as whole arrays; asking for
    # them posting by posting costs two method calls each.
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        yield matcher._ids, matcher._weights
        matcher._next_block()


def _adjacent(reader: IndexReader, field: str, words: Sequence[str], docnums: list[int]) -> list[int]:
    """Which of ``docnums`` (sorted, and each holding every one of ``words``)
    have the words at consecutive positions, in order."""
    # For each document, the positions where the phrase could start, given
    # the words read so far.
    starts: dict[int, set[int]] = dict.fromkeys(docnums, set())
    for offset, word in enumerate(words):
        matcher = reader.postings(field, word)
        kept: dict[int, set[int]] = {}
        for docnum, possible in starts.items():
            matcher.skip_to(docnum)  # lands on it: every document holds every word
            shifted = {p - offset for p in matcher.value_as("positions")}
            left = shifted if offset == 0 else possible & shifted
            if left:
                kept[docnum] = left
        starts = kept
    return list(starts)


def _tree_sum(values: list[float]) -> float:
    if len(values) == 1:
        return values[0]
    half = len(values) // 2
    return _tree_sum(values[:half]) + _tree_sum(values[half:])


def field_lengths(generation: Generation, field: str) -> list[int]:
    """Every document's length in ``field``, read once per generation."""
    reader = generation.searcher().reader()
    return [reader.doc_field_length(n, field, 1) for n in range(generation.doc_count)]


def sum_tables(tables: list[Scores]) -> Scores:
    tables = sorted((t for t in tables if t), key=len, reverse=True)
    if not tables:
        return {}
    total = dict(tables[0])
    for table in tables[1:]:
        for docnum, score in table.items():
            total[docnum] = total.get(docnum, 0.0) + score
    return total


def _best_of(tables: list[Scores], tiebreak: float) -> Scores:
    tables = [t for t in tables if t]
    if len(tables) == 1:
        return tables[0]
    best: Scores = {}
    total: Scores = {}
    for table in tables:
        for docnum, score in table.items():
            total[docnum] = total.get(docnum, 0.0) + score
            if score > best.get(docnum, 0.0):
                best[docnum] = score
    return {docnum: top + tiebreak * (total[docnum] - top) for docnum, top in best.items()}
