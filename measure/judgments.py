"""Judged queries: what a reader typed, and which articles answer it.

``tests/eval/queries.yml`` is a YAML list of entries::

    - query: конференцию
      locale: ru
      class: ru_inflected
      relevant: {meetings/join-a-meeting: 2, meetings/schedule-a-meeting: 1}

Grades: 2 = answers the query, 1 = related. A relevant id is an article id,
whichever locale the article is shown in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
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
)


class JudgmentError(ValueError):
    """The judged-queries file is malformed; the message lists every problem."""


@dataclass(frozen=True)
class Judged:
    query: str
    locale: str
    cls: str
    relevant: dict[str, int]


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
