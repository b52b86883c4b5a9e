"""Retention: raw events older than the retention period are folded into
per-day counts (``daily_queries``, ``daily_articles``) and deleted."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from sqlalchemy import Connection, Table, delete, select

from ledger.recorder import utcnow
from ledger.tables import EVENTS, clicks, daily_articles, daily_queries, searches, views, votes


def prune(conn: Connection, retention_days: int) -> int:
    """Aggregate and delete the events of whole days older than
    ``retention_days``; returns how many raw events were deleted."""
    cutoff = dt.datetime.combine(utcnow().date() - dt.timedelta(days=retention_days), dt.time())
    queries: dict[tuple, Counter] = defaultdict(Counter)
    articles: dict[tuple, Counter] = defaultdict(Counter)
    for at, query, locale, results in conn.execute(
        select(searches.c.at, searches.c.query, searches.c.locale, searches.c.results).where(
            searches.c.at < cutoff
        )
    ):
        queries[(at.date(), locale, query)].update(searches=1, zero_results=int(results == 0))
    for at, query, locale, article_id in conn.execute(
        select(clicks.c.at, clicks.c.query, clicks.c.locale, clicks.c.article_id).where(clicks.c.at < cutoff)
    ):
        queries[(at.date(), locale, query)].update(clicks=1)
        articles[(at.date(), locale, article_id)].update(clicks=1)
    for at, locale, article_id, fallback, stale in conn.execute(
        select(views.c.at, views.c.locale, views.c.article_id, views.c.fallback, views.c.stale).where(
            views.c.at < cutoff
        )
    ):
        articles[(at.date(), locale, article_id)].update(
            views=1, fallback_views=int(fallback), stale_views=int(stale)
        )
    for at, locale, article_id, helpful in conn.execute(
        select(votes.c.at, votes.c.locale, votes.c.article_id, votes.c.helpful).where(votes.c.at < cutoff)
    ):
        articles[(at.date(), locale, article_id)].update(helpful=int(helpful), unhelpful=int(not helpful))
    _add(conn, daily_queries, ("day", "locale", "query"), queries)
    _add(conn, daily_articles, ("day", "locale", "article_id"), articles)
    return sum(conn.execute(delete(table).where(table.c.at < cutoff)).rowcount for table in EVENTS.values())


def _add(conn: Connection, table: Table, keys: tuple[str, ...], counts: dict[tuple, Counter]) -> None:
    """Add ``counts`` to the aggregate rows of ``table``, creating missing ones."""
    measures = [c.name for c in table.columns if c.name not in keys]
    for key, counter in counts.items():
        match = [table.c[k] == v for k, v in zip(keys, key, strict=True)]
        existing = conn.execute(select(*(table.c[m] for m in measures)).where(*match)).first()
        if existing is None:
            conn.execute(
                table.insert().values(
                    **dict(zip(keys, key, strict=True)), **{m: counter[m] for m in measures}
                )
            )
        else:
            conn.execute(
                table.update()
                .where(*match)
                .values(**{m: old + counter[m] for m, old in zip(measures, existing, strict=True)})
            )
