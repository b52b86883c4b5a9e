"""A perfective verb's imperfective partner, for looking it up in a dictionary.

A dictionary names a verb by its imperfective («удалять», «скрывать»,
«рисовать»), while a reader asks with the perfective: «как удалить»,
«скрыть», «нарисовать». Lemmas keep the two apart, so the partner is made
by the regular ways Russian pairs them, and taken only when the dictionary
knows it and pymorphy3 reads it as an imperfective infinitive.
"""

from __future__ import annotations

from collections.abc import Container, Iterator

from search.query.relatives import aspects

# Prefixes that make a plain verb perfective («на-рисовать», «по-менять»).
PREFIXES = ("пере", "раз", "рас", "про", "при", "под", "вы", "на", "за", "по", "от", "из", "до")
PREFIXES += ("о", "с", "у")  # one letter: tried last, on words of four letters or more
# A consonant before -ить changes before the imperfective's -ать / -ять.
ALTERNATIONS = {
    "т": ("щ", "ч"),
    "д": ("жд", "ж"),
    "з": ("ж",),
    "с": ("ш",),
    "ст": ("щ",),
    "в": ("вл",),
    "б": ("бл",),
    "п": ("пл",),
    "м": ("мл",),
    "ф": ("фл",),
}


def imperfective(verb: str, known: Container[str]) -> str | None:
    """The imperfective partner of a perfective ``verb`` that ``known`` holds.

    >>> known = {"удалять", "скрывать", "рисовать", "запрещать", "обновлять", "выводить"}
    >>> perfectives = ("удалить", "скрыть", "нарисовать", "запретить", "обновить", "вывести")
    >>> [imperfective(verb, known) for verb in perfectives]
    ['удалять', 'скрывать', 'рисовать', 'запрещать', 'обновлять', 'выводить']
    >>> imperfective("удалять", known) is None  # already imperfective
    True
    """
    if aspects(verb) != {"perf"}:
        return None
    for candidate in _candidates(verb):
        if candidate in known and "impf" in aspects(candidate):
            return candidate
    return None


def _candidates(verb: str) -> Iterator[str]:
    if verb.endswith("ить"):
        stem = verb[:-3]
        yield stem + "ять"
        yield stem + "ать"
        for end in sorted(ALTERNATIONS, key=len, reverse=True):
            if stem.endswith(end):
                for other in ALTERNATIONS[end]:
                    yield stem[: -len(end)] + other + "ать"
                    yield stem[: -len(end)] + other + "ять"
                break
        yield stem + "ивать"
    elif verb.endswith("ыть"):
        yield verb[:-3] + "ывать"
    elif verb.endswith(("ать", "ять")):
        yield verb[:-3] + "ывать"
        yield verb[:-3] + "ивать"
    elif verb.endswith("ести"):
        yield verb[:-4] + "одить"
    for prefix in PREFIXES:
        if verb.startswith(prefix) and len(verb) - len(prefix) >= 4:
            yield verb[len(prefix) :]
