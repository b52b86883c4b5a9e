"""Russian typed in Latin letters («транслит»): `vklyuchit zapis`, `net zvuka`.

People write Russian in Latin letters by ear, with several schemes at once
(`ch`/`4`, `sh`, `shch`/`sch`, `ya`/`ia`/`ja`, `y` and `i` for «ы», «й» and
«и», an apostrophe or nothing for «ь»). A word is spelled back by a beam
search over those readings, letter group by letter group, that keeps only
what can still become a Russian word (a prefix of a word in pymorphy3's
dictionary), and ends on the reading that is a real word with the fewest
unusual choices.
"""

from __future__ import annotations

from functools import lru_cache

from search.index.analysis import fold, morph_analyzer

# Latin letter groups and the Russian letters they stand for, the usual
# reading first. Longer groups are tried before their prefixes.
READINGS: dict[str, tuple[str, ...]] = {
    "shch": ("щ",),
    "sch": ("щ", "сч"),
    "sh": ("ш",),
    "ch": ("ч",),
    "zh": ("ж",),
    "kh": ("х",),
    "ts": ("ц", "тс", "тьс"),
    "tz": ("ц",),
    "ya": ("я", "ья"),
    "ja": ("я",),
    "ia": ("ия", "я", "ья"),
    "yu": ("ю", "ью"),
    "ju": ("ю",),
    "iu": ("ию", "ю", "ью"),
    "yo": ("ё", "йо", "ьо"),
    "jo": ("ё",),
    "ye": ("е", "ье", "ые"),
    "je": ("е",),
    "ie": ("ие", "ье"),
    "a": ("а",),
    "b": ("б",),
    "c": ("ц", "к"),
    "d": ("д",),
    "e": ("е", "э", "ё"),
    "f": ("ф",),
    "g": ("г",),
    "h": ("х",),
    "i": ("и", "й", "ы"),
    "j": ("й", "ж"),
    "k": ("к",),
    "l": ("л", "ль"),
    "m": ("м",),
    "n": ("н", "нь"),
    "o": ("о",),
    "p": ("п",),
    "q": ("к",),
    "r": ("р",),
    "s": ("с", "сь"),
    "t": ("т", "ть"),
    "u": ("у", "ю"),
    "v": ("в",),
    "w": ("в",),
    "x": ("кс", "х"),
    "y": ("ы", "й", "и"),
    "z": ("з",),
    "'": ("ь", "ъ"),
    "’": ("ь",),
    "`": ("ь",),
}
GROUPS = sorted(READINGS, key=len, reverse=True)
BEAM = 48
MAX_WORD = 30


def _is_prefix(prefix: str) -> bool:
    """Whether some dictionary word starts with ``prefix``."""
    return next(iter(morph_analyzer().dictionary.words.iterkeys(prefix)), None) is not None


@lru_cache(maxsize=4096)
def to_cyrillic(word: str) -> str | None:
    """The Russian word ``word`` spells in Latin letters, or None.

    >>> [to_cyrillic(w) for w in ("zvuka", "vklyuchit", "podelitsya", "razmyt'", "schyot", "zoom")]
    ['звука', 'включит', 'поделится', 'размыть', 'счет', None]
    """
    word = word.lower()
    if not word.isascii() or len(word) > MAX_WORD or not any(ch.isalpha() for ch in word):
        return None
    beam: dict[str, int] = {"": 0}  # Cyrillic so far -> unusual choices made
    position = {"": 0}
    for _ in range(len(word)):
        grown: dict[str, int] = {}
        grown_at: dict[str, int] = {}
        for prefix, cost in beam.items():
            at = position[prefix]
            if at == len(word):
                _keep(grown, grown_at, prefix, cost, at)
                continue
            for group in GROUPS:
                if not word.startswith(group, at):
                    continue
                for rank, letters in enumerate(READINGS[group]):
                    candidate = prefix + letters
                    if _is_prefix(candidate):
                        _keep(grown, grown_at, candidate, cost + rank, at + len(group))
        if not grown:
            return None
        best = sorted(grown, key=lambda p: (grown[p], -grown_at[p]))[:BEAM]
        beam = {p: grown[p] for p in best}
        position = {p: grown_at[p] for p in best}
        if all(at == len(word) for at in position.values()):
            break
    morph = morph_analyzer()
    done = [p for p in beam if position[p] == len(word) and morph.word_is_known(p)]
    if not done:
        return None
    return fold(min(done, key=lambda p: (beam[p], len(p))))


def _keep(grown: dict[str, int], grown_at: dict[str, int], prefix: str, cost: int, at: int) -> None:
    if prefix not in grown or cost < grown[prefix]:
        grown[prefix], grown_at[prefix] = cost, at
