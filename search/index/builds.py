"""The write side of an index directory: one build at a time, each into a
generation of its own, made live by an atomic and durable switch of
``CURRENT`` (``search.index.store`` is the read side).

A build takes an exclusive ``flock`` on ``build.lock`` for its whole run. A
second build does not wait: it fails at once with ``BuildRunning``. Waiting
would only build the same corpus again after the first, on cores the web
workers share; whoever started it can try again, and knows to. The lock dies
with its process, so a killed build never leaves the directory locked, and
the next build clears what the killed one left of its pointer.
"""

from __future__ import annotations

import ctypes
import fcntl
import os
import shutil
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from search.index.store import POINTER, seal

LOCK = "build.lock"
# Old generations stay for a while: a worker that opened one a moment ago
# may still be reading it.
KEEP_GENERATIONS = 3


class BuildRunning(RuntimeError):
    """Another build holds the index directory."""


# The descriptors of the locks this process holds. A process forked during a
# build (its parsing and writing workers) would share the lock and keep it
# past a killed build's end; its copies are pointed at /dev/null instead
# (not closed: the file object it inherited may still close its descriptor),
# and it ends with the build, where the system can tell it to.
_held: set[int] = set()
_forked_by = os.getpid()  # the process that forked this one, noted as it forks
PR_SET_PDEATHSIG = 1  # Linux's prctl option: a signal for when the parent dies


def _note_forker() -> None:
    global _forked_by
    _forked_by = os.getpid()


def _release_in_child() -> None:
    if _held:
        nothing = os.open(os.devnull, os.O_RDONLY)
        for fd in _held:
            os.dup2(nothing, fd)
        os.close(nothing)
        _held.clear()
        _end_with_parent()


def _end_with_parent() -> None:
    """Have this worker terminated when the build that forked it dies: a
    killed build's pool workers would otherwise wait for work forever."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (AttributeError, OSError):
        return  # not Linux: the workers end when their queue does
    if os.getppid() != _forked_by:  # the build died before the request was made
        os.kill(os.getpid(), signal.SIGTERM)


os.register_at_fork(before=_note_forker, after_in_child=_release_in_child)


@contextmanager
def build_lock(root: Path) -> Iterator[None]:
    """Hold the index directory ``root`` for one build, or raise ``BuildRunning``."""
    root.mkdir(parents=True, exist_ok=True)
    # The lock file is never deleted: a build that opened it just before the
    # deletion would lock a file nobody else can see.
    with open(root / LOCK, "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildRunning(
                f"another build is running in {root}; try again when it has finished"
            ) from None
        for leftover in root.glob(f"{POINTER}.tmp-*"):
            leftover.unlink(missing_ok=True)
        _held.add(lock.fileno())
        try:
            yield
        finally:
            _held.discard(lock.fileno())


def new_generation(root: Path) -> Path:
    """Create an empty directory for a build that is not live yet."""
    root.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = root / f"gen-{stamp}-{os.getpid()}-{time.monotonic_ns() % 1_000_000:06d}"
    path.mkdir()
    return path


def publish(root: Path, generation: Path) -> None:
    """Make ``generation`` the live index and prune old generations.

    Everything reaches the disk in order: the generation's files, then the
    new pointer, then the directory entry of the rename. After a power cut
    ``CURRENT`` names either the old generation or a complete new one.
    The generation is sealed first, so readers can tell a damaged copy.
    """
    seal(generation)
    make_live(root, generation)


def make_live(root: Path, generation: Path) -> None:
    """Make ``generation``, sealed already, the live index and prune old
    generations, durably (``publish``), without sealing it again: checksums
    written anew would vouch for whatever the files hold now."""
    for path in generation.iterdir():
        _fsync(path)
    _fsync(generation)
    tmp = root / f"{POINTER}.tmp-{os.getpid()}"
    tmp.write_text(generation.name + "\n", encoding="utf-8")
    _fsync(tmp)
    os.replace(tmp, root / POINTER)
    _fsync(root)
    _prune(root, keep=generation.name)


def discard(generation: Path) -> None:
    shutil.rmtree(generation, ignore_errors=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _prune(root: Path, keep: str) -> None:
    generations = sorted(p for p in root.glob("gen-*") if p.is_dir() and p.name != keep)
    for old in generations[: max(0, len(generations) - (KEEP_GENERATIONS - 1))]:
        shutil.rmtree(old, ignore_errors=True)
