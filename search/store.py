"""Where an index lives on disk, and how readers follow rebuilds.

An index directory holds one sub-directory per build ("generation") and a
``CURRENT`` file naming the live one. The indexer writes a new generation
next to the live one and replaces ``CURRENT`` atomically only when the build
succeeded, so a failed build never leaves readers with a broken index, and a
running web worker notices the new ``CURRENT`` and switches over without a
restart.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

POINTER = "CURRENT"
META = "meta.json"
KEEP_GENERATIONS = 3


class IndexUnavailable(RuntimeError):
    """The index is missing or cannot be read; the message says what to do."""


def new_generation(root: Path) -> Path:
    """Create an empty directory for a build that is not live yet."""
    root.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = root / f"gen-{stamp}-{os.getpid()}-{time.monotonic_ns() % 1_000_000:06d}"
    path.mkdir()
    return path


def publish(root: Path, generation: Path) -> None:
    """Make ``generation`` the live index and prune old generations."""
    tmp = root / f"{POINTER}.tmp-{os.getpid()}"
    tmp.write_text(generation.name + "\n", encoding="utf-8")
    os.replace(tmp, root / POINTER)
    _prune(root, keep=generation.name)


def discard(generation: Path) -> None:
    shutil.rmtree(generation, ignore_errors=True)


def _prune(root: Path, keep: str) -> None:
    # Old generations stay for a while: a worker that opened one a moment ago
    # may still be reading it.
    generations = sorted(p for p in root.glob("gen-*") if p.is_dir() and p.name != keep)
    for old in generations[: max(0, len(generations) - (KEEP_GENERATIONS - 1))]:
        shutil.rmtree(old, ignore_errors=True)


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


@dataclass
class OpenIndex:
    """A live generation opened for reading, with the per-document arrays the
    ranking needs (read once from columns rather than per hit)."""

    path: Path
    ix: Any
    searcher: Any
    meta: dict[str, Any]
    locales: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    docnum_by_key: dict[str, int] = field(default_factory=dict)
    # Structures derived from this generation (suggesters, spelling tables),
    # built on first use and dropped with it.
    derived: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def open(cls, path: Path) -> OpenIndex:
        try:
            meta = json.loads((path / META).read_text(encoding="utf-8"))
            ix = whoosh_index.open_dir(str(path))
            searcher = ix.searcher()
        except Exception as exc:  # any failure here means "unreadable index"
            raise IndexUnavailable(f"index at {path} cannot be read ({exc}): rebuild it") from exc
        reader = searcher.reader()
        opened = cls(path=path, ix=ix, searcher=searcher, meta=meta)
        opened.locales = list(reader.column_reader("locale"))
        opened.categories = list(reader.column_reader("category"))
        keys = reader.column_reader("key")
        opened.docnum_by_key = {keys[n]: n for n in range(reader.doc_count_all())}
        return opened

    def stored(self, docnum: int) -> dict[str, Any]:
        return self.searcher.stored_fields(docnum)

    def document(self, locale: str, article_id: str) -> dict[str, Any] | None:
        docnum = self.docnum_by_key.get(f"{locale}:{article_id}")
        return None if docnum is None else self.stored(docnum)

    def derive(self, name: str, build: Callable[[OpenIndex], Any]) -> Any:
        """``build(self)``, computed once per generation."""
        if name not in self.derived:
            self.derived[name] = build(self)
        return self.derived[name]

    def close(self) -> None:
        self.searcher.close()


class IndexHandle:
    """Gives the current ``OpenIndex``, reopening it after a rebuild.

    The ``CURRENT`` pointer is checked at most every ``check_interval``
    seconds, so a busy worker does not stat the disk on every request.
    """

    def __init__(self, root: Path | str, check_interval: float = 1.0) -> None:
        self.root = Path(root)
        self.check_interval = check_interval
        self._lock = threading.Lock()
        self._open: OpenIndex | None = None
        self._checked = 0.0

    def get(self) -> OpenIndex:
        now = time.monotonic()
        if self._open is not None and now - self._checked < self.check_interval:
            return self._open
        with self._lock:
            self._checked = now
            path = live_generation(self.root)
            if self._open is None or self._open.path != path:
                # The old searcher is left to the garbage collector: another
                # thread may still be in the middle of a search with it.
                self._open = OpenIndex.open(path)
            return self._open
