"""What the indexer keeps between builds, in ``<index>/cache/``: every
article as it was parsed, keyed by what it was made from, and the Russian
lemmas of every word seen.

An article's key covers its file's bytes and path, the categories it was
checked against, and the code and libraries that parse it: a change to any
of them makes a new key, so an entry is never used for input it was not
made from. Entries of files that left the corpus are dropped after a build.
"""

from __future__ import annotations

import hashlib
import importlib.util
import pickle
import sqlite3
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

from indexer.model import Article, Problem

Parsed = tuple[Article, list[Problem]]  # an article and its warnings

CACHE_DIR = "cache"
ARTICLES = "articles.sqlite"
LEMMAS = "lemmas.pickle"
# The modules and libraries whose behaviour shapes a parsed article.
PARSING_MODULES = tuple(
    f"indexer.{name}"
    for name in (
        "blocks",
        "callouts",
        "components",
        "corpus",
        "docs_markdown",
        "includes",
        "limits",
        "markup",
        "model",
        "notes",
        "plain_yaml",
        "presets",
        "render",
        "template_tags",
        "vocabulary",
    )
) + ("search.index.analysis", "search.index.articles")
PARSING_LIBRARIES = ("markdown", "nh3", "lxml", "python-slugify", "PyYAML", "whoosh3")


def module_source(module: str) -> bytes:
    return Path(importlib.util.find_spec(module).origin).read_bytes()


def _fingerprint() -> bytes:
    digest = hashlib.sha256()
    for module in PARSING_MODULES:
        digest.update(module_source(module))
    for name in PARSING_LIBRARIES:
        digest.update(f"{name}={metadata.version(name)}".encode())
    return digest.digest()


PARSER_FINGERPRINT = _fingerprint()


def article_key(relative: str, data: bytes, context: str) -> str:
    """The key of a file's parsed article: its path under the corpus, its
    bytes and ``context`` (what else parsing depends on: the categories)."""
    digest = hashlib.sha256(PARSER_FINGERPRINT)
    for part in (relative.encode(), context.encode(), data):
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return digest.hexdigest()


class ArticleCache:
    """Parsed articles (with their warnings) by key, in one SQLite file (no server, atomic writes,
    and an entry is read or written without rewriting the others)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path)
        self._db.execute("CREATE TABLE IF NOT EXISTS article (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
        self._asked: set[str] = set()

    @classmethod
    def beside(cls, index_root: Path) -> ArticleCache:
        return cls(index_root / CACHE_DIR / ARTICLES)

    def get_many(self, keys: Iterable[str]) -> dict[str, Parsed]:
        wanted = set(keys)
        self._asked |= wanted
        found = {}
        for key, value in self._db.execute("SELECT key, value FROM article"):
            if key in wanted:
                found[key] = pickle.loads(value)
        return found

    def put_many(self, articles: dict[str, Parsed]) -> None:
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO article (key, value) VALUES (?, ?)",
                ((key, pickle.dumps(a, pickle.HIGHEST_PROTOCOL)) for key, a in articles.items()),
            )

    def prune(self) -> None:
        """Drop every entry but those asked for: the files of this build."""
        with self._db:
            self._db.execute("CREATE TEMP TABLE IF NOT EXISTS kept (key TEXT PRIMARY KEY)")
            self._db.execute("DELETE FROM kept")
            self._db.executemany("INSERT OR IGNORE INTO kept VALUES (?)", ((k,) for k in self._asked))
            self._db.execute("DELETE FROM article WHERE key NOT IN (SELECT key FROM kept)")

    def close(self) -> None:
        self._db.close()


def load_lemmas(index_root: Path) -> dict[str, tuple[str, ...]]:
    """The lemmas the last build saved, or nothing if they were made by
    other code, dictionaries or libraries, or cannot be read."""
    try:
        stamp, table = pickle.loads((index_root / CACHE_DIR / LEMMAS).read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
        return {}
    return table if stamp == lemma_stamp() else {}


def save_lemmas(index_root: Path, table: dict[str, tuple[str, ...]]) -> None:
    path = index_root / CACHE_DIR / LEMMAS
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(pickle.dumps((lemma_stamp(), table), pickle.HIGHEST_PROTOCOL))
    tmp.replace(path)


def lemma_stamp() -> str:
    """What a Russian word's lemmas depend on: the analysis code and pymorphy3's versions."""
    versions = [metadata.version(name) for name in ("pymorphy3", "pymorphy3-dicts-ru")]
    return hashlib.sha256(module_source("search.index.analysis") + repr(versions).encode()).hexdigest()
