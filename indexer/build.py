"""Corpus -> Whoosh index, written beside the live one and switched in atomically."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index

from indexer.alignment import learn_pairs
from indexer.corpus import Article, Corpus, Problem, load_corpus
from indexer.dictionary import dictionary_pairs
from indexer.vocabulary import build_vocabulary
from search.index import builds
from search.index.analysis import english_stem
from search.index.articles import SOURCE_LOCALE
from search.index.meta import Meta, Title
from search.index.schema import build_schema


class BuildFailed(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the corpus")
        self.problems = problems


@dataclass
class BuildReport:
    articles: Counter = field(default_factory=Counter)  # per locale
    untranslated: int = 0
    stale: int = 0
    seconds: float = 0.0
    problems: list[Problem] = field(default_factory=list)
    generation: Path | None = None

    def summary(self) -> str:
        per_locale = ", ".join(f"{n} {loc}" for loc, n in sorted(self.articles.items()))
        return (
            f"indexed {sum(self.articles.values())} articles ({per_locale}); "
            f"{self.untranslated} English-only, {self.stale} stale translations; "
            f"{self.seconds:.2f} s"
        )


def build_index(
    corpus_dir: Path | str, index_root: Path | str, keep_going: bool = False, strict: bool = False
) -> BuildReport:
    """Index ``corpus_dir`` into a new generation under ``index_root``.

    Raises ``BuildFailed`` (and leaves the live index untouched) when the
    corpus has errors, or warnings too if ``strict``, unless ``keep_going``,
    which indexes every article that could be read and reports the problems;
    raises ``BuildRunning`` when another build is writing to ``index_root``.
    """
    root = Path(index_root)
    with builds.build_lock(root):
        return _build(Path(corpus_dir), root, keep_going, strict)


def _build(corpus_dir: Path, root: Path, keep_going: bool, strict: bool) -> BuildReport:
    started = time.perf_counter()
    corpus = load_corpus(corpus_dir)
    failing = corpus.problems if strict else corpus.errors
    if failing and not (keep_going and corpus.articles):
        raise BuildFailed(failing)

    generation = builds.new_generation(root)
    try:
        _write(corpus, generation)
        report = _report(corpus)
        report.seconds = time.perf_counter() - started
        _write_meta(corpus, generation, report)
    except BaseException:
        builds.discard(generation)
        raise
    builds.publish(root, generation)
    report.generation = generation
    return report


def _write(corpus: Corpus, generation: Path) -> None:
    ix = whoosh_index.create_in(str(generation), build_schema())
    writer = ix.writer(limitmb=256)
    sources = {a.id: a for a in corpus.articles if a.locale == SOURCE_LOCALE}
    try:
        for article in corpus.articles:
            source = sources.get(article.id) if article.locale != SOURCE_LOCALE else None
            writer.add_document(**_document(article, source))
    except BaseException:
        writer.cancel()
        raise
    writer.commit()


def _document(article: Article, source: Article | None) -> dict:
    return {
        "source": "\n".join([source.title, *source.headings, *source.tags]) if source else "",
        "key": f"{article.locale}:{article.id}",
        "id": article.id,
        "locale": article.locale,
        "category": article.category,
        "title": article.title,
        "headings": "\n".join(article.headings),
        "tags": ", ".join(article.tags),
        "body": article.body,
        "translated": article.translated,
        "stale": article.stale,
        "summary": article.summary,
        "updated": article.updated.isoformat() if article.updated else None,
        "path": article.path,
        "html": article.html,
        "toc": article.toc,
        "links": article.links,
    }


def _report(corpus: Corpus) -> BuildReport:
    report = BuildReport(problems=list(corpus.problems))
    for article in corpus.articles:
        report.articles[article.locale] += 1
        if article.locale == "en" and not article.translated:
            report.untranslated += 1
        if article.stale:
            report.stale += 1
    return report


def _write_meta(corpus: Corpus, generation: Path, report: BuildReport) -> None:
    vocabulary = build_vocabulary(corpus)
    english = {english_stem(word) for word in vocabulary.get(SOURCE_LOCALE, {})}
    Meta(
        built_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        categories=tuple(corpus.categories),
        synonyms=corpus.synonyms,
        glossary=corpus.glossary,
        vocabulary=vocabulary,
        learned_pairs=learn_pairs(corpus),
        # Cached beside the generations: reading the dictionary takes seconds.
        dictionary_pairs=dictionary_pairs(english, generation.parent / "cache"),
        titles=tuple(Title(a.id, a.locale, a.title, a.translated) for a in corpus.articles),
        untranslated=report.untranslated,
        stale=report.stale,
    ).write(generation)
