"""Markdown as documentation trees write it (VitePress, Docusaurus, MkDocs),
taught to Python-Markdown as one extension.

Containers::

    ::: tip Optional title            :::note
    Markdown inside.                  Markdown inside.
    :::                               :::

become ``<div class="note note-tip" role="note">`` holding a bold title and
the rendered inside; ``::: details Title`` becomes ``<details>`` with the
title as its ``<summary>``. Any other kind (``info``, ``important``...) is a
note of that kind, so no container ever leaves its ``:::`` lines as text;
a ``code-group`` (VitePress's tabs of code, each fence's label in brackets)
is its fences, each under its label, as tabs are.
Longer fences (``::::``) nest containers, as in VitePress.

Code fences with line highlights or a file name (```` ```js{1,3} ````,
```` ```sh [npm] ````, ```` ```py title="main.py" ````, react.dev's
```` ```js App.js active ````) keep only their language (the label or the
file's name goes above the code, in bold; a file marked ``hidden`` is left
out, as the site leaves it out): Python-Markdown would not
open such a fence, and the next bare ```` ``` ```` would start a code block
that swallows the prose after it.

A block-level tag alone on its line (``<div class="options-api">``) gets
``markdown="1"``: CommonMark ends an HTML block at the next blank line, so
docs trees write Markdown inside such tags, which Python-Markdown would
otherwise keep as raw HTML, headings and all.

Other sites' callouts, tabs and template tags are rewritten as these
containers first (``indexer.callouts``, which writes them with
``indexer.notes``). ``- [x]`` task items show a checkbox.

An MDX page's ``import ... from "..."`` lines and one-line ``export``s
are code for the site's build, and are dropped.

Heading ids written without a space (``## Title{#id}``) get one, so
``attr_list`` takes them as the id rather than leaving them in the text;
a heading indented under a list item, and a fence indented there, move to
the margin, where Python-Markdown reads them; the steps of a list broken
there go on counting from its first number, as CommonMark counts them, and a
list or table right under a line of text is one, not words of the paragraph;
a sub-list two or three spaces under an item is nested in it, as CommonMark
nests it, where Python-Markdown would nest only at four.

A heading also answers to the anchors other sites would give it: besides
its own id (``python-slugify``: ``#node-js-on-linux``, as VitePress
writes), an empty ``<span>`` at its start carries GitHub's and Docusaurus's
(``#nodejs-on-linux``, Cyrillic kept as it is, a repeated heading ``-1``,
``-2``...) and MkDocs's, so that links written for the tree's own site land
on the heading.
"""

from __future__ import annotations

import html
import re
import string
from bisect import bisect_right
from typing import NamedTuple

from markdown import Extension
from markdown.extensions import toc
from markdown.inlinepatterns import SubstituteTagInlineProcessor
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from indexer.blocks import BULLET_ITEM, ORDERED_ITEM, FenceEnds, closes_fence, may_break_text
from indexer.callouts import HIGHLIGHT_END, HIGHLIGHT_START, CalloutPreprocessor
from indexer.components import TAB_TITLE
from indexer.limits import MAX_NESTING
from indexer.notes import KINDS, as_text, note, tab_label

# A fence's opening: its language, then whatever options a site reads
# (`{1,3}`, `[npm]`, `title="a.js"`, `,ignore`, MyST's `{figure} a.png`),
# which Python-Markdown would not open a fence with. A backtick fence's
# options hold no backtick (CommonMark: ```a``` is a code span).
FENCE_OPENING = re.compile(r"^(?P<keep>\s*(?P<fence>`{3,}|~{3,})\s*[\w#.+-]*)(?:[^\w#.+`-][^`]*)?$")
# A heading indented under a list item, which Python-Markdown reads as text.
INDENTED_HEADING = re.compile(r"^ {1,3}(?=#{1,6}\s)")
# A heading's id at its end, written with no space before it (`## Setup{#setup}`).
HEADING = re.compile(r"#{1,6}\s.*\S")
HEADING_ID = re.compile(r"\{#[^}\s]+\}\s*")
# ... escaped, as MDX needs it written (Docusaurus: `## Setup \{#setup\}`).
FILE_NAME_CHARS = frozenset(string.ascii_letters + string.digits + "._-")
ESCAPED_HEADING_ID = re.compile(r"\\\{#(?P<id>[^}\s\\]+)\\\}\s*")
BLOCK_TAG = re.compile(
    r"^(?P<open>\s*<(?:div|section|article|aside|main|header|footer|details|blockquote|figure)\b"
    r"(?![^>]*\bmarkdown=)(?:[^>]*[^>\s/])?)\s*(?P<close>/?>)\s*$"
)
# `:::{tip}` is MyST's spelling of `::: tip`.
OPENING = re.compile(
    r"^(?P<indent>\s*)(?P<fence>:{3,})\s*\{?(?P<kind>[A-Za-z][\w-]*)?\}?\s*(?P<title>(?:.*\S)?)\s*$"
)
BRACKETED = re.compile(r"^\[([^\[\]]*)\]$")
# remark-directive's attributes after a container's kind (`:::caution{title="Careful"}`,
# `:::note{.wide}`): of them, only a title shows.
DIRECTIVE_ATTRIBUTES = re.compile(r"^\{[^{}]*\}$")
# VitePress's containers that only keep their inside from Vue, and its
# group of code tabs: not notes.
PLAIN_CONTAINERS = {"v-pre", "raw", "code-group"}
# A fence's label: as a code group's tabs name it (```sh [npm]) or a
# file's title (```py title="main.py"); else ``_fence_label`` reads a file's
# name after the language, as react.dev's examples name their files.
FENCE_BRACKET = re.compile(r"\[(?P<label>[^\[\]]+)\]\s*$")
# (Not one inside quotes: Expressive Code's ```mdx 'title="x"' marks that text.)
FENCE_TITLE = re.compile(r"""(?:^|\s)title=(?P<q>["'])(?P<title>.+?)(?P=q)""")
# The classes a container gives; the sanitizer keeps only these.
NOTE_CLASSES = {"note", *(f"note-{kind}" for kind in KINDS)}
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# An MDX page's imports and one-line exports (Docusaurus reads `.md` as MDX
# too): code for the site's build, not text of the page.
MDX_STATEMENT = re.compile(
    r"""^(?:import\s+(?:[\w$*{}\s,]+?\s+from\s+)?(?P<q>["'])[^"']+(?P=q);?"""
    r"|export\s+(?:default\s+)?(?:const|let|var|function)\s.*)\s*$"
)
# ... and their starts, where they go on over lines: an import's list of
# names (`import {` ... `} from '@site/src/components';`), an export's
# object or function, which ends where its brackets close.
MDX_IMPORT_START = re.compile(r"^import\s+(?:type\s+)?\{[^}]*$")
MDX_IMPORT_END = re.compile(r"""^[^"']*\bfrom\s+(["'])[^"']+\1;?\s*$""")
MDX_EXPORT_START = re.compile(
    r"^export\s+(?:(?:default\s+)?(?:const|let|var|function|class)\s|default\s*[({]|\{)"
)
MDX_STRING = re.compile(r"""("|'|`)(?:\\.|(?!\1).)*\1""")
MAX_STATEMENT_LINES = 100  # an MDX statement longer than this is not one: only its first line goes
# A component's tag alone on its line, with no expression (`<Badge type="tip" />`,
# `<ClientOnly>`, `</Demo>`): a Vue or MDX site's widget, which shows nothing
# here and would leave an empty paragraph. Indented four spaces, it is code.
COMPONENT_LINE = re.compile(r"""^ {0,3}</?[A-Z][\w.]*(?:\s(?:[^<>"'{}]|"[^"]*"|'[^']*')*)?>\s*$""")
# Any tag alone on its line, short of code's indent.
TAG_LINE = re.compile(r"^ {0,3}</?[A-Za-z][^<>]*>\s*$")
# A line that starts raw HTML, as CommonMark's HTML blocks start: a block
# element's tag or a comment (a tag alone on its line is one as well); an
# inline tag (<kbd>) starts a paragraph, whose backticks are code.
RAW_HTML = re.compile(
    r"^ {0,3}(?:<!--|</?(?:address|article|aside|blockquote|body|caption|center|col|colgroup|dd|details"
    r"|dialog|div|dl|dt|fieldset|figcaption|figure|footer|form|h[1-6]|header|hr|html|iframe|legend|li"
    r"|main|menu|nav|ol|p|pre|script|section|style|summary|table|tbody|td|tfoot|th|thead|tr|ul)(?=[\s/>]|$))",
    re.I,
)
# A code span opens with a run of backticks and closes with the next run of
# the same length (`` `a` ``, ``` `` a`b `` ```).
BACKTICKS = re.compile(r"`+")
# What stands for ``<`` in code spans until the page is rendered: inside a
# block read as Markdown (a note, ``<div markdown="1">``) Python-Markdown
# parses tags anywhere in the text, code spans included, and a span such as
# `<div id="app"></div>` would become a real, empty <div>.
CODE_LESS_THAN = "\x1a"  # a control character (not a space, which code spans trim): one byte in a str
# The row under a table's header: `|---|:--:|`, `--- | ---`.
TABLE_DELIMITER_ROW = re.compile(r"^ {0,3}\|?[ \t]*+:?-++:?[ \t]*+(?:\|[ \t]*+:?-++:?[ \t]*+)++\|?[ \t]*+$")
# A line (without its indent) that starts a block of its own, so it is no
# lazy line of a step's text: a heading, a fence, a tag, a container, a
# bullet, a quote, a template tag.
BLOCK_START = re.compile(r"(?:#{1,6}(?:\s|$)|`{3,}|~{3,}|<|:{3,}|[-*+](?:\s|$)|>|\{\{[<%]|\{%)")
# What an item's text may hold that the steps after this one read only
# outside a list item: besides raw HTML and a tag alone on its line (a
# component), a container, a quote (a GitHub alert), an MkDocs note or tab,
# a heading. (A template tag, `{% hint %}` or `{{< note >}}`, moves with
# the item's text: its note goes in the item.)
HELD_IN_PLACE = re.compile(r"(?::{3}|>|[!?]{3}|={3}|#{1,6}(?:[ \t]|$))")
# Python-Markdown parses each level of a list again: nested deeper than
# this, an item is its parent's sibling.
MAX_LIST_LEVELS = 8
# Raw HTML whose text runs to its closing tag, blank lines included.
RAW_TEXT_HTML = re.compile(r"<(?:(?P<tag>pre|script|style|textarea)\b|!--)", re.I)
BLANK_LINE = "\n"  # what ends other raw HTML
TASK_ITEM = re.compile(r"^(?P<item>\s*(?:[-*+]|\d+[.)])\s+)\[(?P<done>[ xX])\](?=\s)")
# What GitHub drops from a heading's text to make its anchor: anything but
# letters, digits, `_`, `-` and spaces (each space then becomes a `-`).
NOT_IN_GITHUB_ANCHOR = re.compile(r"[^\w\- ]")


class CommonMarkLists(Preprocessor):
    """Lists and tables where CommonMark sees them, which Python-Markdown
    reads otherwise; on the page as written, before anything else, so that
    what later steps put at the margin (a note's tags) ends no list. Code
    and raw HTML are left as they are.

    - A list or a table may start right under a line of text ("You can
      either:" then "- Install it."); Python-Markdown needs a blank line
      between, or reads the list as words of the paragraph, so one is put
      there. An ordered list must start at 1 to do so, as in CommonMark.
    - Each item of an ordered list is numbered from the list's first number
      (docs trees often write `1.` for every step). Code, a note or a
      paragraph indented under a step belongs to it in CommonMark;
      Python-Markdown, which nests at four spaces, ends the list there and
      starts another at the next step, which would show `1.` again.
      Numbered in full, each list after a break starts where the steps
      left off."""

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        fence = ""  # the open fence's marker
        html_end = ""  # what ends the raw HTML the line is in: a closing tag, "-->" or a blank line
        steps: tuple[str, int, int] | None = None  # the open list's delimiter, number, content column
        in_paragraph = False  # whether the line before is text a line may continue
        item_text = False  # ... and that text is a list item's
        highlighted = False  # in code written through a template tag ({% highlight %})
        for at, line in enumerate(lines):
            if fence or html_end or highlighted:
                fence = "" if fence and closes_fence(line, fence) else fence
                html_end = "" if html_end and _ends_html(line, html_end) else html_end
                highlighted = highlighted and not HIGHLIGHT_END.match(line)
                in_paragraph = item_text = False
                out.append(line)
                continue
            if HIGHLIGHT_START.match(line):
                highlighted = True  # code written through a template tag, to its closing tag
                out.append(line)
                continue
            stripped = line.lstrip(" ")
            item = ORDERED_ITEM.match(line)
            if item and steps and len(item["indent"]) >= steps[2]:
                item = None  # a list inside the step, numbered on its own
            if item and not steps and in_paragraph and not may_break_text(item):
                item = None  # only a list from 1 may break into a paragraph: this is text
            bullet = bool(BULLET_ITEM.match(line)) and not TABLE_DELIMITER_ROW.match(line)
            starts_block = bool(item or bullet or _table_starts(lines, at))
            if starts_block and in_paragraph and not item_text:
                out.append("")  # a list or table right under a line of text
            if item:
                number = int(item["number"])
                if steps and steps[0] == item["delimiter"] and number <= steps[1]:
                    number = steps[1] + 1
                    line = f"{item['indent']}{number}{line[item.end('number') :]}"
                steps = (item["delimiter"], number, item.end())
                in_paragraph = item_text = True
            elif stripped:
                block = BLOCK_START.match(stripped)
                if steps and len(line) - len(stripped) < steps[2] and (block or not in_paragraph):
                    steps = None  # at the margin, and not a line of the step's text: the list ended
                fence = opening["fence"] if (opening := FENCE_OPENING.match(line)) else ""
                html_end = _html_end(stripped)
                item_text = bullet or (item_text and in_paragraph and not block)
                in_paragraph = bullet or not block
            else:
                in_paragraph = item_text = False
            if not html_end and _opens_comment(line):
                html_end = "-->"  # a comment begun inside a line hides the lines to its end
            out.append(line)
        return out


class ListIndents(Preprocessor):
    """Lists nested as CommonMark nests them. A line belongs to a list item
    when it is indented as far as the item's text: two spaces under `- `,
    three under `1. `, as most docs trees write sub-lists and a step's
    paragraphs. Python-Markdown nests at four spaces, and would read such a
    sub-list as more items of its parent's list and such a paragraph as
    the list's end. So each item's lines move to four spaces a level; code
    indented under an item's text keeps its place relative to it, and a
    heading, a note or raw HTML under an item stays where it is written,
    as the steps after this one read those only outside a list.

    >>> ListIndents(None).run(["- a", "  - b", "", "  More of a.", "- c"])
    ['- a', '    - b', '', '    More of a.', '- c']
    """

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        items: list[_Item] = []  # the open items, outermost first
        verbatim = ""  # what ends the code or raw HTML the line is in, moved with its first line
        shift = 0  # ... by this much
        lazy = False  # whether the line before is text that a line at the margin may go on
        for line in lines:
            if verbatim:
                verbatim = "" if _closes_verbatim(line, verbatim) else verbatim
                out.append(_moved(line, shift))
                continue
            stripped = line.lstrip(" ")
            if not stripped:
                lazy = False
                out.append(line)
                continue
            margin = len(line) - len(stripped)
            ordered = ORDERED_ITEM.match(stripped)
            if lazy and ordered and not may_break_text(ordered) and (not items or margin >= items[-1].text):
                # "2019. It was…" goes on the line above, as written (moved,
                # Python-Markdown would read a list).
                out.append(line)
                continue
            marker = _list_marker(stripped, ordered)
            block = marker or BLOCK_START.match(stripped)
            code = bool(items) and margin >= items[-1].text + 4  # indented under the item's text
            if code:
                marker = ""
            while items and margin < items[-1].text and (block or not lazy):
                items.pop()
            if items and margin >= items[-1].text and not code and _held_in_place(stripped):
                items.clear()  # a heading, a note, tabs or raw HTML: read where they stand
                if HEADING.match(stripped) and out[-1].strip():
                    out.append("")  # not as a line of the text above it, which moved
            if marker and (items or margin < 4):
                level = min(len(items), MAX_LIST_LEVELS)  # deeper, an item is its parent's sibling
                del items[level:]
                shift = 4 * level - margin
                items.append(_Item(margin + len(marker), 4 * (level + 1)))
                if ordered and ordered["delimiter"] == ")":  # `1)`: Python-Markdown knows `1.` only
                    line = line[:margin] + stripped.replace(")", ".", 1)
            elif items and margin >= items[-1].text:
                # Up to three spaces past the item's text are none (CommonMark); four are code.
                extra = margin - items[-1].text
                shift = items[-1].moved + (extra if extra >= 4 else 0) - margin
            else:
                shift = 0
            verbatim = _opens_verbatim(stripped)
            lazy = not verbatim and (bool(marker) or not block)  # an item's first line is text too
            out.append(_moved(line, shift))
        return out


class _Item(NamedTuple):
    """A list item that ``ListIndents`` has open: the column of its text as
    written, and as moved (four spaces past its marker, at four spaces a
    level, where Python-Markdown reads a list item's blocks)."""

    text: int
    moved: int


def _held_in_place(stripped: str) -> bool:
    """Whether a line under an item's text stays where it is written. A
    component's tag (`<Tabs>`, `<TabItem label="npm">`) moves with the
    text: MDX reads it in the item, and the callout walk puts its body there."""
    tag = TAG_LINE.match(stripped) and not COMPONENT_LINE.match(stripped)
    return bool(HELD_IN_PLACE.match(stripped) or RAW_HTML.match(stripped) or tag)


def _list_marker(stripped: str, ordered: re.Match[str] | None) -> str:
    """The marker, with the spaces after it, that starts a list item on a
    line without its indent (``ordered``: the line's ordered-item match);
    "" for any other line (a rule, `- - -`, or a table's row of dashes is none)."""
    match = ordered or BULLET_ITEM.match(stripped)
    if not match or TABLE_DELIMITER_ROW.match(stripped):
        return ""
    return stripped[: match.end()]


def _opens_verbatim(stripped: str) -> str:
    """What ends the fenced code or the raw HTML whose text runs to its
    closing tag (``<pre>``, a comment) that a line opens; "" if it opens none."""
    if opening := FENCE_OPENING.match(stripped):
        return opening["fence"]
    end = _html_end(stripped)
    return "" if end == BLANK_LINE else end


def _closes_verbatim(line: str, end: str) -> bool:
    return closes_fence(line, end) if end[0] in "`~" else end in line.lower()


def _moved(line: str, shift: int) -> str:
    """``line`` indented ``shift`` spaces more (or less, but never past its own indent)."""
    if shift >= 0:
        return " " * shift + line if line.strip() else line
    return line[min(-shift, len(line) - len(line.lstrip(" "))) :]


def _opens_comment(line: str) -> bool:
    start = line.rfind("<!--")
    return start >= 0 and "-->" not in line[start + 4 :]


def _table_starts(lines: list[str], at: int) -> bool:
    """Whether a table's header row is ``lines[at]``: a row of cells over a
    row of dashes, not under another row (a row of dashes in a table's body
    is a row).

    >>> _table_starts(["Options:", "a | b", "- | -"], 1), _table_starts(["| a |", "| b |", "| - |"], 1)
    (True, False)
    """
    return (
        "|" in lines[at]
        and at + 1 < len(lines)
        and bool(TABLE_DELIMITER_ROW.match(lines[at + 1]))
        and not (at and "|" in lines[at - 1])
    )


def _html_end(line: str) -> str:
    """What ends the raw HTML ``line`` (without its indent) opens, as
    CommonMark's HTML blocks end: "" if it opens none, or closes it itself.

    >>> _html_end("<pre>"), _html_end("<!-- a -->"), _html_end("<details>") == BLANK_LINE, _html_end("Text")
    ('</pre>', '', True, '')
    """
    if opening := RAW_TEXT_HTML.match(line):
        end = f"</{opening['tag'].lower()}>" if opening["tag"] else "-->"
        return "" if end in line.lower()[opening.end() :] else end
    return BLANK_LINE if RAW_HTML.match(line) or TAG_LINE.match(line) else ""


def _ends_html(line: str, end: str) -> bool:
    return not line.strip() if end == BLANK_LINE else end in line.lower()


class FencePreprocessor(Preprocessor):
    """Fences with their options cut (a label or a file's name shown above the
    code, a file the site hides left out). Python-Markdown opens a fence only
    at the margin; else its code is read as Markdown, and a `<script setup>`
    in it as a tag that swallows the page. A fence indented under a list
    item (as CommonMark allows) becomes its finished code block, stashed as
    Python-Markdown stashes raw HTML, in the item's place: the step keeps its
    code and the list goes on. Any other indented fence moves to the margin
    with its code, and the text after it, as far as it is indented as much."""

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        fence = ""  # the open fence's marker (```), "" outside code
        indent = 0  # of the open fence, or, after it, of the rest of its list item
        shown = True  # whether the open fence's code is shown (not a hidden file's)
        in_list = False  # a list item came since the last line outside one
        item_text = 0  # where the last item's text starts, as Python-Markdown reads it
        fences = FenceEnds()
        at = 0
        while at < len(lines):
            line = lines[at].replace(CODE_LESS_THAN, "")  # the stand-in means only what this extension puts
            at += 1
            stripped = line.lstrip(" ")
            margin = len(line) - len(stripped)
            if not fence:
                match = FENCE_OPENING.match(line)
                if match:
                    label, hidden = _fence_label(line[match.end("keep") :])
                    end = fences.end(lines, at, match["fence"])
                    if end == len(lines):
                        # A fence that never closes is text, and the page goes
                        # on after it; written as entities, its marks open no
                        # fence that Python-Markdown would look for the end of
                        # (a page of many took quadratic time).
                        out.append(line.replace(match["fence"], _as_entities(match["fence"]), 1))
                        continue
                    shown = not hidden
                    if in_list and margin:
                        out += self._stashed(lines[at:end], match, min(margin, item_text), label, shown)
                        at = end + 1
                        continue
                    indent = margin
                    fence = match["fence"]  # whole: ```` is closed by ```` only
                    out += tab_label(as_text(label)) if shown and label else []
                    line = match["keep"][indent:]
                elif stripped:
                    if _list_marker(stripped, ORDERED_ITEM.match(stripped)) and (margin < 4 or in_list):
                        in_list, item_text = True, margin + 4
                    elif margin < 4:  # text, or raw HTML that ListIndents left, ends the list here
                        in_list = False
                    # The item's text after its code goes to the margin too:
                    # left indented four spaces there, it would read as code.
                    # Less indented, it is an outer item's (ListIndents puts
                    # those at four spaces a level) and leaves as much of it.
                    indent = indent if margin >= indent else margin - margin % 4
                    line = line[indent:]
                out += [line] if shown else []
                continue
            line = line[min(margin, indent) :]
            out += [line] if shown else []
            if closes_fence(line, fence):
                fence, shown = "", True
        return out

    def _stashed(
        self, code: list[str], opening: re.Match[str], margin: int, label: str, shown: bool
    ) -> list[str]:
        """The lines that stand for the fenced ``code`` under ``opening``: its
        label and its finished block, stashed, at ``margin``; none if hidden.
        The code loses as much indent as its fence has."""
        if not shown:
            return []
        fenced = len(opening[0]) - len(opening[0].lstrip(" "))
        text = "".join(_moved(line.replace(CODE_LESS_THAN, ""), -fenced) + "\n" for line in code)
        language = opening["keep"].strip().lstrip(opening["fence"][0]).strip()
        kind = f' class="language-{html.escape(language)}"' if language else ""
        block = f"<pre><code{kind}>{html.escape(text, quote=False)}</code></pre>"
        labelled = tab_label(as_text(label), " " * margin) if label else []
        return [*labelled, "", " " * margin + self.md.htmlStash.store(block), ""]


def _fence_label(options: str) -> tuple[str, bool]:
    """The label a fence's ``options`` give its code, and whether the site
    keeps that code off the page: react.dev names an example's file after
    the language, then how it shows it (```js App.js {1-5} active,
    ```json package.json hidden). A file's name ends in a suffix that starts
    with a letter (```python 3.11 names no file).

    >>> _fence_label(" App.js {1-5} active"), _fence_label(" package.json hidden")
    (('App.js', False), ('package.json', True))
    >>> _fence_label(' title="List hidden files"'), _fence_label(" [npm]"), _fence_label(" 3.11")
    (('List hidden files', False), ('npm', False), ('', False))
    """
    if bracket := FENCE_BRACKET.search(options):
        return bracket["label"], False
    if title := FENCE_TITLE.search(options):
        return title["title"], False
    words = options.split()
    if words and _file_name(words[0]):
        return words[0], "hidden" in words[1:]
    return "", False


def _file_name(word: str) -> bool:
    name = word.rsplit("/", 1)[-1]
    stem, dot, suffix = name.rpartition(".")
    return bool(stem and dot and suffix[:1].isalpha() and FILE_NAME_CHARS.issuperset(name))


def _as_entities(marks: str) -> str:
    """``marks`` as HTML character references: shown, never read as Markdown.

    >>> _as_entities("``~")
    '&#96;&#96;&#126;'
    """
    return "".join(f"&#{ord(mark)};" for mark in marks)


class LinePreprocessor(Preprocessor):
    """Heading ids, Markdown inside block tags, task items' boxes, the tags
    of code spans set aside, and MDX statements and lone component tags
    (dropped): one line at a time, after fenced code is put aside."""

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        only_tags = _only_tags(lines)
        raw = False  # in raw HTML, which runs to a blank line: backticks there are text
        skip_to = 0  # past the MDX statement a line began
        statements = MdxStatements(lines)
        raw_text = ""  # what ends the <pre>, <script> or comment the line is in, whose lines are as written
        for at, line in enumerate(lines):
            raw = bool(line.strip()) and (raw or bool(RAW_HTML.match(line) or TAG_LINE.match(line)))
            if at < skip_to:
                continue
            if not raw_text and ((end := statements.end(at)) or MDX_STATEMENT.match(line)):
                skip_to = end or at + 1
                continue
            if raw_text:
                raw_text = "" if _ends_html(line, raw_text) else raw_text
            elif (opened := _html_end(line.lstrip(" "))) != BLANK_LINE:
                raw_text = opened
            if COMPONENT_LINE.match(line) and only_tags[at]:
                out.append("")
                continue
            line = line if raw else _code_tags_hidden(line)
            line = _spaced_heading_id(INDENTED_HEADING.sub("", TASK_ITEM.sub(_checkbox, line)))
            out.append(BLOCK_TAG.sub(_markdown_inside, line))
        return out


class MdxStatements:
    """Where the MDX imports and exports of a page's lines end, when they go
    on over lines. What a line adds to an export's open brackets, and
    whether it ends an import, is read once, so that a page of many
    unfinished statements costs one reading of each line per window, not
    one regular-expression pass."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self._opened: dict[int, int] = {}
        self._import_ends: list[int] | None = None  # the lines that end an import, once looked for
        self._blanks: list[int] = []  # ... and the blank lines, looked for with them

    def end(self, at: int) -> int:
        """The line after the statement ``lines[at]`` starts and does not
        finish, or 0: one never finished within ``MAX_STATEMENT_LINES`` is
        not one.

        >>> MdxStatements(["import {", "  Tabs,", "} from '@theme/Tabs';", "# Title"]).end(0)
        3
        >>> MdxStatements(["export const meta = {", "  title: 'A',", "}", "Text"]).end(0)
        3
        >>> MdxStatements(["export const a = (", "never closed"]).end(0), MdxStatements(["Text"]).end(0)
        (0, 0)
        >>> MdxStatements(["import {", "", "# Title", "From 'a' to 'b'"]).end(0)  # a blank: prose, not names
        0
        """
        lines = self.lines
        last = min(len(lines), at + MAX_STATEMENT_LINES)
        if MDX_IMPORT_START.match(lines[at]):
            if self._import_ends is None:
                self._import_ends = [n for n, line in enumerate(lines) if MDX_IMPORT_END.match(line)]
                self._blanks = [n for n, line in enumerate(lines) if not line.strip()]
            # The names of an import stand on lines of their own, with no blank between.
            ends, blanks = self._import_ends, self._blanks
            end, blank = bisect_right(ends, at), bisect_right(blanks, at)
            end_line = ends[end] if end < len(ends) else len(lines)
            blank_line = blanks[blank] if blank < len(blanks) else len(lines)
            return end_line + 1 if end_line < min(last, blank_line) else 0
        if not MDX_EXPORT_START.match(lines[at]):
            return 0
        depth = 0
        for n in range(at, last):
            depth += self._brackets_opened(n)
            if depth <= 0:
                return n + 1
        return 0

    def _brackets_opened(self, n: int) -> int:
        found = self._opened.get(n)
        if found is None:
            code = MDX_STRING.sub("", self.lines[n])
            found = self._opened[n] = sum(map(code.count, "([{")) - sum(map(code.count, ")]}"))
        return found


def _only_tags(lines: list[str]) -> list[bool]:
    """For each line, whether its block (the lines between blank ones) is
    nothing but tags, each alone on its line: there a component's tag may
    give way to a blank line, which ends no paragraph, list or table and
    makes no following line code.

    >>> _only_tags(["<Demo />", "", "<div>", "<Badge />", "</div>", "", "1. Step", "<Demo />"])
    [True, False, True, True, True, False, False, False]
    """
    flags = [False] * len(lines)
    start = 0
    for end in [*(n for n, line in enumerate(lines) if not line.strip()), len(lines)]:
        if start < end and all(TAG_LINE.match(line) for line in lines[start:end]):
            flags[start:end] = [True] * (end - start)
        start = end + 1
    return flags


def _code_tags_hidden(line: str) -> str:
    """``line`` with the ``<`` of its code spans replaced by ``CODE_LESS_THAN``.
    A run of backticks opens a span unless a backslash escapes it, and the
    next run of its length closes it, found from a table made in one pass
    from the right, so that a line of many unpaired runs is not searched
    once per run.

    >>> _code_tags_hidden("Use `<div></div>` or <b>this</b>").replace(CODE_LESS_THAN, "?")
    'Use `?div>?/div>` or <b>this</b>'
    >>> _code_tags_hidden("`` a`<b> `` and ` <i>").replace(CODE_LESS_THAN, "?")
    '`` a`?b> `` and ` <i>'
    >>> _code_tags_hidden(r"Write \\`<b>bold</b>\\` here.") == r"Write \\`<b>bold</b>\\` here."
    True
    """
    if "`" not in line or "<" not in line:
        return line
    runs = [run.span() for run in BACKTICKS.finditer(line)]
    following: list[int | None] = [None] * len(runs)  # the next run of the same length
    last: dict[int, int] = {}
    for n in range(len(runs) - 1, -1, -1):
        length = runs[n][1] - runs[n][0]
        following[n], last[length] = last.get(length), n
    parts, done, n = [], 0, 0
    while n < len(runs):
        closing = following[n]
        if closing is None or line[runs[n][0] - 1 : runs[n][0]] == "\\":
            n += 1
            continue
        start, end = runs[n][1], runs[closing][0]
        parts += [line[done:start], line[start:end].replace("<", CODE_LESS_THAN)]
        done, n = end, closing + 1
    return "".join(parts) + line[done:]


def _spaced_heading_id(line: str) -> str:
    """A space before a heading's id, which Python-Markdown needs and the
    sites do not, and the id unescaped; the id is looked for from the line's
    end, so that a line of many ``{#`` costs one pass.

    >>> _spaced_heading_id("## Setup{#setup}"), _spaced_heading_id("Text{#a}")
    ('## Setup {#setup}', 'Text{#a}')
    >>> _spaced_heading_id(r"## Set up \\{#set-up\\} "), _spaced_heading_id(r"Text \\{#a\\}")
    ('## Set up {#set-up}', 'Text \\\\{#a\\\\}')
    """
    start = line.rfind("\\{#")
    escaped = ESCAPED_HEADING_ID.fullmatch(line, start) if start > 0 else None
    if escaped and HEADING.fullmatch(heading := line[:start].rstrip()):
        line = f"{heading}{{#{escaped['id']}}}"
    start = line.rfind("{#")
    if start > 0 and HEADING_ID.fullmatch(line, start) and HEADING.fullmatch(line, 0, start):
        return f"{line[:start]} {line[start:]}"
    return line


def _checkbox(match: re.Match[str]) -> str:
    return match["item"] + ("☐" if match["done"] == " " else "☑")


def _markdown_inside(match: re.Match[str]) -> str:
    if match["close"] == "/>":
        return match[0]
    return f'{match["open"]} markdown="1">'


class ContainerPreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        closers: list[tuple[str, str]] = []  # (fence, closing tag) of open containers
        for line in lines:
            match = OPENING.match(line)
            # Containers never closed nest to the end of the page; past the
            # nesting limit, an opening is text (thousands of them would
            # exhaust the Markdown parser's recursion).
            if match and match["kind"] and len(closers) < MAX_NESTING:
                opening, closer = note(match["kind"], _container_title(match["title"]))
                if match["kind"] in PLAIN_CONTAINERS:
                    opening, closer = [""], ""
                out += opening
                closers.append((match["fence"], closer))
            elif match and closers and len(match["fence"]) >= len(closers[-1][0]) and not match["title"]:
                out += ["", closers.pop()[1], ""]
            else:
                out.append(line)
        return out + [tag for _, tag in reversed(closers)]


def _container_title(written: str) -> str:
    """A container's title as written after its kind: plain, in brackets
    (Docusaurus, `:::note[Title]`) or as a directive's attribute.

    >>> [_container_title(t) for t in ("Read this", "[Read this]", '{title="Read this" .wide}', "{.wide}")]
    ['Read this', 'Read this', 'Read this', '']
    """
    if DIRECTIVE_ATTRIBUTES.match(written):
        title = TAB_TITLE.search(written)
        return title["title"] if title else ""
    return BRACKETED.sub(r"\1", written)


def github_anchor(text: str) -> str:
    """A heading's anchor as GitHub and Docusaurus make it.

    >>> github_anchor("Building Node.js on `Linux` (x64)")
    'building-nodejs-on-linux-x64'
    >>> github_anchor("Настройка звука")
    'настройка-звука'
    """
    return NOT_IN_GITHUB_ANCHOR.sub("", text.lower()).replace(" ", "-")


class HeadingAliases(Treeprocessor):
    """Each heading's anchors as other sites make them, as empty spans."""

    def run(self, root) -> None:
        used = {element.get("id") for element in root.iter() if element.get("id")}
        seen: dict[str, int] = {}  # GitHub numbers a repeated anchor
        # MkDocs numbers them its way ("setup_1"), and a heading with no
        # Latin letter by its place among those ("_1", "_2": Russian pages).
        mkdocs: set[str] = set()
        own_anchor = self.md.treeprocessors["toc"].slugify
        for heading in [element for element in root.iter() if element.tag in HEADING_TAGS]:
            name = html.unescape(toc.strip_tags(toc.render_inner_html(heading, self.md)))
            github = github_anchor(name)
            repeats = seen.get(github, 0)
            seen[github] = repeats + 1
            # A heading given its id by hand ({#setup}) takes no number.
            written = not heading.get("id", "").startswith(own_anchor(name, "-"))
            aliases = [
                f"{github}-{repeats}" if repeats else github,
                toc.slugify(name, "-") if written else toc.unique(toc.slugify(name, "-"), mkdocs),
                toc.slugify_unicode(name, "-"),
            ]
            for alias in dict.fromkeys(aliases):
                if alias and alias not in used:
                    used.add(alias)
                    span = heading.makeelement("span", {"id": alias})
                    span.tail, heading.text = heading.text, None
                    heading.insert(0, span)


class CodeTagsShown(Postprocessor):
    """The ``<`` of code spans back, escaped as code shows it."""

    def run(self, text: str) -> str:
        return text.replace(CODE_LESS_THAN, "&lt;")


class DocsMarkdown(Extension):
    def extendMarkdown(self, md) -> None:  # noqa: N802 (Python-Markdown's name)
        # Callouts first, as they dedent or unquote their bodies (code
        # included); fences before fenced code (25) reads them; the rest after it, so
        # that code blocks stay as written, and before raw HTML blocks are
        # stashed (20), so that the containers' <div>s are seen.
        md.preprocessors.register(CommonMarkLists(md), "docs_lists", 29)
        md.preprocessors.register(ListIndents(md), "docs_list_indents", 28.5)
        md.preprocessors.register(CalloutPreprocessor(md), "docs_callouts", 28)
        md.preprocessors.register(FencePreprocessor(md), "docs_fences", 27)
        md.preprocessors.register(LinePreprocessor(md), "docs_lines", 23)
        md.preprocessors.register(ContainerPreprocessor(md), "docs_containers", 22)
        # CommonMark's hard line break written as a backslash at a line's end
        # (GitBook writes every one so), besides Markdown's two spaces.
        md.inlinePatterns.register(SubstituteTagInlineProcessor(r"\\\n", "br"), "docs_backslash_break", 100)
        # After the table of contents (5) gave each heading its own id.
        md.treeprocessors.register(HeadingAliases(md), "docs_heading_aliases", 4)
        # Last of all, once no parser is left to read them as tags.
        md.postprocessors.register(CodeTagsShown(md), "docs_code_tags", 1)
        # CommonMark, which docs sites write to, lets a backslash escape any
        # ASCII punctuation: `# \<script setup>` is a title, not a tag that
        # swallows the rest of the page.
        md.ESCAPED_CHARS = sorted(set(md.ESCAPED_CHARS) | set(string.punctuation))
