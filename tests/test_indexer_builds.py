"""Builds of one index directory: one at a time, each published durably,
nothing left behind by a build that was killed."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from indexer.__main__ import main as indexer_main
from indexer.build import build_index
from search.index import builds, store
from search.index.builds import BuildRunning
from search.index.store import IndexHandle


def test_a_second_build_while_one_runs_says_so(corpus_copy, tmp_path, capsys):
    root = tmp_path / "ix"
    build_index(corpus_copy, root)
    live = store.live_generation(root)
    with builds.build_lock(root):
        with pytest.raises(BuildRunning):
            build_index(corpus_copy, root)
        assert indexer_main(["build", "--corpus", str(corpus_copy), "--index", str(root)]) == 1
    assert "another build is running" in capsys.readouterr().err
    assert store.live_generation(root) == live
    build_index(corpus_copy, root)  # the lock went with its holder
    assert store.live_generation(root) != live


def test_six_parallel_builds_each_succeed_or_say_another_is_running(corpus_copy, tmp_path):
    root = tmp_path / "ix"
    command = [sys.executable, "-m", "indexer", "build", "--corpus", str(corpus_copy), "--index", str(root)]
    runs = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(6)
    ]
    results = [(run.wait(timeout=120), run.stderr.read()) for run in runs]
    for run in runs:
        run.stdout.close()
        run.stderr.close()
    for code, err in results:
        assert "Traceback" not in err
        assert code == 0 or (code == 1 and "another build is running" in err), err
    assert any(code == 0 for code, _ in results)
    assert IndexHandle(root).get().document("en", "audio/echo") is not None
    assert not list(root.glob("CURRENT.tmp-*"))


def test_the_pointer_left_by_a_killed_build_is_cleared(corpus_copy, tmp_path):
    root = tmp_path / "ix"
    root.mkdir()
    (root / "CURRENT.tmp-99999").write_text("gen-unfinished\n", encoding="utf-8")
    build_index(corpus_copy, root)
    assert (root / "CURRENT").is_file() and not list(root.glob("CURRENT.tmp-*"))


def test_publish_syncs_generation_then_pointer_then_directory(corpus_copy, tmp_path, monkeypatch):
    root = tmp_path / "ix"
    synced: list[str] = []
    real_fsync = os.fsync

    def recording_fsync(fd: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", recording_fsync)
    report = build_index(corpus_copy, root)
    generation = str(report.generation)
    pointer = [n for n, path in enumerate(synced) if "CURRENT.tmp-" in path]
    assert len(pointer) == 1
    before, after = synced[: pointer[0]], synced[pointer[0] + 1 :]
    assert str(report.generation / "meta.json") in before and generation in before
    assert after == [str(root)]


def test_a_process_forked_during_a_build_does_not_hold_its_lock(tmp_path):
    """A build's workers are forked from it: killed, the build must not
    leave them holding the directory, or no build could start again."""
    root = tmp_path / "ix"
    fork = multiprocessing.get_context("fork")
    started = fork.Event()

    def work() -> None:
        started.set()
        time.sleep(60)

    with builds.build_lock(root):
        worker = fork.Process(target=work)
        worker.start()
        assert started.wait(30)
    try:
        with builds.build_lock(root):  # the worker still runs
            pass
    finally:
        worker.kill()
        worker.join()


def test_the_workers_of_a_killed_build_end_with_it(tmp_path):
    """Killed (a CI timeout), a build's forked workers would wait for work
    forever; they are told to end when it does."""
    script = (
        "import multiprocessing, sys, time\n"
        "from pathlib import Path\n"
        "from search.index import builds\n"
        "with builds.build_lock(Path(sys.argv[1])):\n"
        "    worker = multiprocessing.get_context('fork').Process(target=time.sleep, args=(120,))\n"
        "    worker.start()\n"
        "    print(worker.pid, flush=True)\n"
        "    time.sleep(120)\n"
    )
    build = subprocess.Popen(
        [sys.executable, "-c", script, str(tmp_path / "ix")], stdout=subprocess.PIPE, text=True
    )
    worker = int(build.stdout.readline())
    build.kill()
    build.wait()
    for _ in range(100):  # a signal's delivery, not a measurement
        if not _running(worker):
            break
        time.sleep(0.1)
    else:
        os.kill(worker, 9)
        pytest.fail("the worker outlived its build")


def _running(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie that nobody has reaped yet has ended)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status
