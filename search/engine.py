"""Searching: eligibility by locale, ranking, category groups, pages, snippets.

Ranking is BM25F over the text fields (see ``schema.FIELD_BOOSTS``), then
multiplied per document by its category's weight, by a boost for a category
the query names, and by a small penalty for an English article shown in
Russian search, so that at equal relevance the reader's own language wins.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from whoosh import query as q

from search.query import QueryPlan, plan, to_whoosh
from search.snippets import snippet
from search.store import OpenIndex

LOCALES = ("en", "ru")
FALLBACK_PENALTY = 0.85
PER_PAGE = 10
MAX_PAGE = 100


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


def eligibility(locale: str) -> q.Query:
    """Which documents a reader of ``locale`` may get.

    Russian readers get Russian articles and the English articles that have
    no Russian version; English readers get English articles.
    """
    if locale == "ru":
        return q.Or([q.Term("locale", "ru"), q.And([q.Term("locale", "en"), q.Term("translated", False)])])
    return q.Term("locale", "en")


def search(
    index: OpenIndex,
    text: str,
    locale: str = "en",
    category: str | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> SearchResponse:
    locale = locale if locale in LOCALES else "en"
    page = min(max(1, page), MAX_PAGE)
    query_plan = plan(text)
    response = SearchResponse(
        query=query_plan.text,
        locale=locale,
        total=0,
        corrected_query=None,
        results=[],
        categories=[],
        category=category,
        page=page,
        per_page=per_page,
    )
    if query_plan.empty:
        return response

    ranked = rank(index, query_plan, locale)
    response.categories = _category_counts(index, ranked, locale)
    if category:
        ranked = [(docnum, score) for docnum, score in ranked if index.categories[docnum] == category]
    response.total = len(ranked)
    start = (page - 1) * per_page
    terms = query_plan.terms()
    response.results = [
        _hit(index, docnum, score, locale, terms) for docnum, score in ranked[start : start + per_page]
    ]
    return response


def rank(index: OpenIndex, query_plan: QueryPlan, locale: str) -> list[tuple[int, float]]:
    """Every eligible matching document as ``(docnum, score)``, best first."""
    results = index.searcher.search(to_whoosh(query_plan), filter=eligibility(locale), limit=None)
    weights = category_weights(index)
    ranked = []
    for docnum, score in results.items():
        score *= weights.get(index.categories[docnum], 1.0)
        if locale == "ru" and index.locales[docnum] == "en":
            score *= FALLBACK_PENALTY
        ranked.append((docnum, score))
    ranked.sort(key=lambda pair: (-pair[1], pair[0]))
    return ranked


def category_weights(index: OpenIndex) -> dict[str, float]:
    return {c["id"]: float(c.get("weight", 1.0)) for c in index.meta.get("categories", [])}


def category_name(index: OpenIndex, category_id: str, locale: str) -> str:
    for c in index.meta.get("categories", []):
        if c["id"] == category_id:
            return c["names"].get(locale) or category_id
    return category_id


def _category_counts(index: OpenIndex, ranked: list[tuple[int, float]], locale: str) -> list[CategoryCount]:
    # Groups come in the order of their best hit: ``ranked`` is sorted, so
    # first appearance is best hit.
    counts: dict[str, int] = {}
    for docnum, _ in ranked:
        category = index.categories[docnum]
        counts[category] = counts.get(category, 0) + 1
    return [CategoryCount(c, category_name(index, c, locale), n) for c, n in counts.items()]


def _hit(index: OpenIndex, docnum: int, score: float, locale: str, terms: set[str]) -> Hit:
    doc = index.stored(docnum)
    fallback = doc["locale"] != locale
    return Hit(
        id=doc["id"],
        locale=doc["locale"],
        title=doc["title"],
        category=doc["category"],
        url=f"/{locale}/articles/{doc['id']}",
        score=round(score, 4),
        snippet=snippet(doc["body"], terms, fallback=doc.get("summary") or ""),
        translated=bool(doc["translated"]),
        fallback=fallback,
        stale=bool(doc["stale"]),
    )
