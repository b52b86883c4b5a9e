"""python -m measure.hostile: what queries nobody types in good faith cost,
in a process of its own.

- **Cost**: a query of a hundred random Russian words (inflected forms drawn
  from pymorphy3's dictionary: real words, mostly unknown to a help center,
  so spelling correction has much to do) against the ordinary query mix: the
  ratio of their median times. The same for a hundred made-up words (random
  letters), the worst case: each is new to the word caches and pymorphy3
  must guess its forms by analogy, which costs ten times a dictionary word.
- **Memory**: the process's RSS after warming up on the query mix, and again
  after many distinct queries of made-up words (each word new to the caches):
  their ratio. Measured in-process, around ``search()``: the caches that can
  grow live there, not in Flask or gunicorn.

Prints one JSON object; ``measure.bench`` runs it on the shipped corpus.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from search.index.analysis import morph_analyzer
from search.index.store import IndexHandle
from search.query.cache import results_cache
from search.query.engine import search

RUSSIAN_LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz"
SEED = 20261126
HOSTILE_WORDS = 100


def made_up_words(rng: random.Random, count: int, letters: str) -> list[str]:
    """Words of 5 to 10 random letters: almost never real, so never known."""
    return ["".join(rng.choice(letters) for _ in range(rng.randint(5, 10))) for _ in range(count)]


def dictionary_words(rng: random.Random, count: int) -> list[str]:
    """Random word forms of pymorphy3's Russian dictionary."""
    found: list[str] = []
    while len(found) < count:
        prefix = rng.choice(RUSSIAN_LETTERS) + rng.choice("аеиоуыэюя")
        forms = list(itertools.islice(morph_analyzer().iter_known_word_parses(prefix), 200))
        if forms:
            found.append(rng.choice(forms).word)
    return found


def rss_mb() -> float:
    import psutil  # the bench extra

    return psutil.Process().memory_info().rss / 2**20


def _cpu_ms(index, text: str, locale: str) -> float:
    """CPU time of one cold search: on a shared machine, unlike wall time, it
    does not count the moments other processes had the core. The results
    cache is emptied first, so that a repeated normal query is not compared
    from the cache against a hostile one computed in full."""
    index.derive(results_cache).clear()
    started = time.process_time_ns()
    search(index, text, locale=locale)
    return (time.process_time_ns() - started) / 1e6


def cost(index, mix: Sequence[tuple[str, str]], hostile: Sequence[str], per_round: int = 10) -> dict:
    """Each hostile query timed between ``per_round`` queries of the mix;
    the figures are medians over the rounds."""
    normal, worst, ratios = [], [], []
    queries = itertools.cycle(mix)
    for text in hostile:
        around = [_cpu_ms(index, *next(queries)) for _ in range(per_round)]
        spent = _cpu_ms(index, text, "ru")
        normal.append(statistics.median(around))
        worst.append(spent)
        ratios.append(spent / normal[-1])
    return {
        "normal_ms": statistics.median(normal),
        "ms": statistics.median(worst),
        "ratio": statistics.median(ratios),
    }


def measure(index_root: Path, mix: Sequence[tuple[str, str]], hostile: int, distinct: int) -> dict:
    index = IndexHandle(index_root).get()
    rng = random.Random(SEED)
    for text, locale in mix:  # warm-up: every query of the mix once
        search(index, text, locale=locale)
    # Each hostile query is new, so none profits from the word caches.
    dictionary = cost(index, mix, [" ".join(dictionary_words(rng, HOSTILE_WORDS)) for _ in range(hostile)])
    made_up = cost(
        index, mix, [" ".join(made_up_words(rng, HOSTILE_WORDS, RUSSIAN_LETTERS)) for _ in range(hostile)]
    )
    warm_rss = rss_mb()
    for n in range(distinct):
        letters, locale = (RUSSIAN_LETTERS, "ru") if n % 2 else (LATIN_LETTERS, "en")
        search(index, " ".join(made_up_words(rng, 3, letters)), locale=locale)
    after_rss = rss_mb()
    return {
        "normal_ms": dictionary["normal_ms"],
        "hostile_words": HOSTILE_WORDS,
        "dictionary_ms": dictionary["ms"],
        "cost_ratio": dictionary["ratio"],
        "made_up_ms": made_up["ms"],
        "made_up_ratio": made_up["ratio"],
        "warm_rss_mb": warm_rss,
        "distinct_queries": distinct,
        "after_rss_mb": after_rss,
        "rss_ratio": after_rss / warm_rss,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m measure.hostile", description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--workload", type=Path, required=True, help="the bench's workload.json")
    parser.add_argument("--hostile", type=int, default=30, help="100-word queries timed, of each kind")
    parser.add_argument("--distinct", type=int, default=40_000, help="queries before RSS is read again")
    args = parser.parse_args(argv)
    mix = [tuple(q) for q in json.loads(args.workload.read_text(encoding="utf-8"))["queries"]]
    print(json.dumps(measure(args.index, mix, args.hostile, args.distinct)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
