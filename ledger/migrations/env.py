"""Alembic's entry point: runs the migrations on the connection that
``ledger.migrate.upgrade`` passes in (there is no alembic.ini)."""

from __future__ import annotations

from alembic import context

from ledger.tables import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
