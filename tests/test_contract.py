"""The rules every part shares have one home (``search.index``), and the
index contract imports nothing from the parts built on it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from search.index.articles import LOCALES, article_url, resolve_links, shown_version, stored_link, valid_id

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [p for folder in ("search", "indexer", "web", "ledger") for p in (ROOT / folder).rglob("*.py")]


def test_rules_are_defined_once():
    # "}/articles/": an article URL built by hand, f"/{locale}/articles/...".
    patterns = {
        "LOCALES": r"^\s*LOCALES\s*[:=]",  # assigned, not imported
        "def shown_version": r"^\s*def shown_version\b",
        "def article_url": r"^\s*def article_url\b",
        "}/articles/": re.escape("}/articles/"),
    }
    defined: dict[str, list[str]] = {needle: [] for needle in patterns}
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        for needle, pattern in patterns.items():
            if re.search(pattern, text, re.M):
                defined[needle].append(path.relative_to(ROOT).as_posix())
    assert defined == {
        "LOCALES": ["search/index/articles.py"],
        "def shown_version": ["search/index/articles.py"],
        "def article_url": ["search/index/articles.py"],
        "}/articles/": ["search/index/articles.py"],
    }


def imported(folder: Path) -> list[tuple[Path, str]]:
    """Every (file, module) that the Python files under ``folder`` import."""
    found = []
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            names += [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            found += [(path, name) for name in names]
    return found


def test_index_contract_imports_neither_side():
    for path, name in imported(ROOT / "search" / "index"):
        assert not name.startswith(("indexer", "web", "search.query", "search.browse")), (path, name)


def test_the_store_of_events_stays_out_of_search_and_indexing():
    for folder in ("search", "indexer"):
        for path, name in imported(ROOT / folder):
            assert not name.startswith("ledger"), (path, name)
    for path, name in imported(ROOT / "ledger"):
        assert not name.startswith(("web", "indexer")), (path, name)


@pytest.mark.parametrize(
    ("reader", "available", "shown"),
    [("ru", {"en", "ru"}, "ru"), ("ru", {"en"}, "en"), ("en", {"en", "ru"}, "en"), ("en", {"ru"}, None)],
)
def test_the_fallback_rule(reader, available, shown):
    assert shown_version(reader, available) == shown


def test_locales_and_urls():
    assert LOCALES == ("en", "ru")
    assert article_url("ru", "audio/echo") == "/ru/articles/audio/echo"
    html = (
        f'<a href="{stored_link("audio/echo", "#fix")}">x</a> <a href="article:../../static/site.css">y</a>'
    )
    assert resolve_links(html, "ru") == '<a href="/ru/articles/audio/echo#fix">x</a> <a href="#">y</a>'


@pytest.mark.parametrize("bad", ["../x", "a/../b", "a b", "<script>", 'a"b', "a?b", "a#b", "", "/a", "a//b"])
def test_unsafe_ids_are_invalid(bad):
    assert not valid_id(bad)
