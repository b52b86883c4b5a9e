"""Expansion steps: what the index's own tables add to a query plan.

Each step is a function ``step(plan, lexicon, locale)`` that adds to the
plan's terms; ``understand`` runs them in order. The tables (synonyms, the
glossary, pairs learned from the corpus's translations, category names) come
from the generation's ``meta.json``, analyzed once per generation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from search.index.analysis import analyze
from search.index.store import Generation
from search.query.knobs import RANKING, Ranking
from search.query.plan import Derivation, QueryPlan, Words, parse


@dataclass
class Lexicon:
    """The expansion tables of one index generation, analyzed once."""

    synonyms: dict[str, list[list[Words]]] = field(default_factory=dict)
    glossary: list[tuple[Words, list[Words]]] = field(default_factory=list)
    learned: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    category_words: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, generation: Generation) -> Lexicon:
        meta = generation.meta
        synonyms = {
            locale: [[analyze(member) for member in group] for group in groups]
            for locale, groups in meta.synonyms.items()
        }
        glossary = [(analyze(ru), [analyze(en) for en in english]) for ru, english in meta.glossary.items()]
        category_words = {
            c.id: {
                t for text in [c.id.replace("-", " "), *c.names.values()] for w in analyze(text) for t in w
            }
            for c in meta.categories
        }
        return cls(
            synonyms=synonyms,
            glossary=[(ru, en) for ru, en in glossary if ru],
            learned=dict(meta.learned_pairs),
            category_words=category_words,
        )


Step = Callable[[QueryPlan, Lexicon, str, Ranking], None]


def add_synonyms(plan: QueryPlan, lex: Lexicon, locale: str, knobs: Ranking) -> None:
    """Every other member of a synonym group that the query uses."""
    for number, group in enumerate(lex.synonyms.get(locale, [])):
        at = next((found for member in group if (found := _find(plan.words, member)) is not None), None)
        if at is None:
            continue
        for member in group:
            if member and _find(plan.words, member) is None:
                plan.terms[at].derivations.append(
                    Derivation(member, knobs.synonym_weight, group=f"syn{number}", as_phrase=True)
                )


def add_translations(plan: QueryPlan, lex: Lexicon, locale: str, knobs: Ranking) -> None:
    """English terms for a Russian query: the curated glossary first, then
    the pairs learned from translations for the words it did not cover."""
    if locale != "ru":
        return
    covered: set[int] = set()
    for number, (russian, english) in enumerate(lex.glossary):
        at = _find(plan.words, russian)
        if at is None:
            continue
        covered.update(range(at, at + len(russian)))
        for phrase in english:
            plan.terms[at].derivations.append(
                Derivation(
                    phrase, knobs.glossary_weight, group=f"gloss{number}", as_phrase=True, cross_language=True
                )
            )
    for position, term in enumerate(plan.terms):
        if position in covered:
            continue
        for form in term.forms:
            for english, score in lex.learned.get(form, []):
                term.derivations.append(
                    Derivation(
                        [[english]],
                        knobs.learned_weight * score,
                        group=f"learned{position}",
                        cross_language=True,
                    )
                )


def mark_categories(plan: QueryPlan, lex: Lexicon, locale: str, knobs: Ranking) -> None:
    """Categories whose name a word of the query uses ("billing", «оплата»)."""
    for term in plan.terms:
        forms = set(term.forms)
        term.categories |= {category for category, words in lex.category_words.items() if forms & words}


STEPS: tuple[Step, ...] = (add_synonyms, add_translations, mark_categories)


def lexicon(generation: Generation) -> Lexicon:
    return generation.derive(Lexicon.of)


def understand(generation: Generation, text: str, locale: str, knobs: Ranking = RANKING) -> QueryPlan:
    """The plan of ``text`` for a reader of ``locale``, every step applied."""
    plan = parse(text)
    lex = lexicon(generation)
    for step in STEPS:
        step(plan, lex, locale, knobs)
    return plan


def _find(words: Words, phrase: Words) -> int | None:
    """Start of ``phrase`` in ``words`` (any form of each word), or None."""
    if not phrase:
        return None
    # Called for every synonym group and glossary entry: most starts fail on
    # the first word, so that test is the cheap one.
    first = set(phrase[0])
    for start in range(len(words) - len(phrase) + 1):
        if first.isdisjoint(words[start]):
            continue
        if all(not set(phrase[k]).isdisjoint(words[start + k]) for k in range(1, len(phrase))):
            return start
    return None
