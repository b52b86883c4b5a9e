"""A corpus report without a build: what a documentation team should fix
before publishing, and which translations need work.

It reads the corpus exactly as a build does (``load_corpus``: every problem
a build would report is reported here too) and then looks across articles,
which a build does not: links and anchors between articles, images, titles
used twice, empty pages, and the translation status of every article.
"""

from __future__ import annotations

import html
import posixpath
import re
import subprocess
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from indexer.cache import ArticleCache
from indexer.corpus import load_corpus
from indexer.model import Article, Corpus, Problem
from indexer.render import HEADING_ID_PREFIX
from search.index.articles import (
    ARTICLE_SUFFIXES,
    LOCALES,
    OVERVIEW_NAMES,
    SOURCE_LOCALE,
    linked_id,
    shown_version,
)

IMAGE_SRC = re.compile(r'<img\b[^>]*\bsrc="([^"]*)"')
# A diff longer than this is cut: the report says what changed, the
# translator reads the rest in git.
MAX_DIFF_LINES = 200


@dataclass
class Translation:
    """Where the translation of one English article stands."""

    id: str
    source: str  # path of the English article
    translation: str | None  # path of the translation; None when missing
    status: str  # "up to date", "stale" or "missing"
    changes: str = ""  # for stale ones: the English diff, or the two dates

    def as_dict(self) -> dict[str, str | None]:
        return {
            "id": self.id,
            "source": self.source,
            "translation": self.translation,
            "status": self.status,
            "changes": self.changes,
        }


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    translations: list[Translation] = field(default_factory=list)
    articles: int = 0
    parsed: int = 0  # files parsed, rather than taken from the index's cache

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]

    def status_counts(self) -> dict[str, int]:
        counts = {"up to date": 0, "stale": 0, "missing": 0}
        for t in self.translations:
            counts[t.status] += 1
        return counts

    def as_dict(self) -> dict:
        return {
            "articles": self.articles,
            "errors": len(self.errors),
            "warnings": len(self.problems) - len(self.errors),
            "problems": [
                {"path": p.path.as_posix(), "line": p.line, "message": p.message, "warning": p.warning}
                for p in self.problems
            ],
            "translations": self.status_counts(),
            "translation_status": [t.as_dict() for t in self.translations],
        }


def check_corpus(root: Path | str, index: Path | None = None, workers: int = 1) -> Report:
    """Everything wrong with the corpus at ``root``, and its translations.
    With ``index``, articles unchanged since its last build come from its
    cache, so that a check of a large tree takes a second, not a build's
    time; ``workers`` processes parse the others."""
    articles = ArticleCache.beside(index) if index is not None and index.is_dir() else None
    try:
        corpus = load_corpus(root, articles, workers)
    finally:
        if articles is not None:
            articles.close()
    report = Report(problems=list(corpus.problems), articles=len(corpus.articles), parsed=corpus.parsed)
    sources = {a.id: a for a in corpus.articles if a.locale == SOURCE_LOCALE}
    versions = {(a.locale, a.id): a for a in corpus.articles}
    for article in corpus.articles:
        text = _source_text(corpus.root, article)
        report.problems += _link_problems(article, versions, text)
        report.problems += _image_problems(corpus.root, article, text)
        if not article.body.strip():
            report.problems.append(Problem(Path(article.path), 1, "article is empty"))
    report.problems += _duplicate_titles(corpus.articles)
    report.translations = translation_status(corpus, sources)
    return report


def _source_text(root: Path, article: Article) -> str:
    try:
        return (root / article.path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""  # load_corpus read it a moment ago; lines then default to 1


def _line_of(text: str, *tiers: Sequence[str], start: int = 0) -> tuple[int, int]:
    """The line of the first needle of the first of ``tiers`` that has one
    in ``text`` from ``start`` (1 if none has), and where the search for the
    next such link starts. A needle is a whole part of a path:
    ``/install)`` is not found in ``/quick-install)``.

    >>> _line_of("[a](/quick-install)\\n[b](/install)", ["/install)"])
    (2, 33)
    """
    for needles in tiers:
        found = [(at, needle) for needle in needles if (at := _find_path_part(text, needle, start)) >= 0]
        if found:
            at, needle = min(found)
            return text.count("\n", 0, at) + 1, at + len(needle)
    for needle in (needle for needles in tiers for needle in needles):  # a reference link, defined once
        if defined := re.search(rf"^ {{0,3}}\[[^\]]+\]:[ \t]*<?(?:\S*/)?{re.escape(needle)}", text, re.M):
            return text.count("\n", 0, defined.start()) + 1, start
    return 1, start


def _find_path_part(text: str, needle: str, start: int) -> int:
    """Where ``needle`` first stands in ``text`` from ``start`` as a whole
    part of a path: no letter, digit, ``-`` or ``_`` joined to either end of
    it (``(#setup`` is not in ``(#setup-guide``, ``install.md`` not in
    ``install.mdx``), nor, for a needle with no anchor, an anchor after it
    (``a.md`` is not the link ``a.md#params``); -1 if nowhere.

    >>> _find_path_part("[a](#setup-guide) [b](#setup)", "(#setup", 0)
    21
    >>> _find_path_part("[a](a.md#params) [b](a.md)", "a.md", 0)
    21
    """
    anchored = "#" in needle
    at = text.find(needle, start)
    while at >= 0 and (
        _joined(text, at - 1, needle[0])
        or _joined(text, at + len(needle), needle[-1])
        or not anchored
        and text.startswith("#", at + len(needle))
    ):
        at = text.find(needle, at + 1)
    return at


def _joined(text: str, at: int, end: str) -> bool:
    """Whether the character at ``at`` goes on a path whose end is ``end``."""
    return 0 <= at < len(text) and _word(end) and _word(text[at])


def _word(char: str) -> bool:
    return char.isalnum() or char in "-_"


def _link_problems(article: Article, versions: dict[tuple[str, str], Article], text: str) -> list[Problem]:
    """Links to articles that do not exist, to anchors their target lacks,
    and (a warning) from a translation to an article a reader of its
    language will only get in English."""
    problems = []
    searched_from: dict[str, int] = {}  # a link written twice is found twice
    for href in article.links:
        target_id = linked_id(href)
        anchor = href.partition("#")[2]
        if target_id is None:
            if not href.startswith("#"):
                continue  # an external link, or a relative one that is not an article
            target_id = article.id
        shown = shown_version(article.locale, {loc for loc in LOCALES if (loc, target_id) in versions})
        needles = _needles(target_id, anchor, same_page=target_id == article.id)
        line, searched_from[href] = _line_of(text, *needles, start=searched_from.get(href, 0))
        if shown is None:
            problems.append(Problem(Path(article.path), line, f"link to a missing article {target_id!r}"))
            continue
        target = versions[(shown, target_id)]
        if anchor and anchor not in target.anchors:
            problems.append(
                Problem(
                    Path(article.path),
                    line,
                    f"link to a missing anchor: {target.path} has no anchor #{_written(anchor)}",
                )
            )
        if shown != article.locale:
            problems.append(
                Problem(
                    Path(article.path),
                    line,
                    f"links to {target_id!r}, which has no {article.locale} version (readers get English)",
                    warning=True,
                )
            )
    return problems


def _written(anchor: str) -> str:
    """An anchor as the author wrote it: stored heading ids carry a prefix."""
    return anchor.removeprefix(HEADING_ID_PREFIX)


def _needles(target_id: str, anchor: str, same_page: bool) -> list[list[str]]:
    """What the link most likely looks like in the Markdown, to find its
    line: to the file or to the page it publishes, else by a clean URL."""
    fragment = f"#{_written(anchor)}" if anchor else ""
    if same_page and fragment:
        return [[f"({fragment}"]]
    name = posixpath.basename(target_id)
    files = [name, *(f"{name}/{overview}" for overview in OVERVIEW_NAMES)]  # a folder's overview too
    pages = [f"{file}{suffix}{fragment}" for file in files for suffix in (*ARTICLE_SUFFIXES, ".html")]
    # A clean URL: a path's last part (not an anchor, `#props`), which ends
    # the link, goes on to its title (`[a](guide/ "Guide")`) or ends an
    # attribute (`<LinkCard href="/guide/" />`).
    ends = [f"{slash}{fragment}{end}" for end in (")", ' "', " '", '"', "'") for slash in ("", "/")]
    return [pages, [f"{start}{name}{end}" for start in "/(" for end in ends]]


def _image_problems(root: Path, article: Article, text: str) -> list[Problem]:
    """Images given by a path relative to the article that are not there."""
    folder = (root / article.path).parent
    problems = []
    searched_from: dict[str, int] = {}
    for src in map(html.unescape, IMAGE_SRC.findall(article.html)):
        if not src or "://" in src or src.startswith(("/", "data:", "#")):
            continue  # absolute addresses are served by someone else
        path = src.split("#", 1)[0].split("?", 1)[0]
        if not (folder / path).is_file():
            line, searched_from[src] = _line_of(text, [src], start=searched_from.get(src, 0))
            problems.append(Problem(Path(article.path), line, f"missing image {src!r}"))
    return problems


def _duplicate_titles(articles: list[Article]) -> list[Problem]:
    """Two articles of one locale with one title: a reader cannot tell the
    results apart. A warning: both pages still work."""
    by_title: dict[tuple[str, str], list[Article]] = defaultdict(list)
    for article in articles:
        by_title[(article.locale, article.title.casefold())].append(article)
    problems = []
    for same in by_title.values():
        for other in same[1:]:
            problems.append(
                Problem(
                    Path(other.path),
                    1,
                    f"duplicate title {other.title!r}: {same[0].path} has it too",
                    warning=True,
                )
            )
    return problems


def translation_status(corpus: Corpus, sources: dict[str, Article]) -> list[Translation]:
    """Per English article and other locale: up to date, stale or missing.
    Stale when the corpus is in a repository and the English file changed
    after the commit that last touched the translation (the change is the
    diff), or when the ``updated`` dates say so, as the build does (the
    change is the two dates): authors who date their pages mean it."""
    history = _GitHistory.of(corpus.root)
    statuses = []
    for locale in LOCALES:
        if locale == SOURCE_LOCALE:
            continue
        translations = {a.id: a for a in corpus.articles if a.locale == locale}
        for article_id, source in sorted(sources.items()):
            translation = translations.get(article_id)
            if translation is None:
                statuses.append(Translation(article_id, source.path, None, "missing"))
                continue
            changes = (history.changes(source.path, translation.path) if history else "") or _date_changes(
                source, translation
            )
            status = "stale" if changes else "up to date"
            statuses.append(Translation(article_id, source.path, translation.path, status, changes))
    return statuses


def _date_changes(source: Article, translation: Article) -> str:
    if not translation.stale:
        return ""
    return f"English updated {source.updated}, translation updated {translation.updated}"


class _GitHistory:
    """What git knows about a corpus: the commit that last touched each file,
    and what changed in a file since a commit. Asked once per commit, not
    once per article, so that a check stays fast enough for a hook."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.last_commit = self._last_commits()
        self._changed: dict[str, set[str]] = {}

    @classmethod
    def of(cls, root: Path) -> _GitHistory | None:
        try:
            inside = cls._git(root, "rev-parse", "--is-inside-work-tree").strip() == "true"
            cls._git(root, "rev-parse", "--verify", "HEAD")
        except (OSError, subprocess.CalledProcessError):
            return None
        return cls(root) if inside else None

    @staticmethod
    def _git(root: Path, *args: str) -> str:
        done = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, text=True, check=True, encoding="utf-8"
        )
        return done.stdout

    def _last_commits(self) -> dict[str, str]:
        """``{path relative to the corpus: hash of the last commit touching it}``."""
        log = self._git(self.root, "log", "--format=%x00%H", "--name-only", "--relative", "--", ".")
        latest: dict[str, str] = {}
        for entry in log.split("\0")[1:]:
            commit, *paths = entry.split("\n")
            for path in filter(None, paths):
                latest.setdefault(path, commit)
        return latest

    def changes(self, source: str, translation: str) -> str:
        """The diff of ``source`` since the commit that last touched
        ``translation``; "" when it did not change. A translation not
        committed yet is as new as the working tree: nothing is stale."""
        since = self.last_commit.get(translation)
        if since is None:
            return ""
        if since not in self._changed:
            names = self._git(self.root, "diff", "--name-only", "--relative", f"{since}..HEAD", "--", ".")
            self._changed[since] = set(names.split())
        if source not in self._changed[since]:
            return ""
        diff = self._git(self.root, "diff", "--relative", f"{since}..HEAD", "--", source).splitlines()
        cut = diff[:MAX_DIFF_LINES]
        if len(diff) > len(cut):
            cut.append(f"... {len(diff) - len(cut)} more lines")
        return "\n".join(cut)
