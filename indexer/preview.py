"""python -m indexer preview: the site, rebuilt as a writer saves a file.

The site runs as ``python -m web`` in a process of its own, told to look for
a new generation on every request and to show the status file this process
writes beside the index after each build: what went wrong is on the page
the writer is looking at, not only in a terminal. Builds are incremental; one
that fails leaves the last good generation live, so a half-typed edit never
takes a page away.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import watchfiles

from indexer.build import BuildFailed, build_index
from indexer.model import Problem
from search.index.articles import ARTICLE_SUFFIXES
from search.index.builds import BuildRunning

STATUS = "preview.json"


def preview(corpus: Path, index: Path, host: str, port: int) -> int:
    status = index / STATUS
    rebuild(corpus, index, status)
    env = {
        **os.environ,
        "SPRAVKA_INDEX_CHECK_INTERVAL": "0",
        "SPRAVKA_PREVIEW_STATUS": str(status),
    }
    command = [sys.executable, "-m", "web", "--index", str(index), "--host", host, "--port", str(port)]
    server = subprocess.Popen(command, env=env)
    # A terminated preview stops its site too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"preview: http://{host}:{port}/ ; watching {corpus} (Ctrl-C stops)", flush=True)
    try:
        for _ in watchfiles.watch(corpus, watch_filter=_corpus_file):
            rebuild(corpus, index, status, workers=1)
    except KeyboardInterrupt:
        pass
    finally:
        server.terminate()
        server.wait(timeout=30)
    return 0


def _corpus_file(change: watchfiles.Change, path: str) -> bool:
    return path.endswith((*ARTICLE_SUFFIXES, ".yml", ".yaml")) or change == watchfiles.Change.deleted


def rebuild(corpus: Path, index: Path, status: Path, workers: int | None = None) -> None:
    """Build what changed and record how it went in ``status``. A worker
    process would be forked from a process with the watcher's thread in it,
    so rebuilds after the first parse in this process (they parse a few
    files; the first build parses them all)."""
    try:
        report = build_index(corpus, index, workers=workers)
    except BuildFailed as failed:
        _write_status(status, "failed", failed.problems)
    except BuildRunning:
        return  # another build publishes; its own preview or command line reports
    else:
        _write_status(status, "built", report.problems)
        print(f"preview: {report.summary()}", flush=True)


def _write_status(status: Path, state: str, problems: list[Problem]) -> None:
    for problem in problems:
        print(f"preview: {problem}", file=sys.stderr, flush=True)
    data = {
        "state": state,
        "at": dt.datetime.now().strftime("%H:%M:%S"),
        "problems": [str(p) for p in problems],
    }
    tmp = status.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    tmp.replace(status)
