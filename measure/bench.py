"""python -m measure.bench: build time, query latency, memory and index size,
for Spravka and the baselines, on the shipped corpus and on ×10 and ×100
synthetic corpora (``BENCH_QUICK=1``: the shipped corpus only).

Each engine runs in a process of its own (``measure.worker``), one after
the other, so that they do not compete for the two cores. The baselines
index the articles as Spravka's corpus loader parsed them; that parsing is
timed once per corpus and added to their build time, since they would have
to parse the Markdown too. The full run writes ``var/bench.json``, the
generated part of ``docs/benchmarks.md`` and ``docs/img/latency.png``; the
quick run only prints and writes ``var/bench-quick.json``, so that a smoke
test never overwrites the published figures.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import platform
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from indexer.corpus import load_corpus
from measure import charts
from measure.builds import build_summary, build_verdicts, measure_builds
from measure.engines import docs_of
from measure.judgments import load_all
from measure.report import table, today, versions, write_generated, write_json
from measure.server import search_throughput, serving_throughput, web_worker_rss
from measure.synthetic import synthesize
from measure.workload import prefixes, query_mix

MAIN = "spravka"
ENGINES = (MAIN, "tantivy", "sqlite-fts5", "whoosh-stock")


@dataclass(frozen=True)
class Settings:
    factors: tuple[int, ...]
    queries: int  # size of the query mix
    warmup: int  # queries run untimed first, so that the searcher is warm
    web_queries: int  # searches sent to the web worker (each as API call and page)
    web_articles: int  # article pages requested from the web worker
    hostile_queries: int = 30  # 100-word queries of each kind timed (shipped corpus)
    distinct_queries: int = 40_000  # made-up queries before memory is read again (shipped corpus)
    serving_requests: int = 4000  # /api/search and /healthz requests each, through 4 workers, 16 at a time


FULL = Settings(factors=(1, 10, 100), queries=1200, warmup=200, web_queries=150, web_articles=50)
QUICK = Settings(
    factors=(1,),
    queries=1000,
    warmup=100,
    web_queries=50,
    web_articles=20,
    distinct_queries=4_000,
    serving_requests=2000,
)

# The targets the figures are reported against: what, at which size, where
# in that size's results, the limit, whether it is a "max" or a "min", unit.
TARGETS = (
    ("shipped corpus builds in under 15 s", 1, ("engines", MAIN, "build_s"), 15.0, "max", "s"),
    ("×100 corpus indexes at ≥ 150 articles/s", 100, ("engines", MAIN, "articles_per_s"), 150.0, "min", "/s"),
    ("query p50 ≤ 5 ms, shipped corpus", 1, ("engines", MAIN, "search_ms", "p50"), 5.0, "max", "ms"),
    ("query p99 ≤ 30 ms, shipped corpus", 1, ("engines", MAIN, "search_ms", "p99"), 30.0, "max", "ms"),
    ("query p50 ≤ 12 ms, ×100 corpus", 100, ("engines", MAIN, "search_ms", "p50"), 12.0, "max", "ms"),
    ("query p99 ≤ 60 ms, ×100 corpus", 100, ("engines", MAIN, "search_ms", "p99"), 60.0, "max", "ms"),
    ("query p50 ≤ 1.0× stock Whoosh's, shipped corpus", 1, ("p50_vs_whoosh",), 1.0, "max", "×"),
    ("/api/search ≥ 0.25× /healthz throughput, Zipf mix", 1, ("web", "serving", "ratio"), 0.25, "min", "×"),
    (
        "/api/search ≥ 600 req/s at concurrency 16, Zipf mix",
        1,
        ("web", "serving", "search", "rps"),
        600.0,
        "min",
        "/s",
    ),
    (
        "/api/search p99 ≤ 100 ms at concurrency 16",
        1,
        ("web", "serving", "search", "p99_ms"),
        100.0,
        "max",
        "ms",
    ),
    ("web worker peak RSS ≤ 200 MB, shipped corpus", 1, ("web", "peak_rss_mb"), 200.0, "max", "MB"),
    (
        "/api/search throughput with recording on ≥ 0.9× off",
        1,
        ("web", "recording", "ratio"),
        0.9,
        "min",
        "×",
    ),
    (
        "autocomplete p95 < 10 ms, shipped corpus",
        1,
        ("engines", MAIN, "suggest_ms", "p95"),
        10.0,
        "max",
        "ms",
    ),
    ("100 random Russian words cost ≤ 5× a normal query", 1, ("hostile", "cost_ratio"), 5.0, "max", "×"),
    ("RSS after the distinct queries ≤ 1.3× after warm-up", 1, ("hostile", "rss_ratio"), 1.3, "max", "×"),
)


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def run_worker(engine: str, tree: Path, docs: Path, workdir: Path, workload: Path, warmup: int) -> dict:
    command = [
        sys.executable,
        "-m",
        "measure.worker",
        engine,
        "--corpus",
        str(tree),
        "--workdir",
        str(workdir),
    ]
    command += ["--workload", str(workload), "--warmup", str(warmup)]
    if engine != MAIN:
        command += ["--docs", str(docs)]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(done.stdout)


def measure_size(
    tree: Path, factor: int, settings: Settings, workload: Path, scratch: Path
) -> dict[str, Any]:
    started = time.perf_counter()
    corpus = load_corpus(tree)
    parse_s = time.perf_counter() - started
    if corpus.problems:
        raise RuntimeError("the corpus has problems:\n" + "\n".join(map(str, corpus.problems[:20])))
    articles = len(corpus.articles)
    docs = scratch / "docs.pickle"
    docs.write_bytes(pickle.dumps(docs_of(corpus)))
    size: dict[str, Any] = {"factor": factor, "articles": articles, "parse_s": parse_s, "engines": {}}
    for engine in ENGINES:
        log(f"×{factor} ({articles} articles): {engine}")
        workdir = scratch / engine
        workdir.mkdir()
        result = run_worker(engine, tree, docs, workdir, workload, settings.warmup)
        if engine != MAIN:
            # A baseline would have to parse the Markdown as well.
            result["index_only_s"] = result["build_s"]
            result["build_s"] += parse_s
        result["articles_per_s"] = articles / result["build_s"]
        size["engines"][engine] = result
    size["p50_vs_whoosh"] = (
        size["engines"][MAIN]["search_ms"]["p50"] / size["engines"]["whoosh-stock"]["search_ms"]["p50"]
    )
    log(f"×{factor}: web worker")
    sample = random.Random(factor).sample(corpus.articles, min(settings.web_articles, articles))
    queries = json.loads(workload.read_text(encoding="utf-8"))["queries"][: settings.web_queries]
    size["web"] = web_worker_rss(scratch / MAIN, queries, [(a.id, a.locale) for a in sample])
    log(f"×{factor}: /api/search throughput, recording events off and on")
    size["web"]["recording"] = search_throughput(scratch / MAIN, queries * 4, scratch / "events.db")
    if factor == 1:
        log(f"×{factor}: /api/search against /healthz, Zipf mix, 4 workers, 16 clients")
        mix = [tuple(q) for q in json.loads(workload.read_text(encoding="utf-8"))["queries"]]
        size["web"]["serving"] = serving_throughput(scratch / MAIN, mix, settings.serving_requests)
        log(f"×{factor}: hostile queries and memory after {settings.distinct_queries} distinct queries")
        size["hostile"] = run_hostile(scratch / MAIN, workload, settings)
    return size


def run_hostile(index_root: Path, workload: Path, settings: Settings) -> dict:
    command = [sys.executable, "-m", "measure.hostile", "--index", str(index_root)]
    command += [
        "--workload",
        str(workload),
        "--hostile",
        str(settings.hostile_queries),
        "--distinct",
        str(settings.distinct_queries),
    ]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(done.stdout)


def machine() -> dict[str, Any]:
    import psutil  # the bench extra

    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [
            line.split(":", 1)[1].strip()
            for line in cpuinfo.read_text().splitlines()
            if line.startswith("model name")
        ]
        cpu = names[0] if names else cpu
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "os": platform.platform(terse=True),
        "versions": {
            **versions("whoosh3", "pymorphy3", "tantivy", "flask", "gunicorn"),
            "sqlite": sqlite3.sqlite_version,
        },
    }


def _dig(data: dict, path: tuple[str, ...]) -> float | None:
    """The figure at ``path``, or None where this run did not measure it."""
    for key in path:
        if key not in data:
            return None
        data = data[key]
    return float(data)


def verdicts(sizes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by_factor = {s["factor"]: s for s in sizes}
    found = []
    for what, factor, path, limit, kind, unit in TARGETS:
        value = _dig(by_factor[factor], path) if factor in by_factor else None
        if value is None:
            found.append({"target": what, "measured": None, "met": None})
            continue
        met = value <= limit if kind == "max" else value >= limit
        gap = abs(value - limit)
        found.append(
            {
                "target": what,
                "measured": value,
                "unit": unit,
                "met": met,
                "missed_by": None if met else f"{gap:.3g} {unit} ({gap / limit:.0%})",
            }
        )
    return found


def _ratio(value: float, reference: float) -> str:
    return f"{value / reference:.2f}×" if reference else "–"


def markdown(data: dict[str, Any], chart: str) -> str:
    m, s, mix = data["machine"], data["settings"], data["mix"]
    v = m["versions"]
    parts = [
        f"Measured on {data['date']} by `make bench` in {data['elapsed_s'] / 60:.1f} min on "
        f"{m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB, {m['os']}; Python {v['python']}, "
        f"whoosh3 {v['whoosh3']}, pymorphy3 {v['pymorphy3']}, tantivy {v['tantivy']}, SQLite {v['sqlite']}.",
        f"Query mix: {mix['queries']} queries ({mix['judged']} judged, the rest sampled titles and words "
        f"of the shipped corpus; {mix['ru']} Russian). Each engine is warmed on the first {s['warmup']}, "
        "then every query is timed once, in-process, top 10. Spravka's time is a full `search()`: "
        "ranking, category counts and snippets, with its results cache emptied before each query, so "
        "every query counts as new; the baselines return ids only. Baseline build times include "
        "parsing the Markdown with Spravka's loader (timed once per corpus: *parse*). Every engine indexes "
        "on one core. A ratio is baseline ÷ Spravka: below 1× the baseline is faster or smaller. Only "
        "ratios compare across runs: these machines are noisy.",
    ]
    for size in data["sizes"]:
        engines = size["engines"]
        ref = engines[MAIN]
        rows = []
        for name, r in engines.items():
            lat = r["search_ms"]
            rows.append(
                [
                    name,
                    f"{r['build_s']:.1f}",
                    f"{r['articles_per_s']:.0f}",
                    f"{r['index_mb']:.1f}",
                    f"{r['build_peak_rss_mb']:.0f}",
                    f"{lat['p50']:.2f}",
                    f"{lat['p95']:.2f}",
                    f"{lat['p99']:.2f}",
                    _ratio(r["build_s"], ref["build_s"]),
                    _ratio(lat["p50"], ref["search_ms"]["p50"]),
                    _ratio(lat["p99"], ref["search_ms"]["p99"]),
                    _ratio(r["index_mb"], ref["index_mb"]),
                ]
            )
        suggest = ref["suggest_ms"]
        parts += [
            f"### ×{size['factor']}: {size['articles']} articles (parse {size['parse_s']:.1f} s)",
            table(
                [
                    "engine",
                    "build s",
                    "articles/s",
                    "index MB",
                    "indexer RSS MB",
                    "p50 ms",
                    "p95 ms",
                    "p99 ms",
                    "build ×",
                    "p50 ×",
                    "p99 ×",
                    "index ×",
                ],
                rows,
            ),
            f"Spravka autocomplete: p50 {suggest['p50']:.2f} ms, p95 {suggest['p95']:.2f} ms, "
            f"p99 {suggest['p99']:.2f} ms. Web worker (gunicorn, one sync worker) peak RSS "
            f"{size['web']['peak_rss_mb']:.0f} MB after {size['web']['requests']} requests.",
            _recording_line(size["web"]["recording"]),
            *([_serving_line(size["web"]["serving"])] if "serving" in size["web"] else []),
        ]
        if "hostile" in size:
            parts.append(hostile_line(size["hostile"]))
    parts += [
        f"![query latency against corpus size]({chart})",
        "### Targets",
        table(
            ["target", "measured", "met", "missed by"],
            [
                [
                    t["target"],
                    "not measured" if t["measured"] is None else f"{t['measured']:.3g} {t['unit']}",
                    "–" if t["met"] is None else "yes" if t["met"] else "**no**",
                    t.get("missed_by") or "",
                ]
                for t in data["targets"]
            ],
            numeric_from=4,
        ),
    ]
    return "\n\n".join(parts)


def _recording_line(r: dict[str, float]) -> str:
    return (
        f"`/api/search` on one worker, {r['requests']} requests a round, best of 3: "
        f"{r['off_rps']:.0f} req/s with recording off, {r['on_rps']:.0f} req/s on ({r['ratio']:.2f}×)."
    )


def _serving_line(r: dict[str, Any]) -> str:
    search, health = r["search"], r["healthz"]
    return (
        f"Serving (gunicorn, {r['workers']} {r['worker_class']} workers, {r['concurrency']} clients, "
        f"{search['requests']} requests each; queries drawn from the mix with Zipf frequencies, exponent 1, "
        f"{r['distinct_queries']} distinct): `/api/search` {search['rps']:.0f} req/s, p50 "
        f"{search['p50_ms']:.1f} ms, p99 {search['p99_ms']:.1f} ms, {search['failed']} failed; `/healthz` "
        f"{health['rps']:.0f} req/s; ratio {r['ratio']:.2f}."
    )


def draw_latency(data: dict[str, Any], path: Path) -> None:
    sizes = data["sizes"]
    series = {
        engine: {point: [s["engines"][engine]["search_ms"][point] for s in sizes] for point in ("p50", "p99")}
        for engine in ENGINES
    }
    charts.latency_chart(path, [s["articles"] for s in sizes], series, "Query latency (warm, in-process)")


def hostile_line(h: dict[str, Any]) -> str:
    return (
        f"Hostile queries of {h['hostile_words']} words, median against {h['normal_ms']:.2f} ms for the mix: "
        f"random Russian dictionary words {h['dictionary_ms']:.2f} ms ({h['cost_ratio']:.1f}×), "
        f"made-up words "
        f"{h['made_up_ms']:.2f} ms ({h['made_up_ratio']:.1f}×). Memory (in-process, around `search()`): RSS "
        f"{h['warm_rss_mb']:.0f} MB after warm-up, {h['after_rss_mb']:.0f} MB after "
        f"{h['distinct_queries']:,} distinct made-up queries ({h['rss_ratio']:.2f}×)."
    )


def summary(data: dict[str, Any]) -> str:
    lines = []
    for size in data["sizes"]:
        lines.append(
            f"×{size['factor']} ({size['articles']} articles), web worker {size['web']['peak_rss_mb']:.0f} MB"
        )
        lines.append("  " + _recording_line(size["web"]["recording"]))
        if "serving" in size["web"]:
            lines.append("  " + _serving_line(size["web"]["serving"]))
        for name, r in size["engines"].items():
            lat = r["search_ms"]
            lines.append(
                f"  {name:<13} build {r['build_s']:7.1f} s {r['articles_per_s']:7.0f}/s"
                f"  index {r['index_mb']:7.1f} MB  rss {r['build_peak_rss_mb']:5.0f} MB"
                f"  p50 {lat['p50']:6.2f}  p95 {lat['p95']:6.2f}  p99 {lat['p99']:6.2f} ms"
            )
        if "hostile" in size:
            lines.append("  " + hostile_line(size["hostile"]))
    for t in data["targets"]:
        state = "n/a" if t["met"] is None else "met" if t["met"] else f"MISSED by {t['missed_by']}"
        lines.append(f"target: {t['target']}: {state}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m measure.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--queries", type=Path, nargs="+", default=[Path("tests/eval/queries.yml")])
    parser.add_argument("--quick", action="store_true", default=os.environ.get("BENCH_QUICK") == "1")
    parser.add_argument("--var", type=Path, default=Path("var"), help="where corpora, indexes and JSON go")
    parser.add_argument("--report", type=Path, default=Path("docs/benchmarks.md"))
    args = parser.parse_args(argv)
    settings = QUICK if args.quick else FULL
    started = time.perf_counter()

    source = load_corpus(args.corpus)
    if source.problems or not source.articles:
        print(f"error: cannot read the corpus {args.corpus}", file=sys.stderr)
        return 2
    judged = load_all(path for path in args.queries if path.exists())
    mix = query_mix(source, judged, settings.queries)
    home = args.var / "bench"
    workload = home / "workload.json"
    write_json(workload, {"queries": mix, "prefixes": prefixes(mix)})
    sizes = []
    for factor in settings.factors:
        tree = args.corpus if factor == 1 else synthesize(source, factor, home / f"corpus-x{factor}")
        scratch = home / "work"
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir(parents=True)
        try:
            sizes.append(measure_size(tree, factor, settings, workload, scratch))
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    log("build times: full, incremental, one-article edit")
    build_sizes = measure_builds(args.corpus, home, args.quick)
    data = {
        "date": today(),
        "quick": args.quick,
        "machine": machine(),
        "settings": asdict(settings),
        "mix": {"queries": len(mix), "judged": len(judged), "ru": sum(1 for _, loc in mix if loc == "ru")},
        "sizes": sizes,
        "targets": verdicts(sizes),
        "builds": build_sizes,
        "build_targets": build_verdicts(build_sizes),
        "elapsed_s": time.perf_counter() - started,
    }
    write_json(args.var / ("bench-quick.json" if args.quick else "bench.json"), data)
    if not args.quick:
        chart = args.report.parent / "img" / "latency.png"
        draw_latency(data, chart)
        write_generated(
            args.report,
            "make bench",
            "Benchmarks",
            markdown(data, chart.relative_to(args.report.parent).as_posix()),
        )
    print(summary(data))
    print(build_summary(build_sizes))
    log(f"done in {data['elapsed_s']:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
