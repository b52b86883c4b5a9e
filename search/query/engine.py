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

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from search.index.articles import article_url, reader_locale
from search.index.store import Generation
from search.query.expand import understand
from search.query.knobs import RANKING, Ranking
from search.query.nodes import Sum, idea_nodes
from search.query.plan import QueryPlan
from search.query.scoring import score_all, sum_tables
from search.query.snippets import snippet
from search.query.spelling import speller

PER_PAGE = 10
MAX_PAGE = 100

Ranked = list[tuple[int, float, bool]]  # (docnum, score, matches every word), best first


@dataclass
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
        return max(1, -(-self.total // self.per_page))

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("notes")
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
    typed = understand(generation, text, locale, knobs)
    response = SearchResponse(
        query=typed.text,
        locale=locale,
        total=0,
        corrected_query=None,
        results=[],
        categories=[],
        category=category,
        page=page,
        per_page=per_page,
    )
    if typed.empty:
        return response

    used, ranked = typed, rank(generation, typed, locale, knobs)
    correction = speller(generation, locale).correct(typed.text)
    if correction:
        fixed = understand(generation, correction.text, locale, knobs)
        fixed_ranked = rank(generation, fixed, locale, knobs)
        if fixed_ranked:
            response.corrected_query = correction.text
            auto = auto_correct and _much_better(fixed_ranked, ranked, knobs)
            response.notes = {"auto_corrected": auto, "correction_reason": correction.reason}
            if auto:
                used, ranked = fixed, fixed_ranked

    response.categories = _category_counts(generation, ranked, locale)
    if category:
        ranked = [hit for hit in ranked if generation.categories[hit[0]] == category]
    response.total = len(ranked)
    response.complete = sum(complete for _, _, complete in ranked)
    start = (page - 1) * per_page
    # Russian articles are marked for what the reader typed (and its synonyms);
    # English fallbacks also for the English terms that reached them.
    terms = {False: used.terms_matched(cross_language=False), True: used.terms_matched()}
    response.results = [
        _hit(generation, docnum, score, locale, terms)
        for docnum, score, _ in ranked[start : start + per_page]
    ]
    return response


def _much_better(fixed: Ranked, typed: Ranked, knobs: Ranking) -> bool:
    """Whether to show the corrected query's results instead of the typed one's:
    the typed query found nothing, or its best match is far weaker."""
    return not typed or fixed[0][1] >= knobs.auto_correct_ratio * typed[0][1]


def rank(generation: Generation, plan: QueryPlan, locale: str, knobs: Ranking = RANKING) -> Ranked:
    """Every document a reader of ``locale`` may get that matches, best first."""
    readable = generation.readable[locale]
    named = plan.named_categories
    meta = generation.meta
    ideas = idea_nodes(plan, knobs)
    tables = [score_all(generation, word, knobs) for word in ideas.words]
    scores = sum_tables([*tables, score_all(generation, Sum(ideas.extras), knobs)])
    # How many of the typed words (or their stand-ins) each document matches:
    # one that answers every word ranks above one that shares a single word.
    covered = Counter(docnum for table in tables for docnum in table)
    ranked = []
    for docnum, score in scores.items():
        if docnum not in readable:
            continue
        if tables:
            score *= (covered[docnum] / len(tables)) ** knobs.coverage_power
        category = generation.categories[docnum]
        score *= meta.category_weight(category)
        if category in named:
            score *= knobs.category_boost
        if generation.locales[docnum] != locale:
            score *= knobs.fallback_penalty
        ranked.append((docnum, score, covered[docnum] == len(tables)))
    ranked.sort(key=lambda hit: (-hit[1], hit[0]))
    return ranked


def _category_counts(generation: Generation, ranked: Ranked, locale: str) -> list[CategoryCount]:
    # Groups come in the order of their best hit: ``ranked`` is sorted, so
    # first appearance is best hit.
    counts: dict[str, int] = {}
    for docnum, _, _ in ranked:
        category = generation.categories[docnum]
        counts[category] = counts.get(category, 0) + 1
    return [CategoryCount(c, generation.meta.category_name(c, locale), n) for c, n in counts.items()]


def _hit(generation: Generation, docnum: int, score: float, locale: str, terms: dict[bool, set[str]]) -> Hit:
    doc = generation.stored(docnum)
    fallback = doc["locale"] != locale
    return Hit(
        id=doc["id"],
        locale=doc["locale"],
        title=doc["title"],
        category=doc["category"],
        url=article_url(locale, doc["id"]),
        score=round(score, 4),
        snippet=snippet(doc["body"], terms[fallback], fallback=doc.get("summary") or ""),
        translated=len(generation.versions[doc["id"]]) > 1,
        fallback=fallback,
        stale=bool(doc["stale"]),
    )
