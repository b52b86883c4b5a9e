"""python -m measure.eval: relevance of Spravka and its baselines on the judged queries.

Every engine indexes the same corpus and answers every judged query; the
metrics (``measure.metrics``) are averaged overall, per locale and per query
class. The run writes ``var/eval.json``, the generated part of
``docs/relevance.md`` and ``docs/img/relevance.png``, and exits 1 when
Spravka's overall nDCG@10 is below the floor kept in ``measure/floor.toml``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

from indexer.corpus import load_corpus
from measure import charts
from measure.baselines import ENGINES, make_engine
from measure.engines import Doc, docs_of
from measure.judgments import Judged, JudgmentError, load_judgments, ordered_classes, unknown_ids
from measure.metrics import METRICS, evaluate, mean
from measure.report import table, today, write_generated, write_json

FLOOR_FILE = Path(__file__).with_name("floor.toml")
MAIN = "spravka"
# Query understanding: what readers mistype or ask across languages must still land.
UNDERSTANDING_TARGETS = [
    ("typo", "success@3", 0.9),
    ("layout", "success@3", 0.9),
    ("ru_fallback", "mrr@10", 0.7),
    ("error_code", "success@1", 1.0),
]
SNOWBALL = "whoosh-snowball"  # the "we added Russian stemming" baseline of the inflection target
INFLECTION_MARGIN = 0.10
TIE = 1e-9


class EvalError(RuntimeError):
    pass


def run_engine(name: str, corpus_dir: Path, docs: list[Doc], judged: list[Judged], workdir: Path) -> dict:
    """Build ``name`` and score it on every judged query."""
    engine = make_engine(name)
    engine.build(corpus_dir, docs, workdir)
    engine.open(workdir)
    queries = []
    for j in judged:
        ranking = engine.search(j.query, j.locale)
        queries.append(
            {
                "query": j.query,
                "locale": j.locale,
                "class": j.cls,
                "ranking": ranking,
                "metrics": evaluate(ranking, j.relevant),
            }
        )
    return {"label": engine.label, "queries": queries, **summarize(queries)}


def summarize(queries: list[dict]) -> dict[str, Any]:
    def over(key: str) -> dict[str, dict[str, float]]:
        values = sorted({q[key] for q in queries})
        return {v: mean([q["metrics"] for q in queries if q[key] == v]) for v in values}

    return {
        "overall": mean([q["metrics"] for q in queries]),
        "locale": over("locale"),
        "class": over("class"),
    }


def evaluate_all(corpus_dir: Path, queries_file: Path, engines: list[str], workdir: Path) -> dict[str, Any]:
    judged = load_judgments(queries_file)
    corpus = load_corpus(corpus_dir)
    if corpus.problems:
        raise EvalError("the corpus has problems:\n" + "\n".join(map(str, corpus.problems)))
    docs = docs_of(corpus)
    missing = unknown_ids(judged, {d.id for d in docs})
    if missing:
        raise EvalError(f"{queries_file}: judged ids not in the corpus: {', '.join(missing)}")
    results = {}
    for name in engines:
        print(f"eval: {name}", file=sys.stderr)
        engine_dir = workdir / name
        engine_dir.mkdir()
        results[name] = run_engine(name, corpus_dir, docs, judged, engine_dir)
    locales = Counter(d.locale for d in docs)
    return {
        "date": today(),
        "corpus": {
            "articles": dict(sorted(locales.items())),
            "english_only": sum(1 for d in docs if d.locale == "en" and "ru" in d.readers),
        },
        "queries": {
            "total": len(judged),
            "locale": dict(sorted(Counter(j.locale for j in judged).items())),
            "class": {c: sum(1 for j in judged if j.cls == c) for c in ordered_classes(judged)},
        },
        "engines": results,
    }


def targets(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The relevance targets, each with what was measured."""
    engines = data["engines"]
    if MAIN not in engines:
        return []

    def ndcg(name: str, cls: str | None = None) -> float:
        scores = engines[name]["overall"] if cls is None else engines[name]["class"][cls]
        return scores["ndcg@10"]

    found = []
    baselines = [name for name in engines if name != MAIN]
    russian = [cls for cls in data["queries"]["class"] if cls.startswith("ru_")]
    for cls in [None, *russian] if baselines else []:
        best = max(baselines, key=lambda b: ndcg(b, cls))
        label = engines[best]["label"]
        found.append(
            {
                "target": f"Spravka ahead of every baseline: {cls or 'overall'}",
                "measured": f"{ndcg(MAIN, cls):.3f}; best baseline {ndcg(best, cls):.3f} ({label})",
                "met": ndcg(MAIN, cls) > ndcg(best, cls) + TIE,
            }
        )
    if SNOWBALL in engines and "ru_inflected" in russian:
        gain = ndcg(MAIN, "ru_inflected") - ndcg(SNOWBALL, "ru_inflected")
        label = engines[SNOWBALL]["label"]
        found.append(
            {
                "target": f"ru_inflected: +{INFLECTION_MARGIN:.2f} nDCG@10 or more over {label}",
                "measured": f"{gain:+.3f}",
                "met": gain >= INFLECTION_MARGIN - TIE,
            }
        )
    classes = engines[MAIN]["class"]
    for cls, metric, goal in UNDERSTANDING_TARGETS:
        if cls in classes:
            measured = classes[cls][metric]
            found.append(
                {
                    "target": f"{cls}: {metric} ≥ {goal:.2f}",
                    "measured": f"{measured:.3f}",
                    "met": measured >= goal - TIE,
                }
            )
    return found


def wins(data: dict[str, Any], baseline: str) -> Counter:
    """Per-query nDCG@10 of Spravka against ``baseline``: wins, ties, losses."""
    tally: Counter = Counter()
    pairs = zip(data["engines"][MAIN]["queries"], data["engines"][baseline]["queries"], strict=True)
    for mine, theirs in pairs:
        delta = mine["metrics"]["ndcg@10"] - theirs["metrics"]["ndcg@10"]
        tally["wins" if delta > TIE else "losses" if delta < -TIE else "ties"] += 1
    return tally


def markdown(data: dict[str, Any], floor: float, chart: str) -> str:
    engines = data["engines"]
    names = list(engines)
    labels = [engines[n]["label"] for n in names]
    corpus, queries = data["corpus"], data["queries"]

    def ndcg_row(label: str, count: int, scores: list[float]) -> list[str]:
        best = max(scores)
        return [f"{label} ({count})", *(f"**{s:.3f}**" if s >= best - TIE else f"{s:.3f}" for s in scores)]

    rows = [
        ndcg_row(cls, n, [engines[e]["class"][cls]["ndcg@10"] for e in names])
        for cls, n in queries["class"].items()
    ]
    rows += [
        ndcg_row(f"all {locale}", n, [engines[e]["locale"][locale]["ndcg@10"] for e in names])
        for locale, n in queries["locale"].items()
    ]
    rows.append(ndcg_row("**overall**", queries["total"], [engines[e]["overall"]["ndcg@10"] for e in names]))
    parts = [
        f"Measured on {data['date']} by `make eval`: {queries['total']} judged queries "
        f"({', '.join(f'{n} {loc}' for loc, n in queries['locale'].items())}) over the shipped corpus "
        f"({', '.join(f'{n} {loc}' for loc, n in corpus['articles'].items())} articles, "
        f"{corpus['english_only']} of them English-only). Every engine returns its top 10; "
        "a Russian query may get English-only articles in every engine. "
        "Best score per row in bold.",
        "### nDCG@10 by query class",
        table(["class (queries)", *labels], rows),
        f"![nDCG@10 by query class and engine]({chart})",
    ]
    for locale in [None, *queries["locale"]]:
        rows = [
            [engines[n]["label"], *(f"{_scope(engines[n], locale)[m]:.3f}" for m in METRICS)] for n in names
        ]
        parts += [
            f"### All metrics, {f'{locale} queries' if locale else 'all queries'}",
            table(["engine", *METRICS.values()], rows),
        ]
    if MAIN in engines and len(names) > 1:
        tallies = {b: wins(data, b) for b in names if b != MAIN}
        parts += [
            "### Spravka against each baseline, query by query (nDCG@10)",
            table(
                ["baseline", "Spravka better", "tie", "baseline better"],
                [[engines[b]["label"], t["wins"], t["ties"], t["losses"]] for b, t in tallies.items()],
            ),
        ]
    found = targets(data)
    if found:
        parts += [
            "### Targets",
            table(
                ["target", "measured", "met"],
                [[t["target"], t["measured"], "yes" if t["met"] else "**no**"] for t in found],
                numeric_from=3,
            ),
        ]
    if MAIN in engines:
        overall = engines[MAIN]["overall"]["ndcg@10"]
        parts.append(
            f"Regression floor (`measure/floor.toml`): Spravka's overall nDCG@10 must stay ≥ {floor:.3f}; "
            f"this run: {overall:.3f}."
        )
    return "\n\n".join(parts)


def _scope(engine: dict[str, Any], locale: str | None) -> dict[str, float]:
    return engine["overall"] if locale is None else engine["locale"][locale]


def read_floor(path: Path = FLOOR_FILE) -> float:
    with path.open("rb") as f:
        return float(tomllib.load(f)["ndcg_at_10"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m measure.eval", description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--queries", type=Path, default=Path("tests/eval/queries.yml"))
    parser.add_argument("--engines", nargs="+", choices=list(ENGINES), default=list(ENGINES))
    parser.add_argument("--json", type=Path, default=Path("var/eval.json"))
    parser.add_argument("--report", type=Path, default=Path("docs/relevance.md"))
    parser.add_argument(
        "--floor", type=float, help=f"overall nDCG@10 floor (default: from {FLOOR_FILE.name})"
    )
    args = parser.parse_args(argv)

    floor = read_floor() if args.floor is None else args.floor
    try:
        with tempfile.TemporaryDirectory(prefix="spravka-eval-") as workdir:
            data = evaluate_all(args.corpus, args.queries, args.engines, Path(workdir))
    except (EvalError, JudgmentError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    data["floor"] = floor
    data["targets"] = targets(data)
    write_json(args.json, data)
    chart = args.report.parent / "img" / "relevance.png"
    classes = [*data["queries"]["class"], "overall"]
    charts.relevance_chart(
        chart,
        classes,
        {
            e["label"]: [*(e["class"][c]["ndcg@10"] for c in classes[:-1]), e["overall"]["ndcg@10"]]
            for e in data["engines"].values()
        },
        "nDCG@10 by query class",
    )
    write_generated(
        args.report,
        "make eval",
        "Relevance",
        markdown(data, floor, chart.relative_to(args.report.parent).as_posix()),
    )
    print(summary(data))
    if MAIN in data["engines"]:
        overall = data["engines"][MAIN]["overall"]["ndcg@10"]
        if overall < floor:
            print(
                f"FAIL: Spravka's overall nDCG@10 {overall:.3f} is below the floor {floor:.3f}",
                file=sys.stderr,
            )
            return 1
        print(f"ok: Spravka's overall nDCG@10 {overall:.3f} ≥ floor {floor:.3f}")
    return 0


def summary(data: dict[str, Any]) -> str:
    """nDCG@10 per class, as plain text for the terminal."""
    engines = data["engines"]
    scopes = [*data["queries"]["class"], "overall"]
    width = max(len(s) for s in scopes)
    lines = [" " * width + "".join(f"{name[:15]:>16}" for name in engines)]
    for scope in scopes:
        scores = [e["overall"] if scope == "overall" else e["class"][scope] for e in engines.values()]
        lines.append(f"{scope:<{width}}" + "".join(f"{s['ndcg@10']:>16.3f}" for s in scores))
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
