"""Synthetic reader traffic for a demo (``make demo-traffic``).

A deterministic stream of searches, clicks, article views and votes made
from the judged queries (``tests/eval/queries.yml``), run through the real
search engine so result counts, corrections and fallbacks are what a reader
would get. Every row is marked ``synthetic``; running it again replaces the
previous synthetic rows and leaves real events alone.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import Connection, delete

from ledger.recorder import normalize_query, utcnow
from ledger.tables import EVENTS, VOTE_REASONS
from search.index.store import Generation
from search.query.engine import SearchResponse, search

# Shares that make the stream look like a help center's: most searches get
# a click, the first results most of them, and a few readers vote.
CLICK_SHARE = 0.7
VOTE_SHARE = 0.25
HELPFUL_SHARE = 0.7
SEARCHES_PER_DAY = (20, 60)
# Questions the help center does not answer yet, so that the zero-result
# report has something to show: every real help center gets these.
UNANSWERED = [
    {"query": "jira", "locale": "en"},
    {"query": "kubernetes", "locale": "en"},
    {"query": "трелло", "locale": "ru"},
]


def load_queries(paths: list[Path]) -> list[dict[str, Any]]:
    """The judged queries of every file in ``paths``, and the unanswered ones."""
    judged = [q for path in paths for q in yaml.safe_load(path.read_text(encoding="utf-8")) if q.get("query")]
    return judged + UNANSWERED


def generate(
    conn: Connection, generation: Generation, queries: list[dict[str, Any]], days: int = 30, seed: int = 16
) -> int:
    """Replace the synthetic events with a new stream over the last ``days``
    days; returns how many events were written."""
    for table in EVENTS.values():
        conn.execute(delete(table).where(table.c.synthetic))
    rng = random.Random(seed)
    answers: dict[tuple[str, str], SearchResponse] = {}
    rows: dict[str, list[dict[str, Any]]] = {kind: [] for kind in EVENTS}
    start = utcnow().replace(hour=0, minute=0, second=0, microsecond=0) - dt.timedelta(days=days)
    for day in range(days + 1):
        for _ in range(rng.randint(*SEARCHES_PER_DAY)):
            asked = rng.choice(queries)
            key = (asked["query"], asked.get("locale", "en"))
            if key not in answers:
                answers[key] = search(generation, key[0], locale=key[1])
            at = start + dt.timedelta(days=day, seconds=rng.randrange(86_400))
            _reader(rng, at, answers[key], asked.get("relevant") or {}, rows)
    for kind, batch in rows.items():
        if batch:
            conn.execute(EVENTS[kind].insert(), batch)
    return sum(map(len, rows.values()))


def _reader(
    rng: random.Random, at: dt.datetime, response: SearchResponse, relevant: dict, rows: dict[str, list]
) -> None:
    """One reader's search, and what they do next."""
    query, locale = normalize_query(response.query), response.locale
    applied = bool(response.notes.get("auto_corrected"))
    rows["searches"].append(
        {
            "at": at,
            "channel": "site",
            "query": query,
            "locale": locale,
            "category": None,
            "results": response.total,
            "corrected_query": response.corrected_query,
            "correction_applied": applied,
            "shown_ids": json.dumps([hit.id for hit in response.results]),
            "synthetic": True,
        }
    )
    if not response.results or rng.random() > CLICK_SHARE:
        return
    # Readers pick a judged answer when they see one, else one of the first.
    good = [i for i, hit in enumerate(response.results) if hit.id in relevant]
    position = (
        rng.choice(good)
        if good and rng.random() < 0.8
        else min(int(rng.expovariate(0.8)), len(response.results) - 1)
    )
    hit = response.results[position]
    later = at + dt.timedelta(seconds=rng.randint(2, 30))
    common = {"article_id": hit.id, "locale": locale, "fallback": hit.fallback, "synthetic": True}
    rows["clicks"].append({**common, "at": later, "query": query, "position": position + 1, "via": "beacon"})
    rows["views"].append({**common, "at": later, "stale": hit.stale})
    if rng.random() < VOTE_SHARE:
        helpful = rng.random() < HELPFUL_SHARE
        reason = None if helpful else rng.choice(("wrong-language",) if hit.fallback else VOTE_REASONS)
        rows["votes"].append(
            {
                **common,
                "at": later + dt.timedelta(minutes=2),
                "helpful": helpful,
                "reason": reason,
                "comment": None,
            }
        )
