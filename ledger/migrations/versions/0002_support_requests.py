"""Support requests, their attachments, and deflection events.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "deflections",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("form", sa.String(32), nullable=False),
        sa.Column("locale", sa.String(8), nullable=False),
        sa.Column("action", sa.String(8), nullable=False),
        sa.Column("article_ids", sa.Text, nullable=False),
        sa.Column("synthetic", sa.Boolean, nullable=False),
    )
    op.create_index("ix_deflections_at", "deflections", ["at"])
    op.create_index("ix_deflections_form", "deflections", ["form"])
    op.create_table(
        "support_requests",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("form", sa.String(32), nullable=False, unique=True),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("confirmed", sa.DateTime),
        sa.Column("confirm_digest", sa.String(64), unique=True),
        sa.Column("locale", sa.String(8), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("cc", sa.Text, nullable=False),
        sa.Column("subject", sa.String(150), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("meeting_id", sa.String(11)),
        sa.Column("happened", sa.String(16)),
        sa.Column("priority", sa.String(16), nullable=False),
        sa.Column("device", sa.String(16), nullable=False),
        sa.Column("plan", sa.String(16), nullable=False),
        sa.Column("suggested_ids", sa.Text, nullable=False),
    )
    op.create_index("ix_support_requests_confirmed", "support_requests", ["confirmed"])
    op.create_table(
        "support_attachments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "request_id",
            sa.Integer,
            sa.ForeignKey("support_requests.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("stored_name", sa.String(64), nullable=False, unique=True),
        sa.Column("file_name", sa.String(100), nullable=False),
        sa.Column("content_type", sa.String(100), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
    )
    op.create_index("ix_support_attachments_request_id", "support_attachments", ["request_id"])


def downgrade() -> None:
    for name in ("support_attachments", "support_requests", "deflections"):
        op.drop_table(name)
