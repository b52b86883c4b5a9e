"""Autocomplete: article titles and query completions for a typed prefix.

Built once per index generation from ``meta.json`` (titles and the surface
vocabulary), so a lookup is a couple of binary searches, not a search.
A prefix typed with the wrong keyboard layout is tried switched as well.
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import asdict, dataclass

from search.index.analysis import analyze, surface_words
from search.index.articles import SOURCE_LOCALE, article_url, reader_locale, shown_version
from search.index.store import Generation
from search.query.keyboard import switch_layout

MAX_SUGGESTIONS = 8
# Completions looked at (the most frequent first) to fill the list with
# distinct words; each costs a cached lemma lookup.
COMPLETION_CANDIDATES = 200
GLOSSARY_TERMS = 20
MIN_ENGLISH_PREFIX = 5


@dataclass
class Suggestion:
    text: str
    kind: str  # "article" or "query"
    url: str | None = None
    fallback: bool = False

    def to_json(self) -> dict:
        return asdict(self)


class Suggester:
    def __init__(self, generation: Generation, locale: str) -> None:
        self.locale = locale
        # Titles a reader of this locale can open, by the fallback rule.
        self.titles = [
            t
            for t in generation.meta.titles
            if shown_version(locale, generation.versions.get(t.id, ())) == t.locale
        ]
        pairs = sorted({(w, i) for i, t in enumerate(self.titles) for w in surface_words(t.title)})
        self.title_words = [w for w, _ in pairs]
        self.title_refs = [i for _, i in pairs]
        self.frequency = generation.meta.vocabulary_for(locale)
        self.words = sorted(self.frequency)
        # Russian terms -> English ones: a Russian prefix reaches the titles
        # of articles that exist only in English ("запис" -> "Cloud recording").
        self.glossary = generation.meta.glossary if locale != SOURCE_LOCALE else {}
        self.glossary_terms = sorted(self.glossary)

    def suggest(self, text: str, limit: int = MAX_SUGGESTIONS) -> list[Suggestion]:
        first, then = text, switch_layout(text)
        if then and self._strays(text) and self._knows(then):
            first, then = then, text  # its whole words say which layout was meant
        found = self._suggest(first, limit)
        if len(found) < limit and then:
            found += [s for s in self._suggest(then, limit) if s not in found]
        return found[:limit]

    def _strays(self, text: str) -> bool:
        """Whether a word of ``text`` already typed whole (not the one being
        typed) is unknown to this locale's articles."""
        return any(word not in self.frequency for word in _whole_words(text))

    def _knows(self, text: str) -> bool:
        """Whether ``text`` has words typed whole, all of them words of this
        locale's articles (stop words alone say nothing)."""
        whole = _whole_words(text)
        return bool(whole) and all(word in self.frequency for word in whole)

    def _suggest(self, text: str, limit: int) -> list[Suggestion]:
        words = surface_words(text)
        if not words:
            return []
        # Completing the last word only makes sense while it is being typed.
        complete_last = not text[-1:].isspace()
        return self._titles(words, complete_last, limit) + self._completions(words, complete_last, limit)

    def _titles(self, words: list[str], complete_last: bool, limit: int) -> list[Suggestion]:
        matches: set[int] | None = None
        for n, word in enumerate(words):
            prefix = complete_last and n == len(words) - 1
            refs = set(self._title_refs(word, prefix)) | self._translated_title_refs(word, prefix)
            matches = refs if matches is None else matches & refs
            if not matches:
                return []
        # The reader's own language first, then the shortest titles.
        ordered = sorted(
            matches or (),
            key=lambda i: (
                self.titles[i].locale != self.locale,
                len(self.titles[i].title),
                self.titles[i].title,
            ),
        )
        return [
            Suggestion(
                text=self.titles[i].title,
                kind="article",
                url=article_url(self.locale, self.titles[i].id),
                fallback=self.titles[i].locale != self.locale,
            )
            for i in ordered[: limit // 2 or 1]
        ]

    def _title_refs(self, word: str, prefix: bool):
        start = bisect.bisect_left(self.title_words, word)
        for k in range(start, len(self.title_words)):
            candidate = self.title_words[k]
            if candidate != word and not (prefix and candidate.startswith(word)):
                break
            yield self.title_refs[k]

    def _translated_title_refs(self, word: str, prefix: bool) -> set[int]:
        refs: set[int] = set()
        for term in _starting_with(self.glossary_terms, word, GLOSSARY_TERMS) if prefix else [word]:
            for english in self.glossary.get(term, ()):
                for english_word in surface_words(english)[:1]:
                    # "record" also finds "recordings"; "mic" must not find "Microsoft".
                    long_enough = len(english_word) >= MIN_ENGLISH_PREFIX
                    refs.update(self._title_refs(english_word, prefix=long_enough))
        return refs

    def _completions(self, words: list[str], complete_last: bool, limit: int) -> list[Suggestion]:
        if not complete_last:
            return []
        head, last = words[:-1], words[-1]
        candidates = _starting_with(self.words, last, 2000)
        candidates.sort(key=lambda w: -self.frequency[w])
        # One entry per word: «микрофон» stands for микрофона, микрофону...,
        # and "recording" for recordings; the commonest form is shown.
        seen: set[frozenset[str]] = set()
        picked = []
        for word in candidates[:COMPLETION_CANDIDATES]:
            key = _word_key(word)
            if word != last and key not in seen:
                seen.add(key)
                picked.append(word)
        return [Suggestion(text=" ".join([*head, w]), kind="query") for w in picked[:limit]]


def _whole_words(text: str) -> list[str]:
    """The words of ``text`` typed whole: all but one still being typed."""
    typed = text.split()
    return surface_words(" ".join(typed if text[-1:].isspace() else typed[:-1]))


def _starting_with(words: list[str], prefix: str, limit: int) -> list[str]:
    """The first ``limit`` words of sorted ``words`` that start with ``prefix``."""
    start = bisect.bisect_left(words, prefix)
    return list(
        itertools.islice(
            itertools.takewhile(lambda w: w.startswith(prefix), itertools.islice(words, start, None)), limit
        )
    )


def _word_key(word: str) -> frozenset[str]:
    """What the forms of one word share: its index terms (lemma or stem)."""
    forms = analyze(word)
    return frozenset(forms[0]) if forms else frozenset([word])


def suggest(
    generation: Generation, text: str, locale: str = "en", limit: int = MAX_SUGGESTIONS
) -> list[Suggestion]:
    suggester = generation.derive(Suggester, reader_locale(locale))
    return suggester.suggest(text[:200], limit)
