"""Copy the live generation of one index root to others and switch them.

A generation is immutable once built, so a docs team's CI builds once and
publishes the same files to every web node (or to a folder an object store
is mounted on). Each target switches atomically, the way the builder
switches its own root: the files are copied into a temporary directory
inside the target root (same file system, so the rename below is atomic),
flushed to disk, renamed into ``gen-*``, and only then does ``CURRENT`` name
it. A reader of a target therefore sees the old generation or the new one,
complete, never a half-copied directory; a failed copy leaves the target as
it was.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from search.index.store import POINTER, discard, live_generation, publish

INCOMING = ".incoming-"


@dataclass(frozen=True)
class Published:
    root: Path
    generation: str
    copied: bool  # False when the target already held this generation


def publish_everywhere(source: Path, targets: list[Path]) -> list[Published]:
    """Make ``source``'s live generation the live one of every target."""
    generation = live_generation(source)
    return [publish_to(generation, Path(target)) for target in targets]


def publish_to(generation: Path, root: Path) -> Published:
    """Copy ``generation`` into the index root ``root`` (created if missing)
    and make it live there."""
    if root.resolve() == generation.parent.resolve():
        raise ValueError(f"{root} is the index the generation comes from")
    root.mkdir(parents=True, exist_ok=True)
    final = root / generation.name
    copied = not final.is_dir()
    if copied:
        incoming = root / f"{INCOMING}{generation.name}-{os.getpid()}"
        try:
            shutil.copytree(generation, incoming)
            _sync_tree(incoming)
            os.replace(incoming, final)
            _sync(root)
        except BaseException:
            discard(incoming)
            raise
    publish(root, final)
    _sync(root / POINTER)
    return Published(root, generation.name, copied)


def _sync_tree(directory: Path) -> None:
    for path in directory.rglob("*"):
        if path.is_file():
            _sync(path)
    _sync(directory)


def _sync(path: Path) -> None:
    """Flush a file's or a directory's entries to disk, so that a crash right
    after the rename cannot leave a name pointing to unwritten data."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
