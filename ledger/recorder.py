"""Recording events off the request path.

``Recorder.record`` only puts a row on a bounded queue; one background
thread takes rows off it and inserts them in batches, every ``interval``
seconds or every ``batch`` rows. A request never waits for the store: when
the queue is full, or a batch cannot be written (the store is slow, down or
read-only), the rows are dropped, counted and logged, and the site goes on.
"""

from __future__ import annotations

import datetime as dt
import logging
import queue
import threading
import time
from collections import defaultdict
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
        self.batch = batch
        self.interval = interval
        self.stats = Stats()
        self._queue: queue.Queue[tuple[str, dict[str, Any]]] = queue.Queue(maxsize=max_queue)
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._migrated = False
        self._stopping = threading.Event()
        self._flushing = threading.Event()

    def record(self, kind: str, **row: Any) -> None:
        """Queue one event of ``kind`` (a table of ``ledger.tables.EVENTS``)."""
        if kind not in EVENTS:
            raise ValueError(f"unknown event kind {kind!r}")
        row.setdefault("at", utcnow())
        row.setdefault("synthetic", False)
        self._start()
        try:
            self._queue.put_nowait((kind, row))
        except queue.Full:
            self._drop(1, "the queue is full")

    def flush(self, timeout: float = 10.0) -> None:
        """Wait until every queued event has been written or dropped."""
        deadline = time.monotonic() + timeout
        self._flushing.set()
        while self._queue.unfinished_tasks and time.monotonic() < deadline:
            time.sleep(0.01)
        self._flushing.clear()

    def close(self) -> None:
        self.flush()
        self._stopping.set()
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
            pending = self._take()
            if pending:
                self._write(pending)

    def _take(self) -> list[tuple[str, dict[str, Any]]]:
        """Up to ``batch`` events, waiting at most ``interval`` for more."""
        pending: list[tuple[str, dict[str, Any]]] = []
        deadline = time.monotonic() + self.interval
        while len(pending) < self.batch:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or (pending and self._flushing.is_set()):
                break
            try:
                # Short waits, so that a flush does not wait a whole interval.
                pending.append(self._queue.get(timeout=min(remaining, 0.05)))
            except queue.Empty:
                continue
        return pending

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
        finally:
            for _ in pending:
                self._queue.task_done()

    def _drop(self, count: int, why: str) -> None:
        with self._lock:
            self.stats.dropped += count
            total = self.stats.dropped
        log.warning("dropped %d event(s): %s; %d dropped since start", count, why, total)
