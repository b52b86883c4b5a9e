"""The store's tables, in SQLAlchemy Core. The Alembic migrations under
``ledger/migrations`` create them; this module is what code reads and writes.

Privacy by construction: no table has a column for an IP address, a user
agent, a cookie or any other reader identifier (``tests/test_ledger.py``
inspects every column). An event row says what happened to which article or
query, and when; rows from ``make demo-traffic`` say ``synthetic``.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

MAX_QUERY = 200  # characters of a normalized query that are kept
MAX_COMMENT = 500  # characters of a vote's free text
# The reasons a reader may pick when an article did not help.
VOTE_REASONS = ("outdated", "incomplete", "unclear", "wrong-language", "other")

metadata = MetaData()


def _event(name: str, *columns: Column) -> Table:
    return Table(
        name,
        metadata,
        Column("id", Integer, primary_key=True),
        Column("at", DateTime, nullable=False, index=True),  # UTC
        *columns,
        Column("synthetic", Boolean, nullable=False, default=False),
    )


searches = _event(
    "searches",
    Column("channel", String(8), nullable=False),  # "site" or "api"
    Column("query", String(MAX_QUERY), nullable=False),
    Column("locale", String(8), nullable=False),
    Column("category", String(100)),
    Column("results", Integer, nullable=False),
    Column("corrected_query", String(MAX_QUERY)),  # offered or applied
    Column("correction_applied", Boolean, nullable=False),
    Column("shown_ids", Text, nullable=False),  # JSON list, in result order
)

clicks = _event(
    "clicks",
    Column("query", String(MAX_QUERY), nullable=False),
    Column("locale", String(8), nullable=False),
    Column("article_id", String(200), nullable=False),
    Column("position", Integer, nullable=False),  # 1-based, across pages
    Column("fallback", Boolean, nullable=False),
    Column("via", String(8), nullable=False),  # "beacon" or "link" (no JavaScript)
)

views = _event(
    "views",
    Column("article_id", String(200), nullable=False),
    Column("locale", String(8), nullable=False),  # the reader's, not the text's
    Column("fallback", Boolean, nullable=False),
    Column("stale", Boolean, nullable=False),
)

votes = _event(
    "votes",
    Column("article_id", String(200), nullable=False),
    Column("locale", String(8), nullable=False),
    Column("fallback", Boolean, nullable=False),
    Column("helpful", Boolean, nullable=False),
    Column("reason", String(32)),
    Column("comment", String(MAX_COMMENT)),
)

EVENTS = {table.name: table for table in (searches, clicks, views, votes)}

# What `prune` keeps of raw events it deletes: counts per day.


def _daily(name: str, key: Column, *counts: str) -> Table:
    return Table(
        name,
        metadata,
        Column("day", Date, primary_key=True),
        Column("locale", String(8), primary_key=True),
        key,
        *(Column(count, Integer, nullable=False) for count in counts),
    )


daily_queries = _daily(
    "daily_queries",
    Column("query", String(MAX_QUERY), primary_key=True),
    "searches",
    "zero_results",
    "clicks",
)
daily_articles = _daily(
    "daily_articles",
    Column("article_id", String(200), primary_key=True),
    *("views", "fallback_views", "stale_views", "clicks", "helpful", "unhelpful"),
)
