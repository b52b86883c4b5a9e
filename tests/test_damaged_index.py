"""A damaged index: every page and API answer is a clean 503 (never a 500,
never a crashed worker), ``/healthz`` tells the truth, and an intact
generation that is already open keeps serving while ``CURRENT`` is broken."""

from __future__ import annotations

import os
import pickle
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from whoosh.reading import CorruptIndexError

from search.index import store
from web import create_app

URLS = [
    "/en/",
    "/en/search?q=meeting",
    "/ru/search?q=конференцию",
    "/en/articles/meetings/join-a-meeting",
    "/en/categories/meetings",
    "/api/search?q=meeting",
    "/api/suggest?q=mee",
    "/api/articles/meetings/join-a-meeting",
]
# What an answer must not show: where the index lives, or Python's words.
INTERNALS = ["Traceback", "Error", "gen-", "SHA256", "seg", "/tmp", "\\u"]


@pytest.fixture
def root(index_dir, tmp_path) -> Path:
    """A private copy of the test index, free to damage."""
    target = tmp_path / "index"
    shutil.copytree(index_dir, target)
    return target


def client_for(root: Path):
    return create_app({"TESTING": True, "INDEX_DIR": str(root), "INDEX_CHECK_INTERVAL": 0.0}).test_client()


def segment(root: Path) -> Path:
    return next(store.live_generation(root).glob("*.seg"))


def truncate(root: Path) -> None:
    path = segment(root)
    os.truncate(path, path.stat().st_size // 2)


def overwrite(root: Path, keep_time: bool = False) -> None:
    """Garbage over most of the segment, the size unchanged, so that every
    read of it meets some."""
    path = segment(root)
    before = path.stat()
    start = before.st_size // 8
    with path.open("r+b") as f:
        f.seek(start)
        f.write(b"\xff" * (before.st_size - start))
    if keep_time:
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def remove_generation(root: Path) -> None:
    shutil.rmtree(store.live_generation(root))


def remove_pointer(root: Path) -> None:
    (root / store.POINTER).unlink()


def garbage_pointer(root: Path) -> None:
    (root / store.POINTER).write_bytes(b"\x00\xff../../etc\n")


def assert_unavailable_everywhere(client) -> None:
    for url in URLS:
        answer = client.get(url)
        assert answer.status_code == 503, url
        assert answer.headers["Cache-Control"] == "no-store", url
        for word in INTERNALS:
            assert word not in answer.text, (url, word)
    health = client.get("/healthz")
    assert health.status_code == 503 and health.get_json()["status"] == "unavailable"


@pytest.mark.parametrize("damage", [truncate, overwrite, remove_generation, remove_pointer, garbage_pointer])
def test_damage_before_start_is_a_503_everywhere(root, damage):
    damage(root)
    assert_unavailable_everywhere(client_for(root))


@pytest.mark.parametrize("damage", [truncate, overwrite])
def test_damage_to_the_open_generation_is_a_503_everywhere(root, damage):
    client = client_for(root)
    assert client.get("/healthz").get_json()["status"] == "ok"
    damage(root)
    assert_unavailable_everywhere(client)
    # and it stays so: the damaged generation is not reopened by a later check
    assert_unavailable_everywhere(client)


def test_damage_found_by_a_failing_read_stops_the_generation(root):
    """Bytes overwritten without the file's time changing are found only when
    a read fails; from then on every request gets the same 503."""
    client = client_for(root)
    assert client.get("/healthz").status_code == 200
    overwrite(root, keep_time=True)
    answers = [client.get(url).status_code for url in [*URLS, "/healthz"] * 3]
    assert 500 not in answers
    # One of the reads meets the garbage; after that nothing is served from it.
    assert answers[-len(URLS) - 1 :] == [503] * (len(URLS) + 1)


@pytest.mark.parametrize("damage", [remove_pointer, garbage_pointer, remove_generation])
def test_intact_open_generation_keeps_serving_when_current_breaks(root, damage):
    client = client_for(root)
    assert client.get("/healthz").get_json()["status"] == "ok"
    if damage is remove_generation:
        # CURRENT moves on to a generation that is gone; the open one stays.
        (root / "gen-vanished").mkdir()
        (root / store.POINTER).write_text("gen-vanished\n")
        shutil.rmtree(root / "gen-vanished")
    else:
        damage(root)
    # Never alternating: every request is answered from the open generation.
    assert [client.get(url).status_code for url in URLS * 3] == [200] * len(URLS) * 3
    health = client.get("/healthz")
    assert health.status_code == 200 and health.get_json()["status"] == "degraded"
    assert health.get_json()["reason"] in {"no_index", "missing_generation"}


def test_a_new_damaged_generation_is_refused_and_the_old_one_serves(root):
    client = client_for(root)
    assert client.get("/en/search?q=meeting").status_code == 200
    damaged = root / "gen-damaged"
    shutil.copytree(store.live_generation(root), damaged)
    (root / store.POINTER).write_text("gen-damaged\n")
    overwrite(root)
    assert [client.get(url).status_code for url in URLS] == [200] * len(URLS)
    health = client.get("/healthz").get_json()
    assert (health["status"], health["reason"]) == ("degraded", "damaged")


@pytest.mark.parametrize(
    "error",
    [
        CorruptIndexError("bad block"),
        pickle.UnpicklingError("bad pickle"),
        OSError(5, "Input/output error", "/secret/index/x.seg"),
        EOFError("short read"),
        struct.error("unpack requires a buffer"),
        zlib.error("invalid distance"),
    ],
)
def test_read_errors_in_a_request_are_503_not_500(root, monkeypatch, error):
    client = client_for(root)

    def fail(self, docnum):
        raise error

    monkeypatch.setattr(store.Generation, "stored", fail)
    for url in ["/en/articles/meetings/join-a-meeting", "/api/articles/meetings/join-a-meeting", "/healthz"]:
        answer = client.get(url)
        assert answer.status_code == 503, url
        assert "secret" not in answer.text and str(error) not in answer.text


def test_a_bug_with_an_intact_index_is_still_a_500(root, monkeypatch):
    """Only a damaged index turns an unexpected error into a 503."""
    app = create_app({"INDEX_DIR": str(root), "INDEX_CHECK_INTERVAL": 0.0})

    def bug(self, docnum):
        raise KeyError("not an index problem")

    monkeypatch.setattr(store.Generation, "stored", bug)
    answer = app.test_client().get("/api/articles/meetings/join-a-meeting")
    assert answer.status_code == 500 and "not an index problem" not in answer.text


def test_truncated_segment_raises_instead_of_killing_the_process(root):
    """Whoosh maps files by default; a file truncated under a mapping kills
    the worker with SIGBUS. Read without mapping, the reads raise instead."""
    script = f"""
import os, sys
from pathlib import Path
from search.index.store import Generation, live_generation
generation = Generation(live_generation(Path({str(root)!r})))
reader = generation.searcher().reader()
segment = next(generation.path.glob("*.seg"))
os.truncate(segment, 0)
try:
    for n in range(generation.doc_count):
        generation.stored(n)
    for field, term in reader.all_terms():
        reader.postings(field, term).all_ids()
except Exception as exc:
    print("raised", type(exc).__name__)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])
    assert done.stdout.startswith("raised")
