"""python -m search [--index DIR] [--locale en|ru] [--category ID] [--limit N] [--json] QUERY"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from pathlib import Path

from search.index.articles import LOCALES
from search.index.store import DEFAULT_ROOT, IndexHandle, IndexUnavailable
from search.query.engine import search

TAGS = re.compile(r"</?mark>")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m search", description="Search the Spravka index.")
    parser.add_argument("query", nargs="+", help="what to search for")
    parser.add_argument(
        "--index", type=Path, default=DEFAULT_ROOT, help=f"index directory (default: {DEFAULT_ROOT}/)"
    )
    parser.add_argument("--locale", choices=LOCALES, default="en")
    parser.add_argument("--category", help="only this category id")
    parser.add_argument("--limit", type=int, default=10, help="results per page (default: 10)")
    parser.add_argument("--page", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print the JSON of the web API")
    args = parser.parse_args(argv)

    try:
        index = IndexHandle(args.index).get()
    except IndexUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    response = search(
        index,
        " ".join(args.query),
        locale=args.locale,
        category=args.category,
        page=args.page,
        per_page=max(1, args.limit),
    )
    if args.json:
        print(json.dumps(response.to_json(), ensure_ascii=False, indent=2))
        return 0
    if response.corrected_query:
        said = "showing results for" if response.notes.get("auto_corrected") else "did you mean"
        print(f"{said}: {response.corrected_query}")
    print(f"{response.total} result(s), {response.complete} with every word")
    for n, hit in enumerate(response.results, start=(response.page - 1) * response.per_page + 1):
        flags = [name for name in ("fallback", "stale") if getattr(hit, name)]
        flag_text = f" [{', '.join(flags)}]" if flags else ""
        print(f"{n:>3}. {hit.title} ({hit.category}, {hit.locale}){flag_text}  {hit.score:.2f}")
        print(f"     {hit.url}")
        print(f"     {html.unescape(TAGS.sub('', hit.snippet))}")
    if response.categories:
        print("by category: " + ", ".join(f"{c.name} ({c.count})" for c in response.categories))
    return 0


if __name__ == "__main__":
    sys.exit(main())
