"""Which documents hold a phrase: its words at consecutive positions, in order.

Checking a phrase reads its words' positions in every candidate document
(one that holds all the words). Read through a Whoosh matcher, that is a
``skip_to`` and a decoding per candidate, several Python calls each: at
25,000 articles a pair of common words has ten thousand candidates, and the
pairs of a long question made most of its time. Here a word's positions
are decoded once, for every document that has the word, into two arrays
(``Positions``), and kept per generation in a byte-bounded LRU, like the
decoded postings: the words of a help center's queries repeat, so a new
phrase of known words costs array operations only.

Every position of a word in a candidate becomes a key (the document, and
where the phrase would start if the word is in it), and the documents that
match are those with a key every word shares: one sorted intersection per
word, whatever the number of candidates. This is the rule Whoosh's phrase
matcher applies (slop 1, the words in order), so the matches are the same.
"""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np
from whoosh import formats
from whoosh.reading import IndexReader

from search.index.store import Generation
from search.query.cache import LRUCache
from search.query.postings import gathered, segment_terms

# Per process and generation. At ×100 (25,000 articles) the commonest word
# has 130,000 positions in 24,000 bodies (0.7 MB here), a typical one a few
# thousand; every word of every field together, 4.3 million positions in
# 3.5 million postings, would take 44 MB.
POSITIONS_BUDGET = 32 * 2**20
# How Whoosh's ``Positions`` begins a value: the count, then a pickle's
# header (protocol 2) and an empty list, kept in the pickle's memo.
_COUNT = 4
_LIST = b"\x80\x02]q\x00"
_EMPTY = np.empty(0, dtype=np.int64)
# A key is a document's number in the high half and a start in the low one.
_SHIFT = 32


@dataclass(frozen=True)
class Positions:
    """Where a term stands in each document that has it, read-only: the
    documents (ascending) and, for the i-th, ``positions[offsets[i]:offsets[i + 1]]``.
    32-bit numbers, since a worker keeps many: no index holds two billion of
    anything."""

    docnums: np.ndarray  # int32
    offsets: np.ndarray  # int32, one more than docnums
    positions: np.ndarray  # int32, ascending within a document

    def nbytes(self) -> int:
        return self.docnums.nbytes + self.offsets.nbytes + self.positions.nbytes + 400

    def within(self, docnums: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Every position in ``docnums`` (ascending, each holding the term) as
        two arrays: the document of each position, and the position."""
        at = np.searchsorted(self.docnums, docnums.astype(np.int32))
        first = self.offsets[at]
        counts = self.offsets[at + 1] - first
        # Each position's index: its document's first, plus its rank there.
        ranks = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        return np.repeat(docnums, counts), self.positions[np.repeat(first, counts) + ranks]


def positions_cache(generation: Generation) -> LRUCache:
    """This generation's decoded positions (``Generation.derive`` it)."""
    return LRUCache(POSITIONS_BUDGET)


def read_positions(reader: IndexReader, field: str, text: str) -> Positions:
    """A term's positions, from every segment of the index."""
    docnums, _, values = gathered(segment_terms(reader, field, text))
    return positions_of(reader.schema[field].format, docnums, values)


def positions_of(format: formats.Format, docnums: list[np.ndarray], values: list[bytes]) -> Positions:
    """The positions in a term's encoded values (``gathered`` gives them),
    with the documents they belong to, block by block."""
    counts, positions = _decode(format, values)
    found = Positions(
        np.concatenate([_EMPTY, *docnums]).astype(np.int32),
        np.concatenate([[0], np.cumsum(counts)]).astype(np.int32),
        positions.astype(np.int32),
    )
    for array in (found.docnums, found.offsets, found.positions):
        array.flags.writeable = False  # shared by every thread's rankings
    return found


def _decode(format: formats.Format, values: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """How many positions each of ``values`` holds, and all of them in a row."""
    # Whoosh's ``Positions`` stores a count (4 bytes, big-endian) and the gaps
    # between positions as a pickled list (protocol 2): a header that makes an
    # empty list, the gaps appended to it, and a stop (which Whoosh may have
    # left out). Under one header, the appends of every value fill one list:
    # one call instead of one per document, and one Python object instead of
    # a list per document, which would all be alive at once and drive the
    # garbage collector through the whole heap. The values are cut apart as
    # one array of bytes.
    lengths = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
    data = np.frombuffer(b"".join(values), dtype=np.uint8)
    starts = np.cumsum(lengths) - lengths
    heads = starts[:, None] + np.arange(_COUNT + len(_LIST))
    if type(format) is not formats.Positions or np.any(lengths <= heads.shape[1]):
        return _decoded_by_whoosh(format, values)
    head = data[heads]
    if np.any(head[:, _COUNT:] != np.frombuffer(_LIST, dtype=np.uint8)):
        return _decoded_by_whoosh(format, values)
    counts = head[:, :_COUNT].astype(np.int64) @ (256 ** np.arange(_COUNT - 1, -1, -1))
    appends = np.ones(len(data), dtype=bool)
    appends[heads] = False
    last = starts + lengths - 1
    appends[last[data[last] == ord(".")]] = False
    ends = np.cumsum(np.array(pickle.loads(_LIST + data[appends].tobytes() + b"."), dtype=np.int64))
    # Each document's gaps add up from 0: take away what the documents
    # before it added.
    before = np.concatenate([[0], ends])[np.cumsum(counts) - counts]
    return counts, ends - np.repeat(before, counts)


def _decoded_by_whoosh(format: formats.Format, values: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """``_decode`` for positions with more in them, or written another way."""
    decoded = [format.decode_positions(value) for value in values]
    counts = np.fromiter(map(len, decoded), dtype=np.int64, count=len(decoded))
    return counts, np.fromiter(chain.from_iterable(decoded), dtype=np.int64, count=int(counts.sum()))


def adjacent(words: Sequence[Positions], docnums: np.ndarray) -> np.ndarray:
    """Which of ``docnums`` (ascending, each holding every word) have the
    words at consecutive positions, in order."""
    # Any order of reading gives the same documents; reading the words with
    # the fewest positions first keeps the keys intersected few, and after
    # two words only the documents still possible are looked at.
    order = sorted(range(len(words)), key=lambda offset: len(words[offset].positions))
    starts: np.ndarray | None = None  # the keys every word read so far shares
    for offset in order:
        owners, positions = words[offset].within(docnums)
        keep = positions >= offset  # the phrase cannot start before the first word
        keys = (owners[keep] << _SHIFT) | (positions[keep] - offset)
        starts = keys if starts is None else np.intersect1d(starts, keys, assume_unique=True)
        docnums = np.unique(starts >> _SHIFT)
        if not len(docnums):
            break
    return docnums
