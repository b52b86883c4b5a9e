"""Markdown -> safe HTML, plain text, headings, table of contents and links."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import markdown
import nh3
from bs4 import BeautifulSoup
from slugify import slugify

from search.index.articles import stored_link

MARKDOWN_EXTENSIONS = ["extra", "toc", "sane_lists"]
# Heading anchors transliterated (#zapis-konferentsii), not the toc
# extension's ASCII-only default, which makes every Russian anchor #_1, #_2.
MARKDOWN_CONFIG = {"toc": {"slugify": lambda text, separator: slugify(text, separator=separator)}}
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")

# What an article may keep of its raw HTML: text structure, tables, media
# and the ids the table of contents links to. No scripts, no styles, no
# event handlers; links are limited to http(s), mailto and relative URLs.
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
    "*": {"id", "class", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "th": {"align", "colspan", "rowspan"},
    "td": {"align", "colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}

BLOCK_TAGS = [
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
]
WHITESPACE = re.compile(r"\s+")


@dataclass
class Rendered:
    html: str
    text: str
    headings: list[str]
    summary: str
    toc: list[tuple[int, str, str]] = field(default_factory=list)  # (level, anchor, text)
    links: list[str] = field(default_factory=list)


def render(source: str, locale: str, article_dir: str) -> Rendered:
    """Render an article body. ``article_dir`` is its folder under the locale
    (``meetings``), used to turn relative ``.md`` links into site URLs."""
    md = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS, extension_configs=MARKDOWN_CONFIG)
    raw_html = md.convert(source)
    safe_html = nh3.clean(
        raw_html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    soup = BeautifulSoup(safe_html, "lxml")
    links = _rewrite_links(soup, locale, article_dir)
    headings = [_clean(h.get_text(" ")) for h in soup.find_all(["h1", "h2", "h3"])]
    toc = _toc(soup)
    first_paragraph = soup.find("p")
    body = soup.body or soup
    html = "".join(str(child) for child in body.children)
    return Rendered(
        html=html,
        text=_plain_text(soup),
        headings=[h for h in headings if h],
        summary=_clean(first_paragraph.get_text(" ")) if first_paragraph else "",
        toc=toc,
        links=links,
    )


def _rewrite_links(soup: BeautifulSoup, locale: str, article_dir: str) -> list[str]:
    """Point relative links to other articles (``../audio/echo.md``) at the
    article pages of the same locale, and return every outgoing link."""
    links = []
    for a in soup.find_all("a", href=True):
        href = a["href"]
        parts = urlsplit(href)
        if not parts.scheme and not parts.netloc and parts.path.endswith(".md"):
            target = posixpath.normpath(posixpath.join(article_dir, parts.path))[: -len(".md")]
            if not target.startswith("../"):
                href = stored_link(target, f"#{parts.fragment}" if parts.fragment else "")
                a["href"] = href
        links.append(href)
    return links


def _plain_text(soup: BeautifulSoup) -> str:
    """The text of the article, one block (paragraph, item, cell) a line, so
    that snippets can cut at block ends. Mutates ``soup``: call it last."""
    for element in soup.find_all(BLOCK_TAGS):
        element.insert_after("\n")
    for br in soup.find_all("br"):
        br.replace_with("\n")
    lines = (_clean(line) for line in soup.get_text().split("\n"))
    return "\n".join(line for line in lines if line)


def _toc(soup: BeautifulSoup) -> list[tuple[int, str, str]]:
    """(level, anchor, text) of every heading the toc extension gave an id,
    read from the sanitized page rather than re-parsing each heading."""
    return [
        (int(h.name[1]), h["id"], _clean(h.get_text(" "))) for h in soup.find_all(HEADINGS) if h.get("id")
    ]


def _clean(text: str) -> str:
    return WHITESPACE.sub(" ", text).strip()
