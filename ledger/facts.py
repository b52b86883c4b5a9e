"""What the reports need to know about articles, read from the live index:
titles, lengths, translations, staleness, and the articles closest to a
query that found nothing."""

from __future__ import annotations

import datetime as dt
from functools import cache

from ledger.reports import Article
from search.browse.suggest import suggest
from search.index.articles import SOURCE_LOCALE
from search.index.store import Generation
from search.query.engine import search

CLOSEST = 3


class IndexFacts:
    def __init__(self, generation: Generation) -> None:
        self.generation = generation
        self.article = cache(self._article)

    def _article(self, article_id: str) -> Article | None:
        source = self.generation.document(SOURCE_LOCALE, article_id)
        if source is None:
            return None
        translations = [
            self.generation.document(loc, article_id)
            for loc in sorted(self.generation.versions.get(article_id, ()))
            if loc != SOURCE_LOCALE
        ]
        stale = any(doc and doc.get("stale") for doc in translations)
        return Article(
            title=source["title"],
            words=len((source.get("body") or "").split()),
            translated=bool(translations),
            stale_since=_date(source.get("updated")) if stale else None,
        )

    def closest(self, query: str, locale: str) -> list[str]:
        """Titles of the articles nearest to ``query``: the autocomplete's
        article matches for it, else the top results of its first completion."""
        found = suggest(self.generation, query, locale=locale)
        titles = [s.text for s in found if s.kind == "article"]
        if not titles and found:
            titles = [hit.title for hit in search(self.generation, found[0].text, locale=locale).results]
        return titles[:CLOSEST]


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None
