"""MDX and Vue components as their sites show them: the patterns of their
tags, where a tag ends, and the note a note component makes.

A note component (Starlight's ``<Aside>``, Nextra's ``<Callout>``, react.dev's
``<Pitfall>``) is a note; react.dev's ``<DeepDive>`` folds under the heading
it opens with; a tab or a titled section (``<TabItem label=…>``, Mintlify's
``<Step title=…>``) keeps its label; a card closed in its tag shows its
title and description. The callout walk (``callouts``) reads their bodies.
"""

from __future__ import annotations

import re

from indexer.notes import note, note_label
from indexer.template_tags import tag_kind_and_title

# Components that show their label or title above their body: tabs of
# Docusaurus, Starlight and VuePress, and Mintlify's steps, accordions and
# cards, whose title is the section's heading.
TITLED_COMPONENTS = "TabItem|Tab|CodeGroupItem|Step|Accordion|Expandable|Card"
# Of them, the tabs: a tab that shows nothing here is left out, label and all;
# a section's title is text of its own.
TAB_COMPONENTS = {"TabItem", "Tab", "CodeGroupItem"}
# Cards closed in their own tag (Starlight's <LinkCard title="…" description="…" />,
# ClickHouse's <CardPrimary …/>: Card is one of its name's words): their title
# and their description are their text.
SELF_CLOSED_CARD = re.compile(r"(?:\w*[a-z0-9])?Card(?:[A-Z]\w*)?")
DESCRIPTION = re.compile(r"""\bdescription=(?P<q>["'])(?P<text>.*?)(?P=q)""")
CARD_LINK = re.compile(r"""\bhref=(?P<q>["'])(?P<href>[^\s"'()<>]+)(?P=q)""")
# What follows a tab's opening tag when the tab is all on that line.
ONE_LINE_TAB = re.compile(r"(?P<text>.*?)</(?P<name>[A-Z][\w.]*)>\s*")
# A tab or a titled section (``TITLED_COMPONENTS``) opened on a line of its own.
JSX_TAB = re.compile(
    rf"""^(?P<indent>\s*)<(?P<name>{TITLED_COMPONENTS})\b(?P<attributes>(?:[^>"']|"[^"]*"|'[^']*')*+)(?<!/)>\s*$"""
)
TAB_TITLE = re.compile(r"""\b(?:label|title)=(?P<q>["'])(?P<title>.*?)(?P=q)""")
# A Docusaurus tab with no label shows its value.
TAB_VALUE = re.compile(r"""(?<![\w-])value=(?P<q>["'])(?P<title>.*?)(?P=q)""")
# MDX: a component's opening tag at the start of a line (`<Aside`, `<Tabs.Tab`),
# its closing tag alone on a line, and a comment (`{/* Draft */}`).
JSX_OPENING = re.compile(r"^\s*<(?P<name>[A-Z][\w.]*)(?=[\s/>]|$)")
JSX_CLOSING = re.compile(r"^\s*</(?P<name>[A-Z][\w.]*)>\s*$")
# A heading line (ATX), and the id that may end it (`{#id}`).
HEADING_LINE = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(?P<text>.*)")
HEADING_ID_AT_END = re.compile(r"\{#(?P<id>[^}\s\\]+)\\?\}")
# A heading's id written as an MDX comment at its end (react.dev's
# `## Usage {/*usage*/}`, an id's letters only): the id its links use, not
# a comment to drop (`{/*TODO*/}` is one).
MDX_HEADING_ID = re.compile(
    r"^(?P<heading>[ \t]{0,3}#{1,6}[ \t].*?\S)[ \t]*\{/\*(?P<id>[a-z0-9][a-z0-9_-]*)\*/\}[ \t]*$"
)
# HTML's elements, which an old page may write in capitals: not components.
HTML_ELEMENTS = {
    *("html", "body", "div", "span", "p", "a", "b", "i", "u", "s", "em", "strong", "small", "big", "font"),
    *("center", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "col", "colgroup"),
    *("ul", "ol", "li", "dl", "dt", "dd", "pre", "code", "kbd", "samp", "blockquote", "details", "summary"),
    *("section", "article", "aside", "header", "footer", "nav", "main", "figure", "figcaption", "img"),
    *("h1", "h2", "h3", "h4", "h5", "h6", "form", "label", "button", "select", "option", "textarea"),
}
# Components that are notes (Starlight's Aside, Nextra's Callout, Mintlify's
# Note...), their kind in their name or their `type`.
NOTE_COMPONENTS = {"Aside", "Callout", "Admonition", "Note", "Tip", "Info", "Warning", "Caution", "Danger"}
# Components that are notes under names of their own (react.dev's): their
# kind (a pitfall warns; a deep dive, a solution and a hint fold) and the
# name of their label in ``NOTE_LABELS``. A folded one is titled by the
# heading it opens with, where it has one.
NAMED_NOTES = {
    "Pitfall": ("warning", "pitfall"),
    "DeepDive": ("details", "deep-dive"),
    "Solution": ("details", "solution"),
    "Hint": ("details", "hint"),
    "YouWillLearn": ("note", "you-will-learn"),
    "Recap": ("note", "recap"),
    "Challenges": ("note", "challenges"),
}
# A page has MDX to rewrite when a tag runs onto the next line, holds an
# expression (`items={[...]}`) or opens a body on its own line, the body
# right under it (`<Tabs>` over a `<TabItem>`),
# a note component opens, a card is closed in its tag, or a comment is there.
ANY_JSX = re.compile(
    r"^[ \t]*<[A-Z][\w.]*(?:[ \t]*$|[ \t][^>\n]*(?:\{|$))"
    r"|^[ \t]*+<[A-Z][\w.]*+(?:[ \t][^>\n]*+)?(?<!/)>[ \t]*\n[ \t]*\S|^[ \t]*<(?:"
    + "|".join([*NOTE_COMPONENTS, *NAMED_NOTES])
    + r")\b|^[ \t]*<(?:\w*[a-z0-9])?Card(?:[A-Z]\w*)?[ \t/>]|\{/\*",
    re.M,
)


def jsx_tag_end(lines: list[str], at: int, start: int) -> tuple[int, int] | None:
    """The line and column just past the ``>`` that ends a JSX tag begun
    before ``lines[at][start]``, read past quoted values and ``{...}``
    expressions; None when no ``>`` ends it within 50 lines (prose)."""
    depth, quote = 0, ""
    for n in range(at, min(len(lines), at + 50)):
        for column in range(start if n == at else 0, len(lines[n])):
            char = lines[n][column]
            if quote:
                quote = "" if char == quote else quote
            elif char in "\"'`" and not (column and lines[n][column - 1].isalnum()):  # not "don't"
                quote = char
            elif char in "{}":
                depth += 1 if char == "{" else -1
            elif char == ">" and depth <= 0:
                return n, column + 1
    return None


def wraps(lines: list[str], last: int, rest: str, tag: str, name: str) -> bool:
    """Whether a component's opening tag, ending on line ``last`` with
    ``rest`` after it, opens a body of components right under it (`<Tabs>`
    over a `<TabItem>`). A blank line under it ends it as an HTML block
    (CommonMark, VitePress), and what is indented after that is code there;
    text right under it is text of the list item or paragraph it stands in;
    an HTML element's name, in capitals or not, is an old page's HTML
    (`<TABLE>`, `<Table border="1">`)."""
    opens = not rest.strip() and not tag.rstrip(">").endswith("/") and name.lower() not in HTML_ELEMENTS
    return opens and last + 1 < len(lines) and bool(JSX_OPENING.match(lines[last + 1]))


def component_note(name: str, arguments: str, body: list[str]) -> tuple[list[str], str, list[str]]:
    """The lines that open and close the note a component makes, and its body."""
    if name not in NAMED_NOTES:
        return (*note(*tag_kind_and_title(name.lower(), arguments)), body)
    kind, label = NAMED_NOTES[name]
    title, anchor = "", ""
    if kind == "details":
        title, anchor, body = _titled_by_heading(body)
    return (*note(kind, title or note_label(label), anchor), body)


def _titled_by_heading(body: list[str]) -> tuple[str, str, list[str]]:
    """The text of the heading ``body`` opens with, its id if it gives one
    (``{#why}``, or escaped for MDX), and the rest of ``body``; no title and
    all of ``body`` if it opens with anything else. An id made from the
    heading's words is not given: a section of the page may have the same
    words, and the id.

    >>> _titled_by_heading(["", "#### Why `keys`? {#why}", "", "Because."])
    ('Why `keys`?', 'why', ['', 'Because.'])
    >>> _titled_by_heading(["#### Why \\\\{#why\\\\}"]), _titled_by_heading(["#### Calling from C# ##"])
    (('Why', 'why', []), ('Calling from C#', '', []))
    >>> _titled_by_heading(["Because."])
    ('', '', ['Because.'])
    """
    first = next((n for n, line in enumerate(body) if line.strip()), None)
    heading = HEADING_LINE.match(body[first]) if first is not None else None
    if heading is None:
        return "", "", body
    text = _closed_heading_text(heading["text"])
    start = text.rfind("{#")  # from the end: a long heading costs one pass
    given = HEADING_ID_AT_END.fullmatch(text, start) if start >= 0 else None
    if given is None:
        return text, "", body[first + 1 :]
    return text[:start].removesuffix("\\").strip(), given["id"], body[first + 1 :]


def _closed_heading_text(text: str) -> str:
    """A heading's text without the closing run of ``#`` that may end it
    after a space (CommonMark), read from the end: no backtracking.

    >>> _closed_heading_text("Why? ##  "), _closed_heading_text("Calling from C#")
    ('Why?', 'Calling from C#')
    """
    text = text.rstrip()
    opened = text.rstrip("#")
    return opened.rstrip() if opened != text and (not opened or opened[-1] in " \t") else text
