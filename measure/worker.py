"""python -m measure.worker: one engine on one corpus, in a process of its own.

``measure.bench`` starts one worker per engine and corpus size, so that each
peak RSS is that engine's alone and no engine profits from caches another
one warmed. The worker builds the index (timed), reads its peak RSS and its
size on disk, opens it, warms it up on the head of the query mix, then times
every query of the mix, and prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import math
import pickle
import resource
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from measure.baselines import ENGINES, make_engine
from measure.engines import Spravka
from search.browse.suggest import suggest

PERCENTILES = (50, 95, 99)


def percentiles(samples: Sequence[float], points: Sequence[int] = PERCENTILES) -> dict[str, float]:
    """Nearest-rank percentiles: ``p50`` is a sample that half the samples do not exceed."""
    ordered = sorted(samples)
    if not ordered:
        return {f"p{p}": 0.0 for p in points}
    return {f"p{p}": ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)] for p in points}


def timed_ms(
    call: Callable[[str, str], object], queries: Sequence[tuple[str, str]], warmup: int
) -> list[float]:
    """Milliseconds per query, after running the first ``warmup`` queries once untimed."""
    for text, locale in queries[:warmup]:
        call(text, locale)
    samples = []
    for text, locale in queries:
        started = time.perf_counter_ns()
        call(text, locale)
        samples.append((time.perf_counter_ns() - started) / 1e6)
    return samples


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def disk_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def latency(samples: Sequence[float]) -> dict[str, float]:
    return {**percentiles(samples), "mean": sum(samples) / max(1, len(samples)), "queries": len(samples)}


def run(name: str, corpus: Path, docs_file: Path | None, workdir: Path, workload: dict, warmup: int) -> dict:
    docs = pickle.loads(docs_file.read_bytes()) if docs_file else []
    engine = make_engine(name)
    started = time.perf_counter()
    engine.build(corpus, docs, workdir)
    result = {"engine": name, "build_s": time.perf_counter() - started, "build_peak_rss_mb": peak_rss_mb()}
    result["index_mb"] = disk_mb(workdir)
    engine.open(workdir)
    queries = [tuple(q) for q in workload["queries"]]
    result["search_ms"] = latency(timed_ms(engine.search, queries, warmup))
    if isinstance(engine, Spravka):
        prefixes = [tuple(p) for p in workload["prefixes"]]
        result["suggest_ms"] = latency(
            timed_ms(lambda text, locale: suggest(engine.index, text, locale), prefixes, warmup)
        )
    result["peak_rss_mb"] = peak_rss_mb()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m measure.worker", description=__doc__.splitlines()[0])
    parser.add_argument("engine", choices=list(ENGINES))
    parser.add_argument("--corpus", type=Path, required=True, help="the Markdown tree (Spravka indexes it)")
    parser.add_argument("--docs", type=Path, help="the parsed articles, pickled (baselines index them)")
    parser.add_argument("--workdir", type=Path, required=True, help="an empty directory for the index")
    parser.add_argument("--workload", type=Path, required=True, help="JSON: queries and prefixes")
    parser.add_argument("--warmup", type=int, default=200)
    args = parser.parse_args(argv)
    workload = json.loads(args.workload.read_text(encoding="utf-8"))
    print(json.dumps(run(args.engine, args.corpus, args.docs, args.workdir, workload, args.warmup)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
