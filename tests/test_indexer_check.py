"""`python -m indexer check`: every planted defect found, named with its
file and line; translation status from git history or from dates."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from indexer.__main__ import main as indexer_main
from indexer.build import build_index
from indexer.check import check_corpus
from indexer.corpus import load_corpus

SHIPPED = Path(__file__).parent.parent / "corpus"


def write(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def planted(tmp_path) -> Path:
    """A small corpus with one of each defect, and a clean page or two."""
    root = tmp_path / "docs"
    write(root, "en/guide/intro.md", "# Intro\n\nStart.\n\n## Install {#install}\n\nRun the installer.\n")
    write(
        root,
        "en/guide/links.md",
        "# Links\n\nFine: [intro](intro.md) and [install](intro.md#install).\n\n"
        "Broken: [gone](gone.md).\n\nAnchor: [setup](intro.md#setup).\n\n"
        "From the root: [install](/guide/intro.md#install).\n\n"
        "![diagram](img/diagram.png)\n",
    )
    write(root, "en/guide/twin.md", "---\nid: guide/intro\n---\n# Twin\n\nClaims another id.\n")
    write(root, "en/guide/also-intro.md", "# Intro\n\nSame title as another page.\n")
    write(root, "en/guide/empty.md", "---\ntitle: Nothing yet\n---\n")
    write(root, "en/guide/english-only.md", "# Only English\n\nNo translation.\n")
    write(root, "ru/guide/intro.md", "# Введение\n\nНачните. См. [только английский](english-only.md).\n")
    write(root, "ru/guide/orphan.md", "# Сирота\n\nУ этой страницы нет английского оригинала.\n")
    return root


def messages(report) -> list[str]:
    return [str(p) for p in report.problems]


def test_every_planted_defect_is_found_with_its_file_and_line(planted):
    report = check_corpus(planted)
    found = messages(report)

    def one(fragment: str) -> str:
        hits = [m for m in found if fragment in m]
        assert len(hits) == 1, (fragment, found)
        return hits[0]

    assert one("missing article 'guide/gone'").startswith("en/guide/links.md:5: ")
    assert one("missing anchor").startswith("en/guide/links.md:7: ")
    assert "#setup" in one("missing anchor")
    assert one("missing image 'img/diagram.png'").startswith("en/guide/links.md:11: ")
    assert one("translation has no English source").startswith("ru/guide/orphan.md:1: warning:")
    # A twin's `id:` falls back to its path's id: a warning, not a lost page.
    assert one("duplicate id 'guide/intro'").startswith("en/guide/twin.md:2: warning:")
    assert one("article is empty").startswith("en/guide/empty.md:")
    duplicate_title = one("duplicate title 'Intro'")
    assert "warning" in duplicate_title
    english_only = one("no ru version")
    assert english_only.startswith("ru/guide/intro.md:3: warning:")
    # The good links are not reported: the anchor written {#install} is
    # there, and a link from the locale's root reaches it too.
    assert not [m for m in found if "links.md" in m and "install" in m]
    links = next(a for a in load_corpus(planted).articles if a.id == "guide/links")
    assert links.links.count("article:guide/intro#h-install") == 2
    assert len(report.errors) == 4


def test_a_fixed_defect_is_no_longer_reported(planted):
    write(planted, "en/guide/img/diagram.png", "png")
    write(planted, "en/guide/gone.md", "# Back\n\nHere again.\n")
    found = messages(check_corpus(planted))
    assert not [m for m in found if "missing image" in m or "missing article" in m]


def test_check_exits_1_on_errors_and_prints_json_for_ci(planted, capsys):
    assert indexer_main(["check", "--corpus", str(planted), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["errors"] == 4 and data["warnings"] == 4
    assert {"path": "en/guide/links.md", "line": 5} in [
        {"path": p["path"], "line": p["line"]} for p in data["problems"]
    ]
    assert data["translations"] == {"up to date": 1, "stale": 0, "missing": 5}  # the twin is indexed


def test_the_shipped_corpus_has_no_problems(capsys):
    report = check_corpus(SHIPPED)
    assert report.problems == []
    assert indexer_main(["check", "--corpus", str(SHIPPED)]) == 0
    assert "0 error(s), 0 warning(s)" in capsys.readouterr().out


def test_stale_by_dates_outside_git(tmp_path):
    root = tmp_path / "docs"
    write(root, "en/a/page.md", "---\nupdated: 2026-03-01\n---\n# Page\n\nNew text.\n")
    write(root, "ru/a/page.md", "---\nupdated: 2026-01-01\n---\n# Страница\n\nСтарый текст.\n")
    [status] = check_corpus(root).translations
    assert status.status == "stale"
    assert "2026-03-01" in status.changes and "2026-01-01" in status.changes


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=Docs", "-c", "user.email=docs@example.org", *args],
        check=True,
        capture_output=True,
    )


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_stale_in_git_shows_what_changed_in_english_since_the_translation(tmp_path, capsys):
    root = tmp_path / "repo"
    first = {
        "docs/en/a/page.md": "# Page\n\nClick Join.\n",
        "docs/en/a/other.md": "# Other\n\nSteady.\n",
        "docs/ru/a/page.md": "# Страница\n\nНажмите «Войти».\n",
        "docs/ru/a/other.md": "# Другая\n\nБез изменений.\n",
    }
    for relative, text in first.items():
        write(root, relative, text)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "first")
    write(root, "docs/en/a/page.md", "# Page\n\nClick Join, then Allow microphone.\n")
    git(root, "commit", "-qam", "English grows")
    write(root, "docs/en/a/other.md", "# Other\n\nSteady, edited after.\n")
    write(root, "docs/ru/a/other.md", "# Другая\n\nОбновлено.\n")
    git(root, "commit", "-qam", "both change together")

    statuses = {t.id: t for t in check_corpus(root / "docs").translations}
    assert statuses["a/other"].status == "up to date"
    stale = statuses["a/page"]
    assert stale.status == "stale"
    assert "+Click Join, then Allow microphone." in stale.changes
    assert "-Click Join." in stale.changes

    assert indexer_main(["check", "--corpus", str(root / "docs"), "--diffs"]) == 0
    out = capsys.readouterr().out
    assert "ru/a/page.md: stale translation of en/a/page.md" in out
    assert "+Click Join, then Allow microphone." in out
    assert "1 up to date, 1 stale, 0 missing" in out


def test_a_check_reuses_what_the_last_build_parsed(planted, tmp_path):
    index = tmp_path / "index"
    build_index(planted, index, keep_going=True)
    again = check_corpus(planted, index)
    assert again.parsed == 0 and check_corpus(planted).parsed == 8
    assert messages(again) == messages(check_corpus(planted))


def link_problems(root: Path) -> list[str]:
    """What ``check`` reports of the pages named ``links.md``."""
    return [m for m in messages(check_corpus(root)) if "links.md" in m]


def test_clean_urls_and_anchors_placed_by_hand_are_checked_like_md_links(tmp_path):
    # Docs sites link by the page they publish (`intro.html`), by a clean
    # URL (`/guide/intro`) or to a folder (`/guide/`); an anchor may be a
    # heading's, the lifted title's or a `<span id>` (or older HTML's
    # `<a name>`) an author placed.
    root = tmp_path / "corpus"
    write(root, "en/guide/index.md", "# Guide\n\nAll of it.\n")
    write(
        root,
        "en/guide/intro.md",
        '# <a name="top"></a>Intro {#intro}\n\nText.\n\n<span id="ime-tip"></span>\nTip.\n\n'
        '<a name="old-tip"></a>\n',
    )
    write(
        root,
        "en/guide/links.md",
        "# Links\n\n"
        "[a](/guide/intro#ime-tip) [b](./intro.html#intro) [c](/guide/)\n\n"
        "[f](intro.md#old-tip) [g](intro.md#top)\n\n"
        "[d](/guide/nowhere)\n\n"
        "[e](/guide/intro#no-such)\n",
    )
    assert link_problems(root) == [
        "en/guide/links.md:7: link to a missing article 'guide/nowhere'",
        "en/guide/links.md:9: link to a missing anchor: en/guide/intro.md has no anchor #no-such",
    ]


def test_anchors_written_for_github_docusaurus_or_mkdocs_land_on_their_heading(tmp_path):
    # Docs written for GitHub or Docusaurus drop punctuation (`#nodejs-on-linux`),
    # keep Cyrillic, and number a repeated heading `-1`; MkDocs numbers it `_1`.
    # Each anchor must reach the heading on the page too, not only pass the check.
    root = tmp_path / "corpus"
    write(root, "en/guide/setup.md", "# Setup\n\n## Node.js on Linux\n\n## Notes\n\n## Notes\n")
    write(root, "ru/guide/setup.md", "# Настройка\n\n## Звук и видео\n\n## Своё {#own}\n\n## Экран, запись\n")
    write(
        root,
        "en/guide/links.md",
        "# Links\n\n[a](setup.md#nodejs-on-linux) [b](setup.md#notes-1) [c](setup.md#notes_1)\n\n"
        "[d](setup.md#node-js-on-linux)\n\n[e](setup.md#nodejs-on-windows)\n",
    )
    encoded = "%D0%B7%D0%B2%D1%83%D0%BA-%D0%B8-%D0%B2%D0%B8%D0%B4%D0%B5%D0%BE"  # #звук-и-видео
    # A heading with no Latin letter is MkDocs' "_1", "_2" in page order (a
    # heading with an id of its own takes no number); the title is the first.
    write(
        root,
        "ru/guide/links.md",
        f"# Ссылки\n\n[a](setup.md#звук-и-видео) [b](setup.md#{encoded})\n\n[c](setup.md#_3) [d](#_4)\n",
    )
    assert link_problems(root) == [
        "en/guide/links.md:7: link to a missing anchor: en/guide/setup.md has no anchor #nodejs-on-windows",
        "ru/guide/links.md:5: link to a missing anchor: ru/guide/links.md has no anchor #_4",
    ]
    pages = {(a.locale, a.id): a for a in load_corpus(root).articles}
    setup, links = pages["en", "guide/setup"], pages["en", "guide/links"]
    fragments = [href.partition("#")[2] for href in links.links]
    assert fragments[:4] == ["h-nodejs-on-linux", "h-notes-1", "h-notes_1", "h-node-js-on-linux"]
    assert set(fragments[:4]) <= set(setup.anchors)
    assert pages["ru", "guide/links"].links[0].endswith("#h-звук-и-видео")
    assert len(set(pages["ru", "guide/links"].links[:2])) == 1
    assert "h-_3" in pages["ru", "guide/setup"].anchors  # «Экран, запись»


def _russian_page_problems(tmp_path, page: str) -> list[str]:
    """Problems check finds in ``ru/guide/page.md`` (``page``), whose links
    to the guide's overview lead to an English-only page."""
    root = tmp_path / "corpus"
    write(root, "en/guide/index.md", "# Guide\n\nAll of it.\n")
    write(root, "en/guide/page.md", "# Page\n\nText.\n")
    write(root, "ru/guide/page.md", page)
    return [f"{p.line}: {p.message}" for p in check_corpus(root).problems if p.path.name == "page.md"]


def test_a_link_or_image_written_twice_is_reported_at_each_line(tmp_path):
    found = _russian_page_problems(
        tmp_path,
        "# Страница\n\nСм. [руководство](../guide/index.md).\n\n![](gone.png)\n\n"
        "Ещё раз [руководство](../guide/index.md) и ![](gone.png).\n\nИ [по ссылке][g], и [снова][g].\n\n"
        "[g]: ../guide/index.md#none\n",
    )
    assert found == [
        "3: links to 'guide', which has no ru version (readers get English)",
        "7: links to 'guide', which has no ru version (readers get English)",
        "11: link to a missing anchor: en/guide/index.md has no anchor #none",
        "11: links to 'guide', which has no ru version (readers get English)",
        "11: link to a missing anchor: en/guide/index.md has no anchor #none",
        "11: links to 'guide', which has no ru version (readers get English)",
        "5: missing image 'gone.png'",
        "7: missing image 'gone.png'",
    ]


def test_a_reference_link_is_reported_where_it_is_defined(tmp_path):
    found = _russian_page_problems(
        tmp_path,
        "# Страница\n\nСм. [руководство](../guide/index.md).\n\n"
        "И [раз][g], и [два][g].\n\n[g]: ../guide/index.md\n",
    )
    assert [line.split(":")[0] for line in found] == ["3", "7", "7"]


def test_a_link_is_reported_at_its_own_line_not_where_a_longer_path_ends_the_same(tmp_path):
    found = _russian_page_problems(
        tmp_path,
        "# Страница\n\nСм. [быструю установку](/quick-install).\n\nИли [установку](/install).\n",
    )
    assert found == [
        "3: link to a missing article 'quick-install'",
        "5: link to a missing article 'install'",  # not line 3, whose path ends in "install)" too
    ]
    anchors = _russian_page_problems(
        tmp_path, "# Страница\n\n[Раздел](#setup-guide)\n\n## Настройка {#setup-guide}\n\n[Другой](#setup)\n"
    )
    assert anchors == ["7: link to a missing anchor: ru/guide/page.md has no anchor #setup"]  # not line 3


def test_a_clean_url_with_a_title_or_after_an_anchor_of_that_name_is_found_at_its_line(tmp_path):
    found = _russian_page_problems(
        tmp_path,
        "# Страница\n\nСм. [опцию](/api/options#guide).\n\n"
        'Полное [руководство](/guide/ "Руководство") и [оно же](/guide/).\n\n'
        '<a href="/guide/#start">Начало</a>\n',
    )
    assert found == [
        "3: link to a missing article 'api/options'",
        "5: links to 'guide', which has no ru version (readers get English)",  # not line 3's #guide
        "5: links to 'guide', which has no ru version (readers get English)",
        "7: link to a missing anchor: en/guide/index.md has no anchor #start",  # in an attribute
        "7: links to 'guide', which has no ru version (readers get English)",
    ]
