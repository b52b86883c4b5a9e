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

Because it is immutable, a generation is sealed when it is published: a
``SHA256SUMS`` file (the format ``sha256sum -c`` reads) lists every file.
Readers check it when they open a generation and again whenever a file's
size or modification time changes, so a damaged index is refused as a whole
instead of answering some requests wrongly and failing others.
"""

from __future__ import annotations

import hashlib
import pickle
import re
import struct
import threading
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.filetables import OrderedHashReader
from whoosh.filedb.structfile import BufferFile
from whoosh.reading import CorruptIndexError, SegmentReader
from whoosh.searching import Searcher

from search.index.articles import LOCALES, shown_version
from search.index.meta import Meta

# Where `make index`, the command lines and the site look by default.
DEFAULT_ROOT = Path("var/index")
POINTER = "CURRENT"
CHECKSUMS = "SHA256SUMS"
# What CURRENT may name: a generation directory beside it, nothing else.
GENERATION_NAME = re.compile(r"gen-[\w-]+")
# What reading a damaged generation raises, from Whoosh's own check to the
# errors of unpickling, unpacking and inflating garbage.
READ_ERRORS = (CorruptIndexError, pickle.UnpicklingError, OSError, EOFError, struct.error, zlib.error)

T = TypeVar("T")


class IndexUnavailable(RuntimeError):
    """The index is missing or cannot be read.

    The message (for the log) says where and what to do; ``reason`` is a
    short public word for answers and ``/healthz``, which name no path.
    """

    def __init__(self, message: str, reason: str = "unreadable") -> None:
        super().__init__(message)
        self.reason = reason


def seal(generation: Path) -> None:
    """Write the checksums of a finished generation's files."""
    lines = [f"{_sha256(path)}  {path.name}\n" for path in _files(generation)]
    (generation / CHECKSUMS).write_text("".join(lines), encoding="utf-8")


def verify(generation: Path) -> None:
    """Raise ``IndexUnavailable`` unless every file matches its checksum."""
    try:
        listed = (generation / CHECKSUMS).read_text(encoding="utf-8").splitlines()
        expected = dict(reversed(line.split("  ", 1)) for line in listed)
        found = {path.name: path for path in _files(generation)}
        intact = expected.keys() == found.keys() and all(
            _sha256(found[name]) == digest for name, digest in expected.items()
        )
    except (OSError, UnicodeDecodeError, ValueError):
        intact = False
    if not intact:
        raise IndexUnavailable(f"index at {generation} is damaged: rebuild it", reason="damaged")


def _files(generation: Path) -> list[Path]:
    return sorted(p for p in generation.iterdir() if p.is_file() and p.name != CHECKSUMS)


def _sha256(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def live_generation(root: Path) -> Path:
    pointer = root / POINTER
    try:
        with pointer.open("rb") as f:
            name = f.read(256).decode("utf-8").strip()
    except FileNotFoundError:
        raise IndexUnavailable(
            f"no index at {root}: build it with `make index` (python -m indexer build)", reason="no_index"
        ) from None
    except (OSError, UnicodeDecodeError):
        name = ""
    path = root / name
    if not GENERATION_NAME.fullmatch(name) or not path.is_dir():
        raise IndexUnavailable(
            f"index at {root} points to a missing build {name!r}: rebuild it", reason="missing_generation"
        )
    return path


class Generation:
    """A published generation opened for reading.

    Holds what every thread shares: the Whoosh index, ``meta.json`` and the
    per-document columns ranking needs, read once. Structures derived from
    them (``derive``) are built once per generation, under a lock.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.suspected = False
        try:
            self.files = _stat(path)
            verify(path)
            self.meta = Meta.read(path)
            # Files are read, not mapped: a file truncated under a mapping
            # kills the process with SIGBUS, a short read raises an error.
            self.ix = FileStorage(str(path), supports_mmap=False, readonly=True).open_index()
            with self.ix.reader() as reader:
                self.doc_count = reader.doc_count_all()
                self.locales: list[str] = list(reader.column_reader("locale"))
                self.categories: list[str] = list(reader.column_reader("category"))
                keys = list(reader.column_reader("key"))
        except IndexUnavailable:
            raise
        except Exception as exc:  # any failure here means "unreadable index"
            raise IndexUnavailable(f"index at {path} cannot be read ({exc}): rebuild it") from exc
        self.ids = [key.split(":", 1)[1] for key in keys]
        self.docnum_by_key = {key: n for n, key in enumerate(keys)}
        self._local = threading.local()
        self._lock = threading.Lock()
        self._derived: dict[Any, Any] = {}
        self._term_indexes: dict[str, memoryview] = {}  # by segment id
        self._term_index_lock = threading.Lock()
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
        """This thread's searcher over the generation (opened on first use),
        each segment's term index held in memory."""
        searcher = getattr(self._local, "searcher", None)
        if searcher is None:
            searcher = self.ix.searcher()
            for segment, _ in searcher.reader().leaf_readers():
                _hold_term_index(segment, self._term_index(segment))
            self._local.searcher = searcher
        return searcher

    def _term_index(self, segment: SegmentReader) -> memoryview:
        """A segment's term index, read once per generation: every thread's
        searcher reads the same bytes, each with its own position."""
        # A lock of its own: ``derive`` holds the other while it builds, and
        # what it builds may open this thread's searcher.
        key = segment.segment().segment_id()
        with self._term_index_lock:
            if key not in self._term_indexes:
                self._term_indexes[key] = _read_term_index(segment)
            return self._term_indexes[key]

    def stored(self, docnum: int) -> dict[str, Any]:
        return self.searcher().stored_fields(docnum)

    def document(self, locale: str, article_id: str) -> dict[str, Any] | None:
        docnum = self.docnum_by_key.get(f"{locale}:{article_id}")
        return None if docnum is None else self.stored(docnum)

    def unchanged(self) -> bool:
        """Whether every file still has the size and time it had when opened
        (a few ``stat`` calls: cheap enough for every pointer check)."""
        try:
            return _stat(self.path) == self.files
        except OSError:
            return False

    def probe(self) -> None:
        """Read a posting list and two documents' stored fields: a search
        in miniature, for health checks. Raises what a damaged index raises."""
        reader = self.searcher().reader()
        for term in reader.lexicon("title"):
            reader.postings("title", term).all_ids()
            break
        self.stored(0)
        self.stored(self.doc_count - 1)

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


def _read_term_index(segment: SegmentReader) -> memoryview:
    """A segment's term index (Whoosh 3's ``.trm``: a hash table of every
    term and where its postings are), read whole. A word new to a process
    is looked up in every segment, each lookup a dozen small reads of that
    table, and at ×100 that was most of the first search of a long
    question; the tables are an eighth of the index (14 MB at ×100), and,
    unlike a memory map, a file cut short under them raises an error here
    rather than killing the process. Postings are read from disk as
    before: each term's once, then kept by ranking."""
    terms = segment._terms
    terms._dbfile.seek(0, 2)
    length = terms._dbfile.tell()
    terms._dbfile.seek(0)
    data = terms._dbfile.read(length)
    if len(data) != length:
        raise CorruptIndexError(f"term index of segment {segment.segment().segment_id()} is cut short")
    return memoryview(data)


def _hold_term_index(segment: SegmentReader, data: memoryview) -> None:
    """Have ``segment`` look its terms up in ``data``, its term index in memory."""
    held = BufferFile(data)
    segment._terms._dbfile, segment._terms._tindex = held, OrderedHashReader(held, len(data))


def _stat(path: Path) -> dict[str, tuple[int, int]]:
    stats = {p.name: p.stat() for p in path.iterdir()}
    return {name: (st.st_size, st.st_mtime_ns) for name, st in stats.items()}


class IndexHandle:
    """Gives the current ``Generation``, reopening it after a rebuild.

    The ``CURRENT`` pointer and the open generation's files are checked at
    most every ``check_interval`` seconds, so a busy worker does not stat the
    disk on every request. Between checks every request gets the same answer:
    the open generation, or the same ``IndexUnavailable``.

    When ``CURRENT`` names something that cannot be opened but the generation
    already open is intact, that one keeps serving and ``problem`` says why
    it is not the current one (``/healthz`` reports it as degraded).
    """

    def __init__(self, root: Path | str, check_interval: float = 1.0) -> None:
        self.root = Path(root)
        self.check_interval = check_interval
        self._lock = threading.Lock()
        self._open: Generation | None = None
        self._checked = -float("inf")
        self.problem: IndexUnavailable | None = None
        # The pointer that was refused, and when it was written: a broken
        # generation is not re-read every check, only after a new publish.
        self._refused: tuple[Path, int] | None = None

    def get(self) -> Generation:
        now = time.monotonic()
        if now - self._checked >= self.check_interval:
            with self._lock:
                if now - self._checked >= self.check_interval:
                    self._refresh()
                    self._checked = now
        opened = self._open
        if opened is None:
            raise self.problem or IndexUnavailable(f"no index at {self.root}", reason="no_index")
        return opened

    def suspect(self, generation: Generation) -> bool:
        """A request failed reading ``generation``: check its files now, stop
        serving it if they are damaged, and say whether they were."""
        with self._lock:
            if self._open is generation and not generation.suspected:
                # Once per generation: a bug that fails every request must
                # not make every request hash the whole index.
                generation.suspected = True
                try:
                    verify(generation.path)
                except IndexUnavailable as exc:
                    self._open, self.problem = None, exc
            return self._open is not generation

    def _refresh(self) -> None:
        try:
            path = live_generation(self.root)
            if self._open is not None and self._open.path == path:
                if not self._open.unchanged():
                    verify(path)
                    self._open.files = _stat(path)
            else:
                self._open = self._open_new(path)
            self.problem = None
        except IndexUnavailable as exc:
            self.problem = exc
            if self._open is not None and not self._open.unchanged():
                self._open = None

    def _open_new(self, path: Path) -> Generation:
        try:
            pointer = (path, (self.root / POINTER).stat().st_mtime_ns)
        except OSError:  # removed since it was read
            raise IndexUnavailable(f"no index at {self.root}", reason="no_index") from None
        if pointer == self._refused and self.problem is not None:
            raise self.problem
        try:
            # The old generation is left to the garbage collector: another
            # thread may still be in the middle of a search with it.
            return Generation(path)
        except IndexUnavailable:
            self._refused = pointer
            raise
