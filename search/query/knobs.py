"""Every number that shapes ranking, in one place.

Relevance work changes these and measures the result with ``make eval``;
nothing else in the query side holds a ranking constant.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

# A word in the title says far more about an article than one deep in its body.
# A translation's English source words (title, headings, tags) count least.
FIELD_BOOSTS = MappingProxyType({"title": 4.0, "headings": 2.0, "tags": 2.5, "body": 1.0, "source": 0.5})


@dataclass(frozen=True)
class Ranking:
    field_boosts: Mapping[str, float] = field(default_factory=lambda: FIELD_BOOSTS)  # BM25F field weights
    field_tiebreak: float = 0.5  # a word counts for its best field plus this share of the others
    bm25_b: float = 0.75  # BM25 length normalization (Whoosh's default)
    bm25_k1: float = 1.2  # BM25 term-frequency saturation (Whoosh's default)
    phrase_weight: float = 2.0  # a quoted phrase counts this many times a word
    proximity_weight: float = 0.5  # two query words side by side in an article, as a phrase
    message_weight: float = 1.5  # a long query's words all side by side, in order (a pasted message)
    long_query_words: int = 3  # a query this long asks: proximity (typed words), balance (searched ones)
    synonym_weight: float = 0.6  # another member of a synonym group the query uses
    relative_weight: float = 0.5  # a Russian word of the same stem («передать» -> «передача»)
    relative_rarity: float = 0.1  # ... in a question, only a word at most this share of Russian articles use
    glossary_weight: float = 0.9  # a curated English translation of a Russian word
    cognate_weight: float = 0.8  # an English word a Russian one borrows («робот» -> robot): a sure pair
    learned_weight: float = 0.8  # the best translation learned from the corpus for a word
    dictionary_weight: float = (
        0.8  # the best translation a general dictionary gives, for words the corpus did not teach
    )
    max_balance: float = 1.5  # a long query's translation raised to its word's rarity, at most this much
    learned_sharpness: float = 1.0  # the others: times (their weight / the best one's) to this power
    feedback_docs: int = 5  # best Russian hits whose English sources confirm a long query's translations
    feedback_floor: float = 0.3  # ... each scoring at least this share of the best
    feedback_raise: float = 1.4  # a translation those sources use, raised this much
    feedback_max_words: int = 12  # longer is pasted text, not a question: its own words pin it down
    context_weight: float = 0.3  # the other words next to an error code ("error", «ошибка»)
    code_boost: float = 6.0  # an error code in the title; in headings and body half of it
    coverage_power: float = 1.0  # scores times (share of the typed words matched) to this power
    category_boost: float = 1.3  # a category the query names ("billing", «оплата»)
    browse_boost: float = 5.0  # instead, when the query is nothing but a category's name
    fallback_penalty: float = 0.85  # an English article in Russian results: own language wins ties
    auto_correct_ratio: float = 1.5  # a correction replaces the query when its best scores this much higher


RANKING = Ranking()
