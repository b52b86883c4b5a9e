"""Incremental builds: only what changed is parsed and written again, and the
result searches exactly like a full build of the same tree."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

from indexer import cache, incremental, limits
from indexer import corpus as corpus_module
from indexer.__main__ import main as indexer_main
from indexer.build import build_index
from indexer.corpus import load_corpus
from search.index import store
from search.index.analysis import russian_lemmas
from search.index.meta import Meta
from search.index.store import IndexHandle
from search.query.engine import search


def edit_a_few(corpus):
    """An edit, an addition, a deletion and a new translation (which also
    changes its English twin's document: it becomes `translated`)."""
    echo = corpus / "en/audio/echo.md"
    echo.write_text(echo.read_text(encoding="utf-8") + "\nA howling feedback loop needs a quieter room.\n")
    (corpus / "en/audio/headset-pairing.md").write_text(
        "---\ntitle: Pair a headset\ncategory: audio\n---\nHold the pairing button until it blinks.\n",
        encoding="utf-8",
    )
    (corpus / "en/recording/cloud-recording.md").unlink()
    (corpus / "ru/meetings/breakout-rooms.md").write_text(
        "---\ntitle: Сессионные залы\n---\nОрганизатор делит участников на группы в отдельных залах.\n",
        encoding="utf-8",
    )


def queries(corpus) -> list[tuple[str, str]]:
    """Every title in its locale, a word of each, and the edited words."""
    asked = [("howling feedback", "en"), ("pairing button", "en"), ("залы группы", "ru"), ("breakout", "ru")]
    for article in load_corpus(corpus).articles:
        asked.append((article.title, article.locale))
        asked.append((article.title.split()[-1], "ru"))
    return asked


def results(root, asked) -> list[dict]:
    generation = IndexHandle(root).get()
    return [search(generation, text, locale=locale).to_json() for text, locale in asked]


def test_an_incremental_build_parses_only_changes_and_searches_like_a_full_build(corpus_copy, tmp_path):
    live = tmp_path / "live"
    first = build_index(corpus_copy, live)
    assert first.reparsed == sum(first.articles.values()) and not first.written.incremental
    old_generation = first.generation
    edit_a_few(corpus_copy)

    report = build_index(corpus_copy, live)
    assert report.reparsed == 3  # the edit, the new article, the new translation
    assert report.written.incremental
    # Written again: those three, and the English twin that became translated;
    # removed: the deleted article and the old versions of the two changed ones.
    assert (report.written.added, report.written.deleted) == (4, 3)
    assert report.generation != old_generation and store.live_generation(live) == report.generation

    full = build_index(corpus_copy, tmp_path / "full", full=True)
    assert not full.written.incremental
    asked = queries(corpus_copy)
    assert results(live, asked) == results(tmp_path / "full", asked)
    generation = IndexHandle(live).get()
    howling = search(generation, "howling", locale="en").to_json()
    assert [r["id"] for r in howling["results"]] == ["audio/echo"]
    cloud = search(generation, "cloud recording", locale="en").to_json()
    assert "recording/cloud-recording" not in [r["id"] for r in cloud["results"]]
    blank = {"built_at": ""}
    assert replace(Meta.read(report.generation), **blank) == replace(Meta.read(full.generation), **blank)


def test_segments_that_lost_documents_are_merged_so_statistics_match(corpus_copy, tmp_path, monkeypatch):
    monkeypatch.setattr(incremental, "SEGMENT_DOCS", 4)  # several segments from a small corpus
    live = tmp_path / "live"
    build_index(corpus_copy, live)
    edit_a_few(corpus_copy)
    build_index(corpus_copy, live)
    generation = IndexHandle(live).get()
    with generation.searcher() as searcher:
        assert searcher.doc_count_all() == searcher.doc_count()  # nothing deleted left behind
        segments = searcher.reader().leaf_readers()
        assert len(segments) > 1
    full = build_index(corpus_copy, tmp_path / "full", full=True)
    asked = queries(corpus_copy)
    assert results(live, asked) == results(tmp_path / "full", asked)
    assert full.written.added == sum(full.articles.values())


def test_a_change_to_categories_rebuilds_everything(corpus_copy, tmp_path):
    live = tmp_path / "live"
    build_index(corpus_copy, live)
    categories = corpus_copy / "categories.yml"
    categories.write_text(categories.read_text(encoding="utf-8").replace("weight: 1.2", "weight: 1.5"))
    report = build_index(corpus_copy, live)
    assert not report.written.incremental and report.written.added == sum(report.articles.values())
    assert report.reparsed == 0  # a weight is no part of an article
    categories.write_text(categories.read_text(encoding="utf-8") + "- id: webinars\n")
    report = build_index(corpus_copy, live)
    assert report.reparsed == sum(report.articles.values())  # articles are checked against the ids


def test_a_change_to_how_text_becomes_terms_rebuilds_everything(corpus_copy, tmp_path, monkeypatch):
    # An unchanged article's document is the same, but its terms would not be.
    live = tmp_path / "live"
    build_index(corpus_copy, live)
    real = cache.module_source

    def changed(module):
        return real(module) + (b"# changed" if module == "search.index.analysis" else b"")

    monkeypatch.setattr(cache, "module_source", changed)
    report = build_index(corpus_copy, live)
    assert not report.written.incremental and report.written.added == sum(report.articles.values())


def test_nothing_changed_writes_nothing_and_publishes_a_new_generation(corpus_copy, tmp_path):
    live = tmp_path / "live"
    first = build_index(corpus_copy, live)
    again = build_index(corpus_copy, live)
    assert (again.reparsed, again.written.added, again.written.deleted) == (0, 0, 0)
    assert again.generation != first.generation
    assert IndexHandle(live).get().document("en", "audio/echo") is not None


def test_a_broken_edit_fails_and_keeps_the_live_index(corpus_copy, tmp_path, capsys):
    live = tmp_path / "live"
    first = build_index(corpus_copy, live)
    (corpus_copy / "en/audio/echo.md").write_text(
        "---\ntitle: T\ncategory: nowhere\n---\nBody.\n", encoding="utf-8"
    )
    assert indexer_main(["build", "--corpus", str(corpus_copy), "--index", str(live)]) == 1
    assert "en/audio/echo.md:3: category 'nowhere' is not in categories.yml" in capsys.readouterr().err
    assert store.live_generation(live) == first.generation


def test_the_cache_is_keyed_by_content_not_by_time(corpus_copy, tmp_path):
    live = tmp_path / "live"
    build_index(corpus_copy, live)
    echo = corpus_copy / "en/audio/echo.md"
    echo.write_text(echo.read_text(encoding="utf-8"), encoding="utf-8")  # touched, not changed
    assert build_index(corpus_copy, live).reparsed == 0


def test_analyzed_words_are_kept_between_builds(corpus_copy, tmp_path):
    live = tmp_path / "live"
    build_index(corpus_copy, live)
    saved = cache.load_lemmas(live)
    assert saved["конференции"] == russian_lemmas("конференции")
    assert len(saved) > 100


def test_worker_processes_parse_the_same_articles_and_keep_the_time_limit(corpus_copy, monkeypatch):
    monkeypatch.setattr(corpus_module, "MIN_FILES_FOR_WORKERS", 1)
    serial = load_corpus(corpus_copy, workers=1)
    parallel = load_corpus(corpus_copy, workers=2)
    assert parallel.articles == serial.articles and parallel.problems == serial.problems == []

    real_render = corpus_module.render
    echo = corpus_copy / "en/audio/echo.md"
    echo.write_text(echo.read_text(encoding="utf-8") + "\nSlow to render.\n", encoding="utf-8")

    def slow_render(source, folder, locale, variables=None):
        if "Slow to render." in source:
            time.sleep(5)
        return real_render(source, folder, locale, variables)

    monkeypatch.setattr(corpus_module, "render", slow_render)
    monkeypatch.setattr(limits, "RENDER_SECONDS", 0.2)
    started = time.perf_counter()
    slow = load_corpus(corpus_copy, workers=2)
    assert time.perf_counter() - started < 4
    assert [p.path.as_posix() for p in slow.problems] == ["en/audio/echo.md"]
    assert "took over 0.2 s to render" in slow.problems[0].message


def test_warnings_of_an_unchanged_article_are_reported_again(corpus_copy, tmp_path):
    echo = corpus_copy / "en/audio/echo.md"
    echo.write_text(echo.read_text(encoding="utf-8").replace("title:", "titel:", 1), encoding="utf-8")
    live = tmp_path / "live"
    first = build_index(corpus_copy, live)
    again = build_index(corpus_copy, live)
    assert again.reparsed == 0
    assert [str(p) for p in again.problems] == [str(p) for p in first.problems] != []


def test_learned_pairs_do_not_depend_on_the_process(tmp_path):
    """A generation reuses the pairs an earlier process learned, so two
    processes must learn the same (ties once fell in hash-seed order)."""
    shipped = Path(__file__).parent.parent / "corpus"
    script = (
        "import json, sys; from indexer.alignment import learn_pairs; "
        "from indexer.corpus import load_corpus; print(json.dumps(learn_pairs(load_corpus(sys.argv[1]))))"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", script, str(shipped)],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    ]
    assert runs[0] == runs[1] and len(json.loads(runs[0])) > 100


def test_equal_scores_rank_alike_whichever_segment_an_edit_moved_them_to(tmp_path, monkeypatch):
    """Ten pages that answer a word equally: after an edit that moves one of
    them to a new segment at the end, they rank as a full build ranks them."""
    monkeypatch.setattr(incremental, "SEGMENT_DOCS", 3)
    tree = tmp_path / "tree"
    for n in range(10):
        page = tree / f"en/guide/page-{n}.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"# Page {n}\n\nIdentical words here.\n", encoding="utf-8")
    live = tmp_path / "live"
    build_index(tree, live)
    (tree / "en/guide/page-0.md").write_text("# Page zero\n\nIdentical words here.\n", encoding="utf-8")
    assert build_index(tree, live).written.incremental
    build_index(tree, tmp_path / "full", full=True)
    asked = [("identical", "en"), ("identical", "ru")]
    assert results(live, asked) == results(tmp_path / "full", asked)
    ranked = [r["id"] for r in results(live, asked)[0]["results"]]
    assert ranked == sorted(ranked) and len(ranked) == 10
