"""Judged queries: what a reader typed, and which articles answer it.

``tests/eval/queries.yml`` is a YAML list of entries::

    - query: конференцию
      locale: ru
      class: ru_inflected
      relevant: {meetings/join-a-meeting: 2, meetings/schedule-a-meeting: 1}

Grades: 2 = answers the query, 1 = related. A relevant id is an article id,
whichever locale the article is shown in.

Every judged query belongs to the ``dev`` or the ``test`` half, by a fixed
hash of its locale and text: ranking is tuned looking at ``dev`` only, and
the regression floor guards ``test``, so a change that only fits the queries
it was tuned on shows up as a gap between the halves.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

LOCALES = ("en", "ru")
GRADES = (1, 2)
# The order reports list the classes in; a class not named here follows them.
CLASSES = (
    "en_keyword",
    "en_question",
    "ru_inflected",
    "ru_question",
    "ru_fallback",
    "error_code",
    "typo",
    "layout",
    "synonym",
    "category",
    "ru_everyday",
    "ru_to_en",
    "translit",
    "mixed",
    "pasted_error",
    "en_sentence",
)
SPLITS = ("dev", "test")


class JudgmentError(ValueError):
    """The judged-queries file is malformed; the message lists every problem."""


def split_of(query: str, locale: str) -> str:
    """``dev`` or ``test``, fixed for a query whatever file or order it is in.

    >>> split_of("echo", "en"), split_of("эхо", "ru")
    ('test', 'dev')
    """
    digest = hashlib.sha256(f"{locale}:{query.strip().casefold()}".encode()).digest()
    return SPLITS[digest[0] & 1]


@dataclass(frozen=True)
class Judged:
    query: str
    locale: str
    cls: str
    relevant: dict[str, int]
    split: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "split", split_of(self.query, self.locale))


def load_all(paths: Iterable[Path | str]) -> list[Judged]:
    """The judged queries of several files, in order; a query judged twice is refused."""
    judged = [j for path in paths for j in load_judgments(path)]
    seen: set[tuple[str, str]] = set()
    for j in judged:
        if (j.locale, j.query) in seen:
            raise JudgmentError(f"{j.locale}:{j.query!r} is judged twice")
        seen.add((j.locale, j.query))
    return judged


def load_judgments(path: Path | str) -> list[Judged]:
    path = Path(path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, list) or not data:
        raise JudgmentError(f"{path}: expected a non-empty YAML list of judged queries")
    judged, problems = [], []
    for n, entry in enumerate(data, start=1):
        try:
            judged.append(_entry(entry))
        except (TypeError, ValueError, KeyError) as exc:
            problems.append(f"{path}: entry #{n}: {exc}")
    if problems:
        raise JudgmentError("\n".join(problems))
    return judged


def _entry(entry: dict) -> Judged:
    if not isinstance(entry, dict):
        raise TypeError("expected a mapping with query, locale, class and relevant")
    query, locale, cls, relevant = (entry[key] for key in ("query", "locale", "class", "relevant"))
    if not isinstance(query, str) or not query.strip():
        raise ValueError("query must be a non-empty string")
    if locale not in LOCALES:
        raise ValueError(f"locale must be one of {LOCALES}, not {locale!r}")
    if not isinstance(relevant, dict) or not relevant:
        raise ValueError("relevant must map at least one article id to a grade")
    grades = {str(doc): grade for doc, grade in relevant.items()}
    if any(grade not in GRADES for grade in grades.values()):
        raise ValueError(f"grades must be one of {GRADES}: {relevant}")
    return Judged(query=query, locale=locale, cls=str(cls), relevant=grades)


def unknown_ids(judged: Iterable[Judged], article_ids: set[str]) -> list[str]:
    """Judged ids that are not in the corpus: a typo there would silently cap
    every engine's recall, so the evaluation refuses to run with one."""
    return sorted({doc for j in judged for doc in j.relevant if doc not in article_ids})


def ordered_classes(judged: Iterable[Judged]) -> list[str]:
    present = {j.cls for j in judged}
    return [c for c in CLASSES if c in present] + sorted(present - set(CLASSES))
