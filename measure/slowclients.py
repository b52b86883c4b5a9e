"""python -m measure.slowclients: does a server keep answering while slow
clients hold connections open?

Some connections send the start of a request and then nothing (the way a
slow or hostile client does) and are reopened whenever the server closes
them; meanwhile one ordinary client asks for searches one after the other.
The figures are the ordinary client's latencies and failures. Run against a
command that starts a server on ``{port}`` (``deploy/serve.py``, or
gunicorn alone), so that set-ups can be compared on one machine.
"""

from __future__ import annotations

import argparse
import json
import shlex
import socket
import threading
import time
import urllib.request
from dataclasses import asdict, dataclass
from urllib.parse import urlsplit

from measure.server import running_server
from measure.worker import percentiles

# The start of a request, never finished: no blank line ends the headers.
PARTIAL_REQUEST = b"GET /api/search?q=meeting HTTP/1.1\r\nHost: localhost\r\nX-Slow: "
ANSWER_TIMEOUT = 5.0  # an ordinary request that takes longer counts as failed
PROBE_PATH = "/api/search?q=meeting"


@dataclass
class SlowClientReport:
    held: int  # slow connections kept open at once
    seconds: float
    reopened: int  # slow connections the server closed (and that were opened again)
    requests: int
    failed: int
    p50_ms: float
    p99_ms: float
    max_ms: float


def _hold(host: str, port: int, until: float, reopened: list[int]) -> None:
    """Keep one half-sent request open until ``until``, reopening it when
    the server hangs up."""
    while time.monotonic() < until:
        try:
            with socket.create_connection((host, port), timeout=ANSWER_TIMEOUT) as sock:
                sock.sendall(PARTIAL_REQUEST)
                sock.settimeout(0.5)
                while time.monotonic() < until:
                    try:
                        if not sock.recv(4096):
                            break  # closed by the server
                    except TimeoutError:
                        continue
        except OSError:
            pass
        if time.monotonic() < until:
            reopened[0] += 1
            time.sleep(0.05)


def probe(base: str, held: int, seconds: float) -> SlowClientReport:
    """Hold ``held`` slow connections to ``base`` for ``seconds`` while timing
    ordinary requests."""
    address = urlsplit(base)
    until = time.monotonic() + seconds
    reopened = [0]
    holders = [
        threading.Thread(target=_hold, args=(address.hostname, address.port, until, reopened), daemon=True)
        for _ in range(held)
    ]
    for holder in holders:
        holder.start()
    time.sleep(0.5)  # let the slow connections take their places first
    times, failed = [], 0
    while time.monotonic() < until:
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(base + PROBE_PATH, timeout=ANSWER_TIMEOUT) as answer:
                answer.read()
        except OSError:
            failed += 1
            times.append(ANSWER_TIMEOUT * 1000)
            continue
        times.append((time.perf_counter() - started) * 1000)
        time.sleep(0.02)
    for holder in holders:
        holder.join()
    found = percentiles(times, (50, 99))
    return SlowClientReport(
        held=held,
        seconds=seconds,
        reopened=reopened[0],
        requests=len(times),
        failed=failed,
        p50_ms=found["p50"],
        p99_ms=found["p99"],
        max_ms=max(times),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m measure.slowclients", description=__doc__.split("\n")[0])
    parser.add_argument("command", help="starts the server; {port} is replaced by a free port")
    parser.add_argument("--held", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args(argv)
    with running_server(shlex.split(args.command)) as (base, _server):
        report = probe(base, args.held, args.seconds)
    print(json.dumps(asdict(report)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
