"""Markdown -> safe HTML, plain text, headings, table of contents and links."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import takewhile

import markdown
import nh3
from lxml import etree
from slugify import slugify

from indexer.docs_markdown import NOTE_CLASSES, DocsMarkdown
from indexer.markup import HEADING_ID_PREFIX, PAGE_EXTENSIONS, clean, prepare
from indexer.notes import PAGE_LOCALE
from indexer.template_tags import PAGE_VARIABLES
from search.index.articles import LINK_SCHEME, OVERVIEW_NAMES, SOURCE_LOCALE, linked_id

# `extra` brings `attr_list`, which makes `## Heading {#custom-id}` the
# heading's id and keeps `{#...}` out of its text.
MARKDOWN_EXTENSIONS = ["extra", "toc", "sane_lists", DocsMarkdown()]
# Heading anchors transliterated (#zapis-konferentsii), not the toc
# extension's ASCII-only default, which makes every Russian anchor #_1, #_2.
MARKDOWN_CONFIG = {"toc": {"slugify": lambda text, separator: slugify(text, separator=separator)}}
# Diplodoc's link that shows the title of the page it links to:
# `[{#T}](../concepts/table.md)`. Only the corpus knows every page's title
# (``indexer.corpus``): till then the HTML keeps the mark, and the text (its
# headings, contents and summary too) holds the link's address between two
# private-use characters in its place, so that a `{#T}` in code is not taken
# for one. The page's own characters of the two are dropped from the text
# first (an icon font's glyphs): they would read as marks.
TITLE_LINK = re.compile(r'(?P<opening><a href="(?P<href>[^"]*)"[^>]*>)\{#T\}</a>')
TITLE_OF_START, TITLE_OF_END = "\ue000", "\ue001"
TITLE_OF = re.compile(f"{TITLE_OF_START}(?P<href>[^{TITLE_OF_START}{TITLE_OF_END}]*+){TITLE_OF_END}")
NOT_MARKS = str.maketrans("", "", TITLE_OF_START + TITLE_OF_END)
# GitBook's link to a page shown by the page's title: `[usage.md](usage.md "mention")`,
# and one written with the page's file name for its text, as GitBook's
# `{% content-ref %}` cards are.
PAGE_LINK = re.compile(rf'<a href="(?P<href>{LINK_SCHEME}:[^"]*)"(?P<attributes>[^>]*)>(?P<text>[^<>]*)</a>')
MENTION = ' title="mention"'
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# Whether an element is inside a note or a fold, asked of libxml2, which
# walks the ancestors, not Python: a page of deeply nested notes stays fast.
IN_A_NOTE = "ancestor::details or ancestor::div[contains(concat(' ', @class, ' '), ' note ')]"
IN_NOTE = etree.XPath(f"boolean({IN_A_NOTE})")
# The headings of a page's contents: every one with an id, but those inside
# a note or a fold (an aside is not a section: react.dev's exercises would be
# listed under whatever section comes before them).
CONTENTS = etree.XPath(f"//*[{' or '.join(f'self::{h}' for h in HEADINGS)}][@id][not({IN_A_NOTE})]")
LABEL_WORDS = 4  # a tab's or a file's label is a name ("Windows", "App.js", "Google Cloud")
SENTENCE_ENDS = (".", "?", "!", ":", "…")

# What an article may keep of its raw HTML: text structure, tables and
# media. No scripts, no styles, no event handlers, no classes but those of
# notes (an article must not dress up as part of the site, as a banner say);
# ids only on headings, where the
# table of contents needs them. Links are limited to http(s), mailto,
# relative URLs and stored links to other articles (``article:<id>``).
ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    *HEADINGS,
    "hr",
    "i",
    "img",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "s",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    # Ids: a heading's, and an anchor an author placed (`<span id="tip">`);
    # the sanitizer prefixes every one.
    "*": {"title", "lang", "id"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "th": {"align", "colspan", "rowspan"},
    "td": {"align", "colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto", LINK_SCHEME}
# The id Python-Markdown gives a footnote's mark (fnref:1, fnref2:1 for the
# second mark of one footnote), prefixed.
FOOTNOTE_REFERENCE = re.compile(rf"{HEADING_ID_PREFIX}fnref\d*:")

BLOCK_TAGS = {
    "p",
    "li",
    "td",
    "th",
    "pre",
    "blockquote",
    "dd",
    "dt",
    "div",
    "tr",
    "table",
    *HEADINGS,
    "details",
    "summary",
    "figure",
    "figcaption",
}


@dataclass
class Rendered:
    title: str  # of the leading `# Heading`, lifted out of the html; "" without one
    html: str
    text: str
    headings: list[str]
    summary: str
    toc: list[tuple[int, str, str]] = field(default_factory=list)  # (level, anchor, text)
    links: list[str] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)  # every id a link may point at


def render(
    source: str, article_dir: str, locale: str = SOURCE_LOCALE, variables: dict[str, str] | None = None
) -> Rendered:
    """Render an article body. ``article_dir`` is its folder under the locale
    (``meetings``), used to turn relative ``.md`` links into stored links;
    ``locale`` is the page's language, which labels its notes; ``variables``
    are the values of its ``{{ name }}`` (``indexer.presets``).

    Every change to the markup happens before the sanitizer, and what the
    sanitizer returns is stored as it is: no later step can turn escaped
    text back into markup.
    """
    token, given = PAGE_LOCALE.set(locale), PAGE_VARIABLES.set(variables or {})
    try:
        converted = _converter().reset().convert(source)
    finally:
        PAGE_LOCALE.reset(token)
        PAGE_VARIABLES.reset(given)
    title, prepared = prepare(converted, article_dir)
    html = PAGE_LINK.sub(_mention, _sanitize(prepared))
    # Only read from here on: lxml's own tree, which takes a few hundredths
    # of a millisecond an article.
    page = _parse(TITLE_LINK.sub(_title_link_address, html.translate(NOT_MARKS)))
    headings = [_text(h) for h in page.iter("h1", "h2", "h3")]
    summary = _summary(page)
    return Rendered(
        title=title,
        html=html,
        text=_plain_text(page),
        headings=[h for h in headings if h],
        summary=summary,
        toc=_toc(page),
        links=[a.get("href") for a in page.iter("a") if a.get("href") is not None],
        anchors=[element.get("id") for element in page.iter() if element.get("id")],
    )


def _mention(link: re.Match[str]) -> str:
    """A link that shows the linked page's title (``TITLE_LINK``), if it is
    a mention or its text is the page's file name; as it is otherwise.

    >>> _mention(PAGE_LINK.match('<a href="article:guide/usage#h-proxy">usage.md</a>'))
    '<a href="article:guide/usage#h-proxy">{#T}</a>'
    """
    target = linked_id(link["href"]) or ""
    stem, dot, extension = link["text"].strip().rpartition(".")
    names = {target, target.rsplit("/", 1)[-1], *OVERVIEW_NAMES}  # a folder's page has the folder's id
    file_name = dot and extension in PAGE_EXTENSIONS and stem in names
    if MENTION not in link["attributes"] and not file_name:
        return link[0]
    return f'<a href="{link["href"]}"{link["attributes"].replace(MENTION, "")}>{{#T}}</a>'


def _title_link_address(link: re.Match[str]) -> str:
    return f"{link['opening']}{TITLE_OF_START}{link['href']}{TITLE_OF_END}</a>"


_converters = threading.local()


def _converter() -> markdown.Markdown:
    """This thread's Markdown converter: setting one up with its extensions
    costs an eighth of converting an article, and ``reset`` clears what one
    conversion leaves (the table of contents, stashed HTML)."""
    converter = getattr(_converters, "markdown", None)
    if converter is None:
        converter = _converters.markdown = markdown.Markdown(
            extensions=MARKDOWN_EXTENSIONS, extension_configs=MARKDOWN_CONFIG
        )
    return converter


def _parse(html: str) -> etree._Element:
    """The ``<body>`` of ``html`` (an empty one if it has none). The feed
    interface takes any text, control characters included."""
    parser = etree.HTMLParser()
    parser.feed(html)
    root = parser.close()
    body = root.find("body") if root is not None else None
    return body if body is not None else etree.Element("body")


def _sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        id_prefix=HEADING_ID_PREFIX,
        allowed_classes={"div": NOTE_CLASSES},
        tag_attribute_values={"div": {"role": {"note"}}},
    )


def _plain_text(page: etree._Element) -> str:
    """The text of the article, one block (paragraph, item, cell) a line, so
    that snippets can cut at block ends. Walked with a stack of what is
    still to come, since raw HTML may nest deeper than Python recurses."""
    parts: list[str] = []
    todo: list[etree._Element | str] = [page]
    while todo:
        node = todo.pop()
        if isinstance(node, str):
            parts.append(node)
            continue
        todo.append(node.tail or "")
        if node.tag == "br":
            parts.append("\n")
        elif _footnote_link(node):
            continue  # a footnote's number in the text, or the way back to it: no words
        elif isinstance(node.tag, str):  # an element, not a comment
            if node.tag in BLOCK_TAGS:
                # A block is a line of its own, also where it follows text
                # of the element that holds it (an item's words, then its
                # code): glued, the two words around the seam would be one.
                parts.append("\n")
                todo.append("\n")
            todo.extend(reversed(node))
            parts.append(node.text or "")
    lines = (clean(line) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _summary(page: etree._Element) -> str:
    """The first paragraph with words of the page's introduction (before its
    first section) outside notes, else the first of the page; never a label
    (a note's "Tip", a tab's "Windows"). One left empty by what the site's
    build fills in (Hugo's glossary definitions) says nothing. A note above
    the introduction is an aside (react.dev's warnings), but a page whose
    introduction is all note (an API page's "see also") is summed up by it
    rather than by its first section."""
    introduction = takewhile(lambda element: element.tag == "p", page.iter("p", *HEADINGS[1:]))
    own = (p for p in introduction if not _label(p) and not IN_NOTE(p))
    return _first_text(own) or _first_text(p for p in page.iter("p") if not _label(p))


def _first_text(paragraphs: Iterable[etree._Element]) -> str:
    return next((text for text in map(_text, paragraphs) if text), "")


def _label(paragraph: etree._Element) -> bool:
    """Whether ``paragraph`` is the label a note opens with, or a tab's or a
    file's (``tab_label``: a few words in bold alone, not in a list's item,
    and no sentence: "**This page has moved.**" says something)."""
    parent = paragraph.getparent()
    if parent is not None and parent.tag == "div" and "note" in parent.get("class", "").split():
        return parent.index(paragraph) == 0
    bold = len(paragraph) == 1 and paragraph[0].tag == "strong" and (parent is None or parent.tag != "li")
    if not bold or (paragraph.text or "").strip() or (paragraph[0].tail or "").strip():
        return False
    words = _text(paragraph).split()
    return len(words) <= LABEL_WORDS and not (words and words[-1].endswith(SENTENCE_ENDS))


def _footnote_link(node: etree._Element) -> bool:
    """A footnote's mark (``<sup id="fnref:1">``), which glued to its word
    (automatically¹) would make another word of it, or its way back (↩)."""
    if node.tag == "sup":
        anchor = node.get("id", "")
    elif node.tag == "a":
        anchor = node.get("href", "").removeprefix("#")
    else:
        return False
    return bool(FOOTNOTE_REFERENCE.match(anchor))


def _toc(page: etree._Element) -> list[tuple[int, str, str]]:
    """(level, anchor, text) of every heading the toc extension gave an id,
    read from the sanitized page rather than re-parsing each heading. A
    heading left with no text (Hugo's ``## {{% heading "objectives" %}}``,
    whose words the site's theme supplies) has no place in it, nor has one
    inside a note or a fold (``CONTENTS``)."""
    headings = ((h, _text(h)) for h in CONTENTS(page))
    return [(int(h.tag[1]), h.get("id"), text) for h, text in headings if text]


def _text(element: etree._Element) -> str:
    """The text of a heading or a paragraph as it reads: its inline pieces
    joined as written (``<em>leader election</em>.`` is "leader election.",
    not "leader election ."), a line break a space, no footnote's mark."""
    return clean("".join(_pieces(element)))


def _pieces(element: etree._Element) -> Iterator[str]:
    yield element.text or ""
    for child in element:
        if child.tag == "br":
            yield " "
        elif isinstance(child.tag, str) and not _footnote_link(child):
            yield from _pieces(child)
        yield child.tail or ""
