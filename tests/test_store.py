"""A generation's searchers: each segment's term index is read into memory
once per generation, shared by every thread's searcher, and answers every
lookup as the files on disk do."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

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


def test_threads_share_one_copy_of_each_term_index(index_dir):
    generation = IndexHandle(index_dir).get()
    together = threading.Barrier(4)  # four threads, each with its own searcher

    def held(_):
        together.wait()
        segment = generation.searcher().reader().leaf_readers()[0][0]
        return segment._terms._dbfile, segment._terms._dbfile._buf

    with ThreadPoolExecutor(4) as pool:
        found = list(pool.map(held, range(4)))
    assert len({id(file) for file, _ in found}) == 4  # each reads at its own position
    assert all(buffer.obj is found[0][1].obj for _, buffer in found)  # from the same bytes
