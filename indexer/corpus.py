"""Reading a help-center tree: categories, articles, synonyms and glossary.

Every problem found is collected as a ``Problem`` naming the file and line,
so that a documentation team sees all of them in one run rather than one per
build.
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import math
import os
import posixpath
import re
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from functools import cached_property
from html import escape as html_escape
from html import unescape as html_unescape
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import yaml
from rapidfuzz.distance import OSA

from indexer import limits, plain_yaml
from indexer.cache import ArticleCache, article_key
from indexer.includes import INCLUDES_FOLDER, included_digest, with_includes
from indexer.markup import clean, site_alternative
from indexer.model import Article, Corpus, Problem
from indexer.presets import Presets, Variables
from indexer.render import TITLE_LINK, TITLE_OF, TITLE_OF_START, Rendered, render
from indexer.template_tags import with_variables
from indexer.vocabulary import article_words
from search.index.analysis import fold
from search.index.articles import (
    LOCALES,
    SOURCE_LOCALE,
    is_article_file,
    linked_id,
    path_id,
    retarget,
    retarget_links,
    valid_id,
)
from search.index.meta import Category, localized

# Below this many files to parse, starting worker processes costs more
# than it saves.
MIN_FILES_FOR_WORKERS = 64

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?$\n?", re.S | re.M)
# Hugo's other front matter: TOML between `+++` lines.
TOML_FRONT_MATTER = re.compile(r"\A\+\+\+[ \t]*\r?\n(.*?)^\+\+\+[ \t]*\r?$\n?", re.S | re.M)
TOML_ERROR_LINE = re.compile(r"\bline (\d+)")
# Without categories.yml, the category of the pages at the top of a tree
# (its home page, an FAQ), which sit in no folder.
TOP_CATEGORY = "general"
TOP_CATEGORY_NAMES = {"en": "General", "ru": "Общее"}


def load_corpus(root: Path | str, cache: ArticleCache | None = None, workers: int = 1) -> Corpus:
    """Read the corpus at ``root``: articles from ``cache`` where their files
    have not changed, the others parsed by ``workers`` processes."""
    root = Path(root)
    problems: list[Problem] = []
    if not root.is_dir():
        problems.append(Problem(root, 0, "corpus directory does not exist"))
        return Corpus(root, [], [], problems=problems)
    categories = _load_categories(root, problems)
    known = {c.id for c in categories} if (root / "categories.yml").exists() else None
    files = [(locale, path) for locale in LOCALES for path in _page_files(root, locale, problems)]
    presets = Presets(root)
    variables = [
        presets.for_page(locale, path.relative_to(root / locale).as_posix()) for locale, path in files
    ]
    problems += presets.problems
    read, parsed = _read_articles(root, files, variables, known, cache, workers)
    articles = []
    for article, found in read:
        problems += found
        if article is not None:
            articles.append(article)
    articles = _without_duplicates(articles, problems)
    if not files:
        # An index of nothing would go live and answer every page with a 503.
        problems.append(Problem(root, 0, f"no articles: pages go in {SOURCE_LOCALE}/<category>/<page>.md"))
    if known is None:
        categories = _categories_from_folders(articles)
    _link_translations(articles, problems)
    articles = _titled_links(_join_site_links(articles))
    return Corpus(
        root=root,
        categories=categories,
        articles=articles,
        synonyms=_load_synonyms(root, problems),
        glossary=_load_glossary(root, problems),
        problems=problems,
        parsed=parsed,
    )


def _read_articles(
    root: Path,
    files: list[tuple[str, Path]],
    variables: list[Variables],
    known: set[str] | None,
    cache: ArticleCache | None,
    workers: int,
) -> tuple[list[tuple[Article | None, list[Problem]]], int]:
    """Each file's article (None if it has errors) and problems, in order,
    and how many files were parsed rather than found in ``cache``. Each
    file's ``variables`` (``indexer.presets``) are part of what it is made from."""
    keys = {}
    if cache is not None:
        categories = repr(sorted(known)) if known is not None else ""
        for (_, path), values in zip(files, variables, strict=True):
            context = categories + (repr(sorted(values.items())) if values else "")
            with contextlib.suppress(OSError):  # parsing reports it
                data = path.read_bytes()
                # What it reads in from other files is part of it too.
                context += included_digest(data.decode("utf-8", "replace"), path, root)
                keys[path] = article_key(path.relative_to(root).as_posix(), data, context)
    cached = cache.get_many(keys.values()) if cache is not None else {}
    todo = [
        (locale, path, values)
        for (locale, path), values in zip(files, variables, strict=True)
        if keys.get(path) not in cached
    ]
    arguments = (
        [root] * len(todo),
        [locale for locale, _, _ in todo],
        [path for _, path, _ in todo],
        [known] * len(todo),
        [values for _, _, values in todo],
    )
    if workers > 1 and len(todo) >= MIN_FILES_FOR_WORKERS:
        # Workers run each task in their main thread, where the render time
        # limit's timer signal works.
        with ProcessPoolExecutor(workers) as pool:
            parsed = list(pool.map(load_file, *arguments, chunksize=max(1, len(todo) // (8 * workers))))
    else:
        parsed = list(map(load_file, *arguments))
    fresh = dict(zip((path for _, path, _ in todo), parsed, strict=True))
    if cache is not None:
        cache.put_many(
            {keys[p]: loaded for p, loaded in fresh.items() if loaded[0] is not None and p in keys}
        )
    read = [fresh[path] if path in fresh else cached[keys[path]] for _, path in files]
    return read, len(todo)


def load_file(
    root: Path, locale: str, path: Path, known: set[str] | None, variables: Variables | None = None
) -> tuple[Article | None, list[Problem]]:
    """One file's article (None if it has errors) and its problems."""
    problems: list[Problem] = []
    try:
        article = _load_article(root, locale, path, known, problems, variables or {})
    except Exception as exc:  # unforeseen: still one file's problem, named, not a traceback
        problems.append(Problem(path.relative_to(root), 1, f"cannot index: {type(exc).__name__}: {exc}"))
        return None, problems
    if article is not None:
        article.words = article_words(article)
    return article, problems


def _page_files(root: Path, locale: str, problems: list[Problem]) -> list[Path]:
    """The article files of ``locale`` in the corpus at ``root``, in path
    order, leaving out the site's tooling: hidden folders (``.vitepress/``,
    ``.github/``) and installed packages (``node_modules/``), which are not
    entered at all, since a docs tree's packages can hold far more files
    than its pages. Directory entries, not paths, are walked: they know
    their type without a ``stat`` of every file. A folder that cannot be
    read is a warning, and the rest of the tree is read."""
    found: list[str] = []

    def walk(path: str) -> None:
        try:
            listing = os.scandir(path)
        except OSError as exc:
            shown = Path(path).relative_to(root)
            problems.append(
                Problem(shown, 0, f"cannot read folder ({exc.strerror}): its pages are not indexed", True)
            )
            return
        with listing as entries:
            for entry in entries:
                if _tooling(entry.name):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    walk(entry.path)
                elif is_article_file(entry.name) and _regular_file(entry, root, problems):
                    found.append(entry.path)

    if (root / locale).is_dir():
        walk(str(root / locale))
    found.sort(key=lambda path: path.split(os.sep))  # as paths sort: folder by folder
    return [Path(path) for path in found]


def _regular_file(entry: os.DirEntry, root: Path, problems: list[Problem]) -> bool:
    """Whether ``entry`` is a file (or a link to one); a link that leads
    nowhere readable (a circle of links) is a warning, and the rest is read."""
    try:
        return entry.is_file()
    except OSError as exc:
        shown = Path(entry.path).relative_to(root)
        problems.append(Problem(shown, 0, f"cannot read ({exc.strerror}): not indexed", True))
        return False


def _tooling(name: str) -> bool:
    return name.startswith(".") or name in {"node_modules", INCLUDES_FOLDER}


def _load_categories(root: Path, problems: list[Problem]) -> list[Category]:
    shown = Path("categories.yml")
    read = _read_yaml(root, shown.name, problems) if (root / shown).exists() else None
    if read is None:
        return []
    data, tree = read
    if not isinstance(data, list):
        problems.append(Problem(shown, _line(tree), "expected a list of categories"))
        return []
    categories = []
    for position, (entry, node) in enumerate(zip(data, tree.value, strict=True), start=1):
        if not isinstance(entry, dict) or not entry.get("id"):
            problems.append(Problem(shown, _line(node), f"category #{position} has no id"))
            continue
        lines = {key.value: _line(value) for key, value in node.value}
        order, weight = entry.get("order", position), entry.get("weight", 1.0)
        if not _is_number(order, int):
            problems.append(Problem(shown, lines["order"], f"`order` must be a whole number, not {order!r}"))
            continue
        if not _is_number(weight, (int, float)) or not 0 < weight < math.inf:
            problems.append(
                Problem(shown, lines["weight"], f"`weight` must be a positive number, not {weight!r}")
            )
            continue
        categories.append(
            Category(
                id=str(entry["id"]),
                order=order,
                weight=float(weight),
                names=localized(entry.get("name"), default=str(entry["id"])),
                descriptions=localized(entry.get("description"), default=""),
            )
        )
    return sorted(categories, key=lambda c: c.order)


def _is_number(value: Any, kind: type | tuple[type, ...]) -> bool:
    # YAML's `yes` is a bool, and bool is an int in Python.
    return isinstance(value, kind) and not isinstance(value, bool)


def _categories_from_folders(articles: list[Article]) -> list[Category]:
    ids = sorted({a.category for a in articles})
    return [
        Category(
            id=c,
            order=i,
            weight=1.0,
            names=localized(TOP_CATEGORY_NAMES if c == TOP_CATEGORY else None, c),
            descriptions=localized(None, ""),
        )
        for i, c in enumerate(ids, start=1)
    ]


def _load_article(
    root: Path,
    locale: str,
    path: Path,
    known: set[str] | None,
    problems: list[Problem],
    variables: Variables,
) -> Article | None:
    """The article in ``path``, or None with its problems reported."""
    shown = path.relative_to(root)
    source = _read_source(path, shown, problems)
    if source is None:
        return None
    meta, body = _split_front_matter(shown, source, problems)
    body = with_includes(body, path, root)
    relative = path.relative_to(root / locale).with_suffix("").as_posix()
    folder = relative.split("/", 1)[0] if "/" in relative else ""
    errors_before = len(problems)

    article_id, id_line = _article_id(meta.get("id"), relative, shown, _key_line(source, "id"), problems)
    title = _title(meta.get("title"), shown, _key_line(source, "title"), problems)
    title = with_variables(title, variables) if title else title
    category = str(meta.get("category") or folder or (TOP_CATEGORY if known is None else ""))
    if not category:
        problems.append(Problem(shown, 1, "article has no category (no folder, no `category:`)"))
    elif known is not None and category not in known:
        problems.append(
            Problem(shown, _key_line(source, "category"), f"category {category!r} is not in categories.yml")
        )
    updated = _parse_date(meta.get("updated"), shown, _key_line(source, "updated"), problems)
    depth, depth_line = limits.deepest_nesting(body)
    if depth > limits.MAX_NESTING:
        body_line = source[: len(source) - len(body)].count("\n")
        problems.append(
            Problem(
                shown,
                body_line + depth_line,
                f"quotes or lists nested {depth} levels deep (at most {limits.MAX_NESTING})",
            )
        )
    if any(not problem.warning for problem in problems[errors_before:]):
        return None

    description = meta.get("description")
    description = clean(description) if isinstance(description, str) else ""
    try:
        with limits.time_limit(limits.RENDER_SECONDS):
            rendered = render(body, folder_of(relative), locale, variables)
            # A description is Markdown: shown as the summary, it is its text.
            described = render(description, folder_of(relative), locale, variables) if description else None
    except limits.TooSlow:
        problems.append(
            Problem(shown, 1, f"took over {limits.RENDER_SECONDS:g} s to render: simplify or split it")
        )
        return None
    if described is not None and not rendered.text.strip():
        # A section's page of a Hugo tree (Kubernetes) is often its front
        # matter alone, or a title and a list the site builds, and the site
        # shows its description: that is the page's text.
        rendered = replace(
            rendered,
            html=rendered.html + described.html,
            text=described.text,
            links=rendered.links + described.links,
            anchors=rendered.anchors + described.anchors,
        )
    _warn_of_title_keys(meta, source, shown, problems)
    title, headings = _final_title(title, rendered, path_id(relative))
    return Article(
        id=str(article_id),
        locale=locale,
        category=category,
        title=title,
        tags=_tags(meta.get("tags")),
        updated=updated,
        summary=str(meta.get("summary") or (clean(described.text) if described else "") or rendered.summary),
        headings=headings,
        body=rendered.text,
        html=rendered.html,
        toc=rendered.toc,
        links=rendered.links,
        anchors=rendered.anchors,
        path=shown.as_posix(),
        id_line=id_line,
        addresses=page_addresses(meta, folder_of(relative)),
    )


ID_RULE = "use path segments of letters, digits, `_`, `-` and `.`, joined by `/`"


def _article_id(
    value: Any, relative: str, shown: Path, line: int, problems: list[Problem]
) -> tuple[str | None, int]:
    """The id the front matter gives, else the path's, and the line that
    gives it. A front-matter id that cannot be an id is a warning with a
    safe default, the path's id; a path that gives none is an error."""
    by_path = path_id(relative)
    if value:
        if valid_id(str(value)):
            return str(value), line
        problems.append(
            Problem(shown, line, f"invalid article id {str(value)!r}: {ID_RULE}; {by_path!r} is used", True)
        )
    if valid_id(by_path):
        return by_path, 1
    problems.append(Problem(shown, 1, f"invalid article id {by_path!r}: {ID_RULE}"))
    return None, 1


def _warn_of_title_keys(meta: dict[str, Any], source: str, shown: Path, problems: list[Problem]) -> None:
    for key in filter(_looks_like_title, map(str, meta)):
        problems.append(
            Problem(
                shown,
                _key_line(source, key),
                f"front-matter key {key!r} looks like a misspelled or translated `title`; it is ignored",
                warning=True,
            )
        )


def _final_title(title: str | None, rendered: Rendered, article_id: str) -> tuple[str, list[str]]:
    """The title (front matter, else the page's `# Heading`, else the file
    name, as MkDocs and VitePress do) and the headings to index with it."""
    if title is None:
        return rendered.title or _title_from_path(article_id), rendered.headings
    if rendered.title and rendered.title != title:
        return title, [rendered.title, *rendered.headings]  # the page's own heading stays searchable
    return title, rendered.headings


def _read_source(path: Path, shown: Path, problems: list[Problem]) -> str | None:
    try:
        data = path.read_bytes()
        if len(data) > limits.MAX_ARTICLE_BYTES:
            problems.append(
                Problem(
                    shown,
                    1,
                    f"file is {len(data):,} bytes; an article may have at most {limits.MAX_ARTICLE_BYTES:,}",
                )
            )
            return None
    except OSError as exc:
        problems.append(Problem(shown, 1, f"cannot read: {exc}"))
        return None
    return _decode(data, shown, problems)


def _decode(data: bytes, shown: Path, problems: list[Problem]) -> str:
    """UTF-8 (with or without a byte-order mark), or UTF-16 with one, as
    Windows editors save. Anything else is a warning: a page that is UTF-8
    but for a stray byte is read as UTF-8 with that byte replaced; one with
    no UTF-8 in it as Windows-1251, the other encoding Russian text is kept
    in, where every byte is a character.

    >>> _decode("Звук".encode("cp1251"), Path("a.md"), problems := []), str(problems[0])
    ('Звук', 'a.md:1: warning: not UTF-8 (byte 0xc7): read as Windows-1251')
    >>> _decode(codecs.BOM_UTF8 + "Звук!".encode() + bytes([150]), Path("a.md"), [])
    'Звук!\ufffd'
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        with contextlib.suppress(UnicodeDecodeError):
            return data.decode("utf-16")
    while data.startswith(codecs.BOM_UTF8):
        data = data.removeprefix(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        stray = f"not UTF-8 (byte 0x{data[exc.start]:02x})"
        beyond_ascii = BEYOND_ASCII.findall(data)
        sequences = sum(len(found) > 1 for found in beyond_ascii)
        if sequences > len(beyond_ascii) - sequences:
            problems.append(Problem(shown, line, f"{stray}: read as UTF-8, the byte replaced", warning=True))
            return data.decode("utf-8", errors="replace")
        problems.append(Problem(shown, line, f"{stray}: read as Windows-1251", warning=True))
        return data.decode("cp1251", errors="replace")


# A character beyond ASCII as UTF-8 writes it, else a byte it never writes
# alone: which a page has more of tells a stray byte from another encoding.
BEYOND_ASCII = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}|[\x80-\xff]"
)


def folder_of(relative: str) -> str:
    return relative.rsplit("/", 1)[0] if "/" in relative else ""


def page_addresses(meta: dict[str, Any], folder: str) -> tuple[str, ...]:
    """The addresses a page's front matter publishes it at, as ids: its
    ``slug`` (Docusaurus; one without a leading ``/`` is in the page's
    ``folder``), ``permalink`` or ``url`` (Jekyll, Hugo: from the site's
    root) and Hugo's ``aliases``, the old addresses it still answers to. A link by any of them
    leads to the page (``_join_site_links``).

    >>> page_addresses({"slug": "/install", "aliases": ["/old/setup/"]}, "getting-started")
    ('install', 'old/setup')
    >>> page_addresses({"slug": "quick"}, "start"), page_addresses({"slug": "/", "url": "https://a.io/b"}, "")
    (('start/quick',), ())
    """
    aliases = meta.get("aliases")
    values = [(key, meta.get(key)) for key in ("slug", "permalink", "url")]
    values += [("aliases", alias) for alias in (aliases if isinstance(aliases, list) else [aliases])]
    addresses = []
    for key, value in values:
        parts = urlsplit(value.strip()) if isinstance(value, str) else None
        if not parts or parts.scheme or parts.netloc or not (path := parts.path):
            continue  # not an address on the site (a page that stands for an outside link)
        if key == "slug" and not path.startswith("/"):
            path = posixpath.join(folder, path)
        address = posixpath.normpath(path).strip("/").removesuffix(".html")
        if address and address != "." and address not in addresses:
            addresses.append(address)
    return tuple(addresses)


def _split_front_matter(shown: Path, source: str, problems: list[Problem]) -> tuple[dict[str, Any], str]:
    """The front matter and the body. Front matter that does not parse is a
    warning, and the page is read without it; lines between `---` that are
    not `key: value` lines are text, its first `---` a rule."""
    match = FRONT_MATTER.match(source)
    if not match:
        toml_match = TOML_FRONT_MATTER.match(source)
        if toml_match:
            return _toml_front_matter(shown, toml_match, problems), source[toml_match.end() :]
        return {}, source  # front matter is optional
    not_front_matter = "the lines between `---` are not `key: value` front matter; they are read as text"
    try:
        meta = plain_yaml.load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        if not KEY_LINE.match(match.group(1)):  # prose between two rules
            problems.append(Problem(shown, 2, not_front_matter, True))
            return {}, source
        mark = getattr(exc, "problem_mark", None)
        # +2: the mark counts from 0, and the block starts after the `---` line
        line = mark.line + 2 if mark else 1
        problem = getattr(exc, "problem", None) or exc
        problems.append(Problem(shown, line, f"invalid front matter: {problem}{IGNORED}", True))
        return {}, source[match.end() :]
    if not isinstance(meta, dict) or _one_sentence(meta):
        problems.append(Problem(shown, 2, not_front_matter, True))
        return {}, source
    return meta, source[match.end() :]


# The first line of front matter: a key, plain or quoted, or a flow mapping
# (after blank or comment lines); a sentence's first words are not a key.
KEY_LINE = re.compile(
    r"^(?:[ \t]*(?:#.*)?\r?\n)*[ \t]*"
    r"""(?:\{|(?:"[^"\n]*"|'[^'\n]*'|[^\s:#'"{}\[\],][^\s:]*)[ \t]*:(?:\s|$))"""
)


def _one_sentence(meta: dict[Any, Any]) -> bool:
    """Whether parsed front matter is a sentence with a colon in it ("Before
    you start: close the app."), which YAML reads as one key with spaces."""
    return len(meta) == 1 and " " in str(next(iter(meta)))


IGNORED = "; the page is indexed without it"


def _toml_front_matter(shown: Path, match: re.Match[str], problems: list[Problem]) -> dict[str, Any]:
    try:
        return tomllib.loads(match.group(1))
    except tomllib.TOMLDecodeError as exc:
        # +1: the block starts after the `+++` line
        at = TOML_ERROR_LINE.search(str(exc))
        # "at end of document": the closing `+++` line
        line = int(at.group(1)) + 1 if at else match.group(1).count("\n") + 2
        message = f"invalid front matter: {str(exc).split(' (at ')[0]}{IGNORED}"
        problems.append(Problem(shown, line, message, True))
    except RecursionError:  # thousands of nested arrays
        problems.append(Problem(shown, 2, f"invalid front matter: nested too deeply{IGNORED}", True))
    return {}


def _key_line(source: str, key: str) -> int:
    match = re.search(rf"""^(?P<q>["']?){re.escape(key)}(?P=q)\s*[:=]""", source, re.M)
    return source[: match.start()].count("\n") + 1 if match else 1


def _title(value: Any, shown: Path, line: int, problems: list[Problem]) -> str | None:
    """The title the front matter gives, if any; a number (``title: 2048``)
    is a title too, a list or a mapping a warning: the page's heading or
    file name is the title then."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if value is None or isinstance(value, str):
        return value.strip() if value and value.strip() else None
    message = f"`title` must be text, not {type(value).__name__} {value!r}; the page's heading is used"
    problems.append(Problem(shown, line, message, warning=True))
    return None


# `title` in the languages of the help centers Spravka serves and their
# neighbours: front matter a translator translated along with the text.
TRANSLATED_TITLE = {"заголовок", "название", "титул", "titel", "titre", "título", "titolo", "tytuł", "název"}


def _looks_like_title(key: str) -> bool:
    """A key meant as `title`: translated, or one typo away (a transposed
    pair counts as one, so `titel` and `tilte` are caught, `table` is not)."""
    if key == "title":
        return False
    folded = key.strip().lower()
    return folded == "title" or folded in TRANSLATED_TITLE or OSA.distance(folded, "title") <= 1


def _title_from_path(article_id: str) -> str:
    """``guide/getting-started`` -> ``Getting started``: the last resort."""
    words = article_id.rsplit("/", 1)[-1].replace("-", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def _parse_date(value: Any, shown: Path, line: int, problems: list[Problem]) -> dt.date | None:
    """A date written as ISO 8601 (``2026-01-15``, or with a time); any
    other value is a warning, and the article has no date."""
    if value is None or value == "":
        return None
    try:
        return dt.datetime.fromisoformat(str(value).strip()).date()
    except ValueError:
        message = f"`updated` is not a date (YYYY-MM-DD): {value!r}; the article is indexed without one"
        problems.append(Problem(shown, line, message, warning=True))
        return None


def _tags(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [t.strip() for t in value.split(",") if t.strip()]
    if isinstance(value, list):
        return [str(t).strip() for t in value if str(t).strip()]
    return [str(value)]


def _without_duplicates(articles: list[Article], problems: list[Problem]) -> list[Article]:
    """One article per id and locale; every other file claiming the id is a
    problem naming the one that keeps it. The file whose path gives the id
    keeps it, so an `id:` elsewhere cannot take over an existing page;
    among `id:`s alone, the first file in path order does. Another file
    whose `id:` took the id falls back to its path's id, with a warning,
    when no file has that one (a tree written for a site whose ids are
    per folder, `id: intro` in two of them); else it is an error. A
    translation is paired by its path before its ids are settled."""
    refused: set[int] = set()
    sources = [a for a in articles if a.locale == SOURCE_LOCALE]
    kept_by = _settle_ids(sources, problems, refused)
    english = _EnglishPages([a for a in sources if id(a) not in refused])
    translations = [a for a in articles if a.locale != SOURCE_LOCALE]
    for article in translations:
        _pair_by_path(article, english, kept_by, problems)
    _settle_ids(translations, problems, refused)
    return [a for a in articles if id(a) not in refused]


class _EnglishPages:
    """The English pages by where they are: by file under the locale's
    folder, else by the id their path gives, when one file gives it."""

    def __init__(self, sources: list[Article]) -> None:
        self.sources = sources
        self.by_file = {_file_of(a): a.id for a in sources}

    @cached_property
    def by_path_id(self) -> dict[str, str]:
        # Made only when a translation's file has no English twin: rare,
        # and a path id costs a slug of the whole path.
        path_ids = {id(a): _path_id_of(a) for a in self.sources}
        uses = Counter(path_ids.values())
        return {path_ids[id(a)]: a.id for a in self.sources if uses[path_ids[id(a)]] == 1}

    def at(self, article: Article) -> str | None:
        """The id of the English page at ``article``'s path, if any."""
        return self.by_file.get(_file_of(article)) or self.by_path_id.get(_path_id_of(article))


def _same_place(article: Article, other: Article) -> bool:
    return _file_of(article) == _file_of(other) or _path_id_of(article) == _path_id_of(other)


def _pair_by_path(
    article: Article, english: _EnglishPages, kept_by: dict[str, Article], problems: list[Problem]
) -> None:
    """The same path is the same article: a translation whose id its path
    gives (no `id:`, or one that could not be an id) takes the id of the
    English page at its path, and so does one whose `id:` several English
    pages claimed, unless it is the translation of the page that kept it;
    one that is neither stands on its own path's id rather than being
    paired with a page it may not translate. Paths are compared as files
    first (`guide/README.md` and `guide/index.md` both give the id `guide`),
    then by the ids they give (`setup.md` translating `setup.mdx`)."""
    contested = article.id in kept_by and not _same_place(article, kept_by[article.id])
    if article.id_line != 1 and not contested:
        return
    if (english_id := english.at(article)) is not None:
        article.id, article.id_line = english_id, 1
    elif contested:
        own = _path_id_of(article)
        message = f"id {article.id!r} is given by several English pages, none at this path; {own!r} is used"
        problems.append(Problem(Path(article.path), article.id_line, message, True))
        article.id, article.id_line = own, 1


def _settle_ids(articles: list[Article], problems: list[Problem], refused: set[int]) -> dict[str, Article]:
    """``_without_duplicates`` for ``articles``: adds the refused to
    ``refused``, and returns the ids claimed twice, each with the article
    that keeps it."""
    claims: dict[tuple[str, str], list[Article]] = {}
    for article in articles:
        claims.setdefault((article.locale, article.id), []).append(article)
    kept_by = {}
    for (locale, article_id), claimants in list(claims.items()):
        if len(claimants) < 2:
            continue
        claimants.sort(key=lambda a: _path_id_of(a) != article_id)
        kept_by[article_id] = claimants[0]
        for other in claimants[1:]:
            message = f"duplicate id {article_id!r}: {claimants[0].path} has it too"
            by_path = _path_id_of(other)
            if (locale, by_path) in claims:
                problems.append(Problem(Path(other.path), other.id_line, message))
                refused.add(id(other))
                continue
            problems.append(Problem(Path(other.path), other.id_line, f"{message}; {by_path!r} is used", True))
            other.id, other.id_line = by_path, 1
            claims[(locale, by_path)] = [other]
    return kept_by


def _file_of(article: Article) -> str:
    """``article``'s file under its locale's folder: `guide/intro.md`, in
    one Unicode form (macOS writes «й» as two code points, Linux as one)."""
    return unicodedata.normalize("NFC", PurePosixPath(article.path).relative_to(article.locale).as_posix())


def _path_id_of(article: Article) -> str:
    """The id ``article``'s path gives it, whatever its `id:` says."""
    return path_id(PurePosixPath(_file_of(article)).with_suffix("").as_posix())


def _link_translations(articles: list[Article], problems: list[Problem]) -> None:
    sources = {a.id: a for a in articles if a.locale == SOURCE_LOCALE}
    for article in articles:
        if article.locale == SOURCE_LOCALE:
            continue
        source = sources.get(article.id)
        if source is None:
            # A real tree keeps a translation whose source was moved or
            # removed; its readers can still use it.
            problems.append(
                Problem(
                    Path(article.path),
                    1,
                    f"translation has no English source "
                    f"({SOURCE_LOCALE}/{PurePosixPath(article.path).relative_to(article.locale)}); "
                    f"indexed for {article.locale} readers only",
                    warning=True,
                )
            )
            continue
        source.translated = article.translated = True
        if source.updated and article.updated and source.updated > article.updated:
            article.stale = True


def _join_site_links(articles: list[Article]) -> list[Article]:
    """The articles with each link to an id that no article has, but that
    names one by the site's address the other way (``site_alternative``) or
    by an address its front matter gives it (``page_addresses``), pointing at
    that one: a tree keeps links as its site publishes them,
    and whether the tree starts at the site's root or at its docs folder,
    one language's links name the pages under the other's addresses."""
    named_by = _site_names(articles)
    joined = []
    for article in articles:
        targets = {linked_id(href) for href in article.links} - {None}
        moved = {t: other for t in targets if (other := named_by(t)) != t}
        if moved:
            article = replace(
                article,
                html=retarget_links(article.html, moved),
                links=[retarget(href, moved) for href in article.links],
            )
        joined.append(article)
    return joined


def _site_names(articles: list[Article]) -> Callable[[str], str]:
    """The id of the article a link's target names: its own, or, when no
    article has it, the one ``_named_by`` finds (the target itself if none)."""
    ids = {article.id for article in articles}
    addressed = {address: a.id for a in articles for address in a.addresses if address not in ids}
    return lambda target: target if target in ids else _named_by(target, ids, addressed) or target


def _titled_links(articles: list[Article]) -> list[Article]:
    """The articles with each ``{#T}`` link's text the title of the page it
    links to (in the article's language where that page has it), in its
    HTML, text, headings, contents and summary; a link to no article of the
    tree shows its address's last part, as a page's title does when it has none.
    The text's marks hold the address as written, so they are read as
    ``_join_site_links`` reads the HTML's."""
    titles = {(a.locale, a.id): a.title for a in articles}
    named_by = _site_names(articles)
    return [_titled(a, titles, named_by) if TITLE_OF_START in a.body + a.summary else a for a in articles]


def _titled(article: Article, titles: dict[tuple[str, str], str], named_by: Callable[[str], str]) -> Article:
    def title_of(href: str) -> str:
        target = linked_id(href)
        if target is None:
            return _title_from_path(href.split("#", 1)[0].rstrip("/").removesuffix(".md"))
        target = named_by(target)
        return (
            titles.get((article.locale, target))
            or titles.get((SOURCE_LOCALE, target))
            or _title_from_path(target)
        )

    def in_text(text: str) -> str:
        return TITLE_OF.sub(lambda mark: title_of(mark["href"]), text)

    def in_html(link: re.Match[str]) -> str:
        return f"{link['opening']}{html_escape(title_of(html_unescape(link['href'])), quote=False)}</a>"

    return replace(
        article,
        html=TITLE_LINK.sub(in_html, article.html),
        body=in_text(article.body),
        summary=in_text(article.summary),
        headings=[in_text(heading) for heading in article.headings],
        toc=[(level, anchor, in_text(text)) for level, anchor, text in article.toc],
    )


def _named_by(target: str, ids: set[str], addressed: dict[str, str]) -> str | None:
    """The id of the article a link to the unknown id ``target`` names: by
    the site's address the other way, or by an address a page's front matter
    gives it, either way."""
    alternative = site_alternative(target)
    if alternative in ids:
        return alternative
    return addressed.get(target) or addressed.get(alternative)


def _read_yaml(root: Path, name: str, problems: list[Problem]) -> tuple[Any, yaml.Node] | None:
    """The value of ``root/name`` and its node tree: nodes know their line,
    so a problem in the shape of the data can be reported where it is."""
    try:
        text = (root / name).read_text(encoding="utf-8")
        tree = plain_yaml.compose(text)
        return (plain_yaml.load(text), tree) if tree is not None else None
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 1
        problems.append(Problem(Path(name), line, f"invalid YAML: {exc.problem}"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        problems.append(Problem(Path(name), 1, f"cannot read: {type(exc).__name__}"))
    return None


def _mapping(root: Path, shown: Path, expected: str, problems: list[Problem]) -> yaml.MappingNode | None:
    """The node tree of an optional YAML file that must be a mapping; None
    (with the problem noted) when it is absent, unreadable or not a mapping."""
    read = _read_yaml(root, shown.name, problems) if (root / shown).exists() else None
    if read is None:
        return None
    tree = read[1]
    if not isinstance(tree, yaml.MappingNode):
        problems.append(Problem(shown, _line(tree), f"expected {expected}"))
        return None
    return tree


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _words(node: yaml.Node) -> list[str] | None:
    """A word or a list of words, as strings; None for any other shape."""
    if isinstance(node, yaml.ScalarNode):
        return [node.value.strip()] if node.value.strip() else []
    if isinstance(node, yaml.SequenceNode) and all(isinstance(n, yaml.ScalarNode) for n in node.value):
        return [n.value.strip() for n in node.value if n.value.strip()]
    return None


def _load_synonyms(root: Path, problems: list[Problem]) -> dict[str, list[list[str]]]:
    """``{locale: [[word, ...], ...]}`` from ``synonyms.yml``: a mapping of
    locales to lists of groups, each group a list of two or more words."""
    shown = Path("synonyms.yml")
    tree = _mapping(root, shown, "a mapping of locales to lists of synonym groups", problems)
    if tree is None:
        return {}
    groups: dict[str, list[list[str]]] = {}
    for key, value in tree.value:
        if key.value not in LOCALES:
            problems.append(
                Problem(shown, _line(key), f"unknown locale {key.value!r} (one of {', '.join(LOCALES)})")
            )
            continue
        if not isinstance(value, yaml.SequenceNode):
            problems.append(Problem(shown, _line(value), f"{key.value}: expected a list of synonym groups"))
            continue
        for entry in value.value:
            words = _words(entry) if isinstance(entry, yaml.SequenceNode) else None
            if words is None or len(words) < 2:
                problems.append(
                    Problem(shown, _line(entry), "a synonym group is a list of two or more words")
                )
                continue
            groups.setdefault(key.value, []).append(words)
    return groups


def _load_glossary(root: Path, problems: list[Problem]) -> dict[str, list[str]]:
    """``{russian term: [english term, ...]}`` from ``glossary.yml``."""
    shown = Path("glossary.yml")
    tree = _mapping(root, shown, "a mapping of Russian terms to English terms", problems)
    if tree is None:
        return {}
    glossary = {}
    for key, value in tree.value:
        english = _words(value)
        if not isinstance(key, yaml.ScalarNode) or not key.value.strip() or not english:
            problems.append(Problem(shown, _line(key), "expected `russian term: [english term, ...]`"))
            continue
        glossary[fold(key.value.strip())] = english
    return glossary
