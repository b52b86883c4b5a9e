"""Query corrections: misspelt words and text typed on the wrong layout.

Both are offered only for words the index does not know. A word is known
when one of its index terms (lemma, stem, code) occurs in the index, so an
inflected form that appears nowhere in the text («конференциями») is still
known, a code is never "corrected", and a query that already works is left
alone. Suggestions come from the surface vocabulary of the locale's
articles: real words, as a person would type them.

Only the words that are ranked are looked at (the plan keeps the first
``MAX_WORDS`` distinct words), and only the first ``MAX_LOOKUPS`` unknown
ones are looked up in the vocabulary: each lookup scans all of it, so a
query of a hundred made-up words must not cost a hundred scans.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from search.index.analysis import (
    HAS_DIGIT,
    STOPWORDS,
    TOKEN_PATTERN,
    WORD_CACHE_SIZE,
    analyze,
    fold,
    is_cyrillic,
    morph_analyzer,
)
from search.index.store import Generation
from search.query.keyboard import switch_layout
from search.query.plan import MAX_WORDS
from search.query.postings import in_index
from search.query.translit import to_cyrillic

WORD = re.compile(TOKEN_PATTERN)
MAX_LOOKUPS = 3


@dataclass
class Correction:
    text: str
    reason: str  # "spelling", "layout" or "transliteration"


class Speller:
    """Shared by every thread of a generation: holds no searcher of its own."""

    def __init__(self, generation: Generation, locale: str) -> None:
        self.generation = generation
        # Latin-typed Russian is read back only for readers of Russian.
        self.transliterate = locale == "ru"
        self.frequency = generation.meta.vocabulary_for(locale)
        self.words = list(self.frequency)
        self.sorted_words = sorted(self.frequency)
        # Every query asks it of each of its words; the answer is the
        # generation's, so it is kept per word.
        self.known = lru_cache(maxsize=WORD_CACHE_SIZE)(self._known)

    def _known(self, word: str) -> bool:
        forms = analyze(word)
        if not forms:
            return True  # a stop word: nothing to correct
        return all(in_index(self.generation, f) for f in forms)

    def correct(self, text: str) -> Correction | None:
        """A better query than ``text``, or None when ``text`` is fine."""
        words = ranked_words(text)
        unknown = [w for w in words if not HAS_DIGIT.search(w) and not self.known(w)]
        if not unknown:
            return None
        switched = switch_layout(text)
        if switched:
            switched = self._complete_last_word(switched)
        if switched and self._all_known(switched):
            return Correction(switched, "layout")
        spelled = self._transliterated(words, unknown) if self.transliterate else {}
        if spelled:
            return Correction(_replace(text, spelled), "transliteration")
        misspelt = [word for word in unknown if not is_russian_word(word)][:MAX_LOOKUPS]
        fixes = {
            word: fixed
            for word in misspelt
            if (fixed := self.closest(word.lower())) and fixed != word.lower()
        }
        return Correction(_replace(text, fixes), "spelling") if fixes else None

    def _transliterated(self, words: list[str], unknown: list[str]) -> dict[str, str]:
        """Russian words for a query typed in Latin letters, or {} when it is
        not one: most of its unknown words must read back as Russian words the
        index knows. Known words are left alone (an English product word in a
        Russian query stays English) unless they read as a Russian function
        word (`kak`, `net`, `na`), which search ignores anyway."""
        latin = [w for w in unknown if w.isascii()]
        spelled = {w: r for w in latin if (r := to_cyrillic(w)) and self.known(r)}
        if not latin or 2 * len(spelled) < len(latin):
            return {}
        for word in words:
            reading = to_cyrillic(word) if word not in spelled and word.isascii() else None
            if reading and reading in STOPWORDS:
                spelled[word] = reading
        return spelled

    def _complete_last_word(self, text: str) -> str:
        """A word cut short is completed to the commonest word it begins:
        ``pfgbc`` is «запис», Enter pressed before the last letter."""
        words = WORD.findall(text)
        if not words or self.known(words[-1]):
            return text
        last = words[-1].lower()
        start = bisect.bisect_left(self.sorted_words, last)
        completions = itertools.takewhile(
            lambda w: w.startswith(last), itertools.islice(self.sorted_words, start, None)
        )
        best = max(completions, key=lambda w: self.frequency[w], default=None)
        return text[: text.rfind(words[-1])] + best if best else text

    def _all_known(self, text: str) -> bool:
        words = [w for w in ranked_words(text) if not HAS_DIGIT.search(w)]
        return bool(words) and all(self.known(w) for w in words)

    def closest(self, word: str) -> str | None:
        """The most frequent vocabulary word within one or two edits."""
        if len(word) < 3:
            return None
        limit = 1 if len(word) <= 4 else 2
        matches = process.extract(word, self.words, scorer=OSA.distance, score_cutoff=limit, limit=20)
        if not matches:
            return None
        # Only words with the same first letter: people rarely get that one
        # wrong, and a brand the index lacks (`zoom`, `зум`) must not become
        # a neighbour that happens to be in it ("room", «шум»). Fewest edits
        # first, then the word readers meet most often.
        same_start = [m for m in matches if m[0][0] == word[0]]
        if not same_start:
            return None
        return min(same_start, key=lambda m: (m[1], -self.frequency[m[0]]))[0]


def is_russian_word(word: str) -> bool:
    """A word of the Russian dictionary: spelled right even if no article
    uses it, so never "corrected" into a rarer word that one does."""
    return is_cyrillic(word) and morph_analyzer().word_is_known(fold(word))


def _replace(text: str, replacements: dict[str, str]) -> str:
    for word, replacement in replacements.items():
        text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", replacement, text, count=1)
    return text


def ranked_words(text: str) -> list[str]:
    """The words of ``text`` as typed that the query plan ranks: distinct,
    not stop words, at most ``MAX_WORDS`` of them."""
    found: dict[str, str] = {}
    for word in WORD.findall(text):
        key = fold(word)
        if key not in STOPWORDS and key not in found:
            found[key] = word
            if len(found) == MAX_WORDS:
                break
    return list(found.values())


def speller(generation: Generation, locale: str) -> Speller:
    return generation.derive(Speller, locale)
