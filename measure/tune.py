"""python -m measure.tune: nDCG@10 per query class on the ``dev`` half, for ranking variants.

Ranking is tuned looking at the ``dev`` half of the judged queries only
(``measure.judgments``); this tool never scores a ``test`` query, so it cannot
show one by mistake. Spravka indexes the corpus once, with and (when the
corpus has one) without its ``glossary.yml``, and every variant ranks the
same indexes. A variant is a set of knob values of ``search.query.knobs``::

    python -m measure.tune --variant "" --variant "coverage_power=2" \\
        --variant "fallback_penalty=0.9 learned_weight=1"

Changes to the indexer (learned pairs, the dictionary) need a run per change.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import fields, replace
from pathlib import Path

from measure.engines import Spravka, SpravkaNoGlossary
from measure.eval import DEFAULT_QUERIES
from measure.judgments import Judged, JudgmentError, load_all
from measure.metrics import evaluate, mean
from search.query.knobs import RANKING, Ranking

TUNED = "dev"  # the only half this tool reads


class VariantError(ValueError):
    pass


def parse_variant(text: str) -> Ranking:
    """The shipped knobs with ``name=value`` pairs (space-separated) changed."""
    values = {f.name: getattr(RANKING, f.name) for f in fields(Ranking)}
    kinds = {name: type(value) for name, value in values.items() if isinstance(value, int | float)}
    changes = {}
    for pair in text.split():
        name, _, value = pair.partition("=")
        if name not in kinds:
            raise VariantError(f"not a numeric knob: {name!r} (knobs: {', '.join(sorted(kinds))})")
        try:
            changes[name] = kinds[name](value)
        except ValueError:
            raise VariantError(f"{name}: not a number: {value!r}") from None
    return replace(RANKING, **changes)


def class_scores(engine: Spravka, judged: list[Judged]) -> dict[str, float]:
    """nDCG@10 per class, and overall, of ``engine`` on the ``dev`` queries."""
    per_class: dict[str, list[dict[str, float]]] = {}
    for j in judged:
        if j.split == TUNED:
            per_class.setdefault(j.cls, []).append(evaluate(engine.search(j.query, j.locale), j.relevant))
    scores = {cls: mean(metrics)["ndcg@10"] for cls, metrics in per_class.items()}
    scores["overall"] = mean([m for metrics in per_class.values() for m in metrics])["ndcg@10"]
    return scores


def table(label: str, columns: dict[str, dict[str, float]]) -> str:
    """Classes down, variants across."""
    rows = sorted({cls for scores in columns.values() for cls in scores} - {"overall"}) + ["overall"]
    width = max(len(r) for r in rows) + 2
    heads = [name or "shipped" for name in columns]
    widths = [max(len(head), 5) + 3 for head in heads]
    header = "".join(f"{head:>{w}}" for head, w in zip(heads, widths, strict=True))
    lines = [f"{TUNED}: {label}", " " * width + header]
    for row in rows:
        cells = [
            f"{scores[row]:>{w}.3f}" if row in scores else " " * w
            for scores, w in zip(columns.values(), widths, strict=True)
        ]
        lines.append(f"{row:<{width}}" + "".join(cells))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m measure.tune", description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--queries", type=Path, nargs="+", default=DEFAULT_QUERIES, help="judged queries")
    parser.add_argument(
        "--variant", action="append", default=[], help='knob values, "name=value ..."; "" is the shipped ones'
    )
    args = parser.parse_args(argv)
    try:
        variants = {text: parse_variant(text) for text in args.variant or [""]}
        judged = load_all(args.queries)
    except (VariantError, JudgmentError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    engines = [Spravka(), SpravkaNoGlossary()] if (args.corpus / "glossary.yml").exists() else [Spravka()]
    with tempfile.TemporaryDirectory(prefix="spravka-tune-") as workdir:
        for engine in engines:
            where = Path(workdir) / engine.name
            where.mkdir()
            engine.build(args.corpus, [], where)
            engine.open(where)
            columns = {}
            for text, knobs in variants.items():
                engine.knobs = knobs
                columns[text] = class_scores(engine, judged)
            print(table(engine.label, columns), end="\n\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
