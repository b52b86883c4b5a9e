"""The best passage of an article for a query, with matched words marked.

Matching is by index term, not by string: the passage is analyzed with the
same pipeline as the index, so a query for «конференцию» marks «конференции»
and a query for "recording" marks "recorded".

What does not depend on the query is done once per article (``Passages``):
cutting the text into passages and folding them, and analyzing a passage,
the costly step, the first time a query picks it as a candidate. The engine
keeps an article's ``Passages`` for every query that shows it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from html import escape
from itertools import accumulate

from search.index.analysis import HAS_DIGIT, SpravkaAnalyzer, fold

SNIPPET_CHARS = 220
# Sentences analyzed per article: the ones sharing most word beginnings with
# the query. Analysis is the costly step, and the best passage is almost
# always among them.
CANDIDATES = 3
# A sentence ends at a line end, or at . ! ? followed by a capital: «См. статью»
# and "e.g. the" are not two sentences.
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZА-ЯЁ0-9«\"(])|\n")
# Only the start of an article is searched for a passage: a help article fits
# many times over, and a 5 MB one must not cost every query that shows it a
# scan of its whole body.
SCAN_CHARS = 50_000
# A table is stored one cell a line. A cell is a short line without a full
# stop; up to ROW_CELLS cells in a row make one passage, and a cell that starts
# with a number starts a new one (the next row of a table of codes).
ROW_CELLS = 4
CELL_CHARS = 80
CELL_SEPARATOR = " · "
# Bytes an analyzed token is counted for (a tuple of two offsets and a
# term), and the rest of a passage: what ``Passages.nbytes`` reports.
TOKEN_BYTES = 120
PASSAGE_BYTES = 150

Token = tuple[int, int, str]  # start and end in the passage, index term

_analyzer = SpravkaAnalyzer()


class Passages:
    """An article's text cut into passages, with each passage's folded text
    and, once a query has needed them, its index terms.

    Shared by the threads of a worker: a passage analyzed twice at once
    gives the same tokens twice, and storing a list item is atomic.
    """

    def __init__(self, text: str) -> None:
        self.text = _scanned(text)
        self.spans = list(_passages(self.text))
        # Every passage folded, one a line: a query's word beginnings are
        # looked for in one string, at C speed, not passage by passage
        # (a long page has thousands). No key holds a line end, so a match
        # never spans two passages.
        folded = [fold(self.text[start:end]) for start, end in self.spans]
        self.folded = "\n".join(folded)
        self.starts = list(accumulate((len(f) + 1 for f in folded[:-1]), initial=0))
        self._tokens: list[tuple[Token, ...] | None] = [None] * len(self.spans)
        self._analyzed_tokens = 0
        # The text, folded once more: a byte a character if ASCII, else two.
        self._text_bytes = 2 * len(self.text) * (1 if self.text.isascii() else 2)

    def nbytes(self) -> int:
        """About what it holds: the texts, and the tokens of the passages
        analyzed so far (it grows as queries pick passages)."""
        return self._text_bytes + PASSAGE_BYTES * len(self.spans) + TOKEN_BYTES * self._analyzed_tokens

    def tokens(self, number: int) -> tuple[Token, ...]:
        """The index terms of passage ``number``, every form of each word."""
        found = self._tokens[number]
        if found is None:
            start, end = self.spans[number]
            found = tuple(
                # As the index read it, so that a name in code is marked
                # for the words it is made of ("debounce" in useDebouncedRef).
                (t.startchar, t.endchar, t.text)
                for t in _analyzer(self.text[start:end], chars=True, mode="index")
            )
            self._tokens[number] = found
            self._analyzed_tokens += len(found)
        return found


def snippet(passages: Passages, terms: set[str], fallback: str = "") -> str:
    """HTML: escaped text with ``<mark>`` around each matched word."""
    best, best_marks, best_score = None, [], 0
    for number in _candidates(passages, _prefilter_keys(terms)):
        marks = _matches(passages.tokens(number), terms)
        # Distinct terms count most: a sentence with both query words beats
        # one that repeats a single word.
        score = len({term for _, _, term in marks}) * 10 + len(marks)
        if score > best_score:
            best, best_marks, best_score = number, marks, score
    text = passages.text
    if best is None:
        return escape(_shorten(fallback or text))
    start, end = passages.spans[best]
    return _render(text[start:end], best_marks)


def _scanned(text: str) -> str:
    if len(text) <= SCAN_CHARS:
        return text
    cut = text.rfind("\n", 0, SCAN_CHARS)
    return text[: cut if cut > 0 else SCAN_CHARS]


def _prefilter_keys(terms: set[str]) -> set[str]:
    # Analyzing every sentence of every hit is the slow part; a sentence that
    # shares no word beginning with the query cannot match, so only the ones
    # that do are analyzed. Lemmas and stems keep the start of the word
    # (конференция / конференции, record / recorded), hence a short prefix.
    # Codes are indexed whole, so they are looked for whole: «100» would pick
    # the first rows of a table of codes instead of the row of 10004.
    return {t[: max(2, min(len(t) - 2, 5))] if len(t) > 3 and not HAS_DIGIT.search(t) else t for t in terms}


def _candidates(passages: Passages, keys: set[str]) -> list[int]:
    """The passages most likely to hold the best one (those sharing most
    keys, the first of equals), in text order."""
    shared: Counter[int] = Counter()
    for key in keys:
        shared.update(_holding(passages, key))
    scored = sorted((-count, number) for number, count in shared.items())
    return sorted(number for _, number in scored[:CANDIDATES])


def _holding(passages: Passages, key: str) -> Iterator[int]:
    """The passages whose folded text contains ``key``, each once."""
    folded, starts = passages.folded, passages.starts
    found = folded.find(key)
    while found >= 0:
        number = bisect_right(starts, found) - 1
        yield number
        if number + 1 == len(starts):
            return
        found = folded.find(key, starts[number + 1])


def _passages(text: str) -> Iterator[tuple[int, int]]:
    """Sentences, except that the cells of a table row come as one passage,
    so that a code is shown with its meaning rather than alone."""
    row: list[int] | None = None  # start, end, cells
    for start, end in _sentences(text):
        piece = text[start:end]
        cell = len(piece) <= CELL_CHARS and not piece.endswith((".", "!", "?", ":"))
        if row and cell and row[2] < ROW_CELLS and not _starts_with_number(piece):
            row[1:] = [end, row[2] + 1]
            continue
        if row:
            yield row[0], row[1]
            row = None
        if cell:
            row = [start, end, 1]
        else:
            yield start, end
    if row:
        yield row[0], row[1]


def _starts_with_number(piece: str) -> bool:
    return piece[:1].isdigit()


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for match in SENTENCE_END.finditer(text):
        if match.start() > start:
            yield start, match.start()
        start = match.end()
    if start < len(text):
        yield start, len(text)


def _matches(tokens: tuple[Token, ...], terms: set[str]) -> list[Token]:
    marks: list[Token] = []
    for token in tokens:
        if token[2] in terms and (not marks or marks[-1][0] != token[0]):
            marks.append(token)
    return marks


def _render(sentence: str, marks: list[tuple[int, int, str]]) -> str:
    # Keep the window around the first match when the sentence is long.
    offset = 0
    if len(sentence) > SNIPPET_CHARS and marks:
        offset = max(0, marks[0][0] - SNIPPET_CHARS // 4)
        offset = sentence.rfind(" ", 0, offset) + 1 if offset else 0
    window_end = offset + SNIPPET_CHARS
    parts, cursor = [], offset
    prefix = "… " if offset else ""
    for start, end, _ in marks:
        if start < cursor or end > window_end:
            continue
        parts.append(escape(sentence[cursor:start]))
        parts.append(f"<mark>{escape(sentence[start:end])}</mark>")
        cursor = end
    tail = sentence[cursor:window_end]
    suffix = "…" if window_end < len(sentence) else ""
    if suffix:
        tail = tail[: tail.rfind(" ")] if " " in tail else tail
    parts.append(escape(tail))
    return (prefix + "".join(parts) + (" " + suffix if suffix else "")).replace("\n", CELL_SEPARATOR)


def _shorten(text: str) -> str:
    if len(text) <= SNIPPET_CHARS:
        return text
    cut = text.rfind(" ", 0, SNIPPET_CHARS)
    return text[: cut if cut > 0 else SNIPPET_CHARS] + " …"
