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
    ForeignKey,
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

# Deflection on the support form: which articles a form suggested ("shown"),
# which of them the reader opened, and how the form ended: "solved" (no
# request) or "sent". ``form`` is the form's random key, so the steps of one
# form can be joined without knowing who filled it.
DEFLECTION_ACTIONS = ("shown", "opened", "solved", "sent")
deflections = _event(
    "deflections",
    Column("form", String(32), nullable=False, index=True),
    Column("locale", String(8), nullable=False),
    Column("action", String(8), nullable=False),
    Column("article_ids", Text, nullable=False),  # JSON list
)

EVENTS = {table.name: table for table in (searches, clicks, views, votes, deflections)}

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


# Support requests are not events: they are written synchronously, one
# transaction each, and never pruned with the events. Unlike events they hold
# what the requester typed, their email address included, because support has
# to answer them.
MAX_SUBJECT = 150
MAX_DESCRIPTION = 5000

support_requests = Table(
    "support_requests",
    metadata,
    Column("id", Integer, primary_key=True),  # the request number shown to the requester
    Column("form", String(32), nullable=False, unique=True),  # idempotency key: one request per form
    Column("created", DateTime, nullable=False),  # UTC
    Column("confirmed", DateTime, index=True),  # UTC; NULL until the emailed link is opened
    Column("confirm_digest", String(64), unique=True),  # SHA-256 of the one-time link's secret
    Column("locale", String(8), nullable=False),
    Column("email", String(254), nullable=False),
    Column("name", String(100), nullable=False),
    Column("cc", Text, nullable=False),  # JSON list of addresses
    Column("subject", String(MAX_SUBJECT), nullable=False),
    Column("description", Text, nullable=False),
    Column("meeting_id", String(11)),  # digits only
    Column("happened", String(16)),  # local date and time as typed, YYYY-MM-DDTHH:MM
    Column("priority", String(16), nullable=False),
    Column("device", String(16), nullable=False),
    Column("plan", String(16), nullable=False),
    Column("suggested_ids", Text, nullable=False),  # JSON list of the articles the form suggested
)

support_attachments = Table(
    "support_attachments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "request_id",
        Integer,
        ForeignKey("support_requests.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("stored_name", String(64), nullable=False, unique=True),  # generated, never the uploaded name
    Column("file_name", String(100), nullable=False),  # the uploaded name, checked
    Column("content_type", String(100), nullable=False),
    Column("size", Integer, nullable=False),
)
