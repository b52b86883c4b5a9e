"""Copy the live generation of one index root to others and switch them.

A generation is immutable once built, so a docs team's CI builds once and
publishes the same files to every web node (or to a folder an object store
is mounted on). Each target switches the way the builder switches its own
root, holding the target's build lock: the files are copied into a
temporary directory inside the target root (same file system, so the rename
below is atomic), checked against the generation's checksums, renamed into
``gen-*``, and then ``search.index.builds.publish`` flushes them to disk and
replaces ``CURRENT``. A reader of a target therefore sees the old generation
or the new one, complete, never a half-copied directory; a failed copy
leaves the target as it was.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from search.index.builds import build_lock, discard, publish
from search.index.store import live_generation, verify

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
    with build_lock(root):
        final = root / generation.name
        copied = not final.is_dir()
        if copied:
            incoming = root / f"{INCOMING}{generation.name}-{os.getpid()}"
            try:
                shutil.copytree(generation, incoming)
                verify(incoming)  # the copy is byte for byte what was built
                os.replace(incoming, final)
            except BaseException:
                discard(incoming)
                raise
        publish(root, final)
    return Published(root, generation.name, copied)
