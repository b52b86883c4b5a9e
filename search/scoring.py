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

from search.query import BestOf

Scores = dict[int, float]


def score_all(searcher, query: q.Query) -> Scores:
    """``{docnum: score}`` for every document ``query`` matches."""
    if isinstance(query, BestOf):
        return _best_of([score_all(searcher, sub) for sub in query.subqueries], query.tiebreak)
    if isinstance(query, q.Or):
        return _sum([score_all(searcher, sub) for sub in query.subqueries])
    if isinstance(query, q.CompoundQuery):
        raise TypeError(f"cannot score {type(query).__name__} flat")
    return _leaf(searcher, query)


def _leaf(searcher, query: q.Query) -> Scores:
    scores: Scores = {}
    matcher = query.matcher(searcher)
    while matcher.is_active():
        scores[matcher.id()] = matcher.score()
        matcher.next()
    return scores


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
