"""Markdown's blocks, read line by line as CommonMark reads them: code fences
and where they close, quotes, list items and their paragraphs, indented code.

The callout walk (``callouts``) and the fence preprocessor (``docs_markdown``)
both ask these, so they agree on where a block starts and ends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

CODE_FENCE = re.compile(r"^\s*(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
QUOTED = re.compile(r"^\s*> ?")
# A heading, whose kramdown attributes (`{: .no_toc }`) go on the next line.
ATX_HEADING = re.compile(r"^ {0,3}#{1,6}\s")
# An item of an ordered list at the margin (`1. Step`, `2) Step`).
ORDERED_ITEM = re.compile(r"^(?P<indent> {0,3})(?P<number>\d{1,9})(?P<delimiter>[.)])(?P<space>[ \t]+)(?=\S)")
# An item of a bulleted list at the margin (not a rule, `- - -`).
BULLET_ITEM = re.compile(r"^ {0,3}(?P<mark>[-*+])[ \t]+(?=\S)(?!(?:(?P=mark)[ \t]*)+$)")
# A blockquote's marks at the start of a line (not ``>}}``, which closes a shortcode).
QUOTE_MARKS = re.compile(r"^[ \t]*(?:>(?!\}\})[ \t]?)+")
# A line that starts a block of its own: it never goes on a sentence.
# (A line may start with the `>}}` that closes a shortcode: Hugo's pages
# often close one there.)
BLOCK_START = re.compile(r"^\s*(?:[-*+]\s|\d+[.)]\s|[|#]|>(?!\}\})|`{3}|~{3}|<)")


@dataclass
class FenceEnds:
    """Where the code fences of one list of lines close, remembered: for each
    fence marker, the first line from which none closes it. ``closes_fence``
    reads one line at a time, so none closes it later either, and a page of
    many unclosed fences costs one search, not one each."""

    unclosed_from: dict[str, int] = field(default_factory=dict)

    def end(self, lines: list[str], start: int, fence: str) -> int:
        """``fence_end``, remembered: the end of the page if it never closes."""
        if start >= self.unclosed_from.get(fence, len(lines) + 1):
            return len(lines)
        end = fence_end(lines, start, fence)
        if end == len(lines):
            self.unclosed_from[fence] = min(start, self.unclosed_from.get(fence, start))
        return end


def quote_depth(line: str) -> int:
    """How many quotes deep ``line`` is (``> >`` is two; ``>}}`` closes a shortcode)."""
    marks = QUOTE_MARKS.match(line)
    return marks[0].count(">") if marks else 0


def continuation(line: str, depth: int) -> str | None:
    """The text of ``line`` as a line of a sentence quoted ``depth`` deep:
    quoted as deep, or not quoted at all (Markdown's lazy continuation);
    None when it is quoted otherwise."""
    found = quote_depth(line)
    if found not in (depth, 0):
        return None
    marks = QUOTE_MARKS.match(line)
    return line[marks.end() :] if marks else line


def after_blank(lines: list[str], at: int) -> bool:
    """Whether line ``at`` is the first, or follows a blank line: where a block may open."""
    return at == 0 or not lines[at - 1].strip()


def left_margin(lines: list[str]) -> int:
    return min((len(line) - len(line.lstrip(" ")) for line in lines if line.strip()), default=0)


def indented_code(lines: list[str], at: int, known: dict[int, tuple[int, bool]]) -> bool:
    """Whether ``at`` starts a code block by indentation: four spaces in,
    after a blank line or a heading, unless it is a paragraph of the list
    item above it (Kubernetes' steps and notes). ``known`` keeps the answers
    for lines of one page (``_item_paragraph``).

    >>> pages = (["Text.", "", "    code"], ["1. Step", "", "    More."])
    >>> [indented_code(lines, 2, {}) for lines in pages]
    [True, False]
    >>> indented_code(["1. Step", "", "        code"], 2, {})
    True
    >>> indented_code(["1. Step", "", "    - Sub", "", "        More."], 4, {})
    False
    """
    line = lines[at].expandtabs(4)
    after = after_blank(lines, at) or ATX_HEADING.match(lines[at - 1])
    if not (line.strip() and line.startswith("    ") and after):
        return False
    return not _item_paragraph(lines, at, known)


def _item_paragraph(lines: list[str], at: int, known: dict[int, tuple[int, bool]]) -> bool:
    """Whether the indented line at ``at`` is a paragraph of a list item.

    ``ListIndents`` has put every level's items four spaces deeper than
    its parent's and their text four spaces past the mark, so a line four to
    seven spaces past the nearest item's mark above it is that item's text,
    and a line under such text is too unless it is four spaces deeper still
    (then it is code). Lines between that are as deep or deeper belong to
    the same item, so an answer ``known`` for one at the same depth is this
    line's too."""
    depth = _depth(lines[at])
    found = False
    for above in range(at - 1, -1, -1):
        if not lines[above].strip():
            continue
        margin = _depth(lines[above])
        if margin >= depth:
            if known.get(above, (-1, False))[0] == depth:
                found = known[above][1]
                break
            continue
        # Past an item's mark: its text up to seven spaces in; past text:
        # the same paragraph's item up to three spaces deeper.
        found = depth < margin + 8 if _list_item(lines, above) else margin >= 4 and depth < margin + 4
        break
    known[at] = (depth, found)
    return found


def _depth(line: str) -> int:
    text = line.expandtabs(4)
    return len(text) - len(text.lstrip(" "))


def _list_item(lines: list[str], at: int) -> bool:
    """Whether ``lines[at]`` is a list item's first line. A number other
    than 1 under a paragraph of text goes on that text ("2019. It was…"),
    as CommonMark reads it, unless the paragraph is a list item's (it starts
    with an item's mark, or deeper than the number: an item's text): in a
    list, any number starts the next item."""
    ordered = ORDERED_ITEM.match(lines[at].lstrip(" "))
    if not ordered or may_break_text(ordered):
        return _marked(lines[at])
    first = None  # the first line of the paragraph above
    for above in range(at - 1, -1, -1):
        if not lines[above].strip() or ATX_HEADING.match(lines[above]):
            break
        first = lines[above]
    if first is None:
        return True  # after a blank line or a heading it opens a list itself
    return _depth(first) > _depth(lines[at]) or _marked(first)


def _marked(line: str) -> bool:
    """Whether ``line``, at any depth, starts with a list item's mark."""
    stripped = line.lstrip(" ")
    return bool(ORDERED_ITEM.match(stripped) or BULLET_ITEM.match(stripped))


def may_break_text(ordered: re.Match[str]) -> bool:
    """Whether an ordered item may start a list right under a line of text:
    in CommonMark only a list from 1 may ("2019. It was…" is text)."""
    return ordered["number"] == "1"


def closes_fence(line: str, fence: str) -> bool:
    """Whether ``line`` closes a code fence opened by ``fence``: that marker
    or a longer one, alone on the line.

    >>> closes_fence("  ````", "```"), closes_fence("``` js", "```")
    (True, False)
    """
    stripped = line.strip()
    return stripped.startswith(fence) and not stripped.strip(fence[0])


def fence_end(lines: list[str], start: int, fence: str) -> int:
    """Where the code fence opened by ``fence`` before ``start`` closes (the end of the page if never)."""
    return next((at for at in range(start, len(lines)) if closes_fence(lines[at], fence)), len(lines))


def indented_end(lines: list[str], start: int, indent: str) -> int:
    """The end of the body indented under a line at ``indent``: blank lines
    belong to it only when more of the body follows them."""
    end = at = start
    while at < len(lines):
        line = lines[at].expandtabs(4)
        if line.strip() and len(line) - len(line.lstrip(" ")) < len(indent) + 4:
            break
        at += 1
        end = at if line.strip() else end
    return end


def quote_end(lines: list[str], start: int) -> int:
    end = start
    while end < len(lines) and QUOTED.match(lines[end]):
        end += 1
    return end


def unquoted(lines: list[str]) -> list[str]:
    return [QUOTED.sub("", line, count=1) for line in lines]


def dedented(line: str, margin: int) -> str:
    line = line.expandtabs(4)
    return line[min(margin, len(line) - len(line.lstrip(" "))) :]
