"""One index generation searched by many threads at once: every answer
identical to a serial run, no errors (Whoosh searchers are per thread)."""

from __future__ import annotations

import json
import sys
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from measure.server import running_server
from search.index.store import IndexHandle
from search.query.engine import search

QUERIES = [
    ("конференцию", "ru"),
    ("microphone not working", "en"),
    ("запись", "ru"),
    ("echo", "en"),
    ("ошибка 5003", "ru"),
    ("cloud recordng", "en"),
    ("pfgbcm", "ru"),
    ("звук", "ru"),
]
THREADS = 16
ROUNDS = 100


def answer(index, text, locale):
    return search(index, text, locale=locale).to_json()


def test_sixteen_threads_search_one_open_index(index_dir):
    index = IndexHandle(index_dir).get()
    expected = {(text, locale): answer(index, text, locale) for text, locale in QUERIES}
    # A fresh generation, so that derived structures are also built under load.
    shared = IndexHandle(index_dir).get()

    def worker(n: int) -> list[str]:
        wrong = []
        for k in range(ROUNDS):
            text, locale = QUERIES[(n + k) % len(QUERIES)]
            if answer(shared, text, locale) != expected[(text, locale)]:
                wrong.append(f"{locale}:{text}")
        return wrong

    with ThreadPoolExecutor(THREADS) as pool:
        wrong = [w for found in pool.map(worker, range(THREADS)) for w in found]
    assert wrong == []


def test_threaded_dev_server_under_sixteen_clients(index_dir):
    index = IndexHandle(index_dir).get()
    expected = {(text, locale): answer(index, text, locale) for text, locale in QUERIES}
    command = [sys.executable, "-m", "web", "--port", "{port}", "--index", str(index_dir)]
    with running_server(command) as (base, _):

        def client(n: int) -> list[str]:
            problems = []
            for k in range(30):
                text, locale = QUERIES[(n + k) % len(QUERIES)]
                url = f"{base}/api/search?" + urllib.parse.urlencode({"q": text, "locale": locale})
                try:
                    with urllib.request.urlopen(url, timeout=30) as response:
                        if json.loads(response.read()) != expected[(text, locale)]:
                            problems.append(f"different answer for {locale}:{text}")
                except OSError as exc:
                    problems.append(f"{locale}:{text}: {exc}")
            return problems

        with ThreadPoolExecutor(THREADS) as pool:
            problems = [p for found in pool.map(client, range(THREADS)) for p in found]
    assert problems == []
