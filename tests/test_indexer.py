import json

import pytest

from indexer.__main__ import main as indexer_main
from indexer.build import BuildFailed, build_index
from indexer.corpus import load_corpus
from search.browse.catalog import catalog
from search.index import store
from search.index.meta import Meta, MetaError
from search.index.store import IndexHandle
from search.query.engine import search

# An article that cannot be indexed: its date is not one.
BROKEN = "---\ntitle: T\ncategory: nowhere\n---\nBody\n"  # an error: categories.yml lists no such category


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_fixture_corpus_loads_with_translation_flags(corpus_copy):
    corpus = load_corpus(corpus_copy)
    assert corpus.problems == []
    by_key = {(a.locale, a.id): a for a in corpus.articles}
    assert by_key[("en", "meetings/join-a-meeting")].translated
    assert not by_key[("en", "audio/echo")].translated
    assert by_key[("ru", "meetings/schedule-a-meeting")].stale
    assert not by_key[("ru", "meetings/join-a-meeting")].stale


def test_article_fields_come_from_markdown(corpus_copy):
    article = next(
        a
        for a in load_corpus(corpus_copy).articles
        if a.id == "recording/local-recording" and a.locale == "en"
    )
    assert article.category == "recording"
    assert article.summary.startswith("A local recording is saved")
    assert article.headings == ["Where recordings are saved"]
    assert "Documents\\Meetly" in article.body
    assert "<table>" in article.html


def test_broken_front_matter_is_reported_with_file_and_line(corpus_copy):
    write(
        corpus_copy / "en/audio/broken.md", "---\ntitle: Fine\ntags: [a, b\nupdated: 2026-01-01\n---\nBody\n"
    )
    problems = [str(p) for p in load_corpus(corpus_copy).problems]
    assert len(problems) == 1
    assert problems[0].startswith("en/audio/broken.md:")
    line = int(problems[0].split(":")[1])
    assert line in (3, 4)  # the unclosed list, or where YAML noticed it


def test_unknown_category_is_an_error_and_a_missing_title_is_the_file_name(corpus_copy):
    write(corpus_copy / "en/audio/untitled.md", "---\ntags: [x]\n---\nBody\n")
    write(corpus_copy / "en/audio/elsewhere.md", "---\ntitle: T\ncategory: nowhere\n---\nBody\n")
    write(corpus_copy / "en/nowhere/x.md", "---\ntitle: T\n---\nBody\n")
    corpus = load_corpus(corpus_copy)
    assert sorted(str(p) for p in corpus.problems) == [
        "en/audio/elsewhere.md:3: category 'nowhere' is not in categories.yml",
        "en/nowhere/x.md:1: category 'nowhere' is not in categories.yml",
    ]
    assert next(a.title for a in corpus.articles if a.id == "audio/untitled") == "Untitled"


def test_file_without_front_matter_and_bad_date(corpus_copy):
    write(corpus_copy / "en/audio/plain.md", "# Just markdown\n")  # fine: front matter is optional
    write(corpus_copy / "en/audio/dated.md", "---\ntitle: T\nupdated: last week\n---\nBody\n")
    corpus = load_corpus(corpus_copy)
    assert [str(p) for p in corpus.problems] == [
        "en/audio/dated.md:3: warning: `updated` is not a date (YYYY-MM-DD): 'last week'; "
        "the article is indexed without one"
    ]
    assert next(a for a in corpus.articles if a.id == "audio/dated").updated is None


def test_translation_without_source_is_a_warning_and_reaches_its_readers_only(corpus_copy, tmp_path):
    write(corpus_copy / "ru/audio/orphan.md", "---\ntitle: Сирота\n---\nТекст о кошках-сиротах\n")
    assert [str(p) for p in load_corpus(corpus_copy).problems] == [
        "ru/audio/orphan.md:1: warning: translation has no English source (en/audio/orphan.md); "
        "indexed for ru readers only"
    ]
    with pytest.raises(BuildFailed):  # a docs team's check still stops on it
        build_index(corpus_copy, tmp_path / "strict", strict=True)
    build_index(corpus_copy, tmp_path / "index")
    generation = IndexHandle(tmp_path / "index").get()
    assert [hit.id for hit in search(generation, "кошки сироты", locale="ru").results][:1] == ["audio/orphan"]
    assert "audio/orphan" not in [hit.id for hit in search(generation, "кошки сироты", locale="en").results]
    # Browsing agrees with search: listed, counted and related for its readers only.
    browse = catalog(generation)
    counts = {locale: {c.id: c.count for c in browse.categories(locale)}["audio"] for locale in ("en", "ru")}
    assert counts["ru"] == counts["en"] + 1
    assert "audio/orphan" in [r.id for r in browse.in_category("audio", "ru")]
    assert "audio/orphan" not in [r.id for r in browse.in_category("audio", "en")]
    assert browse.related("audio/orphan", "ru") and browse.view("audio/orphan", "en") is None


def test_real_world_markdown_indexes(corpus_copy):
    write(
        corpus_copy / "en/audio/real.md",
        "---\ntitle: Real\nsidebar_position: 3\nauthor: {name: x}\n---\n"
        "import Tabs from '@theme/Tabs';\n\n"
        '<Tabs>\n<TabItem value="win">Windows steps</TabItem>\n</Tabs>\n\n'
        "```bash\necho hello\n```\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        '<div onclick="x()">raw <b>html</b></div>\n',
    )
    corpus = load_corpus(corpus_copy)
    assert corpus.problems == []
    article = next(a for a in corpus.articles if a.id == "audio/real")
    assert "Windows steps" in article.body and "echo hello" in article.body
    assert "onclick" not in article.html


def test_failed_build_keeps_the_live_index(corpus_copy, tmp_path):
    root = tmp_path / "index"
    build_index(corpus_copy, root)
    live = store.live_generation(root)
    write(corpus_copy / "en/audio/undated.md", BROKEN)
    with pytest.raises(BuildFailed) as failed:
        build_index(corpus_copy, root)
    assert "undated.md:3" in str(failed.value.problems[0])
    assert store.live_generation(root) == live
    assert len(list(root.glob("gen-*"))) == 1  # the failed attempt left nothing behind


def test_keep_going_indexes_the_rest(corpus_copy, tmp_path):
    write(corpus_copy / "en/audio/undated.md", BROKEN)
    report = build_index(corpus_copy, tmp_path / "index", keep_going=True)
    assert report.articles["en"] == 9 and len(report.problems) == 1


def test_rebuild_switches_readers_over(corpus_copy, tmp_path):
    root = tmp_path / "index"
    build_index(corpus_copy, root)
    handle = IndexHandle(root, check_interval=0)
    first = handle.get()
    write(corpus_copy / "en/audio/new.md", "---\ntitle: Brand new\n---\nBody\n")
    build_index(corpus_copy, root)
    second = handle.get()
    assert second.path != first.path
    assert second.document("en", "audio/new")["title"] == "Brand new"


def test_report_counts(corpus_copy, tmp_path):
    report = build_index(corpus_copy, tmp_path / "index")
    assert report.articles == {"en": 9, "ru": 5}
    assert report.untranslated == 4 and report.stale == 2
    meta = Meta.read(report.generation)
    assert (meta.untranslated, meta.stale) == (4, 2)
    assert meta.category_name("meetings", "ru") != "meetings"
    assert sum(t.locale == "ru" and t.id.startswith("meetings/") for t in meta.titles) == 2


def test_meta_of_another_format_is_refused(corpus_copy, tmp_path):
    report = build_index(corpus_copy, tmp_path / "index")
    path = report.generation / "meta.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**data, "format": 1}), encoding="utf-8")
    with pytest.raises(MetaError, match="format"):
        Meta.read(report.generation)
    del data["synonyms"]
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(MetaError):
        Meta.read(report.generation)


def test_cli_exit_codes_and_messages(corpus_copy, tmp_path, capsys):
    assert indexer_main(["build", "--corpus", str(corpus_copy), "--index", str(tmp_path / "ix")]) == 0
    assert "14 articles (9 en, 5 ru)" in capsys.readouterr().out
    write(corpus_copy / "en/audio/undated.md", BROKEN)
    assert indexer_main(["build", "--corpus", str(corpus_copy), "--index", str(tmp_path / "ix")]) == 1
    err = capsys.readouterr().err
    assert "en/audio/undated.md:3: category 'nowhere' is not in categories.yml" in err
    assert "live index is unchanged" in err


def test_a_tree_without_articles_fails_and_leaves_the_live_index(corpus_copy, tmp_path, capsys):
    index = tmp_path / "ix"
    assert indexer_main(["build", "--corpus", str(corpus_copy), "--index", str(index)]) == 0
    live = (index / "CURRENT").read_text()
    empty = tmp_path / "empty"
    (empty / "en").mkdir(parents=True)
    assert indexer_main(["build", "--corpus", str(empty), "--index", str(index), "--keep-going"]) == 1
    assert f"{empty}:0: no articles: pages go in en/<category>/<page>.md" in capsys.readouterr().err
    assert (index / "CURRENT").read_text() == live


def test_corpus_without_categories_file_uses_folders(corpus_copy):
    (corpus_copy / "categories.yml").unlink()
    corpus = load_corpus(corpus_copy)
    assert corpus.problems == []
    assert [c.id for c in corpus.categories] == ["audio", "meetings", "recording", "troubleshooting"]
    assert all(c.weight == 1.0 for c in corpus.categories)


@pytest.mark.parametrize(
    ("name", "text", "line", "message"),
    [
        ("synonyms.yml", "en:\n  - [mic, microphone]\n  - lonely\n", 3, "two or more words"),
        ("synonyms.yml", "en: [[a, b]]\nxx:\n  - [c, d]\n", 2, "unknown locale"),
        ("synonyms.yml", "- [a, b]\n", 1, "mapping of locales"),
        ("synonyms.yml", "en:\n  - [a, b\n", 3, "invalid YAML"),
        ("glossary.yml", "- встреча\n", 1, "mapping of Russian terms"),
        ("glossary.yml", "встреча: [meeting]\nзвонок: {a: b}\n", 2, "russian term"),
    ],
)
def test_malformed_synonyms_and_glossary_are_problems(corpus_copy, name, text, line, message):
    (corpus_copy / name).write_text(text, encoding="utf-8")
    problems = load_corpus(corpus_copy).problems
    assert [(str(p.path), p.line) for p in problems] == [(name, line)]
    assert message in problems[0].message
