"""Searching: eligibility by locale, ranking, category groups, pages, snippets.

Ranking is BM25F over the text fields (see ``schema.FIELD_BOOSTS``) for the
typed words and, with less weight, their expansions (``expand``), then
multiplied per document by its category's weight, by a boost for a category
the query names, and by a small penalty for an English article shown in
Russian search, so that at equal relevance the reader's own language wins.
A query with words the index does not know is also tried corrected
(``spelling``): misspelt, or typed on the wrong keyboard layout.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from whoosh import query as q

from search.expand import CATEGORY_BOOST, expand, intent_clauses, lexicon, named_categories
from search.query import QueryPlan, Union, plan, to_whoosh
from search.scoring import score_all
from search.snippets import snippet
from search.spelling import speller
from search.store import OpenIndex

LOCALES = ("en", "ru")
FALLBACK_PENALTY = 0.85
PER_PAGE = 10
MAX_PAGE = 100
# A correction replaces the typed query when its best match scores this many
# times higher (the typed words found little) or the typed query found nothing.
AUTO_CORRECT_RATIO = 1.5


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


def eligible_docs(index: OpenIndex, locale: str) -> set[int]:
    return set(index.searcher.docs_for_query(eligibility(locale)))


def search(
    index: OpenIndex,
    text: str,
    locale: str = "en",
    category: str | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
    auto_correct: bool = True,
) -> SearchResponse:
    """Rank the articles a reader of ``locale`` may get for ``text``.

    ``auto_correct=False`` (the reader asked for exactly what they typed)
    still offers a correction but never searches it in place of the query.
    """
    locale = locale if locale in LOCALES else "en"
    page = min(max(1, page), MAX_PAGE)
    typed = understand(index, text, locale)
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

    used, ranked = typed, rank(index, typed, locale)
    correction = speller(index, locale).correct(typed.text)
    if correction:
        fixed = understand(index, correction.text, locale)
        fixed_ranked = rank(index, fixed, locale)
        if fixed_ranked:
            response.corrected_query = correction.text
            auto = auto_correct and _much_better(fixed_ranked, ranked)
            response.notes = {"auto_corrected": auto, "correction_reason": correction.reason}
            if auto:
                used, ranked = fixed, fixed_ranked

    response.categories = _category_counts(index, ranked, locale)
    if category:
        ranked = [(docnum, score) for docnum, score in ranked if index.categories[docnum] == category]
    response.total = len(ranked)
    start = (page - 1) * per_page
    # Russian articles are marked for what the reader typed (and its synonyms);
    # English fallbacks also for the English terms that reached them.
    terms = {False: used.terms(cross_language=False), True: used.terms()}
    response.results = [
        _hit(index, docnum, score, locale, terms) for docnum, score in ranked[start : start + per_page]
    ]
    return response


def understand(index: OpenIndex, text: str, locale: str) -> QueryPlan:
    """The typed words, plus synonyms and (in Russian) English terms."""
    query_plan = plan(text)
    expand(lexicon(index), query_plan, locale)
    return query_plan


def _much_better(fixed: list[tuple[int, float]], typed: list[tuple[int, float]]) -> bool:
    """Whether to show the corrected query's results instead of the typed one's:
    the typed query found nothing, or its best match is far weaker."""
    return not typed or fixed[0][1] >= AUTO_CORRECT_RATIO * typed[0][1]


def rank(index: OpenIndex, query_plan: QueryPlan, locale: str) -> list[tuple[int, float]]:
    """Every eligible matching document as ``(docnum, score)``, best first."""
    whoosh_query = Union([to_whoosh(query_plan), *intent_clauses(query_plan)])
    eligible = index.derive(
        f"eligible:{locale}", lambda ix: set(ix.searcher.docs_for_query(eligibility(locale)))
    )
    weights = category_weights(index)
    named = named_categories(lexicon(index), query_plan)
    ranked = []
    for docnum, score in score_all(index, whoosh_query).items():
        if docnum not in eligible:
            continue
        category = index.categories[docnum]
        score *= weights.get(category, 1.0)
        if category in named:
            score *= CATEGORY_BOOST
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


def _hit(index: OpenIndex, docnum: int, score: float, locale: str, terms: dict[bool, set[str]]) -> Hit:
    doc = index.stored(docnum)
    fallback = doc["locale"] != locale
    return Hit(
        id=doc["id"],
        locale=doc["locale"],
        title=doc["title"],
        category=doc["category"],
        url=f"/{locale}/articles/{doc['id']}",
        score=round(score, 4),
        snippet=snippet(doc["body"], terms[fallback], fallback=doc.get("summary") or ""),
        translated=bool(doc["translated"]),
        fallback=fallback,
        stale=bool(doc["stale"]),
    )
