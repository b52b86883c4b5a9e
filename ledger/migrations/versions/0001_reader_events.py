"""Reader events (searches, clicks, views, votes) and their daily aggregates.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _event(name: str, *columns: sa.Column) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime, nullable=False),
        *columns,
        sa.Column("synthetic", sa.Boolean, nullable=False),
    )
    op.create_index(f"ix_{name}_at", name, ["at"])


def _daily(name: str, key: sa.Column, *counts: str) -> None:
    op.create_table(
        name,
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("locale", sa.String(8), primary_key=True),
        key,
        *(sa.Column(count, sa.Integer, nullable=False) for count in counts),
    )


def _article_seen() -> list[sa.Column]:
    """Which article, in which locale, and whether shown as a fallback: the
    columns every event about an article has (new objects for each table)."""
    return [
        sa.Column("article_id", sa.String(200), nullable=False),
        sa.Column("locale", sa.String(8), nullable=False),
        sa.Column("fallback", sa.Boolean, nullable=False),
    ]


def upgrade() -> None:
    _event(
        "searches",
        sa.Column("channel", sa.String(8), nullable=False),
        sa.Column("query", sa.String(200), nullable=False),
        sa.Column("locale", sa.String(8), nullable=False),
        sa.Column("category", sa.String(100)),
        sa.Column("results", sa.Integer, nullable=False),
        sa.Column("corrected_query", sa.String(200)),
        sa.Column("correction_applied", sa.Boolean, nullable=False),
        sa.Column("shown_ids", sa.Text, nullable=False),
    )
    _event(
        "clicks",
        sa.Column("query", sa.String(200), nullable=False),
        *_article_seen(),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("via", sa.String(8), nullable=False),
    )
    _event("views", *_article_seen(), sa.Column("stale", sa.Boolean, nullable=False))
    _event(
        "votes",
        *_article_seen(),
        sa.Column("helpful", sa.Boolean, nullable=False),
        sa.Column("reason", sa.String(32)),
        sa.Column("comment", sa.String(500)),
    )
    _daily(
        "daily_queries",
        sa.Column("query", sa.String(200), primary_key=True),
        "searches",
        "zero_results",
        "clicks",
    )
    _daily(
        "daily_articles",
        sa.Column("article_id", sa.String(200), primary_key=True),
        *("views", "fallback_views", "stale_views", "clicks", "helpful", "unhelpful"),
    )


def downgrade() -> None:
    for name in ("daily_articles", "daily_queries", "votes", "views", "clicks", "searches"):
        op.drop_table(name)
