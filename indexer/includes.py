"""Text a page's build reads in from another file, read in here too.

Diplodoc writes ``{% include [Steps](../_includes/steps.md) %}`` (or with
``notitle``), GitBook ``{% include "../.gitbook/includes/hint.md" %}``: alone
on a line, or after a list item's marker, where the included text is the
item's. Its text (without its front matter) takes the line's place, as deep
as the line stands, so that a reader finds what the page shows. Paths are
relative to the file that names them; a file outside the tree, missing, not
Markdown, or too large is left out, as is an include in fenced code (an
example of the syntax). Includes in included text are read too, a few
levels deep, never in a circle.

Folders named ``_includes`` hold such parts, not pages (Diplodoc, Jekyll).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from indexer.blocks import CODE_FENCE, closes_fence
from indexer.limits import MAX_ARTICLE_BYTES

INCLUDES_FOLDER = "_includes"
INCLUDE = re.compile(
    r"""^(?P<lead>[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?)\{%-?[ \t]*include[ \t]+(?:notitle[ \t]+)?"""
    r"""(?:\[[^\]\n]*\]\((?P<link>[^()\s]+)\)|"(?P<double>[^"\n]+)"|'(?P<single>[^'\n]+)')"""
    r"""[ \t]*-?%\}[ \t]*$"""
)
MAX_DEPTH = 3
MAX_INCLUDES = 200
INCLUDED_SUFFIXES = (".md", ".markdown", ".mdx")
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n.*?^---[ \t]*\r?$\n?", re.S | re.M)


def with_includes(text: str, page: Path, root: Path) -> str:
    """``text`` of the file ``page`` with each include the text it reads in.

    >>> import tempfile; root = Path(tempfile.mkdtemp())
    >>> _ = (root / "_includes").mkdir(), (root / "_includes/steps.md").write_text("Open it.\\n\\nRun it.\\n")
    >>> with_includes('1. {% include [Steps](_includes/steps.md) %}\\n2. Done.', root / "page.md", root)
    '1. Open it.\\n\\n   Run it.\\n2. Done.'
    """
    return _expanded(text, page, root.resolve(), {page.resolve()}, [])


def included_digest(text: str, page: Path, root: Path) -> str:
    """What the files ``text`` reads in hold, as one digest ("" for none): a
    cached page is read again when one of them changes."""
    if "include" not in text:
        return ""
    read: list[Path] = []
    _expanded(text, page, root.resolve(), {page.resolve()}, read)
    digest = hashlib.sha256()
    for path in read:
        digest.update(str(path).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest() if read else ""


def _expanded(text: str, page: Path, root: Path, open_files: set[Path], read: list[Path]) -> str:
    if "include" not in text:
        return text
    out: list[str] = []
    fence = ""
    for line in text.split("\n"):
        if fence:
            fence = "" if closes_fence(line, fence) else fence
            out.append(line)
            continue
        if code := CODE_FENCE.match(line):
            fence = code["fence"]
            out.append(line)
            continue
        include = INCLUDE.match(line)
        part = _part(page, include, root, open_files, read) if include else None
        if part is None:
            out.append(line)
            continue
        read.append(part)
        open_files.add(part)
        inner = _expanded(
            _without_front_matter(part.read_text("utf-8", "replace")), part, root, open_files, read
        )
        open_files.discard(part)
        lead = include["lead"]
        first, *rest = inner.rstrip("\n").split("\n")
        indent = " " * len(lead.expandtabs(4))
        out += [lead + first, *(indent + line if line.strip() else "" for line in rest)]
    return "\n".join(out)


def _part(
    page: Path, include: re.Match[str], root: Path, open_files: set[Path], read: list[Path]
) -> Path | None:
    """The file an include names, if it may be read in: a page reads in at
    most ``MAX_INCLUDES`` parts and as many bytes as a page may have, so
    that a part named a thousand times cannot make a page of gigabytes."""
    written = (include["link"] or include["double"] or include["single"]).split("#", 1)[0]
    try:
        path = (page.parent / written).resolve()
    except (OSError, RuntimeError):  # a circle of links
        return None
    readable = (
        path.suffix in INCLUDED_SUFFIXES
        and path.is_relative_to(root)
        and path not in open_files
        and len(open_files) <= MAX_DEPTH  # the page itself is open too
        and len(read) < MAX_INCLUDES
        and _is_file(path)
    )
    if not readable:
        return None
    size = sum(part.stat().st_size for part in read) + path.stat().st_size
    return path if size <= MAX_ARTICLE_BYTES else None


def _without_front_matter(text: str) -> str:
    return text[match.end() :] if (match := FRONT_MATTER.match(text)) else text


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return False
