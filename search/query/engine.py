"""Searching: eligibility by locale, ranking, category groups, pages, snippets.

Ranking is BM25F over the text fields for the typed words and, with less
weight, their derivations (``expand``), then multiplied per document by its
category's weight, by a boost for a category the query names, and by a small
penalty for an English article shown in Russian search, so that at equal
relevance the reader's own language wins. Every number is a knob of
``search.query.knobs``. A query with words the index does not know is also
tried corrected (``spelling``): misspelt, or typed on the wrong layout.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar

import numpy as np

from search.index.articles import article_url, reader_locale
from search.index.store import Generation
from search.query.cache import results_cache, shown_cache
from search.query.columns import columns
from search.query.expand import understand
from search.query.knobs import RANKING, Ranking
from search.query.nodes import Sum, idea_nodes
from search.query.plan import QueryPlan
from search.query.scoring import Scorer, coverage, sum_tables
from search.query.snippets import Passages, snippet
from search.query.spelling import speller

PER_PAGE = 10
MAX_PAGE = 100
# Hits a cached answer keeps: every page a reader can reach at the usual page
# size. A broad query at 25,000 articles matches tens of thousands, which
# would crowd a bounded cache out; a page past these is ranked again.
KEPT_HITS = MAX_PAGE * PER_PAGE

T = TypeVar("T")


@dataclass(frozen=True)  # cached pages share their hits
class Hit:
    id: str
    locale: str
    title: str
    category: str
    url: str
    score: float
    snippet: str
    translated: bool
    fallback: bool
    stale: bool


@dataclass
class CategoryCount:
    id: str
    name: str
    count: int


@dataclass
class SearchResponse:
    query: str
    locale: str
    total: int
    corrected_query: str | None
    results: list[Hit]
    categories: list[CategoryCount]
    category: str | None = None
    # Of ``total``, the articles that match every word of the query (or a
    # stand-in for it: a synonym, a translation); they rank first.
    complete: int = 0
    page: int = 1
    per_page: int = PER_PAGE
    notes: dict[str, Any] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        """The pages a reader can open: past ``MAX_PAGE`` none is served."""
        return min(max(1, -(-self.total // self.per_page)), MAX_PAGE)

    def to_json(self) -> dict[str, Any]:
        # By hand rather than ``asdict``, whose deep copies cost more than
        # serving a cached page.
        data = {name: getattr(self, name) for name in JSON_FIELDS}
        data["results"] = [vars(hit).copy() for hit in self.results]
        data["categories"] = [vars(group).copy() for group in self.categories]
        data.update(self.notes)
        return data


def search(
    generation: Generation,
    text: str,
    locale: str = "en",
    category: str | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
    auto_correct: bool = True,
    knobs: Ranking = RANKING,
) -> SearchResponse:
    """Rank the articles a reader of ``locale`` may get for ``text``.

    ``auto_correct=False`` (the reader asked for exactly what they typed)
    still offers a correction but never searches it in place of the query.
    """
    locale = reader_locale(locale)
    page = min(max(1, page), MAX_PAGE)
    found = find(generation, text, locale, category, auto_correct, knobs)
    if page * per_page > len(found.docnums) and found.total > len(found.docnums):
        found = _find(generation, text, locale, category, auto_correct, knobs)  # every hit
    # Snippets cost more than the rest of a cached answer: the page shown is
    # kept as well.
    results = _cached(
        generation,
        knobs,
        (text, locale, category, auto_correct, page, per_page),
        lambda: Page(_hits(generation, found, locale, page, per_page)),
    ).hits
    return SearchResponse(
        query=found.query,
        locale=locale,
        total=found.total,
        corrected_query=found.corrected_query,
        results=list(results),
        categories=[CategoryCount(*group) for group in found.categories],
        category=category,
        complete=found.complete,
        page=page,
        per_page=per_page,
        notes=dict(found.notes),
    )


# In the order of the fields, as ``asdict`` gave them; ``notes`` are spread
# into the answer instead.
JSON_FIELDS = tuple(f.name for f in fields(SearchResponse) if f.name != "notes")


@dataclass(frozen=True)
class Found:
    """Everything a query found, before paging: what every page of it shares,
    and what the results cache keeps. Hits are numpy arrays, best first."""

    query: str
    docnums: np.ndarray
    scores: np.ndarray
    complete: int  # how many of the hits match every idea of the query
    categories: tuple[tuple[str, str, int], ...]  # (id, name, count), in order of best hit
    corrected_query: str | None = None
    notes: Mapping[str, Any] = field(default_factory=dict)
    # The index terms snippets mark: for the reader's own language (False)
    # and for English fallbacks (True).
    terms: Mapping[bool, frozenset[str]] = field(default_factory=dict)
    total: int = 0  # hits found: ``docnums`` may keep only the first ``KEPT_HITS``

    def nbytes(self) -> int:
        hits = self.docnums.nbytes + self.scores.nbytes
        words = sum(len(term) + 50 for terms in self.terms.values() for term in terms)
        return hits + words + 100 * len(self.categories) + 2 * len(self.query) + 500


def find(
    generation: Generation,
    text: str,
    locale: str,
    category: str | None = None,
    auto_correct: bool = True,
    knobs: Ranking = RANKING,
) -> Found:
    """Every hit of ``text`` for a reader of ``locale``, best first: what
    ``search`` pages through."""
    key = (text, locale, category, auto_correct)
    return _cached(
        generation,
        knobs,
        key,
        lambda: _find(generation, text, locale, category, auto_correct, knobs, keep=KEPT_HITS),
    )


def _cached(generation: Generation, knobs: Ranking, key: tuple, compute: Callable[[], T]) -> T:
    """``compute()``, from the generation's results cache when the same
    query was answered before: only with the shipped knobs, since tuning runs
    pass others and must not see each other's rankings."""
    if knobs is not RANKING:
        return compute()
    cache = generation.derive(results_cache)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.put(key, value)
    return value


@dataclass(frozen=True)
class Page:
    hits: tuple[Hit, ...]

    def nbytes(self) -> int:
        return sum(200 + sum(len(v) for v in vars(hit).values() if isinstance(v, str)) for hit in self.hits)


def _hits(generation: Generation, found: Found, locale: str, page: int, per_page: int) -> tuple[Hit, ...]:
    start = (page - 1) * per_page
    window = zip(
        found.docnums[start : start + per_page].tolist(),
        found.scores[start : start + per_page].tolist(),
        strict=True,
    )
    return tuple(_hit(generation, docnum, score, locale, found.terms) for docnum, score in window)


def _find(
    generation: Generation,
    text: str,
    locale: str,
    category: str | None,
    auto_correct: bool,
    knobs: Ranking,
    keep: int | None = None,
) -> Found:
    typed = understand(generation, text, locale, knobs)
    if typed.empty:
        return Found(typed.typed, NO_HITS.docnums, NO_HITS.scores, 0, ())

    used, ranked = typed, rank(generation, typed, locale, knobs)
    corrected_query, notes = None, {}
    correction = speller(generation, locale).correct(typed.text)
    if correction:
        fixed = understand(generation, correction.text, locale, knobs)
        fixed_ranked = rank(generation, fixed, locale, knobs)
        if fixed_ranked:
            corrected_query = correction.text
            auto = auto_correct and _much_better(fixed_ranked, ranked, knobs)
            notes = {"auto_corrected": auto, "correction_reason": correction.reason}
            if auto:
                used, ranked = fixed, fixed_ranked

    if not len(ranked):
        # Found nothing: the answer shares its empty arrays and keeps no
        # terms to mark, so that a cache full of made-up queries stays small.
        return Found(typed.typed, NO_HITS.docnums, NO_HITS.scores, 0, (), corrected_query, notes)
    categories = _category_counts(generation, ranked, locale)
    if category:
        code = generation.derive(columns).category_code(category)
        ranked = ranked.where(generation.derive(columns).category[ranked.docnums] == code)
    # Russian articles are marked for what the reader typed (and its synonyms);
    # English fallbacks also for the English terms that reached them.
    terms = {
        False: frozenset(used.terms_matched(cross_language=False)),
        True: frozenset(used.terms_matched()),
    }
    return Found(
        query=typed.typed,
        docnums=ranked.docnums[:keep].copy(),  # a copy: a view would keep every hit alive
        scores=ranked.scores[:keep].copy(),
        total=len(ranked),
        complete=int(np.count_nonzero(ranked.complete)),
        categories=categories,
        corrected_query=corrected_query,
        notes=notes,
        terms=terms,
    )


def _much_better(fixed: Ranked, typed: Ranked, knobs: Ranking) -> bool:
    """Whether to show the corrected query's results instead of the typed one's:
    the typed query found nothing, or its best match is far weaker."""
    return not typed or bool(fixed.scores[0] >= knobs.auto_correct_ratio * typed.scores[0])


@dataclass(frozen=True)
class Ranked:
    """The documents a ranking found, best first (ties by document number)."""

    docnums: np.ndarray
    scores: np.ndarray
    complete: np.ndarray  # whether each matches every word of the query

    def __len__(self) -> int:
        return len(self.docnums)

    def where(self, keep: np.ndarray) -> Ranked:
        return Ranked(self.docnums[keep], self.scores[keep], self.complete[keep])


NO_HITS = Ranked(np.empty(0, dtype=np.int64), np.empty(0), np.empty(0, dtype=bool))


def rank(generation: Generation, plan: QueryPlan, locale: str, knobs: Ranking = RANKING) -> Ranked:
    """Every document a reader of ``locale`` may get that matches, best first."""
    # A query that is nothing but a category's name asks for that category.
    named_only = plan.named_categories and all(term.categories for term in plan.terms)
    boost = knobs.browse_boost if named_only else knobs.category_boost
    doc_count = generation.doc_count
    column = generation.derive(columns)
    ideas = idea_nodes(plan, knobs)
    scorer = Scorer(generation, knobs, ideas.extras)
    tables = [scorer.score(word) for word in ideas.words]
    found = sum_tables([*tables, scorer.score(Sum(ideas.extras))], doc_count)
    readable = column.readable[locale][found.docnums]
    docnums, scores = found.docnums[readable], found.scores[readable]
    # How many of the typed words (or their stand-ins) each document matches:
    # one that answers every word ranks above one that shares a single word.
    covered = coverage(tables, doc_count)[docnums]
    # One multiplication after another, as the knobs describe them (their
    # product, taken first, could round differently); times 1.0 is exact.
    if tables:
        share = [(n / len(tables)) ** knobs.coverage_power for n in range(len(tables) + 1)]
        scores = scores * np.array(share)[covered]
    codes = column.category[docnums]
    scores = scores * column.category_weight[docnums]
    named = [column.category_code(c) for c in plan.named_categories]
    scores = scores * np.where(np.isin(codes, named), boost, 1.0)
    scores = scores * np.where(column.foreign[locale][docnums], knobs.fallback_penalty, 1.0)
    order = np.lexsort((column.place[docnums], -scores))
    return Ranked(docnums[order], scores[order], covered[order] == len(tables))


def _category_counts(generation: Generation, ranked: Ranked, locale: str) -> tuple[tuple[str, str, int], ...]:
    # Groups come in the order of their best hit: ``ranked`` is sorted, so a
    # category's first position is its best hit.
    column = generation.derive(columns)
    codes, first, counts = np.unique(column.category[ranked.docnums], return_index=True, return_counts=True)
    groups = sorted(zip(first.tolist(), codes.tolist(), counts.tolist(), strict=True))
    return tuple(
        (column.categories[code], generation.meta.category_name(column.categories[code], locale), count)
        for _, code, count in groups
    )


def _hit(
    generation: Generation, docnum: int, score: float, locale: str, terms: Mapping[bool, frozenset[str]]
) -> Hit:
    cache = generation.derive(shown_cache)
    shown = cache.get(docnum) or Shown.read(generation, docnum)
    fallback = shown.locale != locale
    marked = snippet(shown.passages, terms[fallback], fallback=shown.summary)
    cache.put(docnum, shown)  # again, since analyzing passages made it larger
    return Hit(
        id=shown.id,
        locale=shown.locale,
        title=shown.title,
        category=shown.category,
        url=article_url(locale, shown.id),
        score=round(score, 4),
        snippet=marked,
        translated=len(generation.versions[shown.id]) > 1,
        fallback=fallback,
        stale=shown.stale,
    )


@dataclass(frozen=True)
class Shown:
    """What a hit shows of its article: read from the index and cut into
    passages once, for every query that shows it."""

    id: str
    locale: str
    title: str
    category: str
    summary: str
    stale: bool
    passages: Passages

    @classmethod
    def read(cls, generation: Generation, docnum: int) -> Shown:
        doc = generation.stored(docnum)
        return cls(
            id=doc["id"],
            locale=doc["locale"],
            title=doc["title"],
            category=doc["category"],
            summary=doc.get("summary") or "",
            stale=bool(doc["stale"]),
            passages=Passages(doc["body"]),
        )

    def nbytes(self) -> int:
        texts = (self.id, self.title, self.summary)
        return self.passages.nbytes() + 2 * sum(len(text) for text in texts) + 300
