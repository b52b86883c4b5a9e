"""From what a person typed to a Whoosh query.

No query syntax is exposed beyond double-quoted phrases: a help-center
reader types words, and words such as AND, OR, NOT or ``*`` are just words
(or noise). That is what makes every input safe to run: there is nothing to
mis-parse and no expensive wildcard or range to expand.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from whoosh import matching
from whoosh import query as q

from search.analysis import analyze
from search.schema import FIELD_BOOSTS

MAX_QUERY_CHARS = 500
MAX_WORDS = 24
PHRASE = re.compile(r'"([^"]+)"')
ERROR_CODE = re.compile(r"^\d{3,6}$")
CONTEXT_WEIGHT = 0.3


class Union(q.Or):
    """``Or`` that always unions matchers lazily. Whoosh's default preloads
    small indexes into a fresh 2,048-slot array per clause, which costs more
    than the whole search on a help-center-sized index."""

    matcher_type = q.Or.DEFAULT_MATCHER


class _BestOfMatcher(matching.DisjunctionMaxMatcher):
    """Whoosh's ``DisjunctionMaxMatcher`` takes the max over sub-matchers even
    when one of them sits on another document, and ignores its tie-breaker.
    This one scores only the sub-matchers on the current document."""

    def score(self) -> float:
        a, b, current = self.a, self.b, self.id()
        on_a = a.is_active() and a.id() == current
        on_b = b.is_active() and b.id() == current
        if on_a and on_b:
            score_a, score_b = a.score(), b.score()
            return max(score_a, score_b) + self.tiebreak * min(score_a, score_b)
        return a.score() if on_a else b.score()

    def replace(self, minquality=0):
        replaced = super().replace(minquality)
        if isinstance(replaced, _BestOfMatcher):
            replaced.tiebreak = self.tiebreak
        return replaced


class BestOf(q.DisjunctionMax):
    """Matches what any subquery matches; scores a document by its best
    subquery, plus ``tiebreak`` times the others."""

    def _matcher(self, subs, searcher, context):
        return self._tree_matcher(subs, _BestOfMatcher, searcher, context, None, tiebreak=self.tiebreak)


@dataclass
class Expansion:
    """Extra terms searched alongside the typed words, with less weight
    (synonyms, glossary translations, spelling corrections).

    Expansions with the same ``group`` are alternatives for one idea (the
    members of a synonym group, the translations of one Russian word): a
    document scores for the best of them, not for their sum, so an idea
    with many synonyms does not outweigh a rare word next to it.
    """

    words: list[list[str]]
    weight: float
    as_phrase: bool = False
    group: str | None = None  # None: an idea of its own
    # An English term for a Russian query word: it is meant for English-only
    # articles and says nothing about where a Russian article matched.
    cross_language: bool = False


@dataclass
class QueryPlan:
    text: str  # the cleaned query
    words: list[list[str]]  # analyzed typed words: term forms per position
    phrases: list[list[list[str]]] = field(default_factory=list)
    expansions: list[Expansion] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.words and not self.phrases and not any(e.words for e in self.expansions)

    def terms(self, cross_language: bool = True) -> set[str]:
        """Every term the query can match: what snippets highlight. Without
        ``cross_language``, the English terms added for a Russian query
        are left out."""
        found = {t for forms in self.words for t in forms}
        found |= {t for phrase in self.phrases for forms in phrase for t in forms}
        expansions = [e for e in self.expansions if cross_language or not e.cross_language]
        found |= {t for e in expansions for forms in e.words for t in forms}
        return found


def clean(text: str) -> str:
    """Drop control characters, collapse spaces and cap the length."""
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text[: MAX_QUERY_CHARS * 4])
    return " ".join(text.split())[:MAX_QUERY_CHARS]


def plan(text: str) -> QueryPlan:
    text = clean(text)
    phrases = []
    for match in PHRASE.finditer(text):
        words = analyze(match.group(1))
        if len(words) > 1:
            phrases.append(words[:MAX_WORDS])
    words = analyze(text.replace('"', " "))
    return QueryPlan(text=text, words=_distinct(words)[:MAX_WORDS], phrases=phrases[:4])


def _distinct(words: list[list[str]]) -> list[list[str]]:
    seen, unique = set(), []
    for forms in words:
        key = tuple(forms)
        if key not in seen:
            seen.add(key)
            unique.append(forms)
    return unique


# A word counts for its best field plus half of each other field it is in:
# summing the fields outright let a common word that fills title, headings,
# tags and body outweigh a rare word that decides what the query is about.
FIELD_TIEBREAK = 0.5


def word_query(forms: list[str], weight: float = 1.0) -> q.Query:
    """One word in any of its forms, in any text field, fields weighted."""
    return BestOf(
        [q.Term(name, form, boost=boost * weight) for name, boost in FIELD_BOOSTS.items() for form in forms],
        tiebreak=FIELD_TIEBREAK,
    )


def phrase_query(phrase: list[list[str]], weight: float = 1.0) -> q.Query:
    # The first (most probable) form stands for each word: all forms of a
    # word share its position in the index, so any of them would do.
    words = [forms[0] for forms in phrase]
    return Union([q.Phrase(name, words, boost=boost * weight) for name, boost in FIELD_BOOSTS.items()])


def codes(p: QueryPlan) -> set[str]:
    """Error codes in the query: numbers of three to six digits."""
    return {form for forms in p.words for form in forms if ERROR_CODE.match(form)}


def to_whoosh(p: QueryPlan) -> q.Query:
    """Any typed word may match (ranked by how many and how well); phrases
    and expansions add to the score of the documents they match.

    Next to an error code the other words ("error", «ошибка», "meeting") say
    little, so they weigh less and the code decides.
    """
    context = CONTEXT_WEIGHT if codes(p) else 1.0
    clauses: list[q.Query] = [
        word_query(forms, 1.0 if ERROR_CODE.match(forms[0]) else context) for forms in p.words
    ]
    clauses += [phrase_query(phrase, weight=2.0) for phrase in p.phrases]
    groups: dict[object, list[q.Query]] = {}
    for expansion in p.expansions:
        key = expansion.group if expansion.group is not None else id(expansion)
        groups.setdefault(key, []).append(expansion_query(expansion, expansion.weight * context))
    clauses += [
        alternatives[0] if len(alternatives) == 1 else BestOf(alternatives)
        for alternatives in groups.values()
    ]
    return Union(clauses) if clauses else q.NullQuery


def expansion_query(expansion: Expansion, weight: float) -> q.Query:
    if expansion.as_phrase and len(expansion.words) > 1:
        return phrase_query(expansion.words, weight)
    queries = [word_query(forms, weight) for forms in expansion.words]
    return queries[0] if len(queries) == 1 else Union(queries)
