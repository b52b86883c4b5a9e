"""Writing results for people (Markdown) and machines (JSON).

``make eval`` and ``make bench`` regenerate only the part of their page that
lies between two markers; what is written around it (the analysis of the
numbers) is kept, so a rerun refreshes the figures without erasing it.
"""

from __future__ import annotations

import datetime as dt
import json
import platform
import re
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

BEGIN = "<!-- BEGIN GENERATED: {command} writes this part; edit outside the markers -->"
END = "<!-- END GENERATED -->"


def write_generated(path: Path, command: str, title: str, body: str) -> None:
    """Put ``body`` between the generated-part markers of ``path``."""
    begin = BEGIN.format(command=command)
    block = f"{begin}\n\n{body.strip()}\n\n{END}"
    text = path.read_text(encoding="utf-8") if path.exists() else f"# {title}\n\n{begin}\n{END}\n"
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(END), re.S)
    if not pattern.search(text):
        text = text.rstrip("\n") + f"\n\n{begin}\n{END}\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(pattern.sub(lambda _: block, text, count=1), encoding="utf-8")


def write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], numeric_from: int = 1) -> str:
    """A Markdown table; columns from ``numeric_from`` on are right-aligned."""
    align = ["---" if n < numeric_from else "---:" for n in range(len(headers))]
    lines = [headers, align, *rows]
    return "\n".join("| " + " | ".join(str(cell) for cell in line) + " |" for line in lines)


def today() -> str:
    return dt.date.today().isoformat()


def versions(*packages: str) -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in packages:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found
