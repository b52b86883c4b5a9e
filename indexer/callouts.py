"""Callouts, tabs and template tags of other docs sites, rewritten as this
site's notes (``notes``) before anything else reads the page: one walk over
its lines, each construct rewritten where it starts.

- MkDocs admonitions, ``!!! warning "Title"`` over an indented body;
  ``???`` and ``???+`` fold into ``<details>``;
- GitHub alerts, ``> [!NOTE]`` over a quoted body;
- MyST directives, ```` ```{note} Title ```` (their options dropped);
- Just the Docs (kramdown) callouts, ``{: .warning }`` over a paragraph or a
  quote, ``{: .note-title }`` taking the quote's first line as the title;
- pymdownx's blocks, ``/// tip | Title``;
- MDX components, ``<Aside type="tip">`` (``components``);
- the note shortcodes of Hugo and GitBook, ``{{< hint info >}}``,
  ``{{< alert title="Careful" color="warning" >}}``, ``{% hint style="info" %}``
  (``template_tags``).

MkDocs content tabs (``=== "Windows"``), Hugo's ``{{< tab "Linux" >}}`` and
the ``<TabItem label="macOS">`` of Docusaurus and Starlight keep their label
as a bold line above their body. What is template rather than text is
dropped: any other Hugo shortcode or Liquid tag alone on its line
(``{% include ... %}``), Liquid's ``{% comment %}`` and kramdown's
``{::comment}`` blocks, kramdown's ``{::options /}`` and its ``* TOC`` /
``{:toc}`` placeholder, lines that stand for a file kept elsewhere
(``--8<--``, ``<<< @/a.js``) and MDN's macros alone on a line
(``{{Compat}}``). A line of prose is read by ``template_tags``. Code blocks
stay as written.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from markdown.preprocessors import Preprocessor

from indexer.blocks import (
    ATX_HEADING,
    CODE_FENCE,
    QUOTED,
    FenceEnds,
    after_blank,
    continuation,
    dedented,
    fence_end,
    indented_code,
    indented_end,
    left_margin,
    quote_depth,
    quote_end,
    unquoted,
)
from indexer.components import (
    ANY_JSX,
    CARD_LINK,
    DESCRIPTION,
    JSX_CLOSING,
    JSX_OPENING,
    JSX_TAB,
    MDX_HEADING_ID,
    NAMED_NOTES,
    NOTE_COMPONENTS,
    ONE_LINE_TAB,
    SELF_CLOSED_CARD,
    TAB_COMPONENTS,
    TAB_TITLE,
    TAB_VALUE,
    TITLED_COMPONENTS,
    component_note,
    jsx_tag_end,
    wraps,
)
from indexer.limits import MAX_NESTING
from indexer.notes import KINDS, indented, note, note_label, tab, tab_label
from indexer.template_tags import (
    ANY_INLINE,
    PAGE_VARIABLES,
    TEMPLATE_TAG,
    VARIABLE,
    macro_line,
    outside_code_spans,
    page_variables,
    shortcode_end,
    shows_text,
    tag_arguments,
    template_tag,
    without_code_spans,
)

# Most pages have none of these: one scan of the page spares them the walk.
ANY_CALLOUT = re.compile(
    r"^[ \t]*(?:!!!|\?\?\?|===|/{3,}[ \t]*[\w-]|>[ \t]*\[!|\{\{[<%]|\{%|\{:|(?:`{3,}|~{3,})[ \t]*\{"
    r"|:{3,}[ \t]*\{|\[\[toc\]\]|\[TOC\]|<<<|--8<--|\{\*|\{!|\{[ \t]*[.#][\w-]|#\|[ \t]*$"
    rf"|<(?:{TITLED_COMPONENTS}|LinkCard)\b|\([^()\s]+\)=[ \t]*$|%(?:[ \t]|$))",
    re.M | re.I,
)
MKDOCS_ADMONITION = re.compile(
    r'^(?P<indent>\s*)(?P<mark>!!!|\?\?\?\+?)\s+(?P<kind>[\w-]+)(?:\s+[\w-]+)*(?:\s+"(?P<title>[^"]*)")?\s*$'
)
MKDOCS_TAB = re.compile(r'^(?P<indent>\s*)===\+?\s+"(?P<title>[^"]*)"\s*$')
# pymdownx's blocks (`/// note | Title` ... `///`, `/// tab | Linux`), whose
# options (`    type: tip`, `    open: True`) stand indented under the opening.
PYMDOWNX_BLOCK = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>/{3,})[ \t]*(?P<kind>[\w-]+)[ \t]*(?:\|(?P<title>.*))?$"
)
PYMDOWNX_PLAIN = {"html", "define", "caption", "figure-caption", "table-caption"}
PYMDOWNX_OPTION = re.compile(r"^ {4,}(?P<name>[\w-]+):(?P<value>.*)$")
GITHUB_ALERT = re.compile(r"^(?P<indent>\s*)>\s*\[!(?P<kind>[A-Za-z]+)\]\s*$")
MYST_DIRECTIVE = re.compile(r"^\s*\{(?P<kind>[A-Za-z][\w-]*)\}\s*(?P<title>(?:.*\S)?)\s*$")
MYST_OPTION = re.compile(r"^\s*:[\w-]+:")
# A MyST directive written as a colon fence (`:::{note} Title`); the
# container itself is made where every `:::` fence is (``docs_markdown``).
MYST_COLON_FENCE = re.compile(r"^\s*(?P<fence>:{3,})" + MYST_DIRECTIVE.pattern.removeprefix("^"))
COLON_FENCE = re.compile(r"^\s*(?P<fence>:{3,})\s*(?P<kind>\{?[A-Za-z]\S*)?(?P<rest>.*)$")
# MyST marks: a target a `{ref}` points at, `(install-label)=`, and a comment line, `% Draft`.
MYST_TARGET = re.compile(r"^\s*\([^()\s]+\)=\s*$")
MYST_COMMENT = re.compile(r"^%(?:\s|$)")
# kramdown: an attribute list alone on its line ({: .note }), an extension
# ({::comment} ... {:/comment}, {::options ... /}) and the TOC placeholder.
KRAMDOWN_ATTRIBUTES = re.compile(r"^\s*\{:(?![:/])(?P<attributes>[^}]*+)\}\s*$")
KRAMDOWN_EXTENSION = re.compile(r"^\s*\{::(?P<name>\w+)[^}]*?(?P<alone>/)?\}\s*$")
KRAMDOWN_END = re.compile(r"^\s*\{:/(?P<name>\w*)\}\s*$")
# An attribute list alone on its line, Python-Markdown's (`{ .annotate }` of
# Material, under a code block): for the block above, on the site.
ATTRIBUTE = r"""(?:[.#][\w-]+|[\w-]+=(?:"[^"]*"|'[^']*'|[^\s"'}]+))"""
ATTRIBUTE_LIST = re.compile(rf"^\s*\{{[ \t]*{ATTRIBUTE}(?:[ \t]+{ATTRIBUTE})*[ \t]*\}}\s*$")
KRAMDOWN_TOC = re.compile(r"^\s*(?:[*+-]|1\.)\s+TOC\s*$")
# Diplodoc's (YFM) table over lines: `#|`, rows `|| a | b ||` whose cells may
# run over lines, `|#`.
RAW_TEXT = re.compile(r"^ {0,3}<(?P<tag>pre|script|style|textarea)\b", re.I)
YFM_TABLE_START = re.compile(r"^[ \t]*#\|[ \t]*$")
YFM_TABLE_END = re.compile(r"^[ \t]*\|#[ \t]*$")
YFM_ROW = re.compile(r"\|\|(?P<row>.*?)\|\|", re.S)
ESCAPED = re.compile(r"\\[\\|]")  # an escaped backslash or bar: no mark
MAX_TAGS_BETWEEN_ROWS = 4
# Diplodoc's tabs: `{% list tabs %}` over a list whose items are the tabs,
# each named by its first line, its text indented under it, to `{% endlist %}`.
YFM_LIST_END = re.compile(r"^\s*\{%-?\s*endlist\s*-?%\}\s*$")
YFM_TAB = re.compile(r"^(?P<indent>[ \t]*)[-*+][ \t]+(?P<name>\S.*)$")
LIQUID_COMMENT = re.compile(r"^\s*\{%-?\s*comment\s*-?%\}")
LIQUID_COMMENT_END = re.compile(r"\{%-?\s*endcomment\s*-?%\}")
# A line that stands for text kept elsewhere: VitePress's ``[[toc]]`` (and
# Python-Markdown's ``[TOC]``: the page's contents are the site's to show) and
# ``<<< @/snippets/a.js`` (a file's code), pymdownx's ``--8<-- "file.md"``,
# FastAPI's ``{* ../../docs_src/app.py hl[3] *}`` (a file's code), and
# markdown-include's ``{!../../docs_src/app.py!}`` (a file, in a fence or not).
INCLUDE = r"\{!>?\s*\S+?\s*!\}"
ELSEWHERE = re.compile(
    r"""^\s*(?:\[\[toc\]\]|(?-i:\[TOC\])|<<<\s*(?:@|\.{1,2})?/\S+(?:\s*\[[^\]]*\])?|-+8<-+\s*(?P<q>["']).+(?P=q)"""
    rf"""|\{{\*\s*\S+\.\w+(?:\s+[^*]*)?\*\}}|{INCLUDE})\s*$""",
    re.I,
)
INCLUDE_LINE = re.compile(rf"^\s*{INCLUDE}\s*$")
# pymdownx's block of snippets: a bare marker, file names, a bare marker.
SNIPPETS_MARK = re.compile(r"^\s*-+8<-+\s*$")
# Code written through a template tag, to its closing tag.
HIGHLIGHT = "highlight"
HIGHLIGHT_START = re.compile(r"^\s*(?:\{%-?\s*highlight\b|\{\{[<%]-?\s*highlight\b)")
HIGHLIGHT_END = re.compile(
    r"^\s*(?:\{%-?\s*endhighlight\s*-?%\}|\{\{[<%]-?\s*/\s*highlight\s*-?[>%]\}\})\s*$"
)
BACKTICK_RUN = re.compile(r"`+")
LANGUAGE = re.compile(r"[\w#+.-]+")  # a code block's language as a fence names it
# MDN's description lists: a term's item, then its description as an item
# under it that starts with ": ". The description stays an item, unmarked.
DEFINITION_ITEM = re.compile(r"^(?P<item>\s*[-*+]\s+):\s+(?=\S)")
# The MyST directives that are notes; ``code-block`` is code, any other
# (``{toctree}``, ``{python}`` in Quarto) is left a code block.
MYST_NOTES = {*KINDS, "admonition", "seealso", "hint", "attention", "error", "dropdown"}
MYST_CODE = {"code-block", "code", "sourcecode"}
# Directives that stand for text kept elsewhere (a table of contents, a
# file's text, a picture): dropped with their body.
MYST_ELSEWHERE = {"toctree", "tableofcontents", "contents", "include", "literalinclude", "image"}
# Directives whose body is Markdown to read (sphinx-design's tabs, grids
# and cards, a figure's caption, a list table's rows); of these, the ones
# whose argument is a label (a tab's, a card's, a table's caption) keep it.
MYST_LABELLED = {"tab-item", "grid-item-card", "card", "list-table", "table", "topic", "sidebar", "rubric"}
MYST_READ = {*MYST_LABELLED, "tab-set", "grid", "grid-item", "figure", "glossary", "only", "container", "div"}
Rewritten = tuple[list[str], int]  # the lines a construct becomes, and where the next one starts


class CalloutPreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        page = "\n".join(lines)
        walk = ANY_CALLOUT.search(page) or ANY_INLINE.search(page) or ANY_JSX.search(page)
        walk = walk or (PAGE_VARIABLES.get() and VARIABLE.search(page))
        return callouts(lines) if walk else lines


@dataclass
class _Walk:
    """What a walk over one list of lines keeps: how deep it is among the
    bodies it reads, the shortcode notes still open, and, for each closing
    line looked for and not found, the lines that search looked at (a search
    from any of them finds none either), so that a page of many unclosed
    openings costs one search, not one each."""

    depth: int = 0
    open_tags: list[tuple[str, str]] = field(default_factory=list)  # (name, closing tag)
    unclosed: dict[object, set[int]] = field(default_factory=dict)
    fences: FenceEnds = field(default_factory=FenceEnds)
    # For each indented line asked about, its indent and whether it is a
    # list item's paragraph: the lines under one item share the answer.
    item_paragraphs: dict[int, tuple[int, bool]] = field(default_factory=dict)
    # The names of the components some line of the walk closes (`</Tabs>`),
    # read once: one that none closes is not looked for line by line.
    closed_names: set[str] | None = None

    def closed(self, lines: list[str], name: str) -> bool:
        if self.closed_names is None:
            self.closed_names = {m["name"] for line in lines if (m := JSX_CLOSING.match(line))}
        return name in self.closed_names

    def inner(self) -> _Walk:
        return _Walk(depth=self.depth + 1)


def callouts(lines: list[str], outer: _Walk | None = None) -> list[str]:
    """``lines`` with every callout a note and every template tag gone.

    >>> callouts(["> [!TIP]", "> Press Alt+S."])[1:5]
    ['<div class="note note-tip" role="note" markdown="1">', '', '**Tip**', '']
    """
    walk = outer.inner() if outer else _Walk()
    if walk.depth > MAX_NESTING:  # bodies within bodies: past the limit, left as written
        return lines
    out: list[str] = []
    at = 0
    while at < len(lines):
        rewritten, at = _rewritten_at(lines, at, walk)
        out += rewritten
    return out + [closer for _, closer in reversed(walk.open_tags)]


def _rewritten_at(lines: list[str], at: int, walk: _Walk) -> Rewritten:
    """What the construct that starts at ``at`` becomes."""
    line = lines[at]
    if indented_code(lines, at, walk.item_paragraphs):
        end = indented_end(lines, at, "")
        return lines[at:end], end
    if code := CODE_FENCE.match(line):
        end = walk.fences.end(lines, at + 1, code["fence"])
        directive = MYST_DIRECTIVE.match(code["info"])
        if directive and directive["kind"] in MYST_NOTES:
            body = _myst_body(lines[at + 1 : end])
            return _wrapped(directive["kind"], directive["title"], body, walk), end + 1
        if directive and directive["kind"] in MYST_ELSEWHERE and end == len(lines):
            return [""], _options_end(lines, at + 1)  # unclosed: only its opening is dropped
        if directive and directive["kind"] in MYST_ELSEWHERE | MYST_READ:
            return _myst_read(directive, lines[at + 1 : end], walk), end + 1
        if directive and directive["kind"] in MYST_CODE:
            body = _myst_body(lines[at + 1 : end])
            return [code["fence"] + directive["title"], *body, *lines[end : end + 1]], end + 1
        body = [line for line in lines[at + 1 : end] if line.strip()]
        if body and end < len(lines) and all(INCLUDE_LINE.match(line) for line in body):
            return [""], end + 1  # code only the site's build reads in
        return lines[at : end + 1], end + 1
    if (raw := RAW_TEXT.match(line)) and (closing := f"</{raw['tag'].lower()}>") not in line.lower()[
        raw.end() :
    ]:
        # Raw HTML whose text is as written to its closing tag (a `<pre>` code sample of tags).
        end = _first_line(lines, at + 1, closing, lambda text: closing in text.lower(), walk, past_code=False)
        if end is not None:
            return lines[at : end + 1], end + 1
    block = MKDOCS_ADMONITION.match(line) or MKDOCS_TAB.match(line)
    if block and (end := indented_end(lines, at + 1, block["indent"])) > at + 1:
        indent = block["indent"]
        body = [dedented(body_line, len(indent) + 4) for body_line in lines[at + 1 : end]]
        if block.re is MKDOCS_TAB:
            return tab(block["title"], [indent + part for part in callouts(body, walk)], indent), end
        kind = "details" if block["mark"].startswith("?") else block["kind"]
        return _wrapped(kind, block["title"] or note_label(block["kind"]), body, walk, indent), end
    if (block := PYMDOWNX_BLOCK.match(line)) and (
        end := _first_line(lines, at + 1, block["fence"], lambda text: text.strip() == block["fence"], walk)
    ):
        return _pymdownx_block(block, lines[at + 1 : end], walk), end + 1
    if (alert := GITHUB_ALERT.match(line)) and alert["kind"].lower() in KINDS:
        end = quote_end(lines, at + 1)
        return _wrapped(alert["kind"], "", unquoted(lines[at + 1 : end]), walk, alert["indent"]), end
    if YFM_TABLE_START.match(line) and (
        end := _first_line(lines, at + 1, "|#", YFM_TABLE_END.match, walk, past_code=False)
    ):
        return _yfm_table(lines[at + 1 : end], line[: len(line) - len(line.lstrip())]), end + 1
    if KRAMDOWN_TOC.match(line) and at + 1 < len(lines) and KRAMDOWN_ATTRIBUTES.match(lines[at + 1]):
        return [], at + 2
    if (
        ATX_HEADING.match(line)
        and at + 1 < len(lines)
        and not indented_code(lines, at + 1, walk.item_paragraphs)
        and (attributes := KRAMDOWN_ATTRIBUTES.match(lines[at + 1]))
    ):
        # kramdown gives a heading the attributes under it; attr_list, those at its end.
        return [outside_code_spans(f"{line.rstrip()} {{: {attributes['attributes'].strip()} }}")], at + 2
    if ATTRIBUTE_LIST.match(line) and (after_blank(lines, at) or CODE_FENCE.match(lines[at - 1])):
        return [""], at + 1
    if (attributes := KRAMDOWN_ATTRIBUTES.match(line)) and after_blank(lines, at):
        return _kramdown_callout(lines, at, attributes["attributes"], walk)
    if extension := KRAMDOWN_EXTENSION.match(line):
        ending = partial(_kramdown_ends, name="comment")
        end = _first_line(lines, at + 1, "{:/comment}", ending, walk, past_code=False)
        if extension["name"] == "comment" and not extension["alone"] and end is not None:
            return [], end + 1
        return [""], at + 1  # an unclosed comment hides nothing but its opening
    if KRAMDOWN_END.match(line):
        return [""], at + 1
    if ELSEWHERE.match(line):
        return [""], at + 1
    if SNIPPETS_MARK.match(line):
        end = _first_line(lines, at + 1, "--8<--", SNIPPETS_MARK.match, walk, past_code=False)
        return [""], at + 1 if end is None else end + 1
    if (opening := JSX_TAB.match(line)) and (
        title := TAB_TITLE.search(opening["attributes"]) or TAB_VALUE.search(opening["attributes"])
    ):
        inside = _jsx_body(lines, at + 1, line, walk)
        if inside is None:  # never closed: its label, and the text goes on
            return tab_label(title["title"], opening["indent"]), at + 1
        # Its body as deep as the tag when that is a list item's text (four
        # spaces in or more), else at the margin: MDX reads no indented code.
        body = indented(inside[0], opening["indent"])
        if opening["name"] in TAB_COMPONENTS:
            return tab(title["title"], body, opening["indent"]), inside[1]
        return tab_label(title["title"], opening["indent"]) + body, inside[1]
    if line.lstrip().startswith("{/*") and "*/}" not in line:
        end = _first_line(lines, at + 1, "*/}", lambda text: "*/}" in text, walk)
        return (
            ([""], at + 1) if end is None else ([outside_code_spans(lines[end].split("*/}", 1)[1])], end + 1)
        )
    if (jsx := JSX_OPENING.match(line)) and (tag_end := jsx_tag_end(lines, at, jsx.end())):
        return _jsx_component(lines, at, jsx["name"], tag_end, walk)
    if LIQUID_COMMENT.match(line):
        return _liquid_comment(lines, at, walk)
    tag = TEMPLATE_TAG.match(line)
    if tag and (tag["liquid"] or tag["hugo"] or "").lower() == HIGHLIGHT and not tag["hugo_close"]:
        return _highlighted(lines, at, tag, walk)
    if tag and tag["liquid"] == "list" and tag["liquid_args"].split()[:1] == ["tabs"]:
        end = _first_line(lines, at + 1, "endlist", YFM_LIST_END.match, walk)
        if end is not None:
            return _yfm_tabs(lines[at + 1 : end], walk), end + 1
    if tag and shows_text(tag):
        return [outside_code_spans(line)], at + 1  # a word of the paragraph it stands in
    if tag:
        rewritten = template_tag(tag, walk.open_tags, line[: len(line) - len(line.lstrip())])
        # A condition between a table's rows (`{% if audience != "external" %}`):
        # a blank line in its place would end the table.
        return ([] if rewritten == [""] and _between_rows(lines, at) else rewritten), at + 1
    if (colon := MYST_COLON_FENCE.match(line)) and colon["kind"] in MYST_ELSEWHERE | MYST_READ:
        end = _colon_fence_end(lines, at + 1, colon["fence"], walk)
        if colon["kind"] in MYST_ELSEWHERE and end == len(lines):
            return [""], _options_end(lines, at + 1)  # unclosed: only its opening is dropped
        return _myst_read(colon, lines[at + 1 : end], walk), end + 1
    if colon:
        return [line], _options_end(lines, at + 1)
    if MYST_TARGET.match(line) or _myst_comment(lines, at) or macro_line(line):
        return [""], at + 1
    end = shortcode_end(lines, at)
    depth = quote_depth(line)
    line = " ".join([line, *((continuation(part, depth) or "").strip() for part in lines[at + 1 : end])])
    line = MDX_HEADING_ID.sub(r"\g<heading> {#\g<id>}", line)
    return [outside_code_spans(DEFINITION_ITEM.sub(r"\g<item>", line))], end


def _raw_text_end(lines: list[str], at: int, raw: re.Match[str], walk: _Walk) -> int | None:
    """The line that closes raw HTML whose text stays as written (a `<pre>`
    code sample of template tags), when it runs past its first line."""
    closing = f"</{raw['tag'].lower()}>"
    if closing in lines[at].lower()[raw.end() :]:
        return None
    return _first_line(lines, at + 1, closing, lambda text: closing in text.lower(), walk, past_code=False)


def _myst_body(lines: list[str]) -> list[str]:
    """A MyST directive's body without its options: ``:key: value`` lines,
    or a YAML block between ``---`` lines, at its top.

    >>> _myst_body([":class: tip", "Body"]), _myst_body(["---", "class: tip", "---", "Body"])
    (['Body'], ['Body'])
    """
    return lines[_options_end(lines, 0) :]


def _jsx_component(lines: list[str], at: int, name: str, tag_end: tuple[int, int], walk: _Walk) -> Rewritten:
    """A component's opening tag: a card closed in it shows its title and
    description, a note component's (alone on its line) opens a note, any
    other is dropped when it runs over lines or holds an
    expression, which Python-Markdown would show as text; one on a line
    that neither is left to the sanitizer, which keeps only its text."""
    last, column = tag_end
    tag = "\n".join([*lines[at:last], lines[last][:column]])
    rest = lines[last][column:]
    indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
    if SELF_CLOSED_CARD.fullmatch(name) and tag[:-1].rstrip().endswith("/"):
        title, text, address = TAB_TITLE.search(tag), DESCRIPTION.search(tag), CARD_LINK.search(tag)
        # A link card's title links where the card does.
        label = title["title"] if title else ""
        label = f"[{label}]({address['href']})" if label and address else label
        shown = tab_label(label, indent) + ([text["text"], ""] if text else [])
        return [*shown, outside_code_spans(rest)], last + 1
    if name in TAB_COMPONENTS and (one_line := ONE_LINE_TAB.fullmatch(rest)) and one_line["name"] == name:
        # A tab written on one line (`<TabItem label="npm">npm i x</TabItem>`) keeps its label too.
        title = TAB_TITLE.search(tag) or TAB_VALUE.search(tag)
        return [
            *tab_label(title["title"] if title else "", indent),
            outside_code_spans(indent + one_line["text"]),
        ], last + 1
    if (
        (name in NOTE_COMPONENTS or name in NAMED_NOTES)
        and not rest.strip()
        and not tag.rstrip(">").endswith("/")
    ):
        inside = _jsx_body(lines, last + 1, lines[at], walk)
        if inside is None:  # never closed: no note, its text goes on
            return [""], last + 1
        opening, closer, body = component_note(name, tag.split(name, 1)[1].rstrip(">"), inside[0])
        return [*opening, *body, "", closer, ""], inside[1] + 1
    if wraps(lines, last, rest, tag, name) and walk.closed(lines, name):
        # Any other component that wraps the lines right under it (<Tabs>
        # over its <TabItem>s): its body is read as MDX reads it, as far in
        # as its tag (in a list's item, or at the margin), where indented
        # four spaces more it would be code.
        inside = _jsx_body(lines, last + 1, lines[at], walk)
        if inside is not None:
            return ["", *(indent + line if line.strip() else line for line in inside[0]), ""], inside[1] + 1
    if last == at and "{" not in tag or last > at and rest.strip():  # a tag on one line; prose
        return [outside_code_spans(lines[at])], at + 1
    return [outside_code_spans(rest)], last + 1


def _jsx_body(lines: list[str], start: int, opening: str, walk: _Walk) -> Rewritten | None:
    """The lines from ``start`` to the tag that closes ``opening``, moved to
    the margin: MDX reads no indented code, and a tab's text sits four spaces
    in under ``<Tabs>`` and ``<TabItem>``. A closing tag in fenced code is an
    example, not the end. None if it never closes."""
    name = JSX_OPENING.match(opening)["name"]
    indent = len(opening) - len(opening.lstrip())

    def closes(line: str) -> bool:
        closing = JSX_CLOSING.match(line)
        return bool(closing) and closing["name"] == name and len(line) - len(line.lstrip()) <= indent

    end = _first_line(lines, start, (name, indent), closes, walk)
    if end is None:
        return None
    margin = left_margin(lines[start:end])
    body = [dedented(line, margin) for line in lines[start:end]]
    return callouts(body, walk), end


def _first_line(
    lines: list[str],
    start: int,
    key: object,
    found: Callable[[str], object],
    walk: _Walk,
    past_code: bool = True,
) -> int | None:
    """The first line from ``start`` that is ``found``, past fenced code
    unless not ``past_code``; None if none, which ``walk`` remembers under
    ``key`` with the lines looked at: a search from one of them reads the
    same lines after it."""
    remembered = walk.unclosed.setdefault(key, set())
    looked_at = set()
    at = start
    while at < len(lines):
        if at in remembered:  # a search from here found none before
            break
        looked_at.add(at)
        if past_code and (code := CODE_FENCE.match(lines[at])):
            at = walk.fences.end(lines, at + 1, code["fence"]) + 1
        elif found(lines[at]):
            return at
        else:
            at += 1
    remembered.update(looked_at)
    return None


def _myst_comment(lines: list[str], at: int) -> bool:
    """Whether line ``at`` is a MyST comment: ``%`` opening a block (the
    first line, after a blank one or another comment), not a wrapped line of
    prose that happens to start with it (Russian writes «90 %»)."""
    follows = after_blank(lines, at) or MYST_COMMENT.match(lines[at - 1])
    return bool(MYST_COMMENT.match(lines[at]) and follows)


def _myst_read(directive: re.Match[str], body: list[str], walk: _Walk) -> list[str]:
    """A directive that is not a note: its body read as Markdown, under its
    label if it has one, or nothing if it stands for text kept elsewhere."""
    if directive["kind"] in MYST_ELSEWHERE:
        return [""]
    label = directive["title"] if directive["kind"] in MYST_LABELLED else ""
    return tab_label(label) + callouts(_myst_body(body), walk) + [""]


def _colon_fence_end(lines: list[str], start: int, fence: str, walk: _Walk) -> int:
    """Where the colon fence ``fence`` opened before ``start`` closes: a
    bare fence as long or longer once those opened inside are closed,
    as ``docs_markdown`` pairs them (the end of the page if never). A search
    that finds none is remembered, as ``_first_line`` remembers, at the
    lines where nothing was open inside."""
    remembered = walk.unclosed.setdefault((":", fence), set())
    inner: list[str] = []  # the fences opened inside, still open
    looked_at = set()
    at = start
    while at < len(lines):
        if not inner and at in remembered:  # a search from here found none before
            break
        if not inner:
            looked_at.add(at)
        if code := CODE_FENCE.match(lines[at]):
            at = walk.fences.end(lines, at + 1, code["fence"]) + 1
            continue
        if colon := COLON_FENCE.match(lines[at]):
            if colon["kind"] and len(inner) == MAX_NESTING:
                break  # containers past the nesting limit are text to docs_markdown: none closes this one
            if colon["kind"]:
                inner.append(colon["fence"])
            elif colon["rest"].strip():
                pass  # `::: 2` opens and closes nothing: text, as docs_markdown reads it
            elif inner and len(colon["fence"]) >= len(inner[-1]):
                inner.pop()
            elif not inner and len(colon["fence"]) >= len(fence):
                return at
        at += 1
    remembered.update(looked_at)
    return len(lines)


def _options_end(lines: list[str], start: int) -> int:
    """Where the options of a MyST directive whose body starts at ``start`` end."""
    if start < len(lines) and lines[start].strip() == "---":
        end = next((n for n in range(start + 1, len(lines)) if lines[n].strip() == "---"), None)
        return start if end is None else end + 1
    return next((n for n in range(start, len(lines)) if not MYST_OPTION.match(lines[n])), len(lines))


def _liquid_comment(lines: list[str], at: int, walk: _Walk) -> Rewritten:
    """``{% comment %}`` hides everything to its ``{% endcomment %}``, on its
    own line or the same one; the text after the end stays. Unclosed, it
    hides only its opening."""
    same_line = lines[at].split("%}", 1)[-1]
    if LIQUID_COMMENT_END.search(same_line):
        n, text = at, same_line
    else:
        found = _first_line(lines, at + 1, "endcomment", LIQUID_COMMENT_END.search, walk, past_code=False)
        if found is None:
            return [""], at + 1
        n, text = found, lines[found]
    rest = text[LIQUID_COMMENT_END.search(text).end() :]
    return ([rest] if rest.strip() else [""]), n + 1


def _kramdown_callout(lines: list[str], at: int, attributes: str, walk: _Walk) -> Rewritten:
    """``{: .warning }`` over a paragraph or a quote makes it a note; any
    other attribute list before a block is dropped, the block kept."""
    classes = re.findall(r"\.([\w-]+)", attributes)
    kinds = [c.removesuffix("-title") for c in classes if c.removesuffix("-title") in KINDS]
    if not kinds:
        return [], at + 1
    start = at + 1
    if start < len(lines) and QUOTED.match(lines[start]):
        end = quote_end(lines, start)
        body = unquoted(lines[start:end])
    elif start < len(lines) and (code := CODE_FENCE.match(lines[start])):
        end = min(fence_end(lines, start + 1, code["fence"]) + 1, len(lines))
        body = lines[start:end]
    else:
        end = next((n for n in range(start, len(lines)) if not lines[n].strip()), len(lines))
        body = lines[start:end]
    title = ""
    if f"{kinds[0]}-title" in classes and body:
        title, body = body[0].strip(), body[1:]
    return _wrapped(kinds[0], title, body, walk), end


def _wrapped(kind: str, title: str, body: list[str], walk: _Walk, indent: str = "") -> list[str]:
    opening, closer = note(kind, title)
    inside = callouts(body, walk) + ["", closer, ""]
    return indented(opening + inside, indent)


def _pymdownx_block(block: re.Match[str], body: list[str], walk: _Walk) -> list[str]:
    """A pymdownx block as what it shows: a note (`/// warning`, or
    `/// admonition` of its `type`), a folded note (`/// details`), a tab
    under its label, or, for a block that is no note (`html`, `caption`), its body."""
    options = {}
    while body and (option := PYMDOWNX_OPTION.match(body[0])):
        options[option["name"]] = option["value"].strip()
        body = body[1:]
    kind, title, indent = block["kind"].lower(), (block["title"] or "").strip(), block["indent"]
    if kind == "tab":
        return tab(title, callouts(body, walk), indent)
    if kind == "admonition":
        kind = options.get("type", "note")
    if kind in PYMDOWNX_PLAIN:
        return callouts(body, walk)
    return _wrapped(kind, title, body, walk, indent)


def _highlighted(lines: list[str], at: int, tag: re.Match[str], walk: _Walk) -> Rewritten:
    """Code written through a template tag, Jekyll's ``{% highlight js %}``
    or Hugo's ``{{< highlight go "linenos=table" >}}``, to its closing tag:
    a fence of its language, long enough for any backticks in the code.
    Unclosed, the tag alone is dropped.

    >>> _highlighted(["{% highlight js %}", "let a = `b`", "{% endhighlight %}"], 0,
    ...              TEMPLATE_TAG.match("{% highlight js %}"), _Walk())
    (['```js', 'let a = `b`', '```'], 3)
    """
    end = _first_line(lines, at + 1, HIGHLIGHT, HIGHLIGHT_END.match, walk, past_code=False)
    if end is None:
        return [""], at + 1
    positional = tag_arguments(tag["liquid_args"] or tag["hugo_args"] or "").positional
    code = lines[at + 1 : end]
    fence = "`" * max(
        3, 1 + max((len(run) for line in code for run in BACKTICK_RUN.findall(line)), default=0)
    )
    language = positional[0] if positional and LANGUAGE.fullmatch(positional[0]) else ""
    indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
    return [indent + fence + language, *code, indent + fence], end + 1


def _between_rows(lines: list[str], at: int) -> bool:
    """Whether the template tag at line ``at`` stands between two rows of a
    pipe table (other tags between them aside, a few at most).

    >>> _between_rows(["| a |", "{% if x %}", "| b |"], 1), _between_rows(["Text", "{% if x %}", "| b |"], 1)
    (True, False)
    """
    return _row_next_to(lines, at, -1) and _row_next_to(lines, at, 1)


def _row_next_to(lines: list[str], at: int, step: int) -> bool:
    n = at + step
    for _ in range(MAX_TAGS_BETWEEN_ROWS):
        if not (0 <= n < len(lines) and TEMPLATE_TAG.match(lines[n])):
            break
        n += step
    return 0 <= n < len(lines) and lines[n].lstrip().startswith("|")


def _yfm_tabs(body: list[str], walk: _Walk) -> list[str]:
    """Diplodoc's tabs, each its name as a label over its text.

    >>> _yfm_tabs(["- Go", "", "   Use `Do`.", "- CLI", "   Run it."], _Walk())
    ['', '**Go**', '', '', 'Use `Do`.', '', '**CLI**', '', 'Run it.']
    """
    margin = left_margin(body)
    starts = [
        n for n, line in enumerate(body) if (item := YFM_TAB.match(line)) and len(item["indent"]) == margin
    ]
    if not starts:
        return callouts(body, walk)
    out = callouts(body[: starts[0]], walk)
    for start, end in zip(starts, [*starts[1:], len(body)], strict=True):
        content = body[start + 1 : end]
        inner = left_margin(content)
        out += tab_label(page_variables(YFM_TAB.match(body[start])["name"].strip())) + callouts(
            [dedented(line, inner) for line in content], walk
        )
    return out


def _yfm_table(body: list[str], indent: str) -> list[str]:
    """A Diplodoc table as a table of Markdown's, one line a row, as deep
    as its ``#|`` (in a list item, it stays in the item): a cell's lines run
    together (a list in a cell is its text, its code a code span), and a
    bar in code or escaped (``\\|``) is text of its cell.

    >>> _yfm_table(["|| **Method** | Where ||", "|| `a||b` | In the", "cluster ||"], "")
    ['', '| **Method** | Where |', '| --- | --- |', '| `a||b` | In the cluster |', '']
    """
    lines = _fences_as_spans(body)
    text = "\n".join(lines)
    masked = "\n".join(ESCAPED.sub("  ", without_code_spans(line)) for line in lines)
    rows = []
    for row in YFM_ROW.finditer(masked):
        start, end = row.span("row")
        bars = [start - 1, *(n for n in range(start, end) if masked[n] == "|"), end]
        rows.append([" ".join(text[a + 1 : b].split()) for a, b in itertools.pairwise(bars)])
    if not rows:
        return [""]
    # Markdown's table is as wide as its head: a row's extra cells would be lost.
    width = max(len(row) for row in rows)
    rows[0] += [""] * (width - len(rows[0]))
    cells = ["| " + " | ".join(row) + " |" for row in rows]
    rule = "| " + " | ".join("---" for _ in rows[0]) + " |"
    table = [outside_code_spans(cells[0]), rule, *(outside_code_spans(line) for line in cells[1:])]
    return ["", *(indent + line for line in table), ""]


def _fences_as_spans(body: list[str]) -> list[str]:
    """A table's lines with each block of fenced code one code span, as
    long as it needs to hold its backticks: a cell of Markdown's table is one
    line. A fence may close where its row does (```` ``` || ````); one that
    never closes is text.

    >>> _fences_as_spans(["|| SQL |", "~~~sql", "SELECT a || `b`;", "``` ||"])
    ['|| SQL |', '~~~sql', 'SELECT a || `b`;', '``` ||']
    >>> _fences_as_spans(["|| SQL |", "```sql", "SELECT a || `b`;", "``` ||"])
    ['|| SQL |', '`` SELECT a || `b`; `` ||']
    """
    out: list[str] = []
    at = 0
    while at < len(body):
        opening = CODE_FENCE.match(body[at])
        closing = _closing_in_a_row(body, at + 1, opening["fence"]) if opening else None
        if closing is None:
            out.append(body[at])
            at += 1
            continue
        end, after = closing
        code = [line.strip() for line in body[at + 1 : end]]
        ticks = "`" * (1 + max((len(run) for line in code for run in BACKTICK_RUN.findall(line)), default=0))
        out.append(f"{ticks} {' '.join(code)} {ticks}{after}")
        at = end + 1
    return out


def _closing_in_a_row(body: list[str], start: int, fence: str) -> tuple[int, str] | None:
    """The line from ``start`` that closes ``fence``, alone or before its
    row's bars, and what follows the fence on it."""
    for at in range(start, len(body)):
        stripped = body[at].strip()
        after = stripped.lstrip(fence[0])
        if len(stripped) - len(after) >= len(fence) and (not after or after.lstrip().startswith("|")):
            return at, after and " " + after.lstrip()
    return None


def _kramdown_ends(line: str, name: str) -> bool:
    """Whether ``line`` ends the kramdown extension ``name``."""
    end = KRAMDOWN_END.match(line)
    return bool(end) and end["name"] in ("", name)
