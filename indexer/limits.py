"""What one article may cost a build: bytes, nesting depth and seconds.

Python-Markdown parses block quotes and lists recursively and some of its
inline patterns in quadratic time, so one hostile or broken file could end
a build in a ``RecursionError`` or keep it busy for minutes. Each limit
turns that into a problem naming the file, and lets ``--keep-going`` skip it.
"""

from __future__ import annotations

import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# A long real article is tens of kilobytes; a help center has no use for
# megabytes of text on one page, and every query that shows it pays for it.
MAX_ARTICLE_BYTES = 2_000_000
# Block quotes and lists nested this deep are never meant; Python-Markdown
# recurses about ten frames per level and stops near 500 levels.
MAX_NESTING = 50
# Rendering a long article takes milliseconds; this is for pathological input.
RENDER_SECONDS = 10.0

# What opens a nesting level at the start of a line: a quote marker `>` or a
# list marker (`-`, `*`, `+`, `1.`, `1)`), each possibly indented.
_OPENERS = re.compile(r"(?:[ \t]*(?:>|[-+*][ \t]|\d{1,9}[.)][ \t]))*")
_MARKER = re.compile(r">|[-+*]|\d{1,9}[.)]")
INDENT = 4  # Python-Markdown's tab length: one nesting level of a list


class TooSlow(Exception):
    """Raised inside a block that ran out of its time."""


def deepest_nesting(source: str) -> tuple[int, int]:
    """(depth, line) of the most deeply nested line of a Markdown text: quote
    and list markers at its start plus its indentation in list levels. An
    upper bound (a thematic break `- - -` counts too), which is all a limit
    needs."""
    deepest = (0, 1)
    for number, line in enumerate(source.splitlines(), start=1):
        prefix = _OPENERS.match(line).group()
        markers = len(_MARKER.findall(prefix))
        whitespace = len(prefix.expandtabs(INDENT)) - len(prefix.replace(" ", "").replace("\t", ""))
        # A marker's own separating space is no indentation.
        depth = markers + max(0, whitespace - markers) // INDENT
        if depth > deepest[0]:
            deepest = (depth, number)
    return deepest


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise ``TooSlow`` in the block after ``seconds``.

    Uses a real-time timer signal, which only the main thread receives, so
    elsewhere (a web worker's thread, say) the block runs unbounded. The
    indexer's command line runs in the main thread.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise TooSlow

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
