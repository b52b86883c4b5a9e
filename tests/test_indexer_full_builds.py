"""Full builds: their Whoosh segments are written in worker processes, and
the index they publish is the one a single process writes (same documents
under the same numbers, same answers to every judged query); learned pairs
are fitted again only when a translation or its source changed."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from indexer import build, incremental
from indexer.build import build_index
from measure.judgments import load_all
from search.index.meta import Meta
from search.index.store import IndexHandle
from search.query.engine import search

ROOT = Path(__file__).parent.parent
JUDGED = load_all([ROOT / "tests" / "eval" / "queries.yml", ROOT / "tests" / "eval" / "people.yml"])


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """The shipped corpus built by one process and by two, in segments small
    enough that there are several to share out."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(incremental, "SEGMENT_DOCS", 40)
        home = tmp_path_factory.mktemp("parallel")
        one = build_index(ROOT / "corpus", home / "one", full=True, workers=1)
        two = build_index(ROOT / "corpus", home / "two", full=True, workers=2)
    return one, two


def stored(generation) -> list[dict]:
    searcher = generation.searcher()  # the thread's own: not closed here
    return [dict(searcher.stored_fields(n)) for n in range(searcher.doc_count_all())]


def test_two_processes_write_the_index_one_process_writes(builds):
    one, two = (IndexHandle(report.generation.parent).get() for report in builds)
    segments = len(two.searcher().reader().leaf_readers())
    assert segments == -(-sum(builds[1].articles.values()) // 40) > 1
    assert stored(one) == stored(two)
    metas = [replace(Meta.read(report.generation), built_at="") for report in builds]
    assert metas[0] == metas[1]
    for judged in JUDGED:
        asked = {"text": judged.query, "locale": judged.locale}
        assert search(one, **asked).to_json() == search(two, **asked).to_json(), judged.query


class CountingPool(ProcessPoolExecutor):
    """A process pool that remembers what it was asked to map."""

    def __init__(self) -> None:
        super().__init__(2)
        self.mapped: list[str] = []

    def map(self, fn, *iterables, **options):
        self.mapped.append(fn.__name__)
        return super().map(fn, *iterables, **options)


def test_segments_are_written_by_the_pool(tmp_path, monkeypatch):
    monkeypatch.setattr(incremental, "SEGMENT_DOCS", 2)
    documents = {
        f"en:{n}": {"key": f"en:{n}", "id": str(n), "locale": "en", "body": f"word{n} echo"} for n in range(5)
    }
    with CountingPool() as pool:
        written = incremental.write_index(tmp_path, documents, "context", pool=pool)
    assert pool.mapped == ["write_segment"] and written.added == 5
    with whoosh_index.open_dir(str(tmp_path)).searcher() as searcher:
        assert [searcher.stored_fields(n)["key"] for n in range(5)] == list(documents)
        assert len(searcher.reader().leaf_readers()) == 3
    assert [p.name for p in tmp_path.iterdir() if p.is_dir()] == []  # no scratch files left


def test_a_large_tree_gets_larger_segments_not_more(tmp_path, monkeypatch):
    monkeypatch.setattr(incremental, "SEGMENT_DOCS", 2)
    monkeypatch.setattr(incremental, "MAX_SEGMENTS", 2)
    documents = {
        f"en:{n}": {"key": f"en:{n}", "id": str(n), "locale": "en", "body": f"w{n}"} for n in range(5)
    }
    incremental.write_index(tmp_path, documents, "context", pool=None)
    with whoosh_index.open_dir(str(tmp_path)).searcher() as searcher:
        assert [leaf.doc_count_all() for leaf, _ in searcher.reader().leaf_readers()] == [3, 2]
        assert [searcher.stored_fields(n)["key"] for n in range(5)] == list(documents)


def test_a_full_build_fits_learned_pairs_again_only_when_translations_or_the_dictionary_changed(
    corpus_copy, tmp_path, monkeypatch
):
    live = tmp_path / "live"
    first = build_index(corpus_copy, live)
    learned = {ru: list(found) for ru, found in Meta.read(first.generation).learned_pairs.items()}
    fits = []
    monkeypatch.setattr(
        build.alignment, "learn_pairs", lambda corpus, workers, prior: fits.append(1) or learned
    )
    again = build_index(corpus_copy, live, full=True)
    assert fits == [] and again.reparsed == sum(again.articles.values())
    assert Meta.read(again.generation).learned_pairs == learned
    echo = corpus_copy / "ru/audio/microphone-not-working.md"
    echo.write_text(echo.read_text(encoding="utf-8") + "\nЕщё одно предложение.\n", encoding="utf-8")
    build_index(corpus_copy, live, full=True)
    assert fits == [1]
    # New English words on an untranslated page change the dictionary's
    # pairs, but not those for the translations' words: no fit.
    english_only = next(
        p for p in sorted((corpus_copy / "en").rglob("*.md")) if not _translated(corpus_copy, p)
    )
    english_only.write_text(
        english_only.read_text(encoding="utf-8") + "\nKeep the walrus away from the parsnip.\n",
        encoding="utf-8",
    )
    build_index(corpus_copy, live)
    assert fits == [1]
    # The dictionary is the fit's prior: another dictionary, another fit.
    monkeypatch.setattr(build, "dictionary_pairs", lambda english: {"микрофон": [("microphon", 1.0)]})
    build_index(corpus_copy, live, full=True)
    build_index(corpus_copy, live, full=True)
    assert fits == [1, 1]
    # The aligner reads lemmas: another analysis or pymorphy3, another fit.
    monkeypatch.setattr(build.cache, "lemma_stamp", lambda: "another pymorphy3")
    build_index(corpus_copy, live, full=True)
    assert fits == [1, 1, 1]


def _translated(corpus: Path, english: Path) -> bool:
    return (corpus / "ru" / english.relative_to(corpus / "en")).exists()
