"""Real servers on loopback: the one helper that starts a server on a free
port and waits for it (browser tests, screenshots, benchmarks), and the
memory of a real gunicorn worker serving an index, as ``make serve`` does.
"""

from __future__ import annotations

import http.client
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO

STARTUP_SECONDS = 60.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> None:
    with urllib.request.urlopen(url, timeout=30) as response:
        response.read()


class ServerFailed(RuntimeError):
    """The server exited or did not answer in time; the message says which."""


@contextmanager
def running_server(
    command: Sequence[str],
    env: dict[str, str] | None = None,
    ready_path: str = "/healthz",
    port: int | None = None,
) -> Iterator[tuple[str, subprocess.Popen]]:
    """Start ``command`` (``{port}`` in it is replaced by ``port``, by default
    a free one), wait until ``ready_path`` answers, yield the base URL and the
    process, stop it."""
    port = port or free_port()
    argv = [part.replace("{port}", str(port)) for part in command]
    # The log goes to a file, not a pipe: a server that logs every request
    # would block once nobody drains a pipe.
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(argv, env={**os.environ, **(env or {})}, stdout=log, stderr=log)
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(base + ready_path, server, log)
            yield base, server
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()


def _wait_until_up(url: str, server: subprocess.Popen, log: IO[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log.seek(0)
            raise ServerFailed(f"exited with {server.returncode}: {log.read().decode()[-2000:]}")
        try:
            _get(url)
            return
        except OSError:
            time.sleep(0.1)
    raise ServerFailed(f"no answer from {url} within {STARTUP_SECONDS:.0f} s")


# One sync gunicorn worker, as `make serve` runs each of its workers.
GUNICORN = (
    sys.executable,
    "-m",
    "gunicorn",
    "--workers",
    "1",
    "--bind",
    "127.0.0.1:{port}",
    "web:create_app()",
)


def search_throughput(
    index_root: Path, queries: Sequence[tuple[str, str]], store: Path, rounds: int = 3
) -> dict:
    """``/api/search`` requests per second of one worker with recording of
    events off and on (into a SQLite store at ``store``). Both servers run at
    once and take turns, round by round, so that a noisy machine slows both
    alike; each side's best round counts."""
    urls = [
        "/api/search?" + urllib.parse.urlencode({"q": text, "locale": locale}) for text, locale in queries
    ]
    with ExitStack() as stack:
        bases = {}
        for record in (False, True):
            env = {
                "SPRAVKA_INDEX_DIR": str(index_root),
                "SPRAVKA_RECORD_EVENTS": "true" if record else "false",
                "SPRAVKA_DATABASE_URL": f"sqlite:///{store}",
                "SPRAVKA_SECRET_KEY_FILE": str(store.with_name("secret-key")),
            }
            bases[record], _ = stack.enter_context(running_server(GUNICORN, env, ready_path="/healthz"))
        for base in bases.values():  # warm both searchers
            for url in urls:
                _get(base + url)
        best = {False: 0.0, True: 0.0}
        for _ in range(rounds):
            for record, base in bases.items():
                started = time.perf_counter()
                for url in urls:
                    _get(base + url)
                best[record] = max(best[record], len(urls) / (time.perf_counter() - started))
    return {
        "off_rps": best[False],
        "on_rps": best[True],
        "ratio": best[True] / best[False],
        "requests": len(urls),
    }


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

    # Recording is on, as it is by default, into a store beside the index.
    env = {
        "SPRAVKA_INDEX_DIR": str(index_root),
        "SPRAVKA_DATABASE_URL": f"sqlite:///{index_root.parent / 'rss-events.db'}",
        "SPRAVKA_SECRET_KEY_FILE": str(index_root.parent / "secret-key"),
    }
    with running_server(GUNICORN, env, ready_path="/api/search?q=start") as (base, server):
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


# Help-center traffic repeats itself: a query's share falls with its rank
# roughly as 1/rank (Zipf, exponent 1).
ZIPF_EXPONENT = 1.0
ZIPF_SEED = 20261126


def zipf_mix(
    queries: Sequence[tuple[str, str]], requests: int, exponent: float = ZIPF_EXPONENT
) -> list[tuple[str, str]]:
    """``requests`` queries drawn from ``queries`` (the first the most
    popular) with Zipf frequencies, from a fixed seed."""
    weights = [1 / rank**exponent for rank in range(1, len(queries) + 1)]
    return random.Random(ZIPF_SEED).choices(list(queries), weights=weights, k=requests)


def load(base: str, paths: Sequence[str], concurrency: int) -> dict[str, float]:
    """Request every path once, ``concurrency`` at a time (a client thread
    each, a new connection per request, as gunicorn's sync workers close
    them): requests per second, latency percentiles in ms, failures."""
    host, port = base.removeprefix("http://").split(":")
    todo = iter(paths)
    lock = threading.Lock()
    latencies: list[float] = []
    failed = 0

    def client() -> None:
        nonlocal failed
        while True:
            with lock:
                path = next(todo, None)
            if path is None:
                return
            started = time.perf_counter()
            try:
                connection = http.client.HTTPConnection(host, int(port), timeout=30)
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
                connection.close()
            except OSError:
                ok = False
            with lock:
                latencies.append((time.perf_counter() - started) * 1000)
                failed += not ok

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    latencies.sort()
    return {
        "rps": len(paths) / seconds,
        "p50_ms": latencies[len(latencies) // 2],
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        "failed": failed,
        "requests": len(paths),
    }


def serving_throughput(
    index_root: Path,
    queries: Sequence[tuple[str, str]],
    requests: int = 2000,
    workers: int = 4,
    concurrency: int = 16,
    worker_class: str = "sync",
    threads: int = 1,
) -> dict:
    """``/api/search`` with a Zipf mix of ``queries`` against ``/healthz``,
    on the same gunicorn workers and the same clients."""
    mix = zipf_mix(queries, requests)
    searches = [
        "/api/search?" + urllib.parse.urlencode({"q": text, "locale": locale}) for text, locale in mix
    ]
    command = [*GUNICORN, "--worker-class", worker_class, "--threads", str(threads)]
    command[command.index("--workers") + 1] = str(workers)
    env = {"SPRAVKA_INDEX_DIR": str(index_root), "SPRAVKA_RECORD_EVENTS": "false"}
    with running_server(command, env) as (base, _):
        load(base, searches[: requests // 4], concurrency)  # warm every worker
        health = load(base, ["/healthz"] * requests, concurrency)
        search = load(base, searches, concurrency)
    return {
        "healthz": health,
        "search": search,
        "ratio": search["rps"] / health["rps"],
        "workers": workers,
        "worker_class": worker_class,
        "threads": threads,
        "concurrency": concurrency,
        "distinct_queries": len(set(mix)),
    }
