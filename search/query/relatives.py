"""Relatives: other Russian words of the same stem that the index knows.

Russian is indexed by lemma, and a lemma keeps a verb apart from its other
aspect and from the nouns made of it: «передать» does not meet «передавать»
or «передача», «обработать» does not meet «обработаться», so a reader who
asks «как передать звук» misses the article that says «передавайте звук»,
where a Snowball stemmer, for all its crudeness, conflates them. Two words
are relatives here when the shorter of their Snowball stems begins both
words and they share at least ``MIN_SHARED`` letters: the stem decides how
much of a word is its root, the lemma keeps the search exact, and the length
keeps short look-alikes apart («пол», «полный»).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from functools import lru_cache

from search.index.analysis import WORD_CACHE_SIZE, morph_analyzer, russian_stem

MIN_SHARED = 5  # letters two relatives share at least; fewer join unrelated words
# Only words: «микрофон2» or «ошибка_5» is a code, and has no relatives.
RUSSIAN_WORD = re.compile(rf"[а-яё]{{{MIN_SHARED},}}")


def are_relatives(word: str, other: str) -> bool:
    """Whether two Russian lemmas are of one stem.

    >>> are_relatives("передать", "передача"), are_relatives("обработать", "обработаться")
    (True, True)
    >>> are_relatives("передать", "передвинуть"), are_relatives("позвонить", "позволять")
    (False, False)
    """
    shared = len(os.path.commonprefix([word, other]))
    return word != other and shared >= max(MIN_SHARED, min(len(russian_stem(word)), len(russian_stem(other))))


def relatives_finder(frequency: dict[str, int]) -> Callable[[str], tuple[str, ...]]:
    """The relatives of a lemma among the Russian terms of ``frequency``
    (term -> articles that use it), most used first. Terms are grouped by
    their first letters, so a lookup compares a lemma with a handful of
    words, and each lemma's answer is kept."""
    by_start: dict[str, list[str]] = {}
    for term in filter(RUSSIAN_WORD.fullmatch, frequency):
        by_start.setdefault(term[:MIN_SHARED], []).append(term)
    for terms in by_start.values():
        terms.sort(key=lambda term: (-frequency[term], term))

    @lru_cache(maxsize=WORD_CACHE_SIZE)
    def find(lemma: str) -> tuple[str, ...]:
        if not RUSSIAN_WORD.fullmatch(lemma):
            return ()
        return tuple(term for term in by_start.get(lemma[:MIN_SHARED], ()) if are_relatives(lemma, term))

    return find


def relational_nouns(adjective: str, relatives: tuple[str, ...]) -> list[str]:
    """The nouns among an adjective's ``relatives``. A Russian relational
    adjective says what English says with a noun before a noun («экранный
    диктор», a *screen* reader; «серверный рендеринг», *server* rendering), so
    the noun's translation stands for an adjective that has none.

    >>> relational_nouns("экранный", ("экран", "экранировать"))
    ['экран']
    >>> relational_nouns("экран", ("экранный",))
    []
    """
    if part_of_speech(adjective) != "ADJF":
        return []
    return [word for word in relatives if part_of_speech(word) == "NOUN"]


@lru_cache(maxsize=WORD_CACHE_SIZE)
def part_of_speech(lemma: str) -> str | None:
    """pymorphy3's part of speech of a lemma's likeliest reading (``NOUN``,
    ``ADJF``, ``INFN``...), kept: a parse costs tens of microseconds."""
    return morph_analyzer().parse(lemma)[0].tag.POS


@lru_cache(maxsize=WORD_CACHE_SIZE)
def aspects(lemma: str) -> frozenset[str]:
    """The aspects pymorphy3 reads an infinitive in: ``perf``, ``impf``, or
    both («выводить»: to lead out, or to breed out)."""
    parses = [p for p in morph_analyzer().parse(lemma) if p.tag.POS == "INFN"]
    return frozenset(p.tag.aspect for p in parses if p.tag.aspect)
