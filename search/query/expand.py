"""Expansion steps: what the index's own tables add to a query plan.

Each step is a function ``step(plan, lexicon, locale)`` that adds to the
plan's terms; ``understand`` runs them in order. The tables (synonyms, the
glossary, pairs learned from the corpus's translations, category names) come
from the generation's ``meta.json``, analyzed once per generation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from search.index.analysis import analyze, fold, is_cyrillic
from search.index.schema import TEXT_FIELDS
from search.index.store import Generation
from search.query.aspects import imperfective
from search.query.cognates import cognate_finder, sound_key
from search.query.feedback import confirm_translations
from search.query.knobs import RANKING, Ranking
from search.query.plan import Derivation, QueryPlan, Words, clean, parse
from search.query.postings import in_index
from search.query.relatives import relational_nouns, relatives_finder
from search.query.scoring import inverse_document_frequency


@dataclass
class Lexicon:
    """The expansion tables of one index generation, analyzed once."""

    synonyms: dict[str, list[list[Words]]] = field(default_factory=dict)
    glossary: list[tuple[Words, list[Words]]] = field(default_factory=list)
    learned: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    dictionary: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    # The names of each category, split into the parts a reader would type
    # on their own ("Account and profile" -> "account", "profile").
    category_names: dict[str, list[Words]] = field(default_factory=dict)
    # English index terms by how they sound, for Russian cognates.
    english_by_sound: dict[str, list[str]] = field(default_factory=dict)
    # How many articles' bodies hold each term, and how many articles there
    # are: a translation is weighed against the word it stands for.
    body_frequency: dict[str, int] = field(default_factory=dict)
    articles: int = 0
    russian_articles: int = 0

    def __post_init__(self) -> None:
        # Which entries a word can start, so that a query looks only at the
        # synonym groups and glossary entries its words begin.
        self.synonym_starts = {
            locale: _starts(member for group in groups for member in group)
            for locale, groups in self.synonyms.items()
        }
        self.synonym_groups = {
            locale: {id(member): n for n, group in enumerate(groups) for member in group}
            for locale, groups in self.synonyms.items()
        }
        self.glossary_starts = _starts(russian for russian, _ in self.glossary)
        self.category_starts = _starts(name for names in self.category_names.values() for name in names)
        self.category_named = {id(name): c for c, names in self.category_names.items() for name in names}
        self.cognates = cognate_finder(self.english_by_sound)
        self.relatives = relatives_finder(self.body_frequency)

    @classmethod
    def of(cls, generation: Generation) -> Lexicon:
        meta = generation.meta
        synonyms = {
            locale: [[analyze(member) for member in group] for group in groups]
            for locale, groups in meta.synonyms.items()
        }
        glossary = [(analyze(ru), [analyze(en) for en in english]) for ru, english in meta.glossary.items()]
        category_names = {
            c.id: [
                words
                for name in [c.id.replace("-", " "), *c.names.values()]
                for part in NAME_PARTS.split(name)
                if (words := analyze(part))
            ]
            for c in meta.categories
        }
        return cls(
            synonyms=synonyms,
            glossary=[(ru, en) for ru, en in glossary if ru],
            learned=dict(meta.learned_pairs),
            dictionary=dict(meta.dictionary_pairs),
            category_names=category_names,
            english_by_sound=_english_by_sound(generation),
            body_frequency=_body_frequency(generation),
            articles=generation.searcher().reader().doc_count_all(),
            russian_articles=generation.locales.count("ru"),
        )

    def translations(self, word: str) -> tuple[list[tuple[str, float]], bool]:
        """A word's English pairs, and whether they are learned: those the
        translations taught, else the general dictionary's. A perfective verb
        with no pairs in a table takes those of its imperfective partner there
        («поменять» -> «менять»), since translators and dictionaries each
        favour one aspect; so what the translations taught the partner comes
        before what a dictionary says of the verb itself."""
        for pairs, learned in ((self.learned, True), (self.dictionary, False)):
            found = pairs.get(word) or pairs.get(imperfective(word, pairs) or "")
            if found:
                return found, learned
        return [], False

    def rarity(self, term: str) -> float:
        """Whoosh's inverse document frequency of ``term`` in article bodies."""
        return inverse_document_frequency(self.articles, self.body_frequency.get(term, 0))

    def balance(self, typed: str, english: str, knobs: Ranking) -> float:
        """How many times a translation is raised so that it weighs about as
        much as the word it stands for. In a partly translated help center a
        translation is common among the many English articles where the typed
        word is as common among the few Russian ones, so by rarity alone a
        Russian article on the topic would outweigh the English one that answers."""
        if not self.articles:
            return 1.0
        return min(max(self.rarity(typed) / self.rarity(english), 1.0), knobs.max_balance)


def _english_by_sound(generation: Generation) -> dict[str, list[str]]:
    reader = generation.searcher().reader()
    terms = {term for name in TEXT_FIELDS for term in reader.field_terms(name) if LATIN_WORD.fullmatch(term)}
    table: dict[str, list[str]] = {}
    for term in sorted(terms):
        table.setdefault(sound_key(term), []).append(term)
    return table


def _body_frequency(generation: Generation) -> dict[str, int]:
    reader = generation.searcher().reader()
    return {
        term.decode() if isinstance(term, bytes) else term: info.doc_frequency()
        for term, info in reader.iter_field("body")
    }


LATIN_WORD = re.compile(r"[a-z]{3,}")
# Where a category name splits into parts named on their own.
NAME_PARTS = re.compile(r",|&|\band\b|\bи\b", re.IGNORECASE)

Step = Callable[[QueryPlan, Lexicon, str, Ranking], None]


def add_relatives(plan: QueryPlan, lex: Lexicon, locale: str, knobs: Ranking) -> None:
    """Russian words of the same stem («передать»: «передача», «передавать»).
    A word or two typed look a term up, and every form of it should meet. In
    a question, only a word that few Russian articles use: those say it
    another way. A word many articles use finds its own, and its relatives
    would only lift Russian articles on the topic above an English-only one
    that answers."""
    if locale != "ru":
        return
    for position, term in enumerate(plan.terms):
        if not is_cyrillic(term.forms[0]):
            continue
        used = sum(lex.body_frequency.get(form, 0) for form in term.forms)
        if len(plan.terms) >= knobs.long_query_words and used > knobs.relative_rarity * lex.russian_articles:
            continue
        found = [word for word in lex.relatives(term.forms[0]) if word not in term.forms]
        for word in found[:MAX_RELATIVES]:
            term.derivations.append(Derivation([[word]], knobs.relative_weight, group=f"relative{position}"))


def add_synonyms(plan: QueryPlan, lex: Lexicon, locale: str, knobs: Ranking) -> None:
    """Every other member of a synonym group that the query uses."""
    groups = lex.synonyms.get(locale, [])
    numbers = sorted(
        {lex.synonym_groups[locale][id(m)] for m in _started(plan, lex.synonym_starts.get(locale, {}))}
    )
    for number in numbers:
        group = groups[number]
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
    the pairs learned from translations for the words it did not cover, then
    a general dictionary's for the words the translations never used, and
    for an adjective that neither translates, its noun's (weighed as a
    relative)."""
    if locale != "ru":
        return
    covered: set[int] = set()
    started = {id(phrase) for phrase in _started(plan, lex.glossary_starts)}
    for number, (russian, english) in enumerate(lex.glossary):
        if id(russian) not in started:
            continue
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
    # A short query looks a term up: the reader's own article should win.
    # A longer one asks a question that an English article may answer alone.
    balanced = len(plan.terms) >= knobs.long_query_words
    for position, term in enumerate(plan.terms):
        if position in covered:
            continue
        forms, borrowed = _translated_forms(term.forms, lex)
        for form in forms:
            pairs, learned = lex.translations(form)
            weight = knobs.learned_weight if learned else knobs.dictionary_weight
            for english, score in pairs:
                term.derivations.append(
                    Derivation(
                        [[english]],
                        weight
                        * (knobs.relative_weight if borrowed else 1.0)
                        * (score / pairs[0][1]) ** knobs.learned_sharpness
                        * (lex.balance(form, english, knobs) if balanced else 1.0),
                        group=f"learned{position}",
                        cross_language=True,
                    )
                )


def _translated_forms(forms: list[str], lex: Lexicon) -> tuple[list[str], bool]:
    """The forms whose translations a word gets, and whether they are
    borrowed: its own, or for a Russian adjective that nothing translates
    the first of its relative nouns that something does."""
    if not is_cyrillic(forms[0]) or any(_translates(form, lex) for form in forms):
        return forms, False
    nouns = [noun for noun in relational_nouns(forms[0], lex.relatives(forms[0])) if _translates(noun, lex)]
    return nouns[:1], True


def _translates(word: str, lex: Lexicon) -> bool:
    return bool(lex.translations(word)[0])


def add_cognates(plan: QueryPlan, lex: Lexicon, locale: str, knobs: Ranking) -> None:
    """English words that a Russian word is a borrowing of («робот», «впн»);
    alternatives to its other translations, so the best one counts."""
    if locale != "ru":
        return
    balanced = len(plan.terms) >= knobs.long_query_words
    for position, term in enumerate(plan.terms):
        if not is_cyrillic(term.forms[0]):
            continue
        for english in lex.cognates(term.forms[0])[:MAX_COGNATES]:
            term.derivations.append(
                Derivation(
                    [[english]],
                    knobs.cognate_weight * (lex.balance(term.forms[0], english, knobs) if balanced else 1.0),
                    group=f"cognate{position}",
                    cross_language=True,
                )
            )


def mark_categories(plan: QueryPlan, lex: Lexicon, locale: str, knobs: Ranking) -> None:
    """Categories that the typed words name: a whole part of a category's name
    ("billing", «оплата», «учётная запись»), not any one word inside it
    («запись» names Recording, not "Account and profile")."""
    for name in _started(plan, lex.category_starts):
        at = _find(plan.words, name)
        if at is not None:
            plan.terms[at].categories.add(lex.category_named[id(name)])


STEPS: tuple[Step, ...] = (add_relatives, add_synonyms, add_translations, add_cognates, mark_categories)
MAX_COGNATES = 3
MAX_RELATIVES = 4


def lexicon(generation: Generation) -> Lexicon:
    return generation.derive(Lexicon.of)


def understand(generation: Generation, text: str, locale: str, knobs: Ranking = RANKING) -> QueryPlan:
    """The plan of ``text`` for a reader of ``locale``, every step applied,
    then its translations weighed against the query's best hits (which
    needs the index, not only its tables)."""
    typed = clean(text)
    plan = parse(unglued(generation, typed))
    plan.typed = typed
    lex = lexicon(generation)
    for step in STEPS:
        step(plan, lex, locale, knobs)
    confirm_translations(generation, plan, locale, knobs)
    return plan


# A word and the code typed onto it, the space left out («ошибка1132»,
# "error5003"); a name that is one term of the index ("sha256") stays whole.
GLUED_CODE = re.compile(r"(?<!\w)([^\W\d_]{3,})(\d{3,6})(?!\w)")


def unglued(generation: Generation, text: str) -> str:
    """``text`` with a space between a word and the code typed onto it,
    where the index knows no such term."""

    def split(glued: re.Match[str]) -> str:
        return glued[0] if in_index(generation, [fold(glued[0])]) else f"{glued[1]} {glued[2]}"

    return GLUED_CODE.sub(split, text)


def _starts(phrases: Iterable[Words]) -> dict[str, list[Words]]:
    """Phrases by each form of their first word."""
    table: dict[str, list[Words]] = {}
    for phrase in phrases:
        for form in phrase[0] if phrase else ():
            table.setdefault(form, []).append(phrase)
    return table


def _started(plan: QueryPlan, starts: dict[str, list[Words]]) -> list[Words]:
    """The phrases of ``starts`` whose first word is a word of the query."""
    return [phrase for term in plan.terms for form in term.forms for phrase in starts.get(form, [])]


def _find(words: Words, phrase: Words) -> int | None:
    """Start of ``phrase`` in ``words`` (any form of each word), or None."""
    if not phrase:
        return None
    for start in range(len(words) - len(phrase) + 1):
        if all(set(words[start + k]) & set(phrase[k]) for k in range(len(phrase))):
            return start
    return None
