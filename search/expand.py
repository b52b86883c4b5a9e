"""Query expansion and intent: synonyms, Russian -> English terms, codes,
category names.

Every expansion is searched alongside the typed words with less weight, so
an article that matches what the reader typed outranks one that only
matches a synonym or a translation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from whoosh import query as q

from search.analysis import analyze
from search.query import Expansion, QueryPlan, Union, codes
from search.store import OpenIndex

SYNONYM_WEIGHT = 0.6
GLOSSARY_WEIGHT = 0.9
LEARNED_WEIGHT = 0.5
CATEGORY_BOOST = 1.3
CODE_BOOST = 6.0

Phrase = list[list[str]]  # analyzed words: term forms per position


@dataclass
class Lexicon:
    """The expansion tables of one index generation, analyzed once."""

    synonyms: dict[str, list[list[Phrase]]] = field(default_factory=dict)
    glossary: list[tuple[Phrase, list[Phrase]]] = field(default_factory=list)
    learned: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    category_words: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def from_meta(cls, meta: dict) -> Lexicon:
        synonyms = {
            locale: [[analyze(member) for member in group] for group in groups]
            for locale, groups in meta.get("synonyms", {}).items()
        }
        glossary = [
            (analyze(ru), [analyze(en) for en in english]) for ru, english in meta.get("glossary", {}).items()
        ]
        category_words = {
            c["id"]: {
                t
                for text in [c["id"].replace("-", " "), *c["names"].values()]
                for w in analyze(text)
                for t in w
            }
            for c in meta.get("categories", [])
        }
        return cls(
            synonyms=synonyms,
            glossary=[(ru, en) for ru, en in glossary if ru],
            learned={
                ru: [(en, score) for en, score in pairs]
                for ru, pairs in meta.get("learned_pairs", {}).items()
            },
            category_words=category_words,
        )


def lexicon(index: OpenIndex) -> Lexicon:
    return index.derive("lexicon", lambda ix: Lexicon.from_meta(ix.meta))


def expand(lex: Lexicon, plan: QueryPlan, locale: str) -> None:
    """Add synonym and (in Russian) English expansions to ``plan``."""
    for number, group in enumerate(lex.synonyms.get(locale, [])):
        if any(_contains(plan.words, member) for member in group):
            for member in group:
                if member and not _contains(plan.words, member):
                    plan.expansions.append(
                        Expansion(member, SYNONYM_WEIGHT, as_phrase=True, group=f"syn{number}")
                    )
    if locale != "ru":
        return
    covered: set[int] = set()
    for number, (russian, english) in enumerate(lex.glossary):
        at = _find(plan.words, russian)
        if at is not None:
            covered.update(range(at, at + len(russian)))
            for phrase in english:
                plan.expansions.append(
                    Expansion(
                        phrase, GLOSSARY_WEIGHT, as_phrase=True, group=f"gloss{number}", cross_language=True
                    )
                )
    # Learned pairs fill in for the words the curated glossary did not cover.
    for position, forms in enumerate(plan.words):
        if position in covered:
            continue
        for form in forms:
            for english, score in lex.learned.get(form, []):
                plan.expansions.append(
                    Expansion(
                        [[english]], LEARNED_WEIGHT * score, group=f"learned{position}", cross_language=True
                    )
                )


def intent_clauses(plan: QueryPlan) -> list[q.Query]:
    """An exact error code outweighs the words around it ("error", «ошибка»),
    most of all in titles and headings, so the article about that code comes
    first and articles that mention it come before ones that do not."""
    return [
        Union(
            [
                q.Term("title", code, boost=CODE_BOOST),
                q.Term("headings", code, boost=CODE_BOOST / 2),
                q.Term("body", code, boost=CODE_BOOST / 2),
            ]
        )
        for code in sorted(codes(plan))
    ]


def named_categories(lex: Lexicon, plan: QueryPlan) -> set[str]:
    """Categories whose name the query uses ("billing", «оплата»)."""
    terms = {form for forms in plan.words for form in forms}
    return {category for category, words in lex.category_words.items() if terms & words}


def _find(words: Phrase, phrase: Phrase) -> int | None:
    """Start of ``phrase`` in ``words`` (any form of each word), or None."""
    if not phrase:
        return None
    for start in range(len(words) - len(phrase) + 1):
        if all(set(words[start + k]) & set(phrase[k]) for k in range(len(phrase))):
            return start
    return None


def _contains(words: Phrase, phrase: Phrase) -> bool:
    return _find(words, phrase) is not None
