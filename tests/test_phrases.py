"""A phrase matches, from its words' decoded positions, exactly the documents
Whoosh's own phrase query matches: on many blocks and segments, with
repeated words, with deleted documents, whichever word has fewest positions."""

import pickle
import random

import numpy as np
import pytest
from whoosh import formats
from whoosh import index as whoosh_index
from whoosh import query as q
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.fields import TEXT, Schema
from whoosh.matching import WrappingMatcher
from whoosh.system import pack_uint

from search.query import phrases
from search.query.phrases import adjacent, read_positions
from search.query.postings import IndexTerms
from search.query.scoring import inverse_document_frequency, read_postings

WORDS = ["a", "b", "c", "d", "e"]
PHRASES = [
    ("a", "b"),
    ("b", "a"),
    ("a", "a"),  # the same word twice: two different positions
    ("a", "b", "a"),
    ("c", "a", "a", "b"),
    ("e", "a"),  # "e" is rare: read first, it leaves few documents to check
    ("a", "e"),
    ("a", "b", "e"),  # the rarest word last in the phrase, first read
    ("d", "once"),  # "once" is in one document
    ("once", "d"),
]


def _texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    # "e" seldom, the rest often, so that phrases of common words have
    # candidates in nearly every block.
    weights = [8, 4, 3, 3, 0.3]
    return [" ".join(rng.choices(WORDS, weights, k=rng.randint(1, 40))) for _ in range(count)]


@pytest.fixture(scope="module")
def ix(tmp_path_factory):
    """Three segments of 300 documents (several postings blocks each), with
    documents deleted in each."""
    ix = whoosh_index.create_in(
        tmp_path_factory.mktemp("phrases"), Schema(body=TEXT(analyzer=SpaceSeparatedTokenizer()))
    )
    for seed in range(3):
        writer = ix.writer()
        for text in _texts(300, seed):
            writer.add_document(body=text)
        if seed == 1:
            writer.add_document(body="b d once d a")
        writer.commit(merge=False)
    writer = ix.writer()
    for docnum in [*range(5, 300, 7), 350, *range(650, 700)]:
        writer.delete_document(docnum)
    writer.commit(merge=False)
    return ix


def _candidates(reader, words) -> np.ndarray:
    held = [set(reader.postings("body", word).all_ids()) for word in words]
    return np.array(sorted(set.intersection(*held)), dtype=np.int64)


def _adjacent(reader, words, candidates):
    return adjacent([read_positions(reader, "body", word) for word in words], candidates)


def _whoosh(searcher, words) -> list[int]:
    return sorted(searcher.search(q.Phrase("body", list(words)), limit=None).docs())


@pytest.mark.parametrize("words", PHRASES)
def test_matches_are_whoosh_phrase_matches(ix, words):
    with ix.searcher() as searcher:
        reader = searcher.reader()
        assert len(reader.leaf_readers()) == 3 and reader.has_deletions()
        found = _adjacent(reader, words, _candidates(reader, words))
        expected = _whoosh(searcher, words)
    assert found.tolist() == expected
    assert len(expected) > 0


def test_positions_are_whoosh_positions(ix):
    with ix.searcher() as searcher:
        reader = searcher.reader()
        positions = read_positions(reader, "body", "b")
        docnums = _candidates(reader, ["b"])
        assert positions.docnums.tolist() == docnums.tolist()  # deleted documents left out
        owners, found = positions.within(docnums[::5])
        matcher = reader.postings("body", "b")
        for docnum in docnums[::5].tolist():
            matcher.skip_to(docnum)
            assert found[owners == docnum].tolist() == matcher.value_as("positions")


def test_without_candidates_nothing_matches(ix):
    with ix.searcher() as searcher:
        found = _adjacent(searcher.reader(), ("a", "b"), np.empty(0, dtype=np.int64))
    assert found.dtype == np.int64 and found.tolist() == []


def test_some_candidates_only(ix):
    with ix.searcher() as searcher:
        reader = searcher.reader()
        some = _candidates(reader, ("a", "b"))[::37]
        found = _adjacent(reader, ("a", "b"), some)
        expected = set(_whoosh(searcher, ("a", "b")))
    assert found.tolist() == sorted(expected & set(some.tolist()))
    assert 0 < len(found) < len(expected)


def test_other_matchers_are_read_posting_by_posting(ix, monkeypatch):
    # Only Whoosh's on-disk postings are read a block at a time; any other
    # matcher (here one wrapping them) gives the same positions.
    words = ("a", "b", "a")
    with ix.searcher() as searcher:
        reader = searcher.reader()
        candidates = _candidates(reader, words)
        blockwise = _adjacent(reader, words, candidates)
        for segment, _ in reader.leaf_readers():
            postings = segment.postings
            monkeypatch.setattr(segment, "postings", lambda *key, read=postings: WrappingMatcher(read(*key)))
        stepwise = _adjacent(reader, words, candidates)
    assert len(blockwise) and stepwise.tolist() == blockwise.tolist()


@pytest.mark.parametrize(
    "odd_value",
    [
        None,
        pack_uint(3) + pickle.dumps([7, 293, 69700], protocol=4),  # a pickle of another shape
        pack_uint(0) + pickle.dumps((), protocol=0),  # shorter than the usual header
    ],
)
def test_positions_decoded_as_whoosh_decodes_them(odd_value):
    format = formats.Positions()
    # One position, one batch of appends, several batches (over 1,000), large gaps.
    lists = [[0], [3, 5, 9], list(range(0, 5000, 3)), [7, 300, 70000]]
    values = [format.encode(positions) for positions in lists]
    values[1] = values[1][:-1]  # a value without its final stop, as Whoosh may store it
    if odd_value is not None:  # one value Whoosh reads that is not written the usual way
        values[3] = odd_value
    counts, positions = phrases._decode(format, values)
    expected = [format.decode_positions(value) for value in values]
    assert counts.tolist() == [len(p) for p in expected]
    assert positions.tolist() == [p for each in expected for p in each]
    if odd_value is None:
        assert expected == lists


def test_positions_with_characters_are_read_too(tmp_path):
    ix = whoosh_index.create_in(tmp_path, Schema(body=TEXT(analyzer=SpaceSeparatedTokenizer(), chars=True)))
    with ix.writer() as writer:
        for text in ["a b a b", "b a", "a c a b"]:
            writer.add_document(body=text)
    with ix.searcher() as searcher:
        reader = searcher.reader()
        assert type(reader.schema["body"].format) is formats.Characters
        positions = read_positions(reader, "body", "b")
        assert positions.docnums.tolist() == [0, 1, 2]
        assert positions.positions.tolist() == [1, 3, 0, 3]
        assert _adjacent(reader, ("a", "b"), np.array([0, 1, 2])).tolist() == [0, 2]


def test_index_terms_know_a_term_of_any_segment_and_nothing_else(ix):
    with ix.reader() as reader:
        terms = IndexTerms.of(reader)
        assert all(terms.holds("body", word) for word in [*WORDS, "once"])  # "once": one segment
        assert not any(terms.holds("body", word) for word in ["twice", "", "ab"])


@pytest.mark.parametrize("word", [*WORDS, "once", "absent"])
def test_postings_carry_the_document_frequency_whoosh_counts(ix, word):
    # One lookup per segment gives the postings and the document frequency
    # (deleted documents counted, as Whoosh's statistics count them), so the
    # inverse document frequency is Whoosh's own without a second lookup.
    with ix.searcher() as searcher:
        reader = searcher.reader()
        found = read_postings(reader, "body", word)
        assert found.doc_frequency == reader.doc_frequency("body", word)
        live = sorted(reader.postings("body", word).all_ids()) if found.doc_frequency else []
        assert found.docnums.tolist() == live  # deleted documents left out
        idf = inverse_document_frequency(reader.doc_count_all(), found.doc_frequency)
        assert idf == searcher.idf("body", word)
