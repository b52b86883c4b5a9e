"""Flat scoring gives Whoosh's own BM25F scores, and BestOf scores the best
alternative plus the tie-breaker share of the others."""

from dataclasses import replace

import pytest
from whoosh import query as q

from search.query import scoring
from search.query.knobs import RANKING
from search.query.nodes import BestOf, Phrase, Sum, Term
from search.query.scoring import score_all


def whoosh_scores(index, query):
    return dict(index.searcher().search(query, limit=None).items())


@pytest.mark.parametrize(
    ("node", "query"),
    [
        (Term("body", "echo"), q.Term("body", "echo")),
        (Term("title", "meet", 4.0), q.Term("title", "meet", boost=4.0)),
        (
            Sum((Term("body", "echo"), Term("title", "meet", 4.0), Term("body", "5003"))),
            q.Or([q.Term("body", "echo"), q.Term("title", "meet", boost=4.0), q.Term("body", "5003")]),
        ),
        (Phrase("body", ("cloud", "record")), q.Phrase("body", ["cloud", "record"])),
        (
            Sum((Phrase("body", ("cloud", "record"), 2.0), Term("tags", "microphon", 2.5))),
            q.Or([q.Phrase("body", ["cloud", "record"], boost=2.0), q.Term("tags", "microphon", boost=2.5)]),
        ),
    ],
)
def test_flat_scores_match_whoosh(index, node, query):
    flat = score_all(index, node)
    assert flat and flat == pytest.approx(whoosh_scores(index, query))


def test_best_of_takes_the_best_plus_a_share_of_the_rest(index):
    title, body = Term("title", "meet", 4.0), Term("body", "meet")
    alone = [score_all(index, part) for part in (title, body)]
    combined = score_all(index, BestOf((title, body), tiebreak=0.25))
    for docnum, score in combined.items():
        parts = [table.get(docnum, 0.0) for table in alone]
        assert score == pytest.approx(max(parts) + 0.25 * min(parts))
    assert set(combined) == set(alone[0]) | set(alone[1])


def test_a_term_the_index_lacks_matches_nothing(index):
    assert score_all(index, Sum((Term("body", "nosuchword"),))) == {}


def test_unknown_nodes_are_refused(index):
    with pytest.raises(TypeError):
        score_all(index, q.Term("body", "echo"))


def test_postings_are_decoded_once_per_generation(index, monkeypatch):
    reads = []
    read = scoring.read_postings
    monkeypatch.setattr(scoring, "read_postings", lambda *args: reads.append(args[1:]) or read(*args))
    index.derive(scoring.postings_cache).clear()
    index.derive(scoring.missing_cache).clear()
    first = score_all(index, Sum((Term("body", "echo"), Term("body", "nosuchword"))))
    again = score_all(index, Sum((Term("body", "echo", 2.0), Term("body", "nosuchword"))))
    # A term the index does not hold is not looked for in each segment, and
    # nothing is kept of it, so made-up words cannot push real postings out.
    assert reads == [("body", "echo")]
    assert index.derive(scoring.postings_cache).get(("body", "nosuchword")) is None
    assert index.derive(scoring.missing_cache).get(("body", "nosuchword")) is None
    assert first and again == {docnum: 2.0 * score for docnum, score in first.items()}
    # Kept as scored, for the BM25 knobs they were scored with.
    cached = index.derive(scoring.postings_cache).get(("body", "echo", RANKING.bm25_b, RANKING.bm25_k1))
    assert not cached.docnums.flags.writeable and not cached.scores.flags.writeable
    assert dict(zip(cached.docnums.tolist(), cached.scores.tolist(), strict=True)) == first
    flatter = score_all(index, Term("body", "echo"), replace(RANKING, bm25_b=0.5))
    assert reads == [("body", "echo")] * 2 and flatter != first


def test_phrase_positions_are_checked_once_per_generation(index, monkeypatch):
    checks, reads = [], []
    adjacent, read = scoring.adjacent, scoring.read_positions
    monkeypatch.setattr(scoring, "adjacent", lambda *args: checks.append(len(args[0])) or adjacent(*args))
    monkeypatch.setattr(scoring, "read_positions", lambda *args: reads.append(args[1:]) or read(*args))
    index.derive(scoring.postings_cache).clear()
    index.derive(scoring.positions_cache).clear()
    phrase = Phrase("body", ("cloud", "record"))
    first = score_all(index, phrase)
    again = score_all(index, Phrase("body", ("cloud", "record"), 2.0))
    assert checks == [2]
    assert first and again == {docnum: 2.0 * score for docnum, score in first.items()}
    assert first == pytest.approx(whoosh_scores(index, q.Phrase("body", ["cloud", "record"])))
    # Another phrase of the same words is checked, but their positions are
    # decoded already.
    score_all(index, Phrase("body", ("record", "cloud")))
    assert checks == [2, 2] and reads == [("body", "cloud"), ("body", "record")]
    cached = index.derive(scoring.positions_cache).get(("body", "cloud"))
    assert not cached.positions.flags.writeable and not cached.offsets.flags.writeable


def test_a_phrases_words_are_read_with_their_positions_in_one_pass(index, monkeypatch):
    reads, passes = [], []
    read, together = scoring.read_positions, scoring.read_postings_and_positions
    monkeypatch.setattr(scoring, "read_positions", lambda *args: reads.append(args[1:]) or read(*args))
    monkeypatch.setattr(
        scoring, "read_postings_and_positions", lambda *args: passes.append(args[1:]) or together(*args)
    )
    for cache in (scoring.postings_cache, scoring.missing_cache, scoring.positions_cache):
        index.derive(cache).clear()
    phrase = Phrase("body", ("cloud", "record"))
    # Told of the phrase beforehand, the ranking reads each word's postings
    # and positions together, and never goes back for the positions.
    scorer = scoring.Scorer(index, RANKING, [Sum((phrase, Term("body", "echo")))])
    found = scorer.score(Sum((Term("body", "cloud"), Term("body", "record"), phrase))).to_dict()
    assert passes == [("body", "cloud"), ("body", "record")] and reads == []
    index.derive(scoring.postings_cache).clear()
    index.derive(scoring.positions_cache).clear()
    alone = score_all(index, Sum((Term("body", "cloud"), Term("body", "record"), phrase)))
    assert reads == [("body", "cloud"), ("body", "record")] and found == alone
