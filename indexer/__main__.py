"""python -m indexer build [--corpus DIR] [--index DIR] [--keep-going]
python -m indexer publish [--index DIR] --to ROOT [--to ROOT ...]"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from indexer.build import BuildFailed, build_index
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

    try:
        report = build_index(args.corpus, args.index, keep_going=args.keep_going, strict=args.strict)
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
