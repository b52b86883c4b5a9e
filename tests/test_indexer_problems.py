"""Broken and hostile corpus files: each is a `path:line: message` problem,
never a traceback, never a hang, and `--keep-going` skips only that file."""

from __future__ import annotations

import time

import pytest

from indexer import limits
from indexer.__main__ import main as indexer_main
from indexer.build import build_index
from indexer.corpus import load_corpus
from search.index.store import IndexHandle

FRONT = "---\ntitle: T\n---\n"  # the body starts on line 4

ALIAS_BOMB = (
    "---\ntitle: Bomb\n"
    "a: &a [x, x, x, x, x, x, x, x, x]\n"
    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
    "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
    "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
    "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
    "tags: [*h, *h, *h, *h, *h, *h, *h, *h, *h]\n"
    "---\nBody\n"
)

# (file, text, the start of its problem, a word of the message)
BAD_ARTICLES = [
    ("en/audio/quotes.md", FRONT + "> " * 600 + "deep\n", "en/audio/quotes.md:4: ", "nested 600 levels"),
    (
        "en/audio/lists.md",
        FRONT + "".join("\t" * level + "- item\n" for level in range(1000)),
        "en/audio/lists.md:",
        "nested",
    ),
    # A name with nothing an id can be made of (one with spaces is made one).
    ("en/audio/!!!.md", FRONT + "Body\n", "en/audio/!!!.md:1: ", "invalid article id"),
    ("en/audio/huge.md", FRONT + "word " * 420_000, "en/audio/huge.md:1: ", "at most 2,000,000"),
]


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(("name", "text", "where", "message"), BAD_ARTICLES, ids=[b[0] for b in BAD_ARTICLES])
def test_bad_article_is_a_problem_naming_it_and_keep_going_skips_only_it(
    corpus_copy, tmp_path, capsys, name, text, where, message
):
    write(corpus_copy / name, text)
    index = str(tmp_path / "ix")
    started = time.perf_counter()
    assert indexer_main(["build", "--corpus", str(corpus_copy), "--index", index]) == 1
    err = capsys.readouterr().err
    assert [line for line in err.splitlines() if line.startswith(where) and message in line], err
    assert "Traceback" not in err

    assert indexer_main(["build", "--corpus", str(corpus_copy), "--index", index, "--keep-going"]) == 0
    out, err = capsys.readouterr()
    assert where in err and "14 articles (9 en, 5 ru)" in out
    assert time.perf_counter() - started < 20


# (file, text, the start of its warning, what the article gets instead)
SAFE_DEFAULTS = [
    (
        "en/audio/date.md",
        "---\ntitle: T\nupdated: 2026-02-30\n---\nBody\n",
        "en/audio/date.md:3: warning: ",
        ("audio/date", "T", None),
    ),
    (
        "en/audio/list-title.md",
        "---\ntitle: [a, b]\n---\n# Heading\n",
        "en/audio/list-title.md:2: warning: ",
        ("audio/list-title", "Heading", None),
    ),
    (
        "en/audio/climb.md",
        "---\ntitle: T\nid: ../../../../static/site.css\n---\nBody\n",
        "en/audio/climb.md:3: warning: ",
        ("audio/climb", "T", None),
    ),
    (
        "en/audio/markup.md",
        '---\ntitle: T\nid: "<script>x</script>"\n---\n',
        "en/audio/markup.md:3: warning: ",
        ("audio/markup", "T", None),
    ),
    (
        "en/audio/impostor.md",
        "---\ntitle: Impostor\nid: meetings/join-a-meeting\n---\nBody\n",
        "en/audio/impostor.md:3: warning: duplicate id 'meetings/join-a-meeting': "
        "en/meetings/join-a-meeting.md has it too; 'audio/impostor' is used",
        ("audio/impostor", "Impostor", None),
    ),
    (
        "en/audio/start.md",
        "---\ntitle: T\nid: Getting Started\nupdated: May 2023\n---\n",
        "en/audio/start.md:3: warning: ",
        ("audio/start", "T", None),
    ),
]


@pytest.mark.parametrize(
    ("name", "text", "where", "indexed"), SAFE_DEFAULTS, ids=[s[0] for s in SAFE_DEFAULTS]
)
def test_a_value_with_a_safe_default_is_a_warning_and_the_article_is_indexed(
    corpus_copy, tmp_path, capsys, name, text, where, indexed
):
    # Real trees carry front matter written for other tools; one odd value
    # must not keep a page, or the whole build, out of the index.
    write(corpus_copy / name, text)
    index = str(tmp_path / "ix")
    assert indexer_main(["build", "--corpus", str(corpus_copy), "--index", index]) == 0
    out, err = capsys.readouterr()
    assert where in err and "15 articles (10 en, 5 ru)" in out
    article = next(a for a in load_corpus(corpus_copy).articles if a.path == name)
    assert (article.id, article.title, article.updated) == indexed
    assert indexer_main(["build", "--corpus", str(corpus_copy), "--index", index, "--strict"]) == 1


def test_the_real_article_keeps_its_id_against_an_impostor(corpus_copy, tmp_path):
    write(corpus_copy / "en/audio/impostor.md", "---\ntitle: Impostor\nid: meetings/join-a-meeting\n---\n")
    build_index(corpus_copy, tmp_path / "ix", keep_going=True)
    document = IndexHandle(tmp_path / "ix").get().document("en", "meetings/join-a-meeting")
    assert document["path"] == "en/meetings/join-a-meeting.md"


def test_duplicate_ids_among_front_matter_ids_name_both_files(corpus_copy):
    write(corpus_copy / "en/audio/a.md", "---\ntitle: A\nid: audio/same\n---\n")
    write(corpus_copy / "en/audio/b.md", "---\ntitle: B\ntags: [x]\nid: audio/same\n---\n")
    write(corpus_copy / "en/audio/c.md", "---\ntitle: C\nid: audio/same\n---\n")
    write(corpus_copy / "en/audio/impostor.md", "---\ntitle: I\nid: audio/c\n---\n")
    corpus = load_corpus(corpus_copy)
    assert [str(p) for p in corpus.problems] == [
        "en/audio/b.md:4: warning: duplicate id 'audio/same': en/audio/a.md has it too; 'audio/b' is used",
        # c.md's own path id is taken too, by an `id:` elsewhere
        "en/audio/c.md:3: duplicate id 'audio/same': en/audio/a.md has it too",
    ]
    ids = {a.path: a.id for a in corpus.articles if a.path.startswith("en/audio/")}
    assert (ids["en/audio/a.md"], ids["en/audio/b.md"]) == ("audio/same", "audio/b")


def test_ids_given_per_folder_fall_back_to_their_paths_and_translations_follow(corpus_copy):
    # A site whose `id:` is relative to the folder writes `id: intro` twice.
    pages = (("en", "audio", "Intro"), ("en", "meetings", "Intro"), ("ru", "meetings", "Введение"))
    for locale, folder, title in pages:
        write(corpus_copy / f"{locale}/{folder}/intro.md", f"---\ntitle: {title}\nid: intro\n---\nText.\n")
    corpus = load_corpus(corpus_copy)
    ids = {a.path: a.id for a in corpus.articles if a.path.endswith("/intro.md")}
    assert ids == {
        "en/audio/intro.md": "intro",
        "en/meetings/intro.md": "meetings/intro",
        "ru/meetings/intro.md": "meetings/intro",
    }
    assert next(a for a in corpus.articles if a.path == "en/meetings/intro.md").translated
    assert not corpus.errors


def test_the_same_id_in_two_locales_is_a_translation_not_a_duplicate(corpus_copy):
    assert load_corpus(corpus_copy).problems == []  # the fixture has five translations


def test_alias_bomb_is_refused_fast(corpus_copy):
    write(corpus_copy / "en/audio/bomb.md", ALIAS_BOMB)
    started = time.perf_counter()
    problems = load_corpus(corpus_copy).problems
    assert time.perf_counter() - started < 5
    assert [str(p) for p in problems] == [
        "en/audio/bomb.md:3: warning: invalid front matter: anchors and aliases (`&name`, `*name`) "
        "are not allowed; the page is indexed without it"
    ]


@pytest.mark.parametrize(
    ("text", "message", "title", "body"),
    [
        (ALIAS_BOMB, "bomb.md:3: warning: invalid front matter: anchors", "Bomb", "Body"),
        ("---\ntitle: T\ntags: " + "[" * 40 + "]" * 40 + "\n---\n# Deep\n", "nest", "Deep", ""),
        # A typo real sites make: a colon in an unquoted title.
        (
            "---\ntitle: Vue: the basics\n---\n# Basics\n\nText.\n",
            "bomb.md:2: warning: invalid",
            "Basics",
            "Text.",
        ),
        # A page that opens with a rule is not front matter: its text is kept,
        # a colon in it or not, parsed as YAML or not.
        (
            "---\nBefore you start: close the app and unplug the device.\n---\n\nBody.\n",
            "bomb.md:2: warning: the lines",
            "Bomb",
            "Before you start",
        ),
        (
            "---\nBefore you start: check your headset. Note: it must be charged.\n---\n# A\n\nBody.\n",
            "bomb.md:2: warning: the lines",
            "Bomb",  # the heading is not the page's first line
            "Before you start",
        ),
        (
            "---\nSee the notes below.\n---\n\nMore text.\n",
            "bomb.md:2: warning: the lines",
            "Bomb",
            "See the",
        ),
    ],
)
def test_front_matter_that_does_not_parse_is_a_warning_and_the_page_is_read_without_it(
    corpus_copy, text, message, title, body
):
    write(corpus_copy / "en/audio/bomb.md", text)
    corpus = load_corpus(corpus_copy)
    assert [str(p) for p in corpus.problems if message in str(p)] and not corpus.errors
    article = next(a for a in corpus.articles if a.path == "en/audio/bomb.md")
    assert article.title == title and article.body.startswith(body)
    assert "---" not in article.body and "title:" not in article.body


@pytest.mark.parametrize("title", ["12345", "3.5"])
def test_a_number_is_a_title(corpus_copy, title):
    write(corpus_copy / "en/audio/numbered.md", f"---\ntitle: {title}\n---\nBody\n")
    corpus = load_corpus(corpus_copy)
    assert corpus.problems == []
    assert next(a.title for a in corpus.articles if a.id == "audio/numbered") == title


def test_a_date_with_a_time_is_a_date(corpus_copy):
    write(corpus_copy / "en/audio/timed.md", "---\ntitle: T\nupdated: 2026-01-15 10:30:00\n---\nBody\n")
    corpus = load_corpus(corpus_copy)
    assert corpus.problems == []
    assert str(next(a.updated for a in corpus.articles if a.id == "audio/timed")) == "2026-01-15"


def test_an_article_over_its_time_budget_is_a_problem(corpus_copy, monkeypatch):
    # Python-Markdown takes seconds over thousands of nested brackets.
    write(corpus_copy / "en/audio/slow.md", FRONT + "[" * 3000 + "x" + "](y)" * 3000 + "\n")
    monkeypatch.setattr(limits, "RENDER_SECONDS", 0.2)
    started = time.perf_counter()
    problems = [str(p) for p in load_corpus(corpus_copy).problems]
    assert problems == ["en/audio/slow.md:1: took over 0.2 s to render: simplify or split it"]
    assert time.perf_counter() - started < 2


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("- id: meetings\n  order: x\n- id: audio\n", 2, "`order` must be a whole number, not 'x'"),
        ("- id: meetings\n  order: 1\n  weight: abc\n", 3, "`weight` must be a positive number, not 'abc'"),
        ("- id: meetings\n  weight: -2\n", 2, "`weight` must be a positive number"),
        ("- id: meetings\n  weight: .nan\n", 2, "`weight` must be a positive number"),
        ("- &a {id: meetings}\n- *a\n", 1, "anchors and aliases"),
        ("id: meetings\n", 1, "expected a list of categories"),
    ],
)
def test_malformed_categories_are_problems_with_lines(corpus_copy, tmp_path, capsys, text, line, message):
    write(corpus_copy / "categories.yml", text)
    problems = [p for p in load_corpus(corpus_copy).problems if str(p.path) == "categories.yml"]
    assert [p.line for p in problems] == [line]
    assert message in problems[0].message
    assert indexer_main(["build", "--corpus", str(corpus_copy), "--index", str(tmp_path / "ix")]) == 1
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("glossary.yml", "- встреча\n- звонок\n"),
        ("synonyms.yml", "en: mic\n"),
        ("synonyms.yml", "- [a, b]\n"),
    ],
)
def test_misshapen_glossary_or_synonyms_fail_the_build(corpus_copy, tmp_path, capsys, name, text):
    write(corpus_copy / name, text)
    assert indexer_main(["build", "--corpus", str(corpus_copy), "--index", str(tmp_path / "ix")]) == 1
    assert f"{name}:1: " in capsys.readouterr().err


def test_a_translation_is_paired_by_its_path_not_by_an_id_several_pages_claim(corpus_copy):
    write(corpus_copy / "en/audio/intro.md", "---\ntitle: A\nid: intro\n---\nA.\n")
    write(corpus_copy / "en/meetings/intro.md", "---\ntitle: B\nid: intro\n---\nB.\n")
    # Named otherwise, it cannot say which of the two it translates.
    write(corpus_copy / "ru/meetings/введение.md", "---\ntitle: Б\nid: intro\n---\nБ.\n")
    corpus = load_corpus(corpus_copy)
    russian = next(a for a in corpus.articles if a.path == "ru/meetings/введение.md")
    assert russian.id != "intro" and not corpus.errors
    assert any("is given by several English pages" in str(p) for p in corpus.problems)
    assert not next(a for a in corpus.articles if a.path == "en/audio/intro.md").translated


@pytest.mark.parametrize("front", ["", "id: audio/echo!\n"])
def test_a_translation_without_a_valid_id_takes_the_id_of_the_page_at_its_path(corpus_copy, front):
    write(corpus_copy / "en/audio/setup.md", "---\ntitle: Setup\nid: setup\n---\nText.\n")
    write(corpus_copy / "ru/audio/setup.md", f"---\ntitle: Настройка\n{front}---\nТекст.\n")
    corpus = load_corpus(corpus_copy)
    russian = next(a for a in corpus.articles if a.path == "ru/audio/setup.md")
    assert russian.id == "setup" and next(a for a in corpus.articles if a.id == "setup").translated
    assert not [p for p in corpus.problems if "no English source" in str(p)]


def test_translations_pair_with_the_english_file_at_their_path_when_two_give_one_path_id(corpus_copy):
    # README.md and index.md of a folder both give its id; each translation
    # is of the English file with its own name.
    write(corpus_copy / "en/audio/README.md", "# Readme\n\nText.\n")
    write(corpus_copy / "en/audio/index.md", "---\ntitle: Home\nid: audio-home\n---\nText.\n")
    write(corpus_copy / "ru/audio/README.md", "# Ридми\n\nТекст.\n")
    write(corpus_copy / "ru/audio/index.md", "---\ntitle: Главная\n---\nТекст.\n")
    corpus = load_corpus(corpus_copy)
    ids = {a.path: a.id for a in corpus.articles if a.path.endswith(("README.md", "index.md"))}
    assert ids["ru/audio/index.md"] == ids["en/audio/index.md"] == "audio-home"
    assert ids["ru/audio/README.md"] == ids["en/audio/README.md"]


def test_a_quoted_id_key_is_an_id_of_its_own(corpus_copy):
    write(corpus_copy / "en/audio/setup.md", "---\ntitle: Setup\nid: setup\n---\nText.\n")
    write(corpus_copy / "ru/audio/setup.md", '---\ntitle: Настройка\n"id": setup-ru\n---\nТекст.\n')
    russian = next(a for a in load_corpus(corpus_copy).articles if a.path == "ru/audio/setup.md")
    assert (russian.id, russian.id_line) == ("setup-ru", 3)


def test_a_translation_pairs_by_the_id_its_path_gives_when_the_file_names_differ(corpus_copy):
    write(corpus_copy / "en/audio/setup.mdx", "---\ntitle: Setup\nid: install\n---\nText.\n")
    write(corpus_copy / "ru/audio/setup.md", "---\ntitle: Установка\n---\nТекст.\n")
    corpus = load_corpus(corpus_copy)
    assert next(a for a in corpus.articles if a.path == "ru/audio/setup.md").id == "install"


@pytest.mark.parametrize("key", ["og.title", "$schema", '"sidebar label"', "Заголовок"])
def test_front_matter_with_unusual_keys_is_still_front_matter(corpus_copy, key):
    write(corpus_copy / "en/audio/keys.md", f"---\n{key}: x\ntitle: Keys\n---\nText.\n")
    article = next(a for a in load_corpus(corpus_copy).articles if a.path == "en/audio/keys.md")
    assert article.title == "Keys" and "x" not in article.body.split()
