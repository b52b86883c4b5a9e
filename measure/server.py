"""Memory of a real web worker: gunicorn serving an index, as ``make serve`` does.

One sync worker is started on a free loopback port, answers a bounded
number of searches and article pages, and its peak RSS (``VmHWM``) is read
from ``/proc`` before the server is stopped.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Sequence
from pathlib import Path

STARTUP_SECONDS = 60.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> None:
    with urllib.request.urlopen(url, timeout=30) as response:
        response.read()


def _wait_until_up(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode} before serving")
        try:
            _get(f"{base}/api/search?q=start")
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within {STARTUP_SECONDS:.0f} s")


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM for process {pid}")


def web_worker_rss(
    index_root: Path, queries: Sequence[tuple[str, str]], articles: Sequence[tuple[str, str]]
) -> dict[str, float]:
    """Serve ``index_root``, request every query and article page, and return
    the worker's peak RSS in MB."""
    import psutil  # the bench extra

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "SPRAVKA_INDEX": str(index_root)}
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        "1",
        "--bind",
        f"127.0.0.1:{port}",
        "web:create_app()",
    ]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_until_up(base, server)
        started = time.perf_counter()
        for text, locale in queries:
            _get(f"{base}/api/search?" + urllib.parse.urlencode({"q": text, "locale": locale}))
            _get(f"{base}/{locale}/search?" + urllib.parse.urlencode({"q": text}))
        for article_id, locale in articles:
            _get(f"{base}/{locale}/articles/{urllib.parse.quote(article_id)}")
        seconds = time.perf_counter() - started
        (worker,) = psutil.Process(server.pid).children()
        return {
            "peak_rss_mb": _peak_rss_mb(worker.pid),
            "requests": 2 * len(queries) + len(articles),
            "seconds": seconds,
        }
    finally:
        server.terminate()
        server.wait(timeout=30)
