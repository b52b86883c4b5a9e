"""``meta.json``: what a build knows about its corpus beyond the documents.

``Meta`` is the only reader and writer of the file, so every key has one
spelling and one type. A generation whose file is missing, unreadable or of
another format version is refused as a whole (``MetaError``) rather than
read with silent defaults.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any

from search.index.articles import LOCALES, SOURCE_LOCALE

META_FILE = "meta.json"
# Bumped whenever a key changes; readers refuse other versions.
FORMAT = 3


class MetaError(ValueError):
    """``meta.json`` is missing, malformed or of another format version."""


@dataclass(frozen=True)
class Category:
    """A topic of the help center, named in every locale; ``weight``
    multiplies the scores of its articles."""

    id: str
    order: int
    weight: float
    names: Mapping[str, str]
    descriptions: Mapping[str, str] = field(default_factory=dict)

    def name(self, locale: str) -> str:
        return self.names.get(locale) or self.names.get(SOURCE_LOCALE) or self.id

    def description(self, locale: str) -> str:
        return self.descriptions.get(locale) or ""


@dataclass(frozen=True)
class Title:
    """An article title as autocomplete offers it."""

    id: str
    locale: str
    title: str
    translated: bool


@dataclass(frozen=True)
class Meta:
    built_at: str
    categories: tuple[Category, ...]
    synonyms: Mapping[str, list[list[str]]]  # locale -> groups of equivalent words
    glossary: Mapping[str, list[str]]  # Russian term -> English terms
    vocabulary: Mapping[str, Mapping[str, int]]  # locale -> surface word -> frequency
    learned_pairs: Mapping[str, list[tuple[str, float]]]  # Russian lemma -> (English stem, weight)
    titles: tuple[Title, ...]
    # From a general dictionary, for lemmas the corpus did not teach.
    dictionary_pairs: Mapping[str, list[tuple[str, float]]] = field(default_factory=dict)
    untranslated: int = 0
    stale: int = 0

    @cached_property
    def _category_by_id(self) -> dict[str, Category]:
        return {c.id: c for c in self.categories}

    def category(self, category_id: str) -> Category | None:
        return self._category_by_id.get(category_id)

    def category_name(self, category_id: str, locale: str) -> str:
        category = self.category(category_id)
        return category.name(locale) if category else category_id

    def category_weight(self, category_id: str) -> float:
        category = self.category(category_id)
        return category.weight if category else 1.0

    def vocabulary_for(self, locale: str) -> Mapping[str, int]:
        """The words readers of ``locale`` type, with frequencies: their own
        language's, and in Russian the English product words too ("zoom",
        "sso"). Merged once per locale and shared, read-only, by the speller
        and the suggester."""
        return self._vocabularies[locale]

    @cached_property
    def _vocabularies(self) -> dict[str, Mapping[str, int]]:
        merged = {}
        for locale in LOCALES:
            words = dict(self.vocabulary.get(locale, {}))
            if locale != SOURCE_LOCALE:
                for word, n in self.vocabulary.get(SOURCE_LOCALE, {}).items():
                    words.setdefault(word, n)
            merged[locale] = MappingProxyType(words)
        return merged

    def write(self, generation: Path) -> None:
        data = {"format": FORMAT, **_fields(self)}
        text = json.dumps(data, ensure_ascii=False, default=_fields)
        (generation / META_FILE).write_text(text, encoding="utf-8")

    @classmethod
    def read(cls, generation: Path) -> Meta:
        try:
            data = json.loads((generation / META_FILE).read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                raise MetaError(f"format {data.get('format')!r}, expected {FORMAT}: rebuild the index")
            return cls._from_json(data)
        except MetaError:
            raise
        except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
            raise MetaError(f"unreadable {META_FILE} ({type(exc).__name__})") from exc

    @classmethod
    def _from_json(cls, data: dict[str, Any]) -> Meta:
        return cls(
            built_at=str(data["built_at"]),
            categories=tuple(
                Category(
                    id=c["id"],
                    order=int(c["order"]),
                    weight=float(c["weight"]),
                    names=MappingProxyType(dict(c["names"])),
                    descriptions=MappingProxyType(dict(c["descriptions"])),
                )
                for c in data["categories"]
            ),
            synonyms=MappingProxyType(dict(data["synonyms"])),
            glossary=MappingProxyType(dict(data["glossary"])),
            vocabulary=MappingProxyType(
                {locale: MappingProxyType(words) for locale, words in data["vocabulary"].items()}
            ),
            learned_pairs=MappingProxyType(
                {ru: [(en, float(w)) for en, w in pairs] for ru, pairs in data["learned_pairs"].items()}
            ),
            titles=tuple(Title(**t) for t in data["titles"]),
            dictionary_pairs=MappingProxyType(
                {ru: [(en, float(w)) for en, w in pairs] for ru, pairs in data["dictionary_pairs"].items()}
            ),
            untranslated=int(data["untranslated"]),
            stale=int(data["stale"]),
        )


def localized(value: Any, default: str) -> dict[str, str]:
    """A name given as one string or per locale, filled in for every locale."""
    if isinstance(value, dict):
        names = {str(k): str(v) for k, v in value.items()}
    elif value:
        names = {SOURCE_LOCALE: str(value)}
    else:
        names = {}
    for locale in LOCALES:
        names.setdefault(locale, names.get(SOURCE_LOCALE, default))
    return names


def _fields(record: Any) -> dict[str, Any]:
    """A dataclass's fields (or a read-only mapping's items) as JSON writes
    them, the values inside left as they are: ``asdict`` copies every list
    and mapping inside (the vocabulary and the learned pairs are most of the
    file), a third of a second at ×30 for a copy that is thrown away."""
    if isinstance(record, Mapping):
        return dict(record)
    if not is_dataclass(record):
        raise TypeError(f"cannot write {type(record).__name__} to {META_FILE}")
    return {f.name: getattr(record, f.name) for f in fields(record)}
