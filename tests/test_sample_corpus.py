"""The shipped sample help center and its judged queries are complete and consistent."""

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from indexer.corpus import load_corpus
from measure.judgments import CLASSES as JUDGED_CLASSES

ROOT = Path(__file__).resolve().parent.parent
CLASSES = set(JUDGED_CLASSES)


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(ROOT / "corpus")


@pytest.fixture(scope="module")
def queries():
    files = ("tests/eval/queries.yml", "tests/eval/people.yml")
    return [q for name in files for q in yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))]


def test_every_file_parses_and_every_category_exists(corpus):
    assert [str(p) for p in corpus.problems] == []


def test_size_and_translation_coverage(corpus):
    english = corpus.by_locale("en")
    russian = corpus.by_locale("ru")
    assert len(english) >= 150
    assert len({a.category for a in english}) >= 12
    assert len(russian) >= 90
    untranslated = sum(not a.translated for a in english) / len(english)
    assert 0.3 <= untranslated <= 0.5  # about 40% stay English-only
    assert sum(a.stale for a in russian) >= 8


def test_every_translation_has_an_english_source(corpus):
    english = {a.id for a in corpus.by_locale("en")}
    assert {a.id for a in corpus.by_locale("ru")} <= english


def test_article_length(corpus):
    words = {a.path: len(re.findall(r"\w+", a.body)) for a in corpus.by_locale("en")}
    assert {path: n for path, n in words.items() if not 150 <= n <= 900} == {}


def test_glossary_and_synonyms(corpus):
    assert len(corpus.glossary) >= 150
    assert all(corpus.glossary.values())
    assert {"en", "ru"} <= set(corpus.synonyms)


def test_judged_queries(corpus, queries):
    ids = {a.id for a in corpus.by_locale("en")}
    translated = {a.id for a in corpus.by_locale("en") if a.translated}
    assert len(queries) >= 250
    per_class = Counter(q["class"] for q in queries)
    assert set(per_class) == CLASSES
    assert min(per_class.values()) >= 20
    for q in queries:
        assert q["locale"] in ("en", "ru"), q
        assert q["relevant"] and set(q["relevant"]) <= ids, q
        assert set(q["relevant"].values()) <= {1, 2}, q
        if q["class"] in ("ru_fallback", "ru_to_en"):
            answers = {i for i, grade in q["relevant"].items() if grade == 2}
            assert answers - translated, f"{q['query']!r} has a Russian answer"
