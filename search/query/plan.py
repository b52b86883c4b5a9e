"""What a person typed, understood once: the query plan.

A plan is a list of ``QueryTerm``: each typed word with its index forms and
everything found for it (synonyms, translations, whether it is an error code,
which category it names), the way Meilisearch's query terms carry their
derivations. ``parse`` makes the bare plan; the expansion steps
(``search.query.expand``) fill in the rest; ``search.query.nodes`` turns it
into scoring nodes.

No query syntax is exposed beyond double-quoted phrases: a help-center
reader types words, and AND, OR, NOT or ``*`` are just words (or noise).
That is what makes every input safe to run: there is nothing to mis-parse
and no expensive wildcard or range to expand.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from search.index.analysis import TOKEN_PATTERN, analyze, iter_words

MAX_QUERY_CHARS = 500
MAX_WORDS = 16
MAX_PHRASES = 4
PHRASE = re.compile(r'"([^"]+)"')
# Exact tokens pasted from the app: error codes, and names with an underscore
# (files, settings) that no reader types as prose.
CODE = re.compile(r"^(\d{3,6}|\w+_\w+)$")
TYPED_WORD = re.compile(TOKEN_PATTERN)

Words = list[list[str]]  # analyzed words: term forms per position


@dataclass
class Derivation:
    """Other words for one or more typed words, searched with less weight.

    Derivations that share a ``group`` are alternatives for one idea (the
    members of a synonym group, the translations of one Russian word): a
    document scores for the best of them, not for their sum, so an idea with
    many synonyms does not outweigh a rare word next to it.
    """

    words: Words
    weight: float
    group: str
    as_phrase: bool = False
    # An English term for a Russian query word: meant for English-only
    # articles; it says nothing about where a Russian article matched.
    cross_language: bool = False


@dataclass
class QueryTerm:
    forms: list[str]  # index terms of the typed word (lemmas, stem, code)
    derivations: list[Derivation] = field(default_factory=list)
    categories: set[str] = field(default_factory=set)  # categories this word names

    @property
    def is_code(self) -> bool:
        """An error code (three to six digits) or a pasted name like ``sync_state_02``."""
        return bool(CODE.match(self.forms[0]))


@dataclass
class QueryPlan:
    text: str  # the cleaned query, as searched (a code typed onto a word apart)
    terms: list[QueryTerm]
    phrases: list[Words] = field(default_factory=list)  # quoted by the reader
    typed: str = ""  # the cleaned query as the reader typed it: what is shown and recorded

    @property
    def words(self) -> Words:
        return [term.forms for term in self.terms]

    @property
    def typed_words(self) -> int:
        """How many words the reader typed, stopwords included: «как удалить
        аккаунт» and a pasted «Нет связи с переговорной» are sentences, though
        only two of their words are searched."""
        return len(TYPED_WORD.findall(self.text))

    @property
    def empty(self) -> bool:
        return not self.terms and not self.phrases

    @property
    def codes(self) -> set[str]:
        return {term.forms[0] for term in self.terms if term.is_code}

    @property
    def named_categories(self) -> set[str]:
        return {category for term in self.terms for category in term.categories}

    def derivations(self) -> list[Derivation]:
        return [d for term in self.terms for d in term.derivations]

    def terms_matched(self, cross_language: bool = True) -> set[str]:
        """Every index term the query can match: what snippets highlight.
        Without ``cross_language``, English terms added for a Russian query
        are left out."""
        found = {t for forms in self.words for t in forms}
        found |= {t for phrase in self.phrases for forms in phrase for t in forms}
        derivations = [d for d in self.derivations() if cross_language or not d.cross_language]
        found |= {t for d in derivations for forms in d.words for t in forms}
        return found


# What a CJK keyboard types full-width (ASCII's printable characters, the
# ideographic space) and the ligatures text copied out of a PDF holds, as the
# plain characters.
PLAIN_FORMS = (
    {0xFF01 + n: 0x21 + n for n in range(0x5E)}
    | {0x3000: 0x20}
    | {0xFB00: "ff", 0xFB01: "fi", 0xFB02: "fl", 0xFB03: "ffi", 0xFB04: "ffl", 0xFB05: "st", 0xFB06: "st"}
)


def clean(text: str) -> str:
    """Drop control characters, collapse spaces and cap the length. Letters
    with their accents typed apart (macOS writes «й» as «и» and a breve) are
    composed, and full-width characters («５００３», «ｒｅｃｏｒｄｉｎｇ») and ligatures
    («ﬁle») read as the plain ones; only those: Unicode's wider compatibility
    form would make «№5003» «No5003»."""
    text = unicodedata.normalize("NFC", text[: MAX_QUERY_CHARS * 4]).translate(PLAIN_FORMS)
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    return " ".join(text.split())[:MAX_QUERY_CHARS]


def parse(text: str) -> QueryPlan:
    """The typed words and quoted phrases of ``text``, nothing added yet."""
    text = clean(text)
    phrases = []
    for match in PHRASE.finditer(text):
        words = analyze(match.group(1))
        if len(words) > 1:
            phrases.append(words[:MAX_WORDS])
    words = _distinct(iter_words(text.replace('"', " ")), MAX_WORDS)
    return QueryPlan(text=text, terms=[QueryTerm(forms) for forms in words], phrases=phrases[:MAX_PHRASES])


def _distinct(words: Iterable[list[str]], limit: int) -> Words:
    """The first ``limit`` distinct words; the rest is never analyzed."""
    seen, unique = set(), []
    for forms in words:
        key = tuple(forms)
        if key not in seen:
            seen.add(key)
            unique.append(forms)
            if len(unique) == limit:
                break
    return unique
