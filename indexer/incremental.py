"""Writing a generation's Whoosh index, from scratch or from the live one.

A generation records, in ``documents.json``, a digest of every document it
holds. The next build starts from a copy of the live generation's files
(hard links: Whoosh never changes a file it has written, it writes new
segments and a new table of contents), deletes the documents whose digest
changed or whose article is gone, and adds the new versions. Digests are
taken of whole documents, so a change that reaches an article through its
twin (a new translation makes the English article ``translated``) rewrites
it too, and nothing else is rewritten.

Whoosh keeps a deleted document in its segment, and in that segment's
statistics (document count, term frequencies, field lengths), until the
segment is merged, and merging copies field lengths in Whoosh's one-byte
approximation. Those statistics drive BM25, so a segment that loses a
document is dropped and its other documents are added again from their
articles, which are at hand: an incremental generation has the statistics
a full build of the same tree would. Full builds write segments of
``SEGMENT_DOCS`` documents (more in a very large tree, so that there are at
most ``MAX_SEGMENTS``) so that this rewrites a bounded part of a large
index, not all of it. Those segments are independent until the table of
contents lists them, so a full build writes them in a pool of processes,
each segment whole in one worker, and lists them in the order a single
process would have written them: the same documents get the same numbers,
and the index searches exactly as one written in one process.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import secrets
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.codec.base import Segment
from whoosh.filedb.filestore import FileStorage
from whoosh.reading import SegmentReader
from whoosh.writing import SegmentWriter

from search.index.schema import build_schema

STATE = "documents.json"
# Whoosh's files: segments (``MAIN_<id>.seg``) and tables of contents
# (``_MAIN_<n>.toc``); its lock file is not copied.
WHOOSH_FILES = ("MAIN_", "_MAIN_")
WHOOSH_LOCK = "MAIN_WRITELOCK"
STATE_FORMAT = 2  # 2: digests of pickled documents
# Small enough that writing one segment again takes a fraction of a
# second, large enough that an 8,000-article help center has about thirty
# segments to search, not hundreds.
SEGMENT_DOCS = 250
# Past that size segments grow instead: every query probes every segment
# for every term, which at 25,000 articles in 101 segments was a large part
# of a search; an edit there rewrites one larger segment instead.
MAX_SEGMENTS = 32
WRITER_MB = 256


@dataclass
class Written:
    added: int = 0  # new or changed documents
    deleted: int = 0  # documents removed or replaced
    copied: int = 0  # unchanged documents written again with their segment
    incremental: bool = False


def digest(document: dict) -> str:
    """A document's fingerprint: its fields in name order."""
    return fingerprint(sorted(document.items()))


def fingerprint(value: object) -> str:
    """SHA-256 of ``value`` pickled, which takes a third of the time JSON
    does. Without the pickler's memo, equal values give equal bytes however
    their strings happen to be shared.

    >>> fingerprint([("a", 1.0)]) == fingerprint([("a", 1.0)]) != fingerprint([("a", 2.0)])
    True
    """
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True
    pickler.dump(value)
    return hashlib.sha256(buffer.getbuffer()).hexdigest()


def write_index(
    generation: Path,
    documents: dict[str, dict],
    context: str,
    base: Path | None = None,
    pool: ProcessPoolExecutor | None = None,
) -> Written:
    """Write ``documents`` (by key) into the empty ``generation``, starting
    from ``base`` (the live generation) when it was written from the same
    ``context`` (the corpus-level files and anything else all documents
    depend on); else from scratch, the segments written by ``pool``'s
    workers when there is one and more than one segment to write."""
    digests = {key: digest(doc) for key, doc in documents.items()}
    previous = _state(base, context) if base is not None else None
    if previous is None:
        written = _write_all(generation, documents, pool)
    else:
        written = _write_changes(generation, base, documents, digests, previous)
    state = {"format": STATE_FORMAT, "context": context, "documents": digests}
    (generation / STATE).write_text(json.dumps(state), encoding="utf-8")
    return written


def _state(base: Path, context: str) -> dict[str, str] | None:
    try:
        state = json.loads((base / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if state.get("format") != STATE_FORMAT or state.get("context") != context:
        return None
    return state["documents"]


def _write_all(generation: Path, documents: dict[str, dict], pool: ProcessPoolExecutor | None) -> Written:
    ix = whoosh_index.create_in(str(generation), build_schema())
    batch = list(documents.values())
    size = max(SEGMENT_DOCS, -(-len(batch) // MAX_SEGMENTS))
    batches = [batch[start : start + size] for start in range(0, len(batch), size)]
    if pool is not None and len(batches) > 1:
        segments = list(pool.map(write_segment, [generation] * len(batches), batches))
    else:
        segments = [write_segment(generation, documents) for documents in batches]
    writer = ix.writer()  # an empty corpus still makes a readable index
    writer.commit(mergetype=lambda _, existing: [*existing, *segments])
    return Written(added=len(batch))


class _PrivateTemp(FileStorage):
    """A generation's storage whose writer keeps its scratch files in a
    directory of its own. Whoosh names that directory after the index, so
    writers in several processes would share it, and the first to finish
    would delete it, the others' files with it."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self._own = secrets.token_hex(8)

    def temp_storage(self, name: str | None = None) -> FileStorage:
        # One directory per name, as in Whoosh: the writer deletes it when
        # done, and the files its column writer put there with it.
        return super().temp_storage(f"{name}-{self._own}")


def write_segment(generation: Path, documents: list[dict]) -> Segment:
    """Write ``documents`` as one new segment of the index in ``generation``,
    not yet listed in its table of contents: the caller adds it by
    committing. Needs no write lock, since nothing it writes is shared."""
    ix = _PrivateTemp(str(generation)).open_index()
    writer = SegmentWriter(ix, _lk=False, limitmb=WRITER_MB)
    try:
        for document in documents:
            writer.add_document(**document)
        return writer._finalize_segment()  # as Whoosh's multiprocess writer does
    finally:
        writer._finish()


def _write_changes(
    generation: Path,
    base: Path,
    documents: dict[str, dict],
    digests: dict[str, str],
    previous: dict[str, str],
) -> Written:
    for path in base.iterdir():
        if path.name.startswith(WHOOSH_FILES) and path.name != WHOOSH_LOCK:
            os.link(path, generation / path.name)
    ix = whoosh_index.open_dir(str(generation))
    gone = [key for key in previous if digests.get(key) != previous[key]]
    rewrite = {key for key, d in digests.items() if previous.get(key) != d}
    changed = len(rewrite)
    writer = ix.writer(limitmb=WRITER_MB)
    try:
        for key in gone:
            writer.delete_by_term("key", key)
        dropped = set()
        for segment in writer.segments:
            # Small segments join the one being written, so that edits do
            # not leave a trail of tiny segments behind.
            small = rewrite and segment.doc_count_all() < SEGMENT_DOCS // 4
            if segment.has_deletions() or small:
                rewrite |= _live_keys(writer, segment)
                dropped.add(segment.segment_id())
    except BaseException:
        writer.cancel()
        raise
    _add(writer, [documents[key] for key in documents if key in rewrite])
    writer.commit(mergetype=lambda _, segments: [s for s in segments if s.segment_id() not in dropped])
    return Written(added=changed, deleted=len(gone), copied=len(rewrite) - changed, incremental=True)


def _live_keys(writer: SegmentWriter, segment: Segment) -> set[str]:
    reader = SegmentReader(writer.storage, writer.schema, segment)
    try:
        return {fields["key"] for _, fields in reader.iter_docs()}
    finally:
        reader.close()


def _add(writer: SegmentWriter, documents: list[dict]) -> None:
    try:
        for document in documents:
            writer.add_document(**document)
    except BaseException:
        writer.cancel()
        raise
