"""Autocomplete: article titles and query completions for a typed prefix.

Built once per index generation from ``meta.json`` (titles and the surface
vocabulary), so a lookup is a couple of binary searches, not a search.
A prefix typed with the wrong keyboard layout is tried switched as well.
"""

from __future__ import annotations

import bisect
from dataclasses import asdict, dataclass

from search.index.analysis import surface_words
from search.index.articles import article_url, reader_locale, shown_version
from search.index.store import Generation
from search.query.keyboard import switch_layout

MAX_SUGGESTIONS = 8


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

    def suggest(self, text: str, limit: int = MAX_SUGGESTIONS) -> list[Suggestion]:
        found = self._suggest(text, limit)
        switched = switch_layout(text)
        if len(found) < limit and switched:
            found += [s for s in self._suggest(switched, limit) if s not in found]
        return found[:limit]

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
            refs = set(self._title_refs(word, prefix))
            matches = refs if matches is None else matches & refs
            if not matches:
                return []
        ordered = sorted(matches or (), key=lambda i: (len(self.titles[i].title), self.titles[i].title))
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

    def _completions(self, words: list[str], complete_last: bool, limit: int) -> list[Suggestion]:
        if not complete_last:
            return []
        head, last = words[:-1], words[-1]
        start = bisect.bisect_left(self.words, last)
        candidates = []
        for k in range(start, min(start + 2000, len(self.words))):
            if not self.words[k].startswith(last):
                break
            candidates.append(self.words[k])
        candidates.sort(key=lambda w: -self.frequency[w])
        return [Suggestion(text=" ".join([*head, w]), kind="query") for w in candidates[:limit] if w != last]


def suggest(
    generation: Generation, text: str, locale: str = "en", limit: int = MAX_SUGGESTIONS
) -> list[Suggestion]:
    suggester = generation.derive(Suggester, reader_locale(locale))
    return suggester.suggest(text[:200], limit)
