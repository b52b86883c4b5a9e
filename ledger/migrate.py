"""Bringing a store's schema up to date with the Alembic migrations in
``ledger/migrations`` (run on start by the recorder, or by
``python -m ledger upgrade``)."""

from __future__ import annotations

import threading
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).with_name("migrations")
# The event recorder and the support store each bring their store up to date
# on first use; in one process they take turns, so that two threads never run
# the same migration at once.
_upgrading = threading.Lock()


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head() -> str | None:
    return ScriptDirectory.from_config(_config()).get_current_head()


def current(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Apply every migration the store has not had yet; a store already at
    the head is only read, so a read-only SQLite file upgrades fine."""
    with _upgrading:
        if current(engine) == head():
            return
        config = _config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
