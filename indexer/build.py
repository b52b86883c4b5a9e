"""Corpus -> Whoosh index, written beside the live one and switched in atomically."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import time
from collections import Counter
from collections.abc import Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from indexer import alignment, cache
from indexer.corpus import load_corpus
from indexer.dictionary import dictionary_pairs
from indexer.incremental import Written, fingerprint, write_index
from indexer.model import Article, Corpus, Problem
from indexer.vocabulary import build_vocabulary
from search.index import builds
from search.index.analysis import english_stem, is_cyrillic, remember_lemmas, russian_lemmas
from search.index.articles import SOURCE_LOCALE
from search.index.meta import Meta, Title
from search.index.schema import build_schema
from search.index.store import IndexUnavailable, live_generation


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
    written: Written = field(default_factory=Written)
    reparsed: int = 0  # articles parsed, not taken from the cache
    parse_seconds: float = 0.0
    write_seconds: float = 0.0

    def summary(self) -> str:
        per_locale = ", ".join(f"{n} {loc}" for loc, n in sorted(self.articles.items()))
        return (
            f"indexed {sum(self.articles.values())} articles ({per_locale}); "
            f"{self.untranslated} English-only, {self.stale} stale translations; "
            f"{self.seconds:.2f} s"
            f"\n{self.reparsed} articles parsed; {self.written.added} documents written, "
            f"{self.written.deleted} removed"
            + (f", {self.written.copied} unchanged ones rewritten" if self.written.copied else "")
            + (" (incremental)" if self.written.incremental else " (full)")
        )


def build_index(
    corpus_dir: Path | str,
    index_root: Path | str,
    keep_going: bool = False,
    strict: bool = False,
    full: bool = False,
    workers: int | None = None,
) -> BuildReport:
    """Index ``corpus_dir`` into a new generation under ``index_root``.

    Only what changed since the live generation is parsed and written again,
    unless ``full``; ``workers`` processes parse (default: one per core).
    Raises ``BuildFailed`` (and leaves the live index untouched) when the
    corpus has errors, or warnings too if ``strict``, unless ``keep_going``,
    which indexes every article that could be read and reports the problems;
    raises ``BuildRunning`` when another build is writing to ``index_root``.
    """
    root = Path(index_root)
    with builds.build_lock(root):
        return _build(Path(corpus_dir), root, keep_going, strict, full, workers or cores())


def cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _build(
    corpus_dir: Path, root: Path, keep_going: bool, strict: bool, full: bool, workers: int
) -> BuildReport:
    started = time.perf_counter()
    if full:  # parse every article again; the analyzed words stay
        (root / cache.CACHE_DIR / cache.ARTICLES).unlink(missing_ok=True)
    known_lemmas = cache.load_lemmas(root)
    remember_lemmas(known_lemmas)
    articles = cache.ArticleCache.beside(root)
    try:
        corpus = load_corpus(corpus_dir, articles, workers)
        failing = corpus.problems if strict else corpus.errors
        if failing and not (keep_going and corpus.articles):
            raise BuildFailed(failing)
        articles.prune()
    finally:
        articles.close()
    parsed = time.perf_counter()
    live = _live(root)
    base = None if full else live
    generation = builds.new_generation(root)
    try:
        with _writers(workers, known_lemmas) as pool:
            written = write_index(generation, _documents(corpus), _context(corpus), base, pool)
        report = _report(corpus)
        report.written, report.reparsed = written, corpus.parsed
        report.parse_seconds = parsed - started
        report.write_seconds = time.perf_counter() - parsed
        meta = _write_meta(corpus, generation, report, live, workers)
        report.seconds = time.perf_counter() - started
    except BaseException:
        builds.discard(generation)
        raise
    builds.publish(root, generation)
    lemmas = _lemmas(meta.vocabulary)
    if lemmas.keys() - known_lemmas.keys():
        cache.save_lemmas(root, {**known_lemmas, **lemmas})
    report.generation = generation
    return report


@contextmanager
def _writers(workers: int, lemmas: dict[str, tuple[str, ...]]) -> Iterator[ProcessPoolExecutor | None]:
    """Processes that write segments (none for one core), each knowing the
    analyzed words of earlier builds, so none parses a known word again.
    They start only if a full write asks for them."""
    if workers == 1:
        yield None
        return
    with ProcessPoolExecutor(workers, initializer=remember_lemmas, initargs=(lemmas,)) as pool:
        yield pool


def _live(root: Path) -> Path | None:
    try:
        return live_generation(root)
    except IndexUnavailable:
        return None


def _documents(corpus: Corpus) -> dict[str, dict]:
    sources = {a.id: a for a in corpus.articles if a.locale == SOURCE_LOCALE}
    documents = {}
    for article in corpus.articles:
        source = sources.get(article.id) if article.locale != SOURCE_LOCALE else None
        document = _document(article, source)
        documents[document["key"]] = document
    return documents


def _context(corpus: Corpus) -> str:
    """What every document of a generation depends on besides its article:
    the schema, how text becomes terms, and the corpus-level files (a
    change to any of them rebuilds all)."""
    parts = (
        sorted(build_schema().names()),
        cache.module_source("search.index.analysis"),
        corpus.categories,
        corpus.synonyms,
        corpus.glossary,
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _lemmas(vocabulary: Mapping[str, Mapping[str, int]]) -> dict[str, tuple[str, ...]]:
    """The lemmas of every Russian word the build has seen (and so parsed)."""
    words = {w for counts in vocabulary.values() for w in counts if is_cyrillic(w)}
    return {w: russian_lemmas(w) for w in words}


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


def _write_meta(
    corpus: Corpus, generation: Path, report: BuildReport, live: Path | None, workers: int
) -> Meta:
    vocabulary = build_vocabulary(corpus)
    dictionary = dictionary_pairs({english_stem(word) for word in vocabulary.get(SOURCE_LOCALE, {})})
    prior = _dictionary_prior(dictionary, vocabulary.get("ru", {}))
    meta = Meta(
        built_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        categories=tuple(corpus.categories),
        synonyms=corpus.synonyms,
        glossary=corpus.glossary,
        vocabulary=vocabulary,
        learned_pairs=_learned_pairs(corpus, generation, live, workers, prior),
        dictionary_pairs=dictionary,
        titles=tuple(Title(a.id, a.locale, a.title, a.translated) for a in corpus.articles),
        untranslated=report.untranslated,
        stale=report.stale,
    )
    meta.write(generation)
    return meta


PAIRS = "pairs.json"


def _dictionary_prior(dictionary: dict, russian_words: Mapping[str, int]) -> dict:
    """The dictionary's pairs for the lemmas of the Russian articles' words:
    the only ones the aligner can use, so that a new English word on an
    untranslated page (which may add a pair for a word no translation
    uses) does not make a build learn the pairs again."""
    lemmas = {lemma for word in russian_words for lemma in russian_lemmas(word)}
    return {lemma: pairs for lemma, pairs in dictionary.items() if lemma in lemmas}


def _learned_pairs(corpus: Corpus, generation: Path, live: Path | None, workers: int, prior: dict) -> dict:
    """``learn_pairs`` of the corpus, taken from the ``live`` generation
    when no translated article (nor its source) changed since, nor the
    dictionary's ``prior``, nor the aligner's code or the lemmas it reads, in full builds too:
    learning is a global fit that takes seconds, and its input is only the
    translation pairs and the prior, compared whole."""
    translated = sorted((a.id, a.locale, a.title, a.body) for a in corpus.articles if a.translated)
    code = (cache.module_source("indexer.alignment"), cache.lemma_stamp())  # the aligner reads lemmas
    stamp = fingerprint((sorted(prior.items()), translated, code))
    try:
        previous = json.loads((live / PAIRS).read_text(encoding="utf-8")) if live else None
    except (OSError, ValueError):
        previous = None
    if previous and previous.get("stamp") == stamp:
        pairs = {ru: [tuple(p) for p in found] for ru, found in previous["pairs"].items()}
    else:
        pairs = alignment.learn_pairs(corpus, workers, prior)
    (generation / PAIRS).write_text(json.dumps({"stamp": stamp, "pairs": pairs}), encoding="utf-8")
    return pairs
