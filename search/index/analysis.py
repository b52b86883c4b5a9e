"""Text analysis shared by the indexer and the query side.

Documents and queries must be analyzed by exactly the same pipeline, so this
module is the only place that knows how text becomes index terms:

    RegexTokenizer | CaseFoldFilter | StopFilter | MorphFilter

``MorphFilter`` is the heart of it: a Cyrillic token becomes *every* normal
form pymorphy3 knows for it, all at the token's position, so an ambiguous
word such as «стали» matches both «сталь» and «стать»; a Latin token becomes
its Snowball English stem; a token with digits (``5003``, ``1080p``) is kept
whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

import pymorphy3
from whoosh.analysis import Filter, RegexTokenizer, StopFilter, Token
from whoosh.lang import stopwords_for_language
from whoosh.lang.snowball.english import EnglishStemmer
from whoosh.lang.snowball.russian import RussianStemmer

# Words: letters and digits, optionally joined by an apostrophe ("don't").
# Hyphenated words split in two, so «онлайн-семинар» also matches «семинар».
TOKEN_PATTERN = r"\w+(?:['’]\w+)*"

CYRILLIC = re.compile(r"[а-яё]")
HAS_DIGIT = re.compile(r"\d")
CAMEL_HUMP = re.compile(r"[a-z][A-Z]")
# A name in code: a lower-case word followed by capitalized ones ("onMounted",
# "useDebouncedRef"), not a brand ("iPhone", "macOS") or a PascalCase word
# ("TypeScript").
# Possessive, so that a long name that fails at its end is not tried again
# at every hump.
CODE_NAME = re.compile(r"[a-z]{2,}(?:[A-Z][a-z]+)++[A-Za-z]*")
CAMEL_WORD = re.compile(r"[A-Z]?[a-z]+")
# A name in code of words joined by underscores ("__VUE_PROD_DEVTOOLS__").
SNAKE_NAME = re.compile(r"_*[^\W_]+(?:_[^\W_]+)+_*")

# A few words that the stock lists keep but that carry no meaning in a help
# center query ("how do I ...", «как мне ...»).
EXTRA_STOPWORDS = {
    "en": {"how", "do", "does", "i", "my", "me", "what", "why", "can", "can't", "cant", "get"},
    "ru": {"как", "мне", "мой", "моя", "мои", "почему", "что", "где", "можно", "ли", "это"},
}

# Words that change the meaning of a help query ("turn off", "sign out",
# «войти без пароля») stay searchable even though the stock lists drop them;
# «под» is also Kubernetes' pod in Russian («удалить под»).
KEEP_WORDS = {"off", "on", "out", "без", "под"}


def fold(text: str) -> str:
    """Lower case, «ё» written as «е», a word's look-alike letters in its own
    script: how every word is compared.

    >>> fold("Ёлка Zoom")
    'елка zoom'
    """
    folded = text.lower().replace("ё", "е")
    if not MIXED_SCRIPTS.search(folded):
        return folded
    # Read as typed: the case tells a term declined («JSONе») from a slip («nodе»).
    return MIXED_WORD.sub(_one_script, text).lower().replace("ё", "е")


# Letters that Cyrillic and Latin write alike (lower-cased: «С» is «с», "M" is
# "m"). A word typed with the keyboard switched halfway («нacтройки» with a
# Latin "a" and "c"), or a title pasted with a Cyrillic «С» in "Сolumn", reads
# as another word to every index; written in the script of the rest of the
# word, it is the word its reader sees.
LOOK_ALIKE = {
    **{"а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h"},
    **{"о": "o", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x"},
}
TO_LATIN = str.maketrans(LOOK_ALIKE)
LATIN_LOOK_ALIKE = {latin: cyrillic for cyrillic, latin in LOOK_ALIKE.items()}
TO_CYRILLIC = str.maketrans(LATIN_LOOK_ALIKE)
MIXED_SCRIPTS = re.compile(r"[a-z][а-яё]|[а-яё][a-z]")
# A word of letters that mixes the scripts. Tried from a word's start only,
# never from inside one, so that a long run of letters is scanned in linear time.
MIXED_WORD = re.compile(r"(?<![a-zа-яё])(?=[a-zа-яё]*?(?:[a-z][а-яё]|[а-яё][a-z]))[a-zа-яё]++", re.I)
SCRIPT_RUN = re.compile(r"[a-z]++|[а-яё]++", re.I)
# A Russian case ending on a Latin term in capitals: «в JSONе», «URLа», «с CSSом».
CASE_ENDINGS = {"а", "я", "у", "ю", "е", "и", "ы", "ом", "ем", "ой", "ов", "ам", "ах", "ами"}


def _one_script(word: re.Match[str]) -> str:
    """A word of both scripts in the one most of its letters are in, when
    all the others look alike in it; as written otherwise («XMLфайл»), and
    so is a term in capitals with a Russian case ending («JSONе», «CSSом»).

    >>> fold("нacтройки Сolumn XMLфайл JSONе звукa nodе")
    'настройки column xmlфайл jsonе звука node'
    """
    runs = SCRIPT_RUN.findall(word[0])
    text = word[0].lower().replace("ё", "е")
    latin = sum(len(run) for run in runs if run.isascii())
    cyrillic = len(text) - latin
    declined = len(runs) == 2 and len(runs[0]) > 1 and runs[0].isupper() and runs[1].lower() in CASE_ENDINGS
    if latin > cyrillic and not declined and all(c in LOOK_ALIKE for c in text if not c.isascii()):
        return text.translate(TO_LATIN)
    if cyrillic > latin and all(c in LATIN_LOOK_ALIKE for c in text if c.isascii()):
        return text.translate(TO_CYRILLIC)
    return text


def _stoplist() -> frozenset[str]:
    words: set[str] = set()
    for lang in ("en", "ru"):
        words |= set(stopwords_for_language(lang)) | EXTRA_STOPWORDS[lang]
    return frozenset(fold(w) for w in words - KEEP_WORDS)


STOPWORDS = _stoplist()

# Entries of each word cache. A help center uses some thousands of word forms
# (the shipped one about 6,000), so nearly every lookup stays a hit, while
# queries of made-up words cannot grow a worker: an entry takes about 370
# bytes, so each cache stays near 4.5 MiB. The query side's word caches
# (spelling, relatives, cognates) take the same size, and with the results
# caches all of them full add under a third to a warm worker.
WORD_CACHE_SIZE = 12_288


@lru_cache(maxsize=1)
def morph_analyzer() -> pymorphy3.MorphAnalyzer:
    """The process-wide pymorphy3 analyzer (loading dictionaries takes ~0.3 s)."""
    return pymorphy3.MorphAnalyzer()


# Lemmas a caller already knows (the indexer keeps those of its last build
# on disk), so that pymorphy3 parses only the words it has never seen.
_known_lemmas: dict[str, tuple[str, ...]] = {}


def remember_lemmas(table: dict[str, tuple[str, ...]]) -> None:
    """Take ``table`` (``{word: russian_lemmas(word)}``) as already parsed."""
    _known_lemmas.update(table)


@lru_cache(maxsize=WORD_CACHE_SIZE)
def russian_lemmas(word: str) -> tuple[str, ...]:
    """All normal forms of a lower-case Cyrillic word, most probable first.

    Cached: an uncached pymorphy3 parse costs tens of microseconds and a help
    center repeats the same few thousand words over and over.
    """
    known = _known_lemmas.get(word)
    if known is not None:
        return known
    forms: list[str] = []
    for parse in morph_analyzer().parse(word):
        form = parse.normal_form.replace("ё", "е")
        if form not in forms:
            forms.append(form)
    return tuple(forms) or (word,)


_english_stemmer = EnglishStemmer()


@lru_cache(maxsize=WORD_CACHE_SIZE)
def english_stem(word: str) -> str:
    return _english_stemmer.stem(word)


_russian_stemmer = RussianStemmer()


@lru_cache(maxsize=WORD_CACHE_SIZE)
def russian_stem(word: str) -> str:
    """Snowball's Russian stem: not an index term (Russian is indexed by
    lemma), but what tells related words apart from look-alikes.

    >>> russian_stem("передача"), russian_stem("передать")
    ('передач', 'переда')
    """
    return _russian_stemmer.stem(word)


def term_forms(word: str, code: bool = False) -> tuple[str, ...]:
    """Index terms for one lower-case, ё-folded token."""
    if HAS_DIGIT.search(word):
        return (word,)
    if CYRILLIC.search(word):
        return russian_lemmas(word)
    stem = english_stem(word)
    if code and stem != word:
        return (word, stem)
    return (stem,)


def is_cyrillic(word: str) -> bool:
    return bool(CYRILLIC.search(word.lower()))


class CaseFoldFilter(Filter):
    """Lower-cases, folds «ё» into «е», and marks codes.

    Writers and readers use «ё» and «е» interchangeably. A token is a code
    when it has digits (``5003``, ``1080p``), a camel-case hump
    (``useState``) or underscores between words (``max_safe_integer``); the
    casing is gone after this filter, so the mark is set here, on every
    token, because tokenizers reuse one ``Token`` object. When indexing, the
    token also carries the words of a name in code (``code_parts``).
    """

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            if t.mode == "index":
                t.text, t.code, t.parts = _read_indexed_token(t.text)
            else:
                t.text, t.code, _ = _read_token(t.text)
                t.parts = ()
            yield t


def _read_token(word: str) -> tuple[str, bool, tuple[str, ...]]:
    """A token as written: its folded text, whether it is a code, and the
    words of a name in code."""
    code = bool(HAS_DIGIT.search(word) or CAMEL_HUMP.search(word) or SNAKE_NAME.fullmatch(word))
    return fold(word), code, code_parts(word) if code else ()


def code_parts(name: str) -> tuple[str, ...]:
    """The words of a name in code worth indexing on their own.

    Documentation names things in code (``useDebouncedRef``,
    ``onMounted``), and readers ask in words ("debounced ref"); the name
    itself stays a term too, so the exact name still ranks first. Short
    words ("on", "is") would match nearly everything, so they are left out.

    >>> code_parts("useDebouncedRef"), code_parts("onMounted")
    (('use', 'debounced', 'ref'), ('mounted',))
    >>> code_parts("__VUE_PROD_DEVTOOLS__"), code_parts("1_000_000")
    (('vue', 'prod', 'devtools'), ())
    >>> code_parts("iPhone"), code_parts("macOS"), code_parts("TypeScript")
    ((), (), ())
    """
    if SNAKE_NAME.fullmatch(name):
        words = (fold(word) for word in name.split("_"))
    elif CODE_NAME.fullmatch(name):
        words = (fold(word) for word in CAMEL_WORD.findall(name))
    else:
        return ()
    return tuple(w for w in words if len(w) > 2 and not w.isdigit() and w not in STOPWORDS)


# An article repeats its words over and over, and reading a word (three
# patterns, then its forms) is most of what these filters cost when indexing.
# Queries read each word once (their results are cached), and a cache there
# would only grow with made-up words, so it is for indexing alone.
_read_indexed_token = lru_cache(maxsize=WORD_CACHE_SIZE)(_read_token)
_indexed_term_forms = lru_cache(maxsize=WORD_CACHE_SIZE)(term_forms)


class MorphFilter(Filter):
    """Replaces each token by its lemmas (Cyrillic) or stem (Latin).

    Every form is yielded at the position of the original token, so phrase
    queries and highlighting see one word, whichever form matched.
    """

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            forms = _indexed_term_forms(t.text, t.code) if t.mode == "index" else term_forms(t.text, t.code)
            if t.parts:  # set by CaseFoldFilter, which every analyzer with this filter runs first
                forms = tuple(dict.fromkeys(forms + tuple(f for part in t.parts for f in term_forms(part))))
            for form in forms:
                t.text = form
                yield t


def _base():
    return RegexTokenizer(TOKEN_PATTERN) | CaseFoldFilter() | StopFilter(stoplist=STOPWORDS, minsize=1)


def SpravkaAnalyzer():
    """The analyzer of every text field of the index and of every query."""
    return _base() | MorphFilter()


def SurfaceAnalyzer():
    """Tokenizes like ``SpravkaAnalyzer`` but keeps the words as written.

    Used for the spelling vocabulary, which is made of real words rather than
    lemmas, so that a suggestion is something a person would type.
    """
    return _base()


_analyzer = SpravkaAnalyzer()
_surface = SurfaceAnalyzer()


def analyze(text: str, mode: str = "") -> list[list[str]]:
    """Terms of ``text``, grouped per word: one inner list per position.
    As a query is read, or with ``mode="index"`` every term the index holds
    (the words of names in code too)."""
    return list(iter_words(text, mode))


def iter_words(text: str, mode: str = "") -> Iterator[list[str]]:
    """``analyze``, a word at a time: a caller that needs only the first
    words of a long text does not pay for analyzing the rest."""
    word: list[str] = []
    last_pos = None
    for t in _analyzer(text, positions=True, mode=mode):
        if t.pos != last_pos and word:
            yield word
            word = []
        last_pos = t.pos
        if t.text not in word:
            word.append(t.text)
    if word:
        yield word


def surface_words(text: str, mode: str = "") -> list[str]:
    """The words of ``text`` as written (lower-case, ё folded, no stop words);
    ``mode="index"`` for an article's text, as ``analyze`` takes it."""
    return [t.text for t in _surface(text, mode=mode)]
