"""Where an index lives on disk, and how readers follow rebuilds.

An index directory holds one sub-directory per build ("generation") and a
``CURRENT`` file naming the live one. The indexer writes a new generation
next to the live one and replaces ``CURRENT`` atomically only when the build
succeeded (``search.index.builds``, the write side), so a failed build never
leaves readers with a broken index, and a running web worker notices the new
``CURRENT`` and switches over without a restart.

A generation is immutable once published, so one ``Generation`` object is
shared by every thread of a process. Whoosh searchers are not: each thread
gets its own (``Generation.searcher``), as Whoosh's documentation asks.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from whoosh import index as whoosh_index
from whoosh.searching import Searcher

from search.index.articles import LOCALES, shown_version
from search.index.meta import Meta

# Where `make index`, the command lines and the site look by default.
DEFAULT_ROOT = Path("var/index")
POINTER = "CURRENT"

T = TypeVar("T")


class IndexUnavailable(RuntimeError):
    """The index is missing or cannot be read; the message says what to do."""


def live_generation(root: Path) -> Path:
    pointer = root / POINTER
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise IndexUnavailable(
            f"no index at {root}: build it with `make index` (python -m indexer build)"
        ) from None
    path = root / name
    if not name or not path.is_dir():
        raise IndexUnavailable(f"index at {root} points to a missing build {name!r}: rebuild it")
    return path


class Generation:
    """A published generation opened for reading.

    Holds what every thread shares: the Whoosh index, ``meta.json`` and the
    per-document columns ranking needs, read once. Structures derived from
    them (``derive``) are built once per generation, under a lock.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.meta = Meta.read(path)
            self.ix = whoosh_index.open_dir(str(path))
            reader = self.ix.reader()
        except Exception as exc:  # any failure here means "unreadable index"
            raise IndexUnavailable(f"index at {path} cannot be read ({exc}): rebuild it") from exc
        with reader:
            self.doc_count = reader.doc_count_all()
            self.locales: list[str] = list(reader.column_reader("locale"))
            self.categories: list[str] = list(reader.column_reader("category"))
            keys = list(reader.column_reader("key"))
        self.ids = [key.split(":", 1)[1] for key in keys]
        self.docnum_by_key = {key: n for n, key in enumerate(keys)}
        self._local = threading.local()
        self._lock = threading.Lock()
        self._derived: dict[Any, Any] = {}
        versions: dict[str, set[str]] = {}
        for article_id, locale in zip(self.ids, self.locales, strict=True):
            versions.setdefault(article_id, set()).add(locale)
        self.versions = {article_id: frozenset(found) for article_id, found in versions.items()}
        # The documents each locale's readers may get, by the one fallback rule.
        self.readable = {
            reader: frozenset(
                n
                for n in range(self.doc_count)
                if shown_version(reader, self.versions[self.ids[n]]) == self.locales[n]
            )
            for reader in LOCALES
        }

    def searcher(self) -> Searcher:
        """This thread's searcher over the generation (opened on first use)."""
        searcher = getattr(self._local, "searcher", None)
        if searcher is None:
            searcher = self._local.searcher = self.ix.searcher()
        return searcher

    def stored(self, docnum: int) -> dict[str, Any]:
        return self.searcher().stored_fields(docnum)

    def document(self, locale: str, article_id: str) -> dict[str, Any] | None:
        docnum = self.docnum_by_key.get(f"{locale}:{article_id}")
        return None if docnum is None else self.stored(docnum)

    def derive(self, build: Callable[..., T], *args: Any) -> T:
        """``build(self, *args)``, computed once per generation and shared."""
        key = (build, args)
        try:
            return self._derived[key]
        except KeyError:
            pass
        with self._lock:
            if key not in self._derived:
                self._derived[key] = build(self, *args)
            return self._derived[key]


class IndexHandle:
    """Gives the current ``Generation``, reopening it after a rebuild.

    The ``CURRENT`` pointer is checked at most every ``check_interval``
    seconds, so a busy worker does not stat the disk on every request.
    """

    def __init__(self, root: Path | str, check_interval: float = 1.0) -> None:
        self.root = Path(root)
        self.check_interval = check_interval
        self._lock = threading.Lock()
        self._open: Generation | None = None
        self._checked = 0.0

    def get(self) -> Generation:
        now = time.monotonic()
        if self._open is not None and now - self._checked < self.check_interval:
            return self._open
        with self._lock:
            self._checked = now
            path = live_generation(self.root)
            if self._open is None or self._open.path != path:
                # The old generation is left to the garbage collector: another
                # thread may still be in the middle of a search with it.
                self._open = Generation(path)
            return self._open
