"""Copy the live generation of one index root to others and switch them.

A generation is immutable once built, so a docs team's CI builds once and
publishes the same files to every web node (or to a folder an object store
is mounted on). Each target switches the way the builder switches its own
root, holding the target's build lock: the files are copied into a
temporary directory inside the target root (same file system, so the rename
below is atomic), checked against the generation's checksums, renamed into
``gen-*``, and then ``search.index.builds.make_live`` flushes them to disk and
replaces ``CURRENT``. A reader of a target therefore sees the old generation
or the new one, complete, never a half-copied directory; a failed copy
leaves the target as it was. A target that already serves the generation is
left alone (a pull that finds nothing new costs a directory listing); one
that holds it without serving it (a rollback) has it checked first, and
copied again if it was damaged where it lay. Checksums are never written
again on a target: they would vouch for whatever the files hold now. A live
generation damaged in place is refused by the target's readers (503) and
mended by publishing a newer one: checking it on every pull would read the
whole index each time.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from search.index.builds import build_lock, discard, make_live
from search.index.store import IndexUnavailable, live_generation, verify

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
        if final.is_dir() and _live(root) == final:
            return Published(root, generation.name, copied=False)
        if final.is_dir() and not _intact(final):
            discard(final)
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
        make_live(root, final)
    return Published(root, generation.name, copied)


def _live(root: Path) -> Path | None:
    try:
        return live_generation(root)
    except IndexUnavailable:
        return None


def _intact(generation: Path) -> bool:
    try:
        verify(generation)
    except IndexUnavailable:
        return False
    return True
