"""A general English-Russian dictionary, read backwards, for the Russian
words the corpus's translations never used.

Debian packages Mueller's English-Russian dictionary for dictd
(``mueller7-dict``: ``/usr/share/dictd/mueller7.dict.dz``). Each entry is an
English headword followed by its Russian senses; read backwards, a Russian
lemma gets the English headwords whose entries name it among their first
senses. Only headwords the help center itself uses are kept, and a lemma
that many of them name is too general to translate, so each pair is
weighted by how specific it is, and by how early the entry gives the lemma:
"window" gives «окно» first, "gap" only among its later senses. The
dictionary is optional: without it there are no pairs and everything else
works the same.

Reading the 6 MB dictionary takes a few seconds, so the reversed table is
kept in a cache file (and in memory), keyed by the dictionary's size and
modification time: in ``$XDG_CACHE_HOME/spravka`` (``~/.cache/spravka``),
shared by every index this user builds.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from search.index.analysis import CYRILLIC, analyze

DICTIONARY = Path("/usr/share/dictd/mueller7.dict.dz")
SENSE_WORDS = 20  # Russian words of an entry's first senses that count
MAX_HEADWORDS = 30  # a lemma named by more of the help center's words is too general
MAX_TRANSLATIONS = 3
CACHE_VERSION = 3  # bumped when the cached table's shape changes (its name holds SENSE_WORDS too)
HEADWORD = re.compile(r"^([a-z][a-z-]*)$")
# Parts of a sense: separated by punctuation; one with Latin letters is an
# English example with its translation, not a translation of the headword.
CHUNK = re.compile(r"[;,()]")
LATIN = re.compile(r"[a-z]{2}")
# The transcription (``[↗wɪndɜʊ]``) and the labels (``_n.``, ``_attr.``,
# ``_разг.``) that stand on a sense's line: not examples, though Latin.
NOT_A_SENSE = re.compile(r"\[[^\]]*\]|_\S+")


def dictionary_pairs(
    english_terms: set[str], cache_dir: Path | None = None, path: Path = DICTIONARY
) -> dict[str, list[tuple[str, float]]]:
    """``{russian_lemma: [(english_stem, weight), ...]}`` for the English
    stems in ``english_terms``; {} when the dictionary is not installed."""
    reversed_entries = _reversed(path, cache_dir or user_cache())
    pairs = {}
    for lemma, named in reversed_entries.items():
        used = sorted((place, stem) for stem, place in named.items() if stem in english_terms)
        if used and len(used) <= MAX_HEADWORDS:
            # The word that an entry gives first is what the headword means;
            # one given late is a rarer sense ("gap": ... «окно» in a timetable).
            pairs[lemma] = [(stem, round(1 / len(used) / (1 + place), 3)) for place, stem in used][
                :MAX_TRANSLATIONS
            ]
    return pairs


def user_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "spravka"


def _reversed(path: Path, cache_dir: Path) -> dict[str, dict[str, int]]:
    """``{russian_lemma: {english_stem: place}}`` over the whole dictionary,
    where ``place`` is how many other Russian words the stem's entry gives
    before this one."""
    try:
        stat = path.stat()
    except OSError:
        return {}
    return _reversed_version(path, stat.st_size, int(stat.st_mtime), cache_dir)


@lru_cache(maxsize=2)
def _reversed_version(path: Path, size: int, mtime: int, cache_dir: Path) -> dict[str, dict[str, int]]:
    cache = cache_dir / f"dictionary-{CACHE_VERSION}-{SENSE_WORDS}-{size}-{mtime}.json"
    try:
        return json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    named: dict[str, dict[str, int]] = defaultdict(dict)
    with gzip.open(path, "rt", encoding="utf-8") as text:
        for headword, body in _entries(text):
            words = analyze(headword)
            if len(words) != 1:  # a stop word, or not one word
                continue
            stem = words[0][0]
            for place, lemma in enumerate(_first_senses(body)):
                named[lemma][stem] = min(place, named[lemma].get(stem, place))
    table = {lemma: dict(sorted(stems.items())) for lemma, stems in named.items()}
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_suffix(".tmp")
    tmp.write_text(json.dumps(table, ensure_ascii=False), encoding="utf-8")
    tmp.replace(cache)
    return table


def _entries(lines: Iterable[str]) -> Iterable[tuple[str, list[str]]]:
    """(headword, body lines) of each single-word entry: a headword sits at
    the start of a line, its body is indented."""
    headword, body = None, []
    for line in lines:
        if line.strip() and not line[0].isspace():
            if headword:
                yield headword, body
            match = HEADWORD.match(line.strip())
            headword, body = (match.group(1) if match else None), []
        elif headword:
            body.append(line)
    if headword:
        yield headword, body


def _first_senses(body: list[str]) -> list[str]:
    lemmas: list[str] = []
    for line in body:
        for chunk in CHUNK.split(NOT_A_SENSE.sub(" ", line)):
            if LATIN.search(chunk):
                continue
            for forms in analyze(chunk):
                if CYRILLIC.search(forms[0]) and forms[0] not in lemmas:
                    lemmas.append(forms[0])
        if len(lemmas) >= SENSE_WORDS:
            break
    return lemmas[:SENSE_WORDS]
