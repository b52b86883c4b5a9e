"""Speed work must not change rankings: the top 10 of every judged query
over the shipped corpus is the same with the optimized scoring (shared term
tables, block reads, phrases from their words' tables) and the results
cache as with exhaustive scoring, where every leaf is run through Whoosh's
own matchers."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import query as q
from whoosh.scoring import BM25F

from indexer.build import build_index
from measure.judgments import load_all
from search.index.store import IndexHandle
from search.query import engine
from search.query.nodes import Phrase
from search.query.scoring import Scorer, Table

ROOT = Path(__file__).parent.parent
JUDGED = load_all([ROOT / "tests" / "eval" / "queries.yml", ROOT / "tests" / "eval" / "people.yml"])


class WhooshScorer(Scorer):
    """The reference: each term and phrase searched on its own by Whoosh,
    every matching document scored."""

    def _search(self, query: q.Query) -> Table:
        weighting = BM25F(B=self.knobs.bm25_b, K1=self.knobs.bm25_k1)
        searcher = self.generation.searcher()
        context = searcher.context(weighting=weighting)
        matcher = query.matcher(searcher, context)
        scores = {}
        while matcher.is_active():
            scores[matcher.id()] = matcher.score()
            matcher.next()
        return Table.from_dict(scores)

    def term(self, field: str, text: str) -> Table:
        return self._search(q.Term(field, text))

    def phrase(self, phrase: Phrase) -> Table:
        return self._search(q.Phrase(phrase.field, list(phrase.words), boost=phrase.boost))


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    root = tmp_path_factory.mktemp("shipped-index")
    build_index(ROOT / "corpus", root)
    return IndexHandle(root).get()


def top(generation, text: str, locale: str) -> list[tuple[str, float]]:
    found = engine.find(generation, text, locale)
    return [
        (generation.ids[d], round(s, 9)) for d, s in zip(found.docnums[:10], found.scores[:10], strict=True)
    ]


def test_top_10_of_every_judged_query_is_that_of_exhaustive_scoring(shipped, monkeypatch):
    fast = {(j.query, j.locale): top(shipped, j.query, j.locale) for j in JUDGED}
    cached = {(j.query, j.locale): top(shipped, j.query, j.locale) for j in JUDGED}
    monkeypatch.setattr(engine, "Scorer", WhooshScorer)
    monkeypatch.setattr(engine, "RANKING", engine.Ranking())  # a knobs object the cache does not serve
    reference = {(j.query, j.locale): top(shipped, j.query, j.locale) for j in JUDGED}
    assert sum(1 for hits in reference.values() if hits) > 0.9 * len(JUDGED)
    assert fast == reference
    assert cached == reference
