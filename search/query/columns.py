"""Per-document arrays that ranking multiplies and filters by, built once
per generation (``Generation.derive``): whom each document may be shown to,
in which language, and its category and that category's weight."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from search.index.articles import LOCALES
from search.index.store import Generation


@dataclass(frozen=True)
class Columns:
    categories: tuple[str, ...]  # category ids, by code
    category: np.ndarray  # each document's category code
    category_weight: np.ndarray  # each document's category weight
    readable: Mapping[str, np.ndarray]  # locale -> may its readers get each document
    foreign: Mapping[str, np.ndarray]  # locale -> is each document in another language
    # Each document's place among all by key ("en:audio/echo"): equal scores
    # rank by it, so a rebuilt index ranks as a full build of the same files
    # does, whatever segment an edit moved a document to.
    place: np.ndarray

    def category_code(self, category: str) -> int:
        """The code of ``category``, or -1 (which no document has) if unknown."""
        return self.categories.index(category) if category in self.categories else -1


def columns(generation: Generation) -> Columns:
    """``generation``'s columns (``generation.derive(columns)``)."""
    names = tuple(dict.fromkeys(generation.categories))
    code = {name: n for n, name in enumerate(names)}
    weights = np.array([generation.meta.category_weight(name) for name in names], dtype=np.float64)
    category = np.array([code[name] for name in generation.categories], dtype=np.int64)
    locales = np.array(generation.locales, dtype=object)
    readable = {}
    for locale in LOCALES:
        mask = np.zeros(generation.doc_count, dtype=bool)
        mask[list(generation.readable[locale])] = True
        readable[locale] = mask
    return Columns(
        categories=names,
        category=category,
        category_weight=weights[category],
        readable=readable,
        foreign={locale: locales != locale for locale in LOCALES},
        place=_places([f"{loc}:{n}" for loc, n in zip(generation.locales, generation.ids, strict=True)]),
    )


def _places(keys: list[str]) -> np.ndarray:
    """Each key's place in the sorted keys.

    >>> _places(["en:b", "ru:a", "en:a"]).tolist()
    [1, 2, 0]
    """
    places = np.empty(len(keys), dtype=np.int64)
    places[np.argsort(np.array(keys, dtype=object), kind="stable")] = np.arange(len(keys))
    return places
