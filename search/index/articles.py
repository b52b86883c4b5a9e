"""Articles across locales: ids, locales, which version a reader gets, and
where an article lives on the site.

Each of these rules is written here once; the indexer, ranking, browsing,
suggestions, the API and the templates all call these functions.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from urllib.parse import quote

from slugify import slugify

LOCALES = ("en", "ru")
# Every article exists in the source locale; the others translate part of it.
SOURCE_LOCALE = "en"

# An id is a path of segments made of letters, digits, `_`, `-` and `.`
# (never first), so it cannot climb out of its folder (`..`), carry a query,
# a fragment, quotes or markup, whatever a front-matter `id:` says.
ARTICLE_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*(?:/[A-Za-z0-9_][A-Za-z0-9_.-]*)*")
MAX_ID_LENGTH = 200
# File names that hold their folder's overview page (MkDocs, VitePress, GitHub).
OVERVIEW_NAMES = ("index", "README", "readme", "_index")  # `_index`: Hugo

# The site's address of an article; the web routes are derived from it.
ARTICLE_PATH = "/{locale}/articles/{id}"
# How stored article HTML refers to another article: by id, not by URL, so a
# change of routes never needs a rebuild. ``resolve_links`` makes them URLs.
LINK_SCHEME = "article"
# Only a link's own attribute: the same words in text (a code sample that
# shows one) hold no tag, since a text's ``<`` is stored as ``&lt;``.
_STORED_LINK = re.compile(rf'(<a\s(?:[^<>"]|"[^"]*")*?)href="{LINK_SCHEME}:([^"#]*)(#[^"]*)?"')


def valid_id(article_id: str) -> bool:
    """Whether ``article_id`` is a safe article id.

    >>> valid_id("meetings/join-a-meeting"), valid_id("../static/site.css")
    (True, False)
    """
    return len(article_id) <= MAX_ID_LENGTH and ARTICLE_ID.fullmatch(article_id) is not None


# The files of a tree that are articles: Markdown, and MDX as Docusaurus
# writes it.
ARTICLE_SUFFIXES = (".md", ".mdx", ".markdown")
# Markdown files that are a tree's navigation, not pages: GitBook's and
# mdBook's table of contents, docsify's sidebar, navbar and cover.
NAVIGATION_FILES = frozenset({"SUMMARY.md", "_sidebar.md", "_navbar.md", "_coverpage.md"})


def is_article_file(name: str) -> bool:
    """Whether a file called ``name`` holds an article.

    >>> is_article_file("intro.mdx"), is_article_file("SUMMARY.md"), is_article_file("logo.png")
    (True, False, False)
    """
    return name.endswith(ARTICLE_SUFFIXES) and name not in NAVIGATION_FILES


def path_id(relative: str) -> str:
    """The id a file's path under its locale folder gives an article, without
    its suffix (``.md``): the path itself, except that a folder's ``index`` or ``README``
    is the folder's overview and takes the folder's id.

    >>> path_id("guide/intro"), path_id("guide/index"), path_id("guide/README"), path_id("index")
    ('guide/intro', 'guide', 'guide', 'index')
    >>> path_id("guide/_index"), path_id("guide/readme")
    ('guide', 'guide')

    A segment that could not be part of an id (a file named with spaces or
    in Cyrillic) is made one the way a heading's anchor is, so the page,
    its translation at the same path and the links to it agree:

    >>> path_id("Getting Started/First Call"), path_id("guide/Настройка звука")
    ('getting-started/first-call', 'guide/nastroika-zvuka')
    """
    folder, _, name = relative.rpartition("/")
    found = folder if folder and name in OVERVIEW_NAMES else relative
    return "/".join(
        segment if ARTICLE_ID.fullmatch(segment) else slugify(segment) or "-" for segment in found.split("/")
    )


def reader_locale(value: str | None) -> str:
    """``value`` if it is a locale Spravka serves, else the source locale."""
    return value if value in LOCALES else SOURCE_LOCALE


def shown_version(reader: str, available: Collection[str]) -> str | None:
    """The locale of the version of an article that a reader of ``reader``
    gets, given the locales the article exists in: the reader's own when it
    exists, else the English source (shown flagged); None when neither does.

    >>> shown_version("ru", {"en", "ru"}), shown_version("ru", {"en"}), shown_version("en", {"ru"})
    ('ru', 'en', None)
    """
    if reader in available:
        return reader
    return SOURCE_LOCALE if SOURCE_LOCALE in available else None


def article_url(locale: str, article_id: str, anchor: str = "") -> str:
    """The page of an article for a reader of ``locale``.

    >>> article_url("ru", "meetings/join-a-meeting", "#steps")
    '/ru/articles/meetings/join-a-meeting#steps'
    """
    return ARTICLE_PATH.format(locale=locale, id=quote(article_id, safe="/")) + anchor


def stored_link(article_id: str, anchor: str = "") -> str:
    """How article HTML stores a link to another article (``resolve_links``)."""
    return f"{LINK_SCHEME}:{article_id}{anchor}"


def linked_id(href: str) -> str | None:
    """The article id a stored link points to, or None for other links."""
    prefix = f"{LINK_SCHEME}:"
    return href[len(prefix) :].split("#", 1)[0] if href.startswith(prefix) else None


def retarget_links(html: str, moved: Mapping[str, str]) -> str:
    """Stored article HTML with its links to the ids in ``moved`` pointing
    at the ids they map to, anchors kept.

    >>> links = '<a href="article:docs/intro#run">Run</a> <a href="article:faq">FAQ</a>'
    >>> retarget_links(links, {"docs/intro": "intro"})
    '<a href="article:intro#run">Run</a> <a href="article:faq">FAQ</a>'
    """

    def link(match: re.Match[str]) -> str:
        tag, article_id, anchor = match.group(1), match.group(2), match.group(3) or ""
        return f'{tag}href="{retarget(stored_link(article_id, anchor), moved)}"'

    return _STORED_LINK.sub(link, html)


def retarget(href: str, moved: Mapping[str, str]) -> str:
    """A stored link to an id in ``moved`` as a link to the id it maps to;
    any other link as it is.

    >>> retarget("article:docs/intro#run", {"docs/intro": "intro"}), retarget("/faq", {})
    ('article:intro#run', '/faq')
    """
    article_id = linked_id(href)
    if article_id not in moved:
        return href
    return stored_link(moved[article_id], href[len(LINK_SCHEME) + 1 + len(article_id) :])


def resolve_links(html: str, locale: str) -> str:
    """Stored article HTML with its links to other articles made into URLs
    for a reader of ``locale``. A link whose id is not a valid id becomes
    a dead ``#`` rather than an address anywhere on the site.

    >>> resolve_links('<a href="article:audio/echo#fix">Echo</a> <code>href="article:x"</code>', "ru")
    '<a href="/ru/articles/audio/echo#fix">Echo</a> <code>href="article:x"</code>'
    """

    def url(match: re.Match[str]) -> str:
        tag, article_id, anchor = match.group(1), match.group(2), match.group(3) or ""
        target = article_url(locale, article_id, anchor) if valid_id(article_id) else "#"
        return f'{tag}href="{target}"'

    return _STORED_LINK.sub(url, html)
