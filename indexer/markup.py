"""The HTML that Markdown produced, made ready for the sanitizer in one pass
over its tokens (the standard library's tokenizer, no tree): the page's
`# Heading` lifted out as its title, classes dropped but those of notes,
and relative links to other articles stored as links by id.

Tags are written back as they were read, neither moved nor repaired: the
sanitizer parses the result as a browser would, and builds its tree there.
"""

from __future__ import annotations

import html
import posixpath
import re
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from indexer.docs_markdown import NOTE_CLASSES
from search.index.articles import ARTICLE_SUFFIXES, LOCALES, path_id, stored_link

# Every id an article keeps starts with this, so that no heading can take
# an id of the site's own page (``q``, ``content``, ``popular``...).
HEADING_ID_PREFIX = "h-"
# Elements without content or end tag: ``<br/>`` is ``<br>``, ``</br>`` nothing.
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Before the title heading, only these may come (a `<script setup>` of a Vue
# page); their text is not markup.
BEFORE_TITLE = {"script", "style"}
# Components whose text the sanitizer's HTML parser (html5ever, in nh3)
# drops with their tag, though HTML has no such element: Starlight's and
# Mintlify's <Card>. Their tags go here, so that their text stays.
TEXT_LOSING_TAGS = {"card"}
WHITESPACE = re.compile(r"\s+")
# What a link to another page of a docs tree ends with, when not a clean URL.
PAGE_EXTENSIONS = {suffix.lstrip(".") for suffix in ARTICLE_SUFFIXES} | {"html"}
# A link by the address a localized site publishes a page at: MDN's
# `/en-US/docs/Web/API/Fetch_API` (its files are the slug in lower case),
# Docusaurus's `/ru/docs/intro`. The locale's folder is where the path starts.
LOCALIZED_DOCS = re.compile(rf"^/(?:{'|'.join(LOCALES)})(?:-[A-Za-z]{{2}})?/docs/(?P<path>.+)$", re.I)
# A page's address in one language of a site that puts the language first
# (Starlight's and VitePress's `/ru/guides/cards/`): the page at that path.
LOCALIZED = re.compile(rf"^/(?:{'|'.join(LOCALES)})(?:-[A-Za-z]{{2}})?(?P<path>/.+)$")
# The folder such sites publish their pages under (`/docs/...`).
SITE_DOCS = "docs"


def prepare(markup: str, article_dir: str) -> tuple[str, str]:
    """The title (the text of the leading `# Heading`, "" without one) and
    the rest of ``markup``, changed as the sanitizer needs it.
    ``article_dir`` is the article's folder under the locale, from which
    relative ``.md`` links start."""
    rewriter = _Rewriter(article_dir)
    rewriter.feed(markup)
    rewriter.close()
    return rewriter.title, "".join(rewriter.out)


def clean(text: str) -> str:
    return WHITESPACE.sub(" ", text).strip()


class _Rewriter(HTMLParser):
    def __init__(self, article_dir: str) -> None:
        super().__init__(convert_charrefs=True)
        self.article_dir = article_dir
        self.out: list[str] = []
        self.title = ""
        self._before_title = True  # nothing yet but blanks, comments, scripts and styles
        self._heading: list[str] | None = None  # the title's text, while inside it
        self._depth = 0  # of `<h1>`s inside the title
        self._raw: str | None = None  # inside a script or style, whose text is not markup

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in TEXT_LOSING_TAGS:
            return
        if tag in BEFORE_TITLE:
            self._raw = tag
        if self._heading is not None:
            self._depth += tag == "h1"
            self._keep_anchor(tag, attrs)  # the title's other anchors
            return
        if self._before_title and tag == "h1":
            self._heading, self._depth = [], 1
            # The page shows its title itself; links to the title's anchor
            # (`attrs.md#fallthrough-attributes`) land here instead.
            self._keep_anchor(tag, attrs)
            return
        self._before_title = self._before_title and tag in BEFORE_TITLE
        self.out.append(f"<{tag}{self._attributes(tag, attrs)}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in TEXT_LOSING_TAGS:
            return
        if tag == self._raw:
            self._raw = None
        if self._heading is not None:
            self._depth -= tag == "h1"
            if not self._depth:
                self._end_title()
            return
        if tag not in VOID:
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            if self._raw is None:
                self._heading.append(data)
            return
        if self._raw is None:
            self._before_title = self._before_title and not data.strip()
            data = html.escape(data, quote=False)
        self.out.append(data)

    def handle_comment(self, data: str) -> None:
        if self._heading is None:
            self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self._other(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self._other(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self._other(f"<![{data}]>")

    def close(self) -> None:
        super().close()
        if self._heading is not None:  # never closed: the title runs to the end
            self._end_title()

    def _other(self, markup: str) -> None:
        if self._heading is None:
            self._before_title = False
            self.out.append(markup)

    def _keep_anchor(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        anchor = _anchor(tag, {name: value or "" for name, value in attrs})
        if anchor:
            self.out.append(f'<span id="{html.escape(anchor)}"></span>')

    def _end_title(self) -> None:
        self.title = clean(" ".join(self._heading or []))
        self._heading, self._before_title = None, False

    def _attributes(self, tag: str, attrs: list[tuple[str, str | None]]) -> str:
        values = {name: value or "" for name, value in attrs}  # a repeated one: the last
        if "class" in values:
            kept = [c for c in values["class"].split() if tag == "div" and c in NOTE_CLASSES]
            values["class"] = " ".join(kept)
            if not kept:
                del values["class"]
        if tag == "a" and "href" in values:
            values["href"] = _stored_href(values["href"], self.article_dir)
        if anchor := _anchor(tag, values):
            values["id"] = anchor
        return "".join(f' {name}="{html.escape(value)}"' for name, value in values.items())


def _anchor(tag: str, values: dict[str, str]) -> str:
    """The anchor an element places: its id, or an older HTML link target's
    name (`<a name="setup">`)."""
    return values.get("id") or (values.get("name", "") if tag == "a" else "")


def site_alternative(article_id: str) -> str:
    """The other id a link by a site's address may name, for a tree kept
    either way: from the site's root, where pages are under `docs/` and a
    translation's `/ru/docs/intro` names `docs/intro`, or from the docs
    folder, where the source's `/docs/intro` (Kubernetes, Docusaurus) names
    `intro`.

    >>> site_alternative("docs/concepts/pods"), site_alternative("concepts/pods")
    ('concepts/pods', 'docs/concepts/pods')
    """
    folder, _, rest = article_id.partition("/")
    return rest if folder == SITE_DOCS and rest else f"{SITE_DOCS}/{article_id}"


def _stored_href(href: str, article_dir: str) -> str:
    """A relative link to another article (``../audio/echo.md#fix``) as a
    link by id, a fragment pointing at the prefixed heading id; any other
    link as it is."""
    parts = urlsplit(href)
    # `#%D0%B7...` and `#з...` are one anchor; ids are compared as text.
    fragment = f"#{HEADING_ID_PREFIX}{unquote(parts.fragment)}" if parts.fragment else ""
    if parts.scheme or parts.netloc:
        return href
    if not parts.path:
        return fragment or href
    path = unquote(parts.path)  # `Getting%20Started.md` names `Getting Started.md`
    if localized := LOCALIZED_DOCS.match(path):
        path = "/" + localized["path"].lower()
    elif localized := LOCALIZED.match(path):
        path = localized["path"]
    page = _page_path(path)
    if page is not None:
        # `/guide/intro.md` (VitePress, Docusaurus) starts at the locale's folder.
        start = "" if page.startswith("/") else article_dir
        target = posixpath.normpath(posixpath.join(start, page.lstrip("/")))
        if target not in {".", ""} and not target.startswith("../"):
            return stored_link(path_id(target), fragment)
    return href


def _page_path(path: str) -> str | None:
    """The path of the page a link names, without its extension, or None
    when it names a file that is not a page. Docs sites link to pages by
    the Markdown file (`intro.md`), by the page they publish (`intro.html`)
    or by a clean URL (`intro`, and a folder's overview as `guide/`).

    >>> _page_path("../audio/echo.md"), _page_path("/guide/intro.html"), _page_path("/guide/intro")
    ('../audio/echo', '/guide/intro', '/guide/intro')
    >>> _page_path("/guide/"), _page_path("images/flow.png"), _page_path("v3.2")
    ('/guide/index', None, None)
    """
    if path.endswith("/"):
        return path + "index"
    _, dot, extension = posixpath.basename(path).rpartition(".")
    if not dot:
        return path
    return path[: -len(extension) - 1] if extension in PAGE_EXTENSIONS else None
