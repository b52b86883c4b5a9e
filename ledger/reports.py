"""The insights reports, read from the raw events of the last ``days`` days.

Each report is rows (for the table and CSV/JSON export) plus daily series
(for its chart). What the store cannot know about an article — its title,
length, whether a translation exists and since when it is stale, the
articles closest to a query — comes from an ``ArticleFacts`` that the caller
builds from the live index, so this module needs no search engine.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import Connection, case, func, select
from sqlalchemy.sql import ColumnElement

from ledger.recorder import utcnow
from ledger.tables import EVENTS, clicks, deflections, searches, views, votes

# A translator's usual pace is 2,000–2,500 words a day, including a review
# pass; a help-center article's screenshots and UI strings slow that down.
# 300 words an hour is the rate the effort estimate uses.
WORDS_PER_HOUR = 300
LIMIT = 20


@dataclass(frozen=True)
class Article:
    title: str
    words: int
    translated: bool  # a Russian version exists
    stale_since: dt.date | None  # when the English article changed after its translation


class ArticleFacts(Protocol):
    def article(self, article_id: str) -> Article | None: ...

    def closest(self, query: str, locale: str) -> list[str]: ...


@dataclass
class Report:
    name: str
    title: str
    columns: list[str]
    rows: list[dict[str, Any]]
    series: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


def effort_hours(words: int) -> float:
    """Translation effort in hours, rounded up to the half hour.

    >>> effort_hours(301), effort_hours(0)
    (1.5, 0.0)
    """
    return math.ceil(words / WORDS_PER_HOUR * 2) / 2


def build_reports(conn: Connection, facts: ArticleFacts, days: int = 30) -> list[Report]:
    since = utcnow() - dt.timedelta(days=days)
    window = Window(conn, since, days)
    return [
        top_queries(window),
        zero_results(window, facts),
        no_clicks(window),
        corrections(window),
        translate_first(window, facts),
        stale_translations(window, facts),
        helpfulness(window, facts),
        deflection(window),
    ]


@dataclass
class Window:
    conn: Connection
    since: dt.datetime
    days: int

    def recent(self, table) -> ColumnElement[bool]:
        return table.c.at >= self.since

    def daily(self, table, *where: ColumnElement[bool]) -> list[tuple[str, int]]:
        """Events per day over the window, zero-filled, oldest first."""
        day = func.date(table.c.at)
        counted = dict(
            (str(d), n)
            for d, n in self.conn.execute(
                select(day, func.count()).where(self.recent(table), *where).group_by(day)
            )
        )
        first = self.since.date()
        dates = [(first + dt.timedelta(days=i)).isoformat() for i in range(self.days + 1)]
        return [(d, counted.get(d, 0)) for d in dates]

    def count_by(self, table, keys: tuple[str, ...], *where: ColumnElement[bool]) -> Counter:
        columns = [table.c[k] for k in keys]
        rows = self.conn.execute(
            select(*columns, func.count()).where(self.recent(table), *where).group_by(*columns)
        )
        return Counter({tuple(row[:-1]): row[-1] for row in rows})


def top_queries(w: Window) -> Report:
    total = w.count_by(searches, ("query", "locale"))
    zero = w.count_by(searches, ("query", "locale"), searches.c.results == 0)
    clicked = w.count_by(clicks, ("query", "locale"))
    rows = [
        {
            "query": q,
            "locale": loc,
            "searches": n,
            "zero_results": zero[(q, loc)],
            "clicks": clicked[(q, loc)],
        }
        for (q, loc), n in total.most_common(LIMIT)
    ]
    return Report(
        "top_queries",
        "Top queries",
        ["query", "locale", "searches", "zero_results", "clicks"],
        rows,
        {"searches": w.daily(searches)},
    )


def zero_results(w: Window, facts: ArticleFacts) -> Report:
    zero = w.count_by(searches, ("query", "locale"), searches.c.results == 0)
    rows = [
        {"query": q, "locale": loc, "searches": n, "closest": facts.closest(q, loc)}
        for (q, loc), n in zero.most_common(LIMIT)
    ]
    return Report(
        "zero_results",
        "Zero-result queries",
        ["query", "locale", "searches", "closest"],
        rows,
        {"zero-result searches": w.daily(searches, searches.c.results == 0)},
    )


def no_clicks(w: Window) -> Report:
    found = w.count_by(searches, ("query", "locale"), searches.c.results > 0)
    clicked = w.count_by(clicks, ("query", "locale"))
    unclicked = Counter({key: n for key, n in found.items() if not clicked[key]})
    rows = [{"query": q, "locale": loc, "searches": n} for (q, loc), n in unclicked.most_common(LIMIT)]
    return Report(
        "no_clicks",
        "Queries with results but no clicks",
        ["query", "locale", "searches"],
        rows,
        {"searches with results": w.daily(searches, searches.c.results > 0), "clicks": w.daily(clicks)},
    )


def corrections(w: Window) -> Report:
    applied = w.count_by(searches, ("query", "locale", "corrected_query"), searches.c.correction_applied)
    clicked = w.count_by(clicks, ("query", "locale"))
    rows = []
    for (q, loc, corrected), n in applied.most_common(LIMIT):
        rows.append(
            {
                "query": q,
                "corrected_query": corrected,
                "locale": loc,
                "searches": n,
                "clicks": clicked[(q, loc)],
                "clicked": bool(clicked[(q, loc)]),
            }
        )
    return Report(
        "corrections",
        "Corrections applied",
        ["query", "corrected_query", "locale", "searches", "clicks", "clicked"],
        rows,
        {"corrections applied": w.daily(searches, searches.c.correction_applied)},
    )


def translate_first(w: Window, facts: ArticleFacts) -> Report:
    """English-only articles ranked by Russian readers' demand: the times
    they were shown one in English, and the clicks on it from their searches."""
    # A fallback is by definition shown to a reader of a translation locale
    # (Russian), so the flag alone selects their demand.
    fallback_views = w.count_by(views, ("article_id",), views.c.fallback)
    fallback_clicks = w.count_by(clicks, ("article_id",), clicks.c.fallback)
    rows = []
    for (article_id,) in set(fallback_views) | set(fallback_clicks):
        article = facts.article(article_id)
        if article is None or article.translated:
            continue  # translated since, or no longer in the help center
        demand_views, demand_clicks = fallback_views[(article_id,)], fallback_clicks[(article_id,)]
        rows.append(
            {
                "article_id": article_id,
                "title": article.title,
                "fallback_views": demand_views,
                "clicks_from_russian_searches": demand_clicks,
                "demand": demand_views + demand_clicks,
                "words": article.words,
                "effort_hours": effort_hours(article.words),
            }
        )
    rows.sort(key=lambda r: (-r["demand"], r["words"], r["article_id"]))
    return Report(
        "translate_first",
        "Translate these first",
        [
            "article_id",
            "title",
            "fallback_views",
            "clicks_from_russian_searches",
            "demand",
            "words",
            "effort_hours",
        ],
        rows[:LIMIT],
        {"fallback views": w.daily(views, views.c.fallback)},
    )


def stale_translations(w: Window, facts: ArticleFacts) -> Report:
    stale = w.count_by(views, ("article_id", "locale"), views.c.stale)
    today = utcnow().date()
    rows = []
    for (article_id, locale), n in stale.most_common():
        article = facts.article(article_id)
        if article is None or article.stale_since is None:
            continue  # brought up to date since
        rows.append(
            {
                "article_id": article_id,
                "locale": locale,
                "title": article.title,
                "stale_views": n,
                "stale_since": article.stale_since.isoformat(),
                "days_stale": (today - article.stale_since).days,
            }
        )
    return Report(
        "stale_translations",
        "Stale translations by traffic",
        ["article_id", "locale", "title", "stale_views", "stale_since", "days_stale"],
        rows[:LIMIT],
        {"stale views": w.daily(views, views.c.stale)},
    )


def helpfulness(w: Window, facts: ArticleFacts) -> Report:
    tally = w.conn.execute(
        select(
            votes.c.article_id,
            func.sum(case((votes.c.helpful, 1), else_=0)),
            func.count(),
        )
        .where(w.recent(votes))
        .group_by(votes.c.article_id)
    ).all()
    reasons: dict[str, Counter] = defaultdict(Counter)
    for (article_id, reason), n in w.count_by(
        votes, ("article_id", "reason"), votes.c.reason.is_not(None)
    ).items():
        reasons[article_id][reason] = n
    rows = []
    for article_id, yes, total in tally:
        article = facts.article(article_id)
        rows.append(
            {
                "article_id": article_id,
                "title": article.title if article else article_id,
                "helpful": int(yes),
                "not_helpful": total - int(yes),
                "ratio": round(int(yes) / total, 2),
                "reasons": dict(reasons[article_id].most_common()),
            }
        )
    rows.sort(key=lambda r: (r["ratio"], -r["not_helpful"], r["article_id"]))
    return Report(
        "helpfulness",
        "Article helpfulness",
        ["article_id", "title", "helpful", "not_helpful", "ratio", "reasons"],
        rows[:LIMIT],
        {"helpful": w.daily(votes, votes.c.helpful), "not helpful": w.daily(votes, ~votes.c.helpful)},
    )


def deflection(w: Window) -> Report:
    """Support forms per language: how many ended with "This solved my
    problem" rather than a request. The rate is solved / (solved + sent);
    forms left without either are not counted in it."""
    forms = func.count(func.distinct(deflections.c.form))
    by_action = w.conn.execute(
        select(deflections.c.locale, deflections.c.action, forms)
        .where(w.recent(deflections))
        .group_by(deflections.c.locale, deflections.c.action)
    ).all()
    ended: dict[str, Counter] = defaultdict(Counter)
    for locale, action, n in by_action:
        ended[locale][action] = n
    rows = []
    for locale, counts in sorted(ended.items()):
        decided = counts["solved"] + counts["sent"]
        rows.append(
            {
                "locale": locale,
                "shown": counts["shown"],
                "solved": counts["solved"],
                "sent": counts["sent"],
                "deflection_rate": round(counts["solved"] / decided, 2) if decided else None,
            }
        )
    return Report(
        "deflection",
        "Support deflection",
        ["locale", "shown", "solved", "sent", "deflection_rate"],
        rows,
        {
            "solved": w.daily(deflections, deflections.c.action == "solved"),
            "sent": w.daily(deflections, deflections.c.action == "sent"),
        },
    )


def synthetic_events(conn: Connection) -> int:
    """How many stored events ``make demo-traffic`` made up."""
    return sum(
        conn.execute(select(func.count()).select_from(t).where(t.c.synthetic)).scalar_one()
        for t in EVENTS.values()
    )
