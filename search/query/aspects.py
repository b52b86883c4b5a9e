"""A perfective verb's imperfective partner, to look it up in a table of pairs.

A dictionary names a verb by its imperfective («удалять», «скрывать»,
«менять»), and translators use whichever aspect a sentence wants, while a
reader asks «как удалить», «скрыть», «поменять». Lemmas keep the two apart,
so the partner is made the regular ways Russian pairs aspects, and taken
only when the table holds it and pymorphy3 reads it as an imperfective
infinitive. Only pairings that keep the meaning are made: most prefixes
change it («писать» is not «списать», «блокировать» is the opposite of
«разблокировать»), so a prefix is taken off only where it is known to be
aspect alone.
"""

from __future__ import annotations

from collections.abc import Container, Iterator

from search.query.relatives import aspects, part_of_speech

# A verb made of a borrowed stem (-ировать) becomes perfective with one of
# these and nothing else: «протестировать», «отформатировать», «скопировать».
LOAN_VERB_PREFIXES = ("про", "от", "пере", "за", "с")
LOAN_VERB = "ировать"
# Of the native prefixes, по- is the one that is nearly always aspect alone
# («поменять», «позвонить», «попробовать»); on a short root it is not
# («помочь», «попасть»).
PLAIN_PREFIX, MIN_ROOT = "по", 6
# -ить before -ять / -ать: the consonant changes first («вставить» ->
# «вставлять», not «вставать»; «пометить» -> «помечать», not «помещать»).
ALTERNATIONS = (
    ("ст", ("щ",)),
    ("т", ("ч", "щ")),
    ("д", ("жд", "ж")),
    ("з", ("ж",)),
    ("с", ("ш",)),
    ("в", ("вл",)),
    ("б", ("бл",)),
    ("п", ("пл",)),
    ("м", ("мл",)),
    ("ф", ("фл",)),
)
# Endings whose imperfective is made by a fixed change.
ENDINGS = (
    ("ыть", "ывать"),  # скрыть, открыть
    ("зать", "зывать"),  # показать, указать, связать
    ("сать", "сывать"),  # записать, подписать
    ("дать", "давать"),  # создать, передать
    ("стать", "ставать"),  # перестать
    ("нять", "нимать"),  # понять, снять, принять
    ("чать", "чинать"),  # начать
    ("жать", "жимать"),  # нажать, сжать
    ("ойти", "ходить"),  # войти, подойти: the prefix's о goes
    ("йти", "ходить"),  # найти, перейти
    ("вести", "водить"),  # вывести, перевести
    ("нести", "носить"),  # перенести
    ("овить", "авливать"),  # установить, остановить
)


def imperfective(verb: str, known: Container[str]) -> str | None:
    """The imperfective partner of a perfective ``verb`` that ``known`` holds.

    >>> known = {"удалять", "скрывать", "вставлять", "вставать", "помечать", "помещать", "выводить",
    ...          "обновлять", "входить", "создавать", "устанавливать", "менять", "тестировать",
    ...          "подключаться", "писать", "брать", "блокировать", "строить", "мочь"}
    >>> perfectives = ("удалить", "скрыть", "вставить", "пометить", "вывести", "обновить", "войти",
    ...                "создать", "установить", "поменять", "протестировать", "подключиться")
    >>> [imperfective(verb, known) for verb in perfectives]  # doctest: +NORMALIZE_WHITESPACE
    ['удалять', 'скрывать', 'вставлять', 'помечать', 'выводить', 'обновлять', 'входить',
     'создавать', 'устанавливать', 'менять', 'тестировать', 'подключаться']
    >>> [imperfective(verb, known) for verb in ("списать", "убрать", "разблокировать", "настроить", "помочь")]
    [None, None, None, None, None]
    >>> imperfective("удалять", known) is None  # already imperfective
    True
    """
    # The table first: a reading costs pymorphy3 tens of microseconds, and
    # most words (nouns, made-up words) have no candidate in it.
    held = [candidate for candidate in _candidates(verb) if candidate in known]
    if not held or aspects(verb) != {"perf"}:
        return None
    return next((c for c in held if part_of_speech(c) == "INFN" and "impf" in aspects(c)), None)


def _candidates(verb: str) -> Iterator[str]:
    """Imperfectives ``verb`` may pair with, likeliest first; a reflexive
    verb's are those of the verb it is made of, reflexive too."""
    if verb.endswith(("ся", "сь")):
        yield from (candidate + "ся" for candidate in _candidates(verb[:-2]))
        return
    for ending, imperfective_ending in ENDINGS:
        if verb.endswith(ending):
            yield verb[: -len(ending)] + imperfective_ending
    if verb.endswith("ить"):
        stem = verb[:-3]
        for end, changed in ALTERNATIONS:
            if stem.endswith(end):
                yield from (
                    stem[: -len(end)] + other + suffix for other in changed for suffix in ("ать", "ять")
                )
                break
        yield stem + "ять"
        yield stem + "ать"
    if verb.endswith(LOAN_VERB):
        yield from (verb[len(p) :] for p in LOAN_VERB_PREFIXES if verb.startswith(p))
    elif verb.startswith(PLAIN_PREFIX) and len(verb) - len(PLAIN_PREFIX) >= MIN_ROOT:
        yield verb[len(PLAIN_PREFIX) :]
