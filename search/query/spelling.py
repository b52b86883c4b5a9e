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

import re
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from search.index.analysis import HAS_DIGIT, STOPWORDS, TOKEN_PATTERN, analyze, fold
from search.index.schema import TEXT_FIELDS
from search.index.store import Generation
from search.query.keyboard import switch_layout
from search.query.plan import MAX_WORDS

WORD = re.compile(TOKEN_PATTERN)
MAX_LOOKUPS = 3


@dataclass
class Correction:
    text: str
    reason: str  # "spelling" or "layout"


class Speller:
    """Shared by every thread of a generation: holds no searcher of its own."""

    def __init__(self, generation: Generation, locale: str) -> None:
        self.generation = generation
        self.frequency = generation.meta.vocabulary_for(locale)
        self.words = list(self.frequency)

    def known(self, word: str) -> bool:
        forms = analyze(word)
        if not forms:
            return True  # a stop word: nothing to correct
        return all(self._in_index(f) for f in forms)

    def _in_index(self, forms: list[str]) -> bool:
        reader = self.generation.searcher().reader()
        return any(reader.doc_frequency(field, form) > 0 for form in forms for field in TEXT_FIELDS)

    def correct(self, text: str) -> Correction | None:
        """A better query than ``text``, or None when ``text`` is fine."""
        unknown = [w for w in ranked_words(text) if not HAS_DIGIT.search(w) and not self.known(w)]
        if not unknown:
            return None
        switched = switch_layout(text)
        if switched and self._all_known(switched):
            return Correction(switched, "layout")
        fixed = text
        changed = False
        for word in unknown[:MAX_LOOKUPS]:
            replacement = self.closest(word.lower())
            if replacement and replacement != word.lower():
                fixed = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", replacement, fixed, count=1)
                changed = True
        return Correction(fixed, "spelling") if changed else None

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
        # Fewest edits first; among equals the word readers meet most often,
        # and a shared first letter (people rarely get that one wrong).
        best = min(matches, key=lambda m: (m[1], m[0][0] != word[0], -self.frequency[m[0]]))
        return best[0]


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
