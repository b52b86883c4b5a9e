"""python -m ledger upgrade | prune | report | demo-traffic

The store is ``SPRAVKA_DATABASE_URL`` (default ``sqlite:///var/spravka.db``);
reports and demo traffic also read the live index (``--index``).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from pathlib import Path

from ledger import config
from ledger.migrate import upgrade
from ledger.reports import Report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ledger", description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=config.database_url(), help="SQLAlchemy URL of the store")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("upgrade", help="apply the schema migrations")
    prune = commands.add_parser("prune", help="fold raw events past the retention period into daily counts")
    prune.add_argument("--days", type=int, default=config.retention_days(), help="retention in days")
    report = commands.add_parser("report", help="print the insights reports")
    report.add_argument("--format", choices=("text", "csv", "json"), default="text")
    report.add_argument("--days", type=int, default=30, help="how many recent days to report on")
    demo = commands.add_parser("demo-traffic", help="replace synthetic events with a generated stream")
    demo.add_argument("--queries", type=Path, nargs="+", default=[Path("tests/eval/queries.yml")])
    demo.add_argument("--days", type=int, default=30)
    demo.add_argument("--seed", type=int, default=16)
    for needs_index in (report, demo):
        needs_index.add_argument(
            "--index", default=os.environ.get("SPRAVKA_INDEX_DIR"), help="index directory"
        )
    args = parser.parse_args(argv)
    from search.index.store import IndexUnavailable

    try:
        return _run(args)
    except IndexUnavailable as exc:  # the reports and the demo read the index
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    engine = config.make_engine(args.database)
    upgrade(engine)
    if args.command == "upgrade":
        print("the store is up to date")
    elif args.command == "prune":
        from ledger.prune import prune as fold

        with engine.begin() as conn:
            deleted = fold(conn, args.days)
        print(f"deleted {deleted} raw events older than {args.days} days (daily counts kept)")
    elif args.command == "report":
        from ledger.facts import IndexFacts
        from ledger.reports import build_reports

        with engine.connect() as conn:
            reports = build_reports(conn, IndexFacts(_generation(args.index)), days=args.days)
        write_reports(reports, args.format, sys.stdout)
    else:
        from ledger.demo import generate, load_queries

        with engine.begin() as conn:
            written = generate(
                conn, _generation(args.index), load_queries(args.queries), args.days, args.seed
            )
        print(f"wrote {written} synthetic events (marked synthetic) over {args.days} days")
    return 0


def _generation(index_dir: str | None):
    from search.index.store import DEFAULT_ROOT, IndexHandle

    return IndexHandle(index_dir or DEFAULT_ROOT).get()


def write_reports(reports: list[Report], fmt: str, out) -> None:
    if fmt == "json":
        data = {r.name: {"title": r.title, "rows": r.rows, "series": r.series} for r in reports}
        json.dump(data, out, ensure_ascii=False, indent=2, default=str)
        out.write("\n")
        return
    for report in reports:
        if fmt == "csv":
            # One CSV section per report, its name in the first column.
            writer = csv.writer(out)
            writer.writerow(["report", *report.columns])
            for row in report.rows:
                writer.writerow([report.name, *(_cell(row[c]) for c in report.columns)])
            continue
        out.write(f"\n{report.title}\n{'=' * len(report.title)}\n")
        if not report.rows:
            out.write("(nothing yet)\n")
        for row in report.rows:
            out.write("  " + " | ".join(f"{c}: {_cell(row[c])}" for c in report.columns) + "\n")


def _cell(value) -> str:
    if isinstance(value, list):
        return "; ".join(map(str, value))
    if isinstance(value, dict):
        return "; ".join(f"{k} {v}" for k, v in value.items())
    return str(value)


if __name__ == "__main__":
    sys.exit(main())
