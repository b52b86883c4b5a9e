"""python -m measure.builds: how long Spravka's builds take, as a
documentation team meets them.

For each corpus size: the first build into an empty index directory (it
also reads the Russian dictionary and parses every word once, and keeps
both), a full build parsing every article again on one core (as every build
did before builds were incremental and parallel), the same on every core,
a rebuild with nothing changed, and a rebuild after a one-article edit. The
machine's load average is recorded with the figures, since the cores may be
shared; the ratios between builds of one run are what compares. So is the
CPU time of the full build (its own process and its workers'): on shared
cores the wall clock stretches with the load, the work done does not.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from indexer.build import build_index, cores
from indexer.corpus import load_corpus
from measure.synthetic import synthesize

# An 8,000-article help center is ×30 the shipped one.
FACTORS = (1, 30)
QUICK_FACTORS = (1,)
# What, at which size, which figure, the limit in seconds.
BUILD_TARGETS = (
    ("shipped corpus full build ≤ 1.5 s", 1, "full_s", 1.5),
    ("×30 corpus full build ≤ 20 s", 30, "full_s", 20.0),
    ("×30 corpus one-article edit rebuild ≤ 2 s", 30, "edit_s", 2.0),
)


def _timed(tree: Path, index: Path, **options: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    report = build_index(tree, index, **options)
    return time.perf_counter() - started, report


def cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (a
    build's pools are shut down before it returns)."""
    own, children = (resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def time_builds(tree: Path, factor: int, scratch: Path) -> dict[str, Any]:
    """Build timings of one corpus; ``tree`` is copied into ``scratch`` and
    the copy edited, so a cached synthetic corpus stays as generated."""
    work = scratch / f"builds-x{factor}"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(tree, work / "corpus", ignore=shutil.ignore_patterns(".*"))
    corpus = work / "corpus"
    result: dict[str, Any] = {"factor": factor, "load_before": os.getloadavg()[0]}
    index = work / "index"
    # The first build also reads the Russian dictionary and parses every
    # word for the first time; both are kept beside the index for the next.
    result["first_s"], report = _timed(corpus, index)
    result["articles"] = sum(report.articles.values())
    result["full_one_core_s"], _ = _timed(corpus, index, full=True, workers=1)
    cpu_before = cpu_seconds()
    result["full_s"], _ = _timed(corpus, index, full=True)
    result["full_cpu_s"] = cpu_seconds() - cpu_before
    result["unchanged_s"], _ = _timed(corpus, index)
    edited = sorted((corpus / "en").rglob("*.md"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    result["edit_s"], report = _timed(corpus, index)
    result["edit_rewritten_documents"] = report.written.added + report.written.copied
    result["cores"] = cores()
    result["load_after"] = os.getloadavg()[0]
    shutil.rmtree(work, ignore_errors=True)
    return result


def build_verdicts(sizes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by_factor = {s["factor"]: s for s in sizes}
    found = []
    for what, factor, figure, limit in BUILD_TARGETS:
        value = by_factor[factor][figure] if factor in by_factor else None
        found.append({"target": what, "measured": value, "met": None if value is None else value <= limit})
    return found


def build_summary(sizes: list[dict[str, Any]]) -> str:
    lines = []
    for s in sizes:
        lines.append(
            f"builds ×{s['factor']} ({s['articles']} articles, "
            f"load {s['load_before']:.1f}→{s['load_after']:.1f} on {s['cores']} cores): "
            f"first {s['first_s']:.2f} s, full {s['full_s']:.2f} s ({s['full_cpu_s']:.2f} s of CPU; "
            f"one core {s['full_one_core_s']:.2f} s, {s['full_one_core_s'] / s['full_s']:.2f}×), "
            f"unchanged {s['unchanged_s']:.2f} s, one-article edit {s['edit_s']:.2f} s "
            f"({s['edit_rewritten_documents']} documents written)"
        )
    for t in build_verdicts(sizes):
        state = "n/a" if t["met"] is None else "met" if t["met"] else f"MISSED ({t['measured']:.2f} s)"
        lines.append(f"target: {t['target']}: {state}")
    return "\n".join(lines)


def measure_builds(corpus_dir: Path, home: Path, quick: bool) -> list[dict[str, Any]]:
    source = load_corpus(corpus_dir)
    sizes = []
    for factor in QUICK_FACTORS if quick else FACTORS:
        tree = corpus_dir if factor == 1 else synthesize(source, factor, home / f"corpus-x{factor}")
        sizes.append(time_builds(tree, factor, home / "work-builds"))
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m measure.builds", description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--var", type=Path, default=Path("var"))
    parser.add_argument("--quick", action="store_true", default=os.environ.get("BENCH_QUICK") == "1")
    args = parser.parse_args(argv)
    sizes = measure_builds(args.corpus, args.var / "bench", args.quick)
    out = args.var / ("builds-quick.json" if args.quick else "builds.json")
    out.write_text(json.dumps({"sizes": sizes, "targets": build_verdicts(sizes)}, indent=2), encoding="utf-8")
    print(build_summary(sizes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
