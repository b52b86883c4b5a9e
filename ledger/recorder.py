"""Recording events off the request path.

``Recorder.record`` only appends a row to a bounded queue; one background
thread wakes every ``interval`` seconds (sooner when ``batch`` rows are
waiting, or on a flush), takes every waiting row and inserts them in
batches. A request never waits for the store: when the queue is full, or a
batch cannot be written (the store is slow, down or read-only), the rows are
dropped, counted and logged, and the site goes on.

The queue is a ``deque``, not a ``queue.Queue``: appending is one atomic
call, where ``Queue.put`` takes a lock and wakes the writer for every
event, and the writer woken mid-request competes with it for the GIL.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from ledger.migrate import upgrade
from ledger.tables import EVENTS, MAX_QUERY

log = logging.getLogger("ledger")


def normalize_query(text: str) -> str:
    """A query as the reports group it: lower case, single spaces, cut.

    >>> normalize_query("  Cloud   RECORDING ")
    'cloud recording'
    """
    return " ".join(text.lower().split())[:MAX_QUERY]


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@dataclass
class Stats:
    written: int = 0
    dropped: int = 0


class Recorder:
    def __init__(
        self, engine: Engine, max_queue: int = 10_000, batch: int = 500, interval: float = 1.0
    ) -> None:
        self.engine = engine
        self.max_queue = max_queue
        self.batch = batch
        self.interval = interval
        self.stats = Stats()
        self._queue: deque[tuple[str, dict[str, Any]]] = deque()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._migrated = False
        self._stopping = threading.Event()
        self._wake = threading.Event()  # rows to write now: a full batch, a flush
        self._writing = False  # rows taken off the queue and not yet written

    def record(self, kind: str, **row: Any) -> None:
        """Queue one event of ``kind`` (a table of ``ledger.tables.EVENTS``)."""
        if kind not in EVENTS:
            raise ValueError(f"unknown event kind {kind!r}")
        row.setdefault("at", utcnow())
        row.setdefault("synthetic", False)
        self._start()
        # Without a lock, threads recording at once may pass the bound by a
        # row each: it bounds memory, it is not a quota.
        waiting = len(self._queue)
        if waiting >= self.max_queue:
            self._drop(1, "the queue is full")
            return
        self._queue.append((kind, row))
        if waiting + 1 >= self.batch:
            self._wake.set()

    def flush(self, timeout: float = 10.0) -> None:
        """Wait until every queued event has been written or dropped."""
        deadline = time.monotonic() + timeout
        # The writer marks itself writing before it takes rows off the queue,
        # so one of the two is always seen while rows are in flight.
        while (self._queue or self._writing) and time.monotonic() < deadline:
            self._wake.set()  # again: rows queued during a write wait for a wake
            time.sleep(0.01)

    def close(self) -> None:
        self.flush()
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _start(self) -> None:
        # Started by the first event rather than at construction, so that a
        # server that forks its workers after creating the app (gunicorn
        # --preload) gets a writer in each worker.
        if self._thread is not None and self._thread.is_alive():
            return
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="ledger-writer", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while not self._stopping.is_set():
            self._wake.wait(self.interval)
            self._wake.clear()
            # The rows waiting now, a batch at a time; rows queued meanwhile
            # wait for the next wake, so that each transaction is a full one.
            waiting = len(self._queue)
            while waiting > 0:
                self._writing = True
                size = min(self.batch, waiting)
                self._write([self._queue.popleft() for _ in range(size)])
                self._writing = False
                waiting -= size

    def _write(self, pending: list[tuple[str, dict[str, Any]]]) -> None:
        by_kind: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for kind, row in pending:
            by_kind[kind].append(row)
        try:
            if not self._migrated:
                upgrade(self.engine)
                self._migrated = True
            with self.engine.begin() as connection:
                for kind, rows in by_kind.items():
                    connection.execute(EVENTS[kind].insert(), rows)
            self.stats.written += len(pending)
        except Exception as exc:  # any store failure: count the loss, keep serving
            self._drop(len(pending), f"the store failed ({type(exc).__name__})")

    def _drop(self, count: int, why: str) -> None:
        with self._lock:
            self.stats.dropped += count
            total = self.stats.dropped
        log.warning("dropped %d event(s): %s; %d dropped since start", count, why, total)
