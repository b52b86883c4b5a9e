"""Scores of every matching document for a tree of scoring nodes.

Each leaf (a term or a phrase in one field) is read once, straight through
its postings, and the compound nodes combine whole score tables: ``Sum``
adds, ``BestOf`` takes the best plus ``tiebreak`` times the rest. Walking a
tree of Whoosh matchers document by document costs more than BM25 itself
with a few dozen leaves (fields × word forms × alternatives), hence tables.
Terms are scored by Whoosh's own ``bm25()``; phrases by Whoosh's phrase
matcher under the same BM25F parameters.
"""

from __future__ import annotations

from whoosh import query as q
from whoosh.scoring import BM25F, bm25
from whoosh.searching import Searcher

from search.index.store import Generation
from search.query.knobs import RANKING, Ranking
from search.query.nodes import BestOf, Node, Phrase, Sum, Term

Scores = dict[int, float]


def score_all(generation: Generation, node: Node, knobs: Ranking = RANKING) -> Scores:
    """``{docnum: score}`` for every document ``node`` matches."""
    if isinstance(node, Sum):
        return sum_tables([score_all(generation, child, knobs) for child in node.children])
    if isinstance(node, BestOf):
        return _best_of([score_all(generation, child, knobs) for child in node.children], node.tiebreak)
    if isinstance(node, Term):
        return _term(generation, node, knobs)
    if isinstance(node, Phrase):
        return _phrase(generation.searcher(), node, knobs)
    raise TypeError(f"cannot score {type(node).__name__}")


def _term(generation: Generation, term: Term, knobs: Ranking) -> Scores:
    searcher = generation.searcher()
    if (term.field, term.text) not in searcher.reader():
        return {}
    idf = searcher.idf(term.field, term.text)
    avg = searcher.avg_field_length(term.field) or 1
    lengths = generation.derive(field_lengths, term.field)
    b, k1 = knobs.bm25_b, knobs.bm25_k1
    postings = searcher.postings(term.field, term.text)
    scores: Scores = {}
    while postings.is_active():
        docnum = postings.id()
        scores[docnum] = term.boost * bm25(idf, postings.weight(), lengths[docnum], avg, b, k1)
        postings.next()
    return scores


def _phrase(searcher: Searcher, phrase: Phrase, knobs: Ranking) -> Scores:
    query = q.Phrase(phrase.field, list(phrase.words), boost=phrase.boost)
    context = searcher.context(weighting=BM25F(B=knobs.bm25_b, K1=knobs.bm25_k1))
    matcher = query.matcher(searcher, context)
    scores: Scores = {}
    while matcher.is_active():
        scores[matcher.id()] = matcher.score()
        matcher.next()
    return scores


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
