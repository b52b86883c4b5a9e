"""A generation's searchers: each segment's term index is read into memory
once, and answers every lookup as the files on disk do."""

from __future__ import annotations

from whoosh.filedb.structfile import BufferFile
from whoosh.index import open_dir

from search.index.store import IndexHandle


def test_term_indexes_are_held_in_memory_and_agree_with_the_files(index_dir):
    generation = IndexHandle(index_dir).get()
    reader = generation.searcher().reader()
    segments = [segment for segment, _ in reader.leaf_readers()]
    assert segments and all(isinstance(s._terms._dbfile, BufferFile) for s in segments)
    with open_dir(str(generation.path)).reader() as on_disk:
        terms = list(on_disk.all_terms())
        assert len(terms) > 300
        for field, text in terms[::7]:
            assert reader.doc_frequency(field, text) == on_disk.doc_frequency(field, text)
            assert list(reader.postings(field, text).all_ids()) == list(
                on_disk.postings(field, text).all_ids()
            )
        assert reader.doc_frequency("body", b"nosuchterm") == 0
