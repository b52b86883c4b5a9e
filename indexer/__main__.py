"""python -m indexer build [--corpus DIR] [--index DIR] [--keep-going] [--strict]
python -m indexer check [--corpus DIR] [--json] [--strict] [--diffs]
python -m indexer preview [--corpus DIR] [--index DIR] [--host H] [--port P]
python -m indexer publish [--index DIR] --to ROOT [--to ROOT ...]"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from indexer.build import BuildFailed, build_index, cores
from indexer.check import Report, check_corpus
from indexer.publish import publish_everywhere
from search.index.builds import BuildRunning
from search.index.store import DEFAULT_ROOT, IndexUnavailable

DEFAULT_CORPUS = Path("corpus")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m indexer", description="Build the Spravka index.")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="index a corpus and make it live")
    build.add_argument(
        "--corpus", type=Path, default=DEFAULT_CORPUS, help="corpus directory (default: corpus/)"
    )
    build.add_argument(
        "--index", type=Path, default=DEFAULT_ROOT, help=f"index directory (default: {DEFAULT_ROOT}/)"
    )
    build.add_argument(
        "--keep-going", action="store_true", help="index the readable articles even if others have problems"
    )
    build.add_argument(
        "--strict", action="store_true", help="fail on warnings too (problems that have a safe default)"
    )
    build.add_argument(
        "--full", action="store_true", help="parse and write every article again, ignoring the last build"
    )
    build.add_argument(
        "--workers", type=int, default=None, help="processes that parse and write (default: one per core)"
    )
    check = commands.add_parser("check", help="report problems and translation status without building")
    check.add_argument(
        "--corpus", type=Path, default=DEFAULT_CORPUS, help="corpus directory (default: corpus/)"
    )
    check.add_argument(
        "--index",
        type=Path,
        default=DEFAULT_ROOT,
        help=f"reuse the articles parsed by this index's last build, if any (default: {DEFAULT_ROOT}/)",
    )
    check.add_argument("--json", action="store_true", help="print the report as JSON (for CI)")
    check.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    check.add_argument(
        "--diffs", action="store_true", help="print what changed in the English source of stale translations"
    )
    watch = commands.add_parser("preview", help="serve the site and rebuild when a corpus file changes")
    watch.add_argument(
        "--corpus", type=Path, default=DEFAULT_CORPUS, help="corpus directory (default: corpus/)"
    )
    watch.add_argument(
        "--index", type=Path, default=DEFAULT_ROOT, help=f"index directory (default: {DEFAULT_ROOT}/)"
    )
    watch.add_argument("--host", default="127.0.0.1")
    watch.add_argument("--port", type=int, default=5000)
    publish = commands.add_parser(
        "publish", help="copy the live generation to other index roots and switch them"
    )
    publish.add_argument(
        "--index",
        type=Path,
        default=DEFAULT_ROOT,
        help=f"where the generation is live (default: {DEFAULT_ROOT}/)",
    )
    publish.add_argument(
        "--to", type=Path, action="append", required=True, metavar="ROOT", help="an index root to publish to"
    )
    args = parser.parse_args(argv)
    if args.command == "publish":
        return _publish(args.index, args.to)
    if args.command == "check":
        return _check(args)
    if args.command == "preview":
        from indexer.preview import preview  # imported when used: build and check start faster

        return preview(args.corpus, args.index, args.host, args.port)
    return _build(args)


def _check(args: argparse.Namespace) -> int:
    report = check_corpus(args.corpus, args.index, workers=cores())
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        _print_check(report, args.diffs)
    failing = report.problems if args.strict else report.errors
    return 1 if failing else 0


def _print_check(report: Report, diffs: bool) -> None:
    for problem in report.problems:
        print(problem)
    for t in report.translations:
        if t.status == "stale":
            print(f"{t.translation}: stale translation of {t.source}")
            if diffs:
                print(t.changes)
    counts = report.status_counts()
    errors = len(report.errors)
    print(
        f"checked {report.articles} articles: {errors} error(s), {len(report.problems) - errors} warning(s); "
        f"translations: {counts['up to date']} up to date, {counts['stale']} stale, "
        f"{counts['missing']} missing"
    )


def _build(args: argparse.Namespace) -> int:
    try:
        report = build_index(
            args.corpus,
            args.index,
            keep_going=args.keep_going,
            strict=args.strict,
            full=args.full,
            workers=args.workers,
        )
    except BuildRunning as running:
        print(f"build not started: {running}", file=sys.stderr)
        return 1
    except BuildFailed as failed:
        for problem in failed.problems:
            print(problem, file=sys.stderr)
        print(
            f"build failed: {len(failed.problems)} problem(s); the live index is unchanged", file=sys.stderr
        )
        return 1
    for problem in report.problems:
        print(problem, file=sys.stderr)
    print(report.summary())
    warnings = sum(p.warning for p in report.problems)
    if warnings:
        print(f"{warnings} warning(s)", file=sys.stderr)
    if len(report.problems) > warnings:
        print(f"{len(report.problems) - warnings} problem(s) skipped (--keep-going)", file=sys.stderr)
    return 0


def _publish(source: Path, targets: list[Path]) -> int:
    try:
        published = publish_everywhere(source, targets)
    except (BuildRunning, IndexUnavailable, ValueError, OSError) as failed:
        print(f"publish failed: {failed}; targets not yet switched keep their live index", file=sys.stderr)
        return 1
    for done in published:
        print(f"{done.root}: {done.generation} is live" + ("" if done.copied else " (already there)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
