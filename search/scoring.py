"""Scores of every matching document for a query tree, computed flat.

Whoosh scores a compound query by walking a tree of matchers document by
document; with a few dozen leaves (fields × word forms × expansions) that
walk, not BM25 itself, was most of the query time. Here each leaf (a term or
a phrase in one field) is read once, straight through its postings, and the
compound nodes combine whole score tables: ``Or`` adds, ``BestOf`` takes
the best plus ``tiebreak`` times the rest. Each leaf is still scored by the
searcher's own weighting (BM25F), so the numbers are Whoosh's.
"""

from __future__ import annotations

from whoosh import query as q
from whoosh.scoring import BM25F

from search.query import BestOf
from search.store import OpenIndex

Scores = dict[int, float]


def score_all(index: OpenIndex, query: q.Query) -> Scores:
    """``{docnum: score}`` for every document ``query`` matches."""
    if isinstance(query, BestOf):
        return _best_of([score_all(index, sub) for sub in query.subqueries], query.tiebreak)
    if isinstance(query, q.Or):
        return _sum([score_all(index, sub) for sub in query.subqueries])
    if isinstance(query, q.CompoundQuery):
        raise TypeError(f"cannot score {type(query).__name__} flat")
    if type(query) is q.Term and type(index.searcher.weighting) is BM25F:
        return _term(index, query)
    return _leaf(index.searcher, query)


def _leaf(searcher, query: q.Query) -> Scores:
    scores: Scores = {}
    matcher = query.matcher(searcher)
    while matcher.is_active():
        scores[matcher.id()] = matcher.score()
        matcher.next()
    return scores


def _term(index: OpenIndex, term: q.Term) -> Scores:
    """A term's BM25F scores straight from its postings and the field lengths:
    the same formula as Whoosh's scorer, without its per-posting calls."""
    searcher, field, text = index.searcher, term.fieldname, term.text
    if (field, text) not in searcher.reader():
        return {}
    weighting = searcher.weighting
    b, k1 = weighting._field_B.get(field, weighting.B), weighting.K1
    idf = searcher.idf(field, text)
    norm = k1 / (searcher.avg_field_length(field) or 1)
    lengths = index.derive(f"lengths:{field}", lambda ix: _field_lengths(ix.searcher.reader(), field))
    postings = searcher.postings(field, text)
    scores: Scores = {}
    while postings.is_active():
        docnum, tf = postings.id(), postings.weight()
        scores[docnum] = term.boost * idf * tf * (k1 + 1) / (tf + k1 * (1 - b) + b * norm * lengths[docnum])
        postings.next()
    return scores


def _field_lengths(reader, field: str) -> list[int]:
    return [reader.doc_field_length(n, field, 1) for n in range(reader.doc_count_all())]


def _sum(tables: list[Scores]) -> Scores:
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
