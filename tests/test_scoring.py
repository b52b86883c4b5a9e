"""Flat scoring gives Whoosh's own scores, and BestOf scores the best
alternative plus the tie-breaker share of the others."""

import pytest
from whoosh import query as q

from search.query import BestOf, Union, phrase_query
from search.scoring import score_all


def whoosh_scores(index, query):
    return dict(index.searcher.search(query, limit=None).items())


@pytest.mark.parametrize(
    "query",
    [
        Union([q.Term("body", "echo"), q.Term("title", "meet", boost=4.0), q.Term("body", "5003")]),
        Union([phrase_query([["cloud"], ["record"]]), q.Term("tags", "microphon", boost=2.5)]),
        BestOf([q.Term("title", "meet", boost=4.0), q.Term("body", "meet")], tiebreak=0.5),
        # Without a tie-breaker Whoosh's tree of pairs and the flat max agree.
        BestOf([q.Term(field, "конференция") for field in ("title", "headings", "tags", "body")]),
    ],
)
def test_flat_scores_match_whoosh(index, query):
    flat = score_all(index, query)
    assert flat and flat == pytest.approx(whoosh_scores(index, query))


def test_best_of_takes_the_best_plus_a_share_of_the_rest(index):
    title, body = q.Term("title", "meet", boost=4.0), q.Term("body", "meet")
    alone = [score_all(index, part) for part in (title, body)]
    combined = score_all(index, BestOf([title, body], tiebreak=0.25))
    for docnum, score in combined.items():
        parts = [table.get(docnum, 0.0) for table in alone]
        assert score == pytest.approx(max(parts) + 0.25 * min(parts))
    assert set(combined) == set(alone[0]) | set(alone[1])


def test_unknown_compounds_are_refused(index):
    with pytest.raises(TypeError):
        score_all(index, q.And([q.Term("body", "echo"), q.Term("body", "meet")]))
