"""IBM Model 1 as array sums gives the probabilities of the model as its
textbook loop computes them, on the shipped corpus's own segments; a
dictionary's pairs steer it where the corpus cannot tell words apart."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from indexer.alignment import ITERATIONS, _segment, aligned_segments, dictionary_segments, ibm1, learn_pairs
from indexer.corpus import load_corpus

ROOT = Path(__file__).parent.parent


def textbook_ibm1(segments):
    """Expectation-maximization written out word by word (Brown et al., 1993),
    with a word's alternatives sharing its weight."""
    t = defaultdict(lambda: defaultdict(lambda: 1.0))
    for _ in range(ITERATIONS):
        counts = defaultdict(lambda: defaultdict(float))
        for alternatives, targets in segments:
            sources = [(s, 1.0 / len(alts)) for alts in alternatives for s in alts]
            for e in targets:
                total = sum(t[s][e] * share for s, share in sources)
                for s, share in sources:
                    counts[s][e] += t[s][e] * share / total
        t = defaultdict(dict)
        for s, row in counts.items():
            norm = sum(row.values())
            t[s] = {e: c / norm for e, c in row.items()}
    return t


@pytest.fixture(scope="module")
def segments():
    corpus = load_corpus(ROOT / "corpus")
    sources = {a.id: a for a in corpus.articles if a.locale == "en"}
    found = [
        _segment(en, ru)
        for article in corpus.articles
        if article.locale == "ru"
        for en, ru in aligned_segments(sources[article.id], article)
    ]
    return [s for s in found if s][:400]


def test_ibm1_matches_the_textbook_loop(segments):
    expected, found = textbook_ibm1(segments), ibm1(segments)
    assert sum(len(row) for row in expected.values()) > 10_000
    assert expected.keys() == found.keys()
    for source, row in expected.items():
        assert found[source] == pytest.approx(row, rel=1e-12), source


def test_ibm1_of_nothing_is_empty():
    assert ibm1([]) == {}


def test_a_dictionary_pair_settles_what_the_segments_leave_open():
    # «дом» and «большой» always stand together: the segments alone cannot
    # tell which is "hous" and which is "big".
    together = [([("большой",), ("дом",)], ["big", "hous"])] * 4
    alone = ibm1(together)
    assert alone["дом"]["hous"] == pytest.approx(alone["дом"]["big"])
    prior = dictionary_segments(together, {"дом": [("hous", 1.0)], "кошка": [("cat", 1.0)]})
    assert prior == [([("дом",)], ["hous"])]  # only words the segments use
    steered = ibm1(together + prior)
    assert steered["дом"]["hous"] > 0.7 and steered["большой"]["big"] > 0.6


def test_a_pair_seen_once_is_learned_only_where_the_dictionary_gives_it(tmp_path):
    pages = {"en": "# Audio\n\nPlug the headset in.\n", "ru": "# Звук\n\nПодключите гарнитуру.\n"}
    for locale, text in pages.items():
        (tmp_path / locale / "audio").mkdir(parents=True)
        (tmp_path / locale / "audio" / "headset.md").write_text(text, encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert learn_pairs(corpus) == {}  # one article: every pair is seen once
    learned = learn_pairs(corpus, prior={"гарнитура": [("headset", 1.0)], "звук": [("sound", 1.0)]})
    assert learned == {"гарнитура": [("headset", pytest.approx(learned["гарнитура"][0][1]))]}
    assert learned["гарнитура"][0][1] > 0.3
