"""Word statistics the query side needs and cannot cheaply get from Whoosh.

The index holds lemmas and stems; spelling suggestions must be real words as
people type them, so the surface words of each locale are counted here.
"""

from __future__ import annotations

from collections import Counter

from indexer.corpus import Corpus
from search.index.analysis import surface_words

MIN_WORD_LENGTH = 3


def build_vocabulary(corpus: Corpus) -> dict[str, dict[str, int]]:
    """``{locale: {word: frequency}}`` over titles, headings, tags and bodies."""
    counts: dict[str, Counter] = {}
    for article in corpus.articles:
        counter = counts.setdefault(article.locale, Counter())
        text = "\n".join([article.title, *article.headings, *article.tags, article.body])
        counter.update(w for w in surface_words(text) if len(w) >= MIN_WORD_LENGTH and not w.isdigit())
    return {locale: dict(counter.most_common()) for locale, counter in counts.items()}
