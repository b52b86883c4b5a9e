"""The best passage of an article for a query, with matched words marked.

Matching is by index term, not by string: the passage is analyzed with the
same pipeline as the index, so a query for «конференцию» marks «конференции»
and a query for "recording" marks "recorded".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import escape

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

_analyzer = SpravkaAnalyzer()


def snippet(text: str, terms: set[str], fallback: str = "") -> str:
    """HTML: escaped text with ``<mark>`` around each matched word."""
    text = _scanned(text)
    best, best_marks, best_score = None, [], 0
    for start, end in _candidates(text, _prefilter_keys(terms)):
        sentence = text[start:end]
        marks = _matches(sentence, terms)
        # Distinct terms count most: a sentence with both query words beats
        # one that repeats a single word.
        score = len({term for _, _, term in marks}) * 10 + len(marks)
        if score > best_score:
            best, best_marks, best_score = (start, end), marks, score
    if best is None:
        return escape(_shorten(fallback or text))
    start, end = best
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


def _candidates(text: str, keys: set[str]) -> list[tuple[int, int]]:
    """The sentences most likely to hold the best passage, in text order."""
    scored = []
    for start, end in _passages(text):
        lowered = fold(text[start:end])
        shared = sum(k in lowered for k in keys)
        if shared:
            scored.append((-shared, start, end))
    return sorted((start, end) for _, start, end in sorted(scored)[:CANDIDATES])


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


def _matches(sentence: str, terms: set[str]) -> list[tuple[int, int, str]]:
    marks = []
    for token in _analyzer(sentence, chars=True):
        if token.text in terms and (not marks or marks[-1][0] != token.startchar):
            marks.append((token.startchar, token.endchar, token.text))
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
