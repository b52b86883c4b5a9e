"""Browsing the help center: categories, their articles, popular and related
articles, and which version of an article a reader of a locale gets.

Everything here follows the same eligibility rule as search: a Russian
reader gets the Russian version of an article when one exists and the
English one, flagged, when none does.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import islice
from typing import Any

from search.index.articles import LOCALES, SOURCE_LOCALE, article_url, linked_id, shown_version
from search.index.store import Generation

# What browsing needs of each article; the bodies and HTML stay on disk.
LISTED_FIELDS = ("id", "locale", "title", "summary", "category", "updated", "stale", "tags", "links")


@dataclass(frozen=True)
class ArticleRef:
    id: str
    locale: str
    title: str
    summary: str
    category: str
    updated: str | None
    fallback: bool
    stale: bool

    def url(self, locale: str) -> str:
        return article_url(locale, self.id)


@dataclass(frozen=True)
class CategoryInfo:
    id: str
    name: str
    description: str
    count: int


@dataclass(frozen=True)
class ArticleView:
    """An article as a reader of ``locale`` sees it."""

    doc: dict[str, Any]
    locale: str
    fallback: bool  # shown in English because there is no translation
    stale: bool  # the translation is older than the English article
    translations: tuple[str, ...]  # locales this article exists in


class Catalog:
    """Per-generation tables for browsing, built once from stored fields."""

    def __init__(self, generation: Generation) -> None:
        self.generation = generation
        self.docs: dict[tuple[str, str], dict[str, Any]] = {}
        for docnum in range(generation.doc_count):
            doc = generation.stored(docnum)
            self.docs[(doc["locale"], doc["id"])] = {name: doc.get(name) for name in LISTED_FIELDS}
        self.inbound = self._count_inbound_links()

    def _count_inbound_links(self) -> Counter[str]:
        # Only links of the source articles count, so that a translated
        # article is not counted twice; every article exists in the source.
        counts: Counter[str] = Counter()
        for (locale, article_id), doc in self.docs.items():
            if locale != SOURCE_LOCALE:
                continue
            targets = set(_linked_ids(doc))
            counts.update(t for t in targets if t != article_id and (SOURCE_LOCALE, t) in self.docs)
        return counts

    def _listed(self, article_id: str, locale: str) -> tuple[dict[str, Any] | None, bool]:
        """The version a reader of ``locale`` gets, and whether it is a fallback."""
        shown = shown_version(locale, self.generation.versions.get(article_id, ()))
        if shown is None:
            return None, False
        return self.docs[(shown, article_id)], shown != locale

    def view(self, article_id: str, locale: str) -> ArticleView | None:
        listed, fallback = self._listed(article_id, locale)
        if listed is None:
            return None
        doc = self.generation.document(listed["locale"], article_id)
        translations = tuple(loc for loc in LOCALES if (loc, article_id) in self.docs)
        return ArticleView(doc, locale, fallback, bool(doc["stale"]) and not fallback, translations)

    def ref(self, article_id: str, locale: str) -> ArticleRef | None:
        doc, fallback = self._listed(article_id, locale)
        if doc is None:
            return None
        return ArticleRef(
            id=doc["id"],
            locale=doc["locale"],
            title=doc["title"],
            summary=doc.get("summary") or "",
            category=doc["category"],
            updated=doc.get("updated"),
            fallback=fallback,
            stale=bool(doc["stale"]) and not fallback,
        )

    def category_of(self, article_id: str) -> str:
        return self._any_version(article_id)["category"]

    def _any_version(self, article_id: str) -> dict[str, Any]:
        """The English source, or for a translation whose source is gone, itself."""
        versions = self.generation.versions[article_id]
        return self.docs[(SOURCE_LOCALE if SOURCE_LOCALE in versions else min(versions), article_id)]

    def article_ids(self) -> list[str]:
        return sorted(self.generation.versions)

    def categories(self, locale: str) -> list[CategoryInfo]:
        counts = Counter(self.category_of(i) for i in self.article_ids() if self._listed(i, locale)[0])
        return [
            CategoryInfo(id=c.id, name=c.name(locale), description=c.description(locale), count=counts[c.id])
            for c in sorted(self.generation.meta.categories, key=lambda c: c.order)
            if counts[c.id]
        ]

    def in_category(self, category: str, locale: str) -> list[ArticleRef]:
        refs = [self.ref(i, locale) for i in self.article_ids() if self.category_of(i) == category]
        # The reader's own language first, then by title.
        return sorted((r for r in refs if r), key=lambda r: (r.fallback, r.title.casefold()))

    def popular(self, locale: str, limit: int = 6) -> list[ArticleRef]:
        """The articles other articles link to most: the ones readers are
        sent to from everywhere. Ties go to the reader's own language."""
        ranked = sorted(self.article_ids(), key=lambda i: -self.inbound[i])
        refs = [r for r in (self.ref(i, locale) for i in ranked[: limit * 3]) if r]
        refs.sort(key=lambda r: (-self.inbound[r.id], r.fallback))
        return refs[:limit]

    def related(self, article_id: str, locale: str, limit: int = 5) -> list[ArticleRef]:
        """Articles this one links to, then the ones of its category that
        share most tags with it."""
        if article_id not in self.generation.versions:
            return []
        source = self._any_version(article_id)
        tags = _tags(source)
        same_category = [
            i for i in self.article_ids() if i != article_id and self.category_of(i) == source["category"]
        ]
        same_category.sort(key=lambda i: (-len(tags & _tags(self._any_version(i))), i))
        chosen: list[str] = []
        for candidate in [*_linked_ids(source), *same_category]:
            if candidate != article_id and candidate not in chosen and candidate in self.generation.versions:
                chosen.append(candidate)
        # A translation whose source is gone is not for other readers: it
        # gives its place to the next article rather than leaving a gap.
        return list(islice(filter(None, (self.ref(i, locale) for i in chosen)), limit))


def _tags(doc: dict[str, Any]) -> set[str]:
    return {t.strip().casefold() for t in (doc.get("tags") or "").split(",") if t.strip()}


def _linked_ids(doc: dict[str, Any]) -> list[str]:
    return [target for link in doc["links"] if (target := linked_id(link))]


def catalog(generation: Generation) -> Catalog:
    return generation.derive(Catalog)
