"""Cognates: Russian words that are English words written in Cyrillic
(«робот», «впн», «аккаунт», «вебинар»).

A help center's Russian is full of borrowed product words. Written in Latin
letters and reduced to a rough sound key (``k`` for c/k/q, ``v`` for w, no
doubled letters, no vowels after the first letter), such a word meets the
English stem it came from, with no dictionary and no translated article
needed. The key is deliberately coarse, so a match is only taken between
words of similar length.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from search.index.analysis import WORD_CACHE_SIZE, morph_analyzer
from search.query.aspects import LOAN_VERB_PREFIXES

_ROMAN = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z",
        "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
        "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch",
        "ш": "sh", "щ": "sh", "ъ": "", "ы": "i", "ь": "", "э": "e", "ю": "u", "я": "a",
    }
)  # fmt: skip
_SOUNDS = [
    (re.compile(pattern), sound)
    for pattern, sound in [
        ("ph", "f"),
        ("c(?=[eiy])", "s"),
        ("[cqk]", "k"),
        ("w", "v"),
        ("x", "ks"),
        ("y", "i"),
        ("z", "s"),
    ]
]
_DOUBLE = re.compile(r"(.)\1+")
_VOWELS = re.compile(r"(?<=.)[aeiou]+")
MIN_KEY = 3  # shorter keys match too many words
SHORT_KEY = 2  # ... but a loan no Russian dictionary knows may meet the word it begins
FUZZY_KEY = 5  # keys this long may match one sound apart
MAX_SPELLING_DISTANCE = 0.35  # share of letters two cognates' spellings may differ in
LENGTH_SLACK = 2  # letters two cognates' spellings may differ by


def cognates(russian: str, english_by_key: dict[str, list[str]]) -> list[str]:
    """English terms of ``english_by_key`` (sound key -> terms) that sound
    like the Russian word ``russian``: the same key, or, for longer keys, one
    sound apart with the same first sound; always of about the same length.

    An English plural borrowed whole («пропс», props) also meets its stem,
    and a loan verb the stem it is made of, spelled the same.

    >>> cognates("робот", {"rbt": ["robot"], "rpt": ["report"]}), cognates("пропс", {"prp": ["prop"]})
    (['robot'], ['prop'])
    >>> cognates("протестировать", {"tst": ["taste", "test"]})
    ['test']
    """
    return _cognates(russian, english_by_key, _neighbours(english_by_key))


def _cognates(russian: str, english_by_key: dict[str, list[str]], neighbours: Neighbours) -> list[str]:
    latin = romanize(russian)
    readings = [latin, latin[:-1]] if latin.endswith("s") and len(latin) > MIN_KEY + 1 else [latin]
    found: list[str] = []
    for reading in readings:
        found += [term for term in _sounding_like(reading, english_by_key, neighbours) if term not in found]
    if not found and len(sound_key(latin)) == SHORT_KEY and not morph_analyzer().word_is_known(russian):
        found = _begun_by(latin, english_by_key)
    # A stem guessed from a verb's ending is a guess already: it meets
    # only a word spelled the same («тестировать»: *test*, not *taste*).
    for readings in loan_verb_stems(latin):
        spelled = [
            term
            for reading in readings
            for term in english_by_key.get(sound_key(reading), [])
            if _spelling(term) == _spelling(reading)
        ]
        if spelled:
            return found + [term for term in dict.fromkeys(spelled) if term not in found]
    for stem in loan_word_stems(russian, latin):
        # The stem spelled as English spells it, if any: «модалка» is
        # *modal*, whose key *model* and *module* share.
        near = _sounding_like(stem, english_by_key, neighbours)
        near = [term for term in near if _spelling(term) == _spelling(stem)] or near
        found += [term for term in near if term not in found]
    return found


# A verb made of a borrowed stem takes -ировать (-изировать): «тестировать»
# is *test*, «валидировать» *validate*, «оптимизировать» *optimize*; a
# perfective adds a prefix («протестировать», «отформатировать»).
LOAN_VERB = re.compile(r"(.{3,})irovat")
PERFECTIVE_PREFIXES = tuple(prefix.translate(_ROMAN) for prefix in LOAN_VERB_PREFIXES)


def loan_verb_stems(latin: str) -> tuple[list[str], list[str]]:
    """The English stems a romanized loan verb may stand for, and, to try
    only if those meet nothing, the same without a perfective prefix (so
    that «программировать» is *program*, not *gram*).

    >>> loan_verb_stems("analizirovat")
    (['analiz', 'analizat', 'anal', 'analat'], [])
    >>> loan_verb_stems("protestirovat")[1], loan_verb_stems("govorit")
    (['test', 'testat'], ([], []))
    """
    verb = LOAN_VERB.fullmatch(latin)
    if not verb:
        return [], []
    stem = verb[1]
    bare = _without_perfective_prefix(stem)
    return _verb_readings(stem), _verb_readings(bare) if bare else []


def _without_perfective_prefix(stem: str) -> str:
    """A romanized stem without the prefix that made its verb perfective
    (``protest`` -> ``test``), or "" when it has none or too little is left."""
    prefix = next((p for p in PERFECTIVE_PREFIXES if stem.startswith(p)), "")
    return stem[len(prefix) :] if prefix and len(stem) - len(prefix) >= MIN_KEY + 1 else ""


# Russian endings a borrowed stem takes in speech: verbs («рендерить»,
# «деплоиться», «линковать»), nouns in -ка («модалка», «мобилка»),
# adjectives («кастомный», «дефолтный», «скриптовый»).
LOAN_ENDING = re.compile(r"(?P<stem>.{4,}?)(?:(?:ova|i|a|e)t(?:sa)?|ka|(?:ov|n)ii)")


def loan_word_stems(russian: str, latin: str) -> list[str]:
    """The borrowed stems a romanized word may be, for a word that no
    dictionary of Russian knows («задеплоить», «кастомный»): a loan too new
    for one. A known word is Russian, whose stem may only look like an
    English one («работать» is not *robot*); a known loan that keeps its
    English spelling is met by its whole word or its verb's stem.

    >>> loan_word_stems("задеплоить", "zadeploit"), loan_word_stems("модалка", "modalka")
    (['zadeplo', 'deplo'], ['modal'])
    >>> loan_word_stems("работать", "rabotat")
    []
    """
    ending = LOAN_ENDING.fullmatch(latin)
    if not ending or morph_analyzer().word_is_known(russian):
        return []
    stem = ending["stem"]
    bare = _without_perfective_prefix(stem)
    return [stem, bare] if bare else [stem]


def _verb_readings(stem: str) -> list[str]:
    """-изировать is -ize, which English stems keep («анализировать»:
    *analyz*) or drop («оптимизировать»: *optim*); -ировать may be -ate."""
    stems = [stem, stem[:-2]] if stem.endswith("iz") and len(stem) > MIN_KEY + 2 else [stem]
    return [reading for s in stems for reading in (s, s + "at")]


def cognate_finder(english_by_key: dict[str, list[str]]) -> Callable[[str], tuple[str, ...]]:
    """``cognates`` against one table, each word's answer kept: a reader's
    words recur from query to query, and a lookup compares the word's key
    with every key of the table."""

    neighbours = _neighbours(english_by_key)

    @lru_cache(maxsize=WORD_CACHE_SIZE)
    def find(russian: str) -> tuple[str, ...]:
        return tuple(_cognates(russian, english_by_key, neighbours))

    return find


Neighbours = Callable[[str], list[str]]


def _neighbours(english_by_key: dict[str, list[str]]) -> Neighbours:
    """The keys one sound apart from a key, with its first sound, in the
    table's order. Keys are grouped by first sound and length, so a new
    word costs a few dozen comparisons where a scan of a large corpus's
    table costs thousands."""
    position = {key: n for n, key in enumerate(english_by_key)}
    buckets: dict[tuple[str, int], list[str]] = {}
    for key in english_by_key:
        buckets.setdefault((key[0], len(key)), []).append(key)

    def neighbours(key: str) -> list[str]:
        near = [
            k
            for length in (len(key) - 1, len(key), len(key) + 1)
            for k in buckets.get((key[0], length), ())
            if k != key and _one_apart(k, key)
        ]
        return sorted(near, key=position.__getitem__)

    return neighbours


def _sounding_like(latin: str, english_by_key: dict[str, list[str]], neighbours: Neighbours) -> list[str]:
    key = sound_key(latin)
    if len(key) < MIN_KEY:
        return []
    near = [key]
    if len(key) >= FUZZY_KEY:
        near += neighbours(key)
    spelled = _spelling(latin)
    return [
        term
        for k in near
        for term in english_by_key.get(k, [])
        if abs(len(term) - len(latin)) <= LENGTH_SLACK
        and Levenshtein.normalized_distance(_spelling(term), spelled) <= MAX_SPELLING_DISTANCE
    ]


def _begun_by(latin: str, english_by_key: dict[str, list[str]]) -> list[str]:
    """The English words of a short loan's key that begin with its letters
    before the Russian ending, as written: «нода», «нод» are *node*, while *need*, of the
    same key, is not.

    >>> _begun_by("noda", {"nd": ["need", "node"]}), _begun_by("nod", {"nd": ["need", "node"]})
    (['node'], ['node'])
    """
    stem = latin.rstrip("aeiou")
    return [
        term
        for term in english_by_key.get(sound_key(latin), [])
        if term.startswith(stem) and abs(len(term) - len(latin)) <= LENGTH_SLACK
    ]


def _spelling(latin: str) -> str:
    """The spelling with sounds unified but vowels kept, to compare two
    words whose keys agree."""
    for pattern, sound in _SOUNDS:
        latin = pattern.sub(sound, latin)
    return _DOUBLE.sub(r"\1", latin)


def _one_apart(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def romanize(word: str) -> str:
    """A Cyrillic word in Latin letters, the way its sounds are usually spelled.

    >>> romanize("вебинар"), romanize("аккаунт")
    ('vebinar', 'akkaunt')
    """
    return word.translate(_ROMAN)


def sound_key(latin: str) -> str:
    """A rough key of how a Latin-letter word sounds.

    >>> sound_key("webinar") == sound_key(romanize("вебинар"))
    True
    >>> sound_key("account") == sound_key(romanize("аккаунт"))
    True
    """
    for pattern, sound in _SOUNDS:
        latin = pattern.sub(sound, latin)
    return _DOUBLE.sub(r"\1", _VOWELS.sub("", _DOUBLE.sub(r"\1", latin)))
