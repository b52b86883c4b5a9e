"""What reading a help-center tree yields: its articles, the corpus they make
and the problems found on the way.

Its own module, so that the cache and the vocabulary, which ``corpus`` uses
while it reads, can name these types without importing the reader.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from search.index.meta import Category


@dataclass(frozen=True)
class Problem:
    """Something wrong in a corpus file. A warning has a safe default (the
    article is indexed anyway) unless the build is strict; an error keeps
    the file out of the index."""

    path: Path
    line: int
    message: str
    warning: bool = False

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {'warning: ' if self.warning else ''}{self.message}"


@dataclass
class Article:
    id: str
    locale: str
    category: str
    title: str
    tags: list[str]
    updated: dt.date | None
    summary: str
    headings: list[str]
    body: str
    html: str
    toc: list[tuple[int, str, str]]
    links: list[str]
    anchors: list[str]  # the ids of its headings and of anchors placed by hand
    path: str  # relative to the corpus root, for messages and the article page
    translated: bool = False  # a Russian version exists (set on both twins)
    stale: bool = False  # Russian version older than its English source
    id_line: int = 1  # where `id:` is in the file; 1 when the path gives the id
    # Other ids that links may name it by: the addresses its front matter gives
    # it (``page_addresses``).
    addresses: tuple[str, ...] = ()
    words: str = field(default="", repr=False)  # surface words, for spelling (``article_words``)


@dataclass
class Corpus:
    root: Path
    categories: list[Category]
    articles: list[Article]
    synonyms: dict[str, list[list[str]]] = field(default_factory=dict)
    glossary: dict[str, list[str]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    parsed: int = 0  # files parsed, rather than taken from a cache

    def by_locale(self, locale: str) -> list[Article]:
        return [a for a in self.articles if a.locale == locale]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]
