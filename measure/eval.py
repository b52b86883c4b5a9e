"""python -m measure.eval: relevance of Spravka and its baselines on the judged queries.

Every engine indexes the same corpus and answers every judged query; the
metrics (``measure.metrics``) are averaged overall, per locale and per query
class, on all judged queries and on each half (``dev``: what ranking may be
tuned on; ``test``: held out). The run writes ``var/eval.json``, the
generated part of ``docs/relevance.md`` and ``docs/img/relevance.png``, and
exits 1 when Spravka's nDCG@10 on the ``test`` half is below the floor kept
in ``measure/floor.toml``.
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
from measure.judgments import SPLITS, Judged, JudgmentError, load_all, ordered_classes, unknown_ids
from measure.metrics import METRICS, evaluate, mean, paired_interval
from measure.report import table, today, write_generated, write_json

FLOOR_FILE = Path(__file__).with_name("floor.toml")
DEFAULT_QUERIES = [Path("tests/eval/queries.yml"), Path("tests/eval/people.yml")]
MAIN = "spravka"
GUARDED = "test"  # the half the floor guards
# Query understanding: what readers mistype or ask across languages must still land.
UNDERSTANDING_TARGETS = [
    ("typo", "success@3", 0.9),
    ("layout", "success@3", 0.9),
    ("translit", "success@3", 0.8),
    ("ru_fallback", "mrr@10", 0.7),
    ("error_code", "success@1", 1.0),
]
SNOWBALL = "whoosh-snowball"  # the "we added Russian stemming" baseline
# Classes where Spravka must lead that baseline by a margin (nDCG@10).
MARGINS = {"ru_inflected": 0.10, "ru_everyday": 0.05}
# Spravka itself, indexed without the corpus's glossary.yml: what a help center
# without a hand-written glossary gets. Reported beside, never a baseline.
NO_GLOSSARY = "spravka-no-glossary"
VARIANTS = {NO_GLOSSARY}
CROSS_LANGUAGE = "ru_to_en"
MONOLINGUAL = "en"  # the English class of a real docs tree's judged queries
CROSS_LANGUAGE_SHARE = 0.8
NO_GLOSSARY_GOAL = 0.6
NO_GLOSSARY_SHARE = 0.8
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
                "split": j.split,
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
        "split": over("split"),
        "split_class": {
            split: summarize_classes([q for q in queries if q["split"] == split]) for split in SPLITS
        },
    }


def summarize_classes(queries: list[dict]) -> dict[str, dict[str, float]]:
    classes = sorted({q["class"] for q in queries})
    return {c: mean([q["metrics"] for q in queries if q["class"] == c]) for c in classes}


def evaluate_all(
    corpus_dir: Path, queries_files: list[Path], engines: list[str], workdir: Path
) -> dict[str, Any]:
    judged = load_all(queries_files)
    corpus = load_corpus(corpus_dir)
    if corpus.problems:
        raise EvalError("the corpus has problems:\n" + "\n".join(map(str, corpus.problems)))
    docs = docs_of(corpus)
    missing = unknown_ids(judged, {d.id for d in docs})
    if missing:
        raise EvalError(f"judged ids not in the corpus: {', '.join(missing)}")
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
            "split": {s: sum(1 for j in judged if j.split == s) for s in SPLITS},
        },
        "engines": results,
    }


def targets(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The relevance targets, each with what was measured on the held-out half."""
    engines = data["engines"]
    if MAIN not in engines:
        return []

    def score(name: str, cls: str | None = None, metric: str = "ndcg@10") -> float:
        scores = engines[name]["split"] if cls is None else engines[name]["split_class"][GUARDED]
        return scores[GUARDED if cls is None else cls][metric]

    def target(what: str, measured: str, met: bool) -> dict[str, Any]:
        return {"target": what, "measured": measured, "met": met}

    def spread(baseline: str, cls: str | None) -> str:
        """How sure the held-out queries are of the difference from ``baseline``."""
        pairs = [
            (mine["metrics"]["ndcg@10"], theirs["metrics"]["ndcg@10"])
            for mine, theirs in zip(
                engines[MAIN].get("queries", []), engines[baseline].get("queries", []), strict=True
            )
            if mine["split"] == GUARDED and cls in (None, mine["class"])
        ]
        if not pairs:
            return ""
        low, high = paired_interval([a - b for a, b in pairs])
        return f"; 95% interval of the difference {low:+.3f} to {high:+.3f} ({len(pairs)} queries)"

    found = []
    baselines = [name for name in engines if name != MAIN and name not in VARIANTS]
    classes = [c for c in data["queries"]["class"] if c in engines[MAIN]["split_class"][GUARDED]]
    for cls in [None, *classes] if baselines else []:
        best = max(baselines, key=lambda b: score(b, cls))
        found.append(
            target(
                f"{GUARDED}: Spravka ≥ every baseline: {cls or 'overall'}",
                f"{score(MAIN, cls):.3f}; best baseline {score(best, cls):.3f} ({engines[best]['label']})"
                + spread(best, cls),
                score(MAIN, cls) >= score(best, cls) - TIE,
            )
        )
    for cls, margin in MARGINS.items():
        if SNOWBALL in engines and cls in classes:
            gain = score(MAIN, cls) - score(SNOWBALL, cls)
            found.append(
                target(
                    f"{GUARDED}: {cls} +{margin:.2f} nDCG@10 or more over {engines[SNOWBALL]['label']}",
                    f"{gain:+.3f}" + spread(SNOWBALL, cls),
                    gain >= margin - TIE,
                )
            )
    for cls, metric, goal in UNDERSTANDING_TARGETS:
        if cls in classes:
            measured = score(MAIN, cls, metric)
            found.append(
                target(f"{GUARDED}: {cls}: {metric} ≥ {goal:.2f}", f"{measured:.3f}", measured >= goal - TIE)
            )
    if MONOLINGUAL in classes and CROSS_LANGUAGE in classes:
        # Cross-language retrieval as a share of monolingual effectiveness.
        across, within = score(MAIN, CROSS_LANGUAGE), score(MAIN, MONOLINGUAL)
        found.append(
            target(
                f"{GUARDED}: {CROSS_LANGUAGE} ≥ {CROSS_LANGUAGE_SHARE:.1f} × {MONOLINGUAL}",
                f"{across:.3f} / {within:.3f} = {across / within:.2f}",
                across >= CROSS_LANGUAGE_SHARE * within - TIE,
            )
        )
    if NO_GLOSSARY in engines and CROSS_LANGUAGE in classes:
        alone, full = score(NO_GLOSSARY, CROSS_LANGUAGE), score(MAIN, CROSS_LANGUAGE)
        without = f"{GUARDED}: {CROSS_LANGUAGE} without the glossary"
        found += [
            target(
                f"{without}: nDCG@10 ≥ {NO_GLOSSARY_GOAL:.2f}",
                f"{alone:.3f}",
                alone >= NO_GLOSSARY_GOAL - TIE,
            ),
            target(
                f"{without} ≥ {NO_GLOSSARY_SHARE:.1f} × with it",
                f"{alone:.3f} / {full:.3f}",
                alone >= NO_GLOSSARY_SHARE * full - TIE,
            ),
        ]
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

    def class_table(classes: dict[str, dict[str, Any]], counts: dict[str, int], total: float) -> str:
        rows = [ndcg_row(c, n, [classes[e][c]["ndcg@10"] for e in names]) for c, n in counts.items() if n]
        rows.append(ndcg_row("**overall**", sum(counts.values()), [total[e]["ndcg@10"] for e in names]))
        return table(["class (queries)", *labels], rows)

    parts = [
        f"Measured on {data['date']} by `make eval`: {queries['total']} judged queries "
        f"({', '.join(f'{n} {loc}' for loc, n in queries['locale'].items())}) over {data['title']} "
        f"({', '.join(f'{n} {loc}' for loc, n in corpus['articles'].items())} articles, "
        f"{corpus['english_only']} of them English-only). Every engine returns its top 10; "
        "a Russian query may get English-only articles in every engine. Each query belongs to the "
        "`dev` half (ranking may be tuned on it) or the held-out `test` half by a fixed hash of its "
        "text; the floor guards `test`. *Spravka, no glossary* is Spravka indexed without "
        "`glossary.yml`. Best score per row in bold.",
    ]
    for split in reversed(SPLITS):
        counts = {
            c: sum(1 for q in engines[names[0]]["queries"] if q["class"] == c and q["split"] == split)
            for c in queries["class"]
        }
        split_classes = {e: engines[e]["split_class"][split] for e in names}
        split_total = {e: engines[e]["split"][split] for e in names}
        heading = "held out" if split == GUARDED else "tuned on"
        parts += [
            f"### nDCG@10 by query class, `{split}` half ({heading})",
            class_table(split_classes, counts, split_total),
        ]
    parts += [
        "### nDCG@10 by query class, all queries",
        class_table(
            {e: engines[e]["class"] for e in names},
            queries["class"],
            {e: engines[e]["overall"] for e in names},
        ),
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
        tallies = {b: wins(data, b) for b in names if b != MAIN and b not in VARIANTS}
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
        guarded = engines[MAIN]["split"][GUARDED]["ndcg@10"]
        parts.append(
            f"Regression floor (`measure/floor.toml`): Spravka's nDCG@10 on the `{GUARDED}` half must stay "
            f"≥ {floor:.3f}; this run: {guarded:.3f}."
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
    parser.add_argument("--title", default="the shipped corpus", help="how the report names the corpus")
    parser.add_argument("--queries", type=Path, nargs="+", default=DEFAULT_QUERIES, help="judged queries")
    parser.add_argument("--engines", nargs="+", choices=list(ENGINES), default=list(ENGINES))
    parser.add_argument("--json", type=Path, default=Path("var/eval.json"))
    parser.add_argument("--report", type=Path, default=Path("docs/relevance.md"))
    parser.add_argument(
        "--floor", type=float, help=f"nDCG@10 floor of the {GUARDED} half (default: from {FLOOR_FILE.name})"
    )
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"skipped: no corpus at {args.corpus}", file=sys.stderr)
        return 0

    floor = read_floor() if args.floor is None else args.floor
    try:
        with tempfile.TemporaryDirectory(prefix="spravka-eval-") as workdir:
            data = evaluate_all(args.corpus, args.queries, args.engines, Path(workdir))
    except (EvalError, JudgmentError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    data["floor"] = floor
    data["title"] = args.title
    data["targets"] = targets(data)
    write_json(args.json, data)
    chart = args.report.parent / "img" / f"{args.report.stem}.png"
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
    for found in data["targets"]:
        print(f"target: {found['target']}: {found['measured']}: {'met' if found['met'] else 'MISSED'}")
    if MAIN in data["engines"]:
        guarded = data["engines"][MAIN]["split"][GUARDED]["ndcg@10"]
        if guarded < floor:
            message = f"Spravka's {GUARDED}-half nDCG@10, {guarded:.3f}, is below the floor {floor:.3f}"
            print(f"FAIL: {message}", file=sys.stderr)
            return 1
        print(f"ok: Spravka's nDCG@10 on the {GUARDED} half {guarded:.3f} ≥ floor {floor:.3f}")
    return 0


def summary(data: dict[str, Any], splits: tuple[str, ...] = SPLITS) -> str:
    """nDCG@10 per class and half, as plain text for the terminal."""
    engines = data["engines"]
    lines = []
    for split in splits:
        scopes = [c for c in data["queries"]["class"] if c in engines[MAIN]["split_class"][split]]
        width = max(len(s) for s in [*scopes, "overall"]) + len(split) + 1
        lines.append(" " * width + "".join(f"{name[:15]:>16}" for name in engines))
        for scope in [*scopes, "overall"]:
            scores = [
                e["split"][split] if scope == "overall" else e["split_class"][split][scope]
                for e in engines.values()
            ]
            lines.append(
                f"{split} {scope:<{width - len(split) - 1}}"
                + "".join(f"{s['ndcg@10']:>16.3f}" for s in scores)
            )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
