"""What every measured engine offers, and Spravka seen through that interface.

An engine is built from a corpus and answers ``search(text, locale)`` with
article ids, best first. Spravka indexes the Markdown tree itself, through
its public ``build_index``; the baselines (``measure.baselines``) index the
articles as Spravka's own corpus loader parsed them, so every engine sees
the same text.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from indexer.build import build_index
from indexer.model import Article, Corpus
from search.index.articles import LOCALES, shown_version
from search.index.store import Generation, IndexHandle
from search.query.cache import results_cache
from search.query.engine import search
from search.query.knobs import RANKING

DEPTH = 10


@dataclass(frozen=True)
class Doc:
    """An article as the baselines index it."""

    id: str
    locale: str
    title: str
    headings: str
    tags: str
    body: str
    readers: tuple[str, ...]  # the locales whose readers may get this article


def readers_of(article: Article) -> tuple[str, ...]:
    """The locales whose readers get this article, by Spravka's one fallback
    rule, applied by every engine."""
    versions = set(LOCALES) if article.translated else {article.locale}
    return tuple(reader for reader in LOCALES if shown_version(reader, versions) == article.locale)


def docs_of(corpus: Corpus) -> list[Doc]:
    return [
        Doc(
            id=a.id,
            locale=a.locale,
            title=a.title,
            headings="\n".join(a.headings),
            tags=", ".join(a.tags),
            body=a.body,
            readers=readers_of(a),
        )
        for a in corpus.articles
    ]


def searched_locales(locale: str) -> tuple[str, ...]:
    """The languages of the articles a reader of ``locale`` may get."""
    return ("ru", "en") if locale == "ru" else ("en",)


class Engine(Protocol):
    name: str
    label: str

    def build(self, corpus_dir: Path, docs: Sequence[Doc], workdir: Path) -> None:
        """Index the corpus into ``workdir`` (empty, owned by the engine)."""

    def open(self, workdir: Path) -> None:
        """Open what ``build`` wrote, for searching."""

    def search(self, text: str, locale: str, k: int = DEPTH) -> list[str]:
        """Ids of the best ``k`` articles for a reader of ``locale``."""


class Spravka:
    name = "spravka"
    label = "Spravka"

    def __init__(self) -> None:
        self.index: Generation | None = None
        self.knobs = RANKING  # others only while tuning (``measure.tune``)

    def build(self, corpus_dir: Path, docs: Sequence[Doc], workdir: Path) -> None:
        build_index(corpus_dir, workdir)

    def open(self, workdir: Path) -> None:
        self.index = IndexHandle(workdir).get()

    def search(self, text: str, locale: str, k: int = DEPTH) -> list[str]:
        # Every search is timed as if the query were new: what the results
        # cache saves on repeated queries is measured over HTTP instead.
        self.index.derive(results_cache).clear()
        return [hit.id for hit in search(self.index, text, locale, per_page=k, knobs=self.knobs).results]


class SpravkaNoGlossary(Spravka):
    """Spravka on the same corpus without its hand-written ``glossary.yml``:
    the cross-language reach a help center gets from its translations alone."""

    name = "spravka-no-glossary"
    label = "Spravka, no glossary"

    def build(self, corpus_dir: Path, docs: Sequence[Doc], workdir: Path) -> None:
        copy = workdir / "corpus"
        shutil.copytree(corpus_dir, copy, ignore=shutil.ignore_patterns("glossary.yml"))
        build_index(copy, workdir / "index")

    def open(self, workdir: Path) -> None:
        super().open(workdir / "index")
