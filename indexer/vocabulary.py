"""Word statistics the query side needs and cannot cheaply get from Whoosh.

The index holds lemmas and stems; spelling suggestions must be real words as
people type them, so the surface words of each locale are counted here.
"""

from __future__ import annotations

from collections import Counter

from indexer.model import Article, Corpus
from indexer.render import TITLE_OF
from search.index.analysis import surface_words

MIN_WORD_LENGTH = 3


def build_vocabulary(corpus: Corpus) -> dict[str, dict[str, int]]:
    """``{locale: {word: frequency}}`` over titles, headings, tags and bodies."""
    counts: dict[str, Counter] = {}
    for article in corpus.articles:
        counts.setdefault(article.locale, Counter()).update(article.words.split())
    return {locale: dict(counter.most_common()) for locale, counter in counts.items()}


def article_words(article: Article) -> str:
    """The words of ``article`` as people write them, in order, separated by
    spaces: the indexer reads them once per article, as it parses it.

    One string, not a table of counts: every build unpickles every cached
    article, and at 7,500 articles the tables of a few hundred short strings
    each took 0.2 s of a one-article edit to unpickle, the string almost nothing.

    >>> from types import SimpleNamespace as Page
    >>> article_words(Page(title="Mute", headings=["Mute everyone"], tags=[], body="Mute 42 of us."))
    'mute mute everyone mute'
    """
    # A link that shows another page's title holds its address till then: no words of its own.
    text = TITLE_OF.sub("", "\n".join([article.title, *article.headings, *article.tags, article.body]))
    words = surface_words(text, mode="index")
    return " ".join(w for w in words if len(w) >= MIN_WORD_LENGTH and not w.isdigit())
