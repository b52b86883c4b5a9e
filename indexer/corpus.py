"""Reading a help-center tree: categories, articles, synonyms and glossary.

Every problem found is collected as a ``Problem`` naming the file and line,
so that a documentation team sees all of them in one run rather than one per
build.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from indexer.render import render
from search.index.analysis import fold
from search.index.articles import LOCALES, SOURCE_LOCALE
from search.index.meta import Category, localized

# libyaml's loader when PyYAML was built with it: front matter of thousands
# of articles is parsed on every build.
YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?$\n?", re.S | re.M)


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class Article:
    id: str
    locale: str
    category: str
    title: str
    tags: list[str]
    updated: dt.date | None
    summary: str
    headings: list[str]
    body: str
    html: str
    toc: list[tuple[int, str, str]]
    links: list[str]
    path: str  # relative to the corpus root, for messages and the article page
    translated: bool = False  # a Russian version exists (set on both twins)
    stale: bool = False  # Russian version older than its English source


@dataclass
class Corpus:
    root: Path
    categories: list[Category]
    articles: list[Article]
    synonyms: dict[str, list[list[str]]] = field(default_factory=dict)
    glossary: dict[str, list[str]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def by_locale(self, locale: str) -> list[Article]:
        return [a for a in self.articles if a.locale == locale]


def load_corpus(root: Path | str) -> Corpus:
    root = Path(root)
    problems: list[Problem] = []
    if not root.is_dir():
        problems.append(Problem(root, 0, "corpus directory does not exist"))
        return Corpus(root, [], [], problems=problems)
    categories = _load_categories(root, problems)
    known = {c.id for c in categories} if (root / "categories.yml").exists() else None
    articles = []
    for locale in LOCALES:
        for path in sorted((root / locale).rglob("*.md")):
            article = _load_article(root, locale, path, known, problems)
            if article is not None:
                articles.append(article)
    if known is None:
        categories = _categories_from_folders(articles)
    _link_translations(articles, problems)
    return Corpus(
        root=root,
        categories=categories,
        articles=articles,
        synonyms=_load_synonyms(root, problems),
        glossary=_load_glossary(root, problems),
        problems=problems,
    )


def _read_yaml(path: Path, problems: list[Problem]) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=YamlLoader)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 1
        problems.append(Problem(path, line, f"invalid YAML: {exc.problem}"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        problems.append(Problem(path, 1, f"cannot read: {exc}"))
    return None


def _load_categories(root: Path, problems: list[Problem]) -> list[Category]:
    path = root / "categories.yml"
    if not path.exists():
        return []
    data = _read_yaml(path, problems)
    if data is None:
        return []
    if not isinstance(data, list):
        problems.append(Problem(path, 1, "expected a list of categories"))
        return []
    categories = []
    for position, entry in enumerate(data, start=1):
        if not isinstance(entry, dict) or not entry.get("id"):
            problems.append(Problem(path, 1, f"category #{position} has no id"))
            continue
        categories.append(
            Category(
                id=str(entry["id"]),
                order=int(entry.get("order", position)),
                weight=float(entry.get("weight", 1.0)),
                names=localized(entry.get("name"), default=str(entry["id"])),
                descriptions=localized(entry.get("description"), default=""),
            )
        )
    return sorted(categories, key=lambda c: c.order)


def _categories_from_folders(articles: list[Article]) -> list[Category]:
    ids = sorted({a.category for a in articles})
    return [
        Category(id=c, order=i, weight=1.0, names=localized(None, c), descriptions=localized(None, ""))
        for i, c in enumerate(ids, start=1)
    ]


def _load_article(
    root: Path, locale: str, path: Path, known: set[str] | None, problems: list[Problem]
) -> Article | None:
    shown = path.relative_to(root)
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(shown, 1, f"cannot read: {exc}"))
        return None
    meta, body = _split_front_matter(shown, source.lstrip("\ufeff"), problems)
    if meta is None:
        return None
    relative = path.relative_to(root / locale).with_suffix("").as_posix()
    folder = relative.split("/", 1)[0] if "/" in relative else ""
    errors_before = len(problems)

    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.append(Problem(shown, _key_line(source, "title"), "front matter has no title"))
    category = str(meta.get("category") or folder)
    if not category:
        problems.append(Problem(shown, 1, "article has no category (no folder, no `category:`)"))
    elif known is not None and category not in known:
        problems.append(
            Problem(shown, _key_line(source, "category"), f"category {category!r} is not in categories.yml")
        )
    updated = _parse_date(meta.get("updated"), shown, _key_line(source, "updated"), problems)
    if len(problems) > errors_before:
        return None

    rendered = render(body, folder_of(relative))
    return Article(
        id=str(meta.get("id") or relative),
        locale=locale,
        category=category,
        title=title.strip(),
        tags=_tags(meta.get("tags")),
        updated=updated,
        summary=str(meta.get("summary") or rendered.summary),
        headings=rendered.headings,
        body=rendered.text,
        html=rendered.html,
        toc=rendered.toc,
        links=rendered.links,
        path=shown.as_posix(),
    )


def folder_of(relative: str) -> str:
    return relative.rsplit("/", 1)[0] if "/" in relative else ""


def _split_front_matter(
    shown: Path, source: str, problems: list[Problem]
) -> tuple[dict[str, Any] | None, str]:
    match = FRONT_MATTER.match(source)
    if not match:
        problems.append(
            Problem(shown, 1, "no front matter: the file must start with a `---` block holding `title:`")
        )
        return None, ""
    try:
        meta = yaml.load(match.group(1), Loader=YamlLoader) or {}
    except yaml.MarkedYAMLError as exc:
        # +2: the mark counts from 0, and the block starts after the `---` line
        line = (exc.problem_mark.line + 2) if exc.problem_mark else 1
        problems.append(Problem(shown, line, f"invalid front matter: {exc.problem}"))
        return None, ""
    except yaml.YAMLError as exc:
        problems.append(Problem(shown, 1, f"invalid front matter: {exc}"))
        return None, ""
    if not isinstance(meta, dict):
        problems.append(Problem(shown, 2, "front matter must be a mapping of `key: value` lines"))
        return None, ""
    return meta, source[match.end() :]


def _key_line(source: str, key: str) -> int:
    match = re.search(rf"^{re.escape(key)}\s*:", source, re.M)
    return source[: match.start()].count("\n") + 1 if match else 1


def _parse_date(value: Any, shown: Path, line: int, problems: list[Problem]) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        problems.append(Problem(shown, line, f"`updated` is not a date (YYYY-MM-DD): {value!r}"))
        return None


def _tags(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [t.strip() for t in value.split(",") if t.strip()]
    if isinstance(value, list):
        return [str(t).strip() for t in value if str(t).strip()]
    return [str(value)]


def _link_translations(articles: list[Article], problems: list[Problem]) -> None:
    sources = {a.id: a for a in articles if a.locale == SOURCE_LOCALE}
    for article in articles:
        if article.locale == SOURCE_LOCALE:
            continue
        source = sources.get(article.id)
        if source is None:
            problems.append(
                Problem(
                    Path(article.path),
                    1,
                    f"translation has no English source ({SOURCE_LOCALE}/{article.id}.md)",
                )
            )
            continue
        source.translated = article.translated = True
        if source.updated and article.updated and source.updated > article.updated:
            article.stale = True


def _compose_yaml(root: Path, name: str, problems: list[Problem]) -> yaml.Node | None:
    """The YAML node tree of ``root/name``: nodes know their line, so a
    problem in the shape of the data can be reported where it is."""
    try:
        return yaml.compose((root / name).read_text(encoding="utf-8"), Loader=YamlLoader)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 1
        problems.append(Problem(Path(name), line, f"invalid YAML: {exc.problem}"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        problems.append(Problem(Path(name), 1, f"cannot read: {type(exc).__name__}"))
    return None


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
    tree = _compose_yaml(root, shown.name, problems) if (root / shown).exists() else None
    if tree is None:
        return {}
    if not isinstance(tree, yaml.MappingNode):
        problems.append(
            Problem(shown, _line(tree), "expected a mapping of locales to lists of synonym groups")
        )
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
    tree = _compose_yaml(root, shown.name, problems) if (root / shown).exists() else None
    if tree is None:
        return {}
    if not isinstance(tree, yaml.MappingNode):
        problems.append(Problem(shown, _line(tree), "expected a mapping of Russian terms to English terms"))
        return {}
    glossary = {}
    for key, value in tree.value:
        english = _words(value)
        if not isinstance(key, yaml.ScalarNode) or not key.value.strip() or not english:
            problems.append(Problem(shown, _line(key), "expected `russian term: [english term, ...]`"))
            continue
        glossary[fold(key.value.strip())] = english
    return glossary
