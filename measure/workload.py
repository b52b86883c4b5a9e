"""The fixed query mix the speed benchmark runs.

Every judged query, then queries sampled (with a fixed seed) from the
shipped corpus until the mix is full: article titles as a reader would type
them, and one or two words taken from a random article's text, which makes
frequent words frequent in the mix too. Autocomplete gets one prefix of each
query, as typed so far.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from indexer.model import Corpus
from measure.judgments import Judged
from search.index.analysis import surface_words

SEED = 20260302
TITLE_SHARE = 0.4


def query_mix(corpus: Corpus, judged: Sequence[Judged], size: int) -> list[tuple[str, str]]:
    """``size`` (or more, if there are more judged queries) ``(text, locale)`` pairs."""
    rng = random.Random(SEED)
    mix = [(j.query, j.locale) for j in judged]
    articles = [a for a in corpus.articles if surface_words(a.body)]
    words: dict[tuple[str, str], list[str]] = {}
    while len(mix) < size and articles:
        article = rng.choice(articles)
        if rng.random() < TITLE_SHARE:
            mix.append((article.title, article.locale))
            continue
        key = (article.id, article.locale)
        if key not in words:
            words[key] = surface_words(article.body)
        vocabulary = words[key]
        start = rng.randrange(len(vocabulary))
        mix.append((" ".join(vocabulary[start : start + rng.choice((1, 1, 2))]), article.locale))
    return mix


def prefixes(mix: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """One prefix of each query, at least two characters long."""
    rng = random.Random(SEED)
    return [(text[: rng.randint(min(2, len(text)), len(text))], locale) for text, locale in mix]
