"""Where the store is and how long raw events are kept, from ``SPRAVKA_*``
environment variables (the same prefix as the site's settings)."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

DEFAULT_PATH = Path("var") / "spravka.db"
DEFAULT_URL = f"sqlite:///{DEFAULT_PATH.as_posix()}"
# Raw events older than this are folded into daily aggregates and deleted
# (`python -m ledger prune`): enough for a month-over-month look at what
# readers searched, short enough that no trail of one reader's visits builds up.
DEFAULT_RETENTION_DAYS = 90


def database_url(env: dict[str, str] | None = None) -> str:
    env = os.environ if env is None else env
    return env.get("SPRAVKA_DATABASE_URL") or DEFAULT_URL


def retention_days(env: dict[str, str] | None = None) -> int:
    env = os.environ if env is None else env
    return int(env.get("SPRAVKA_RETENTION_DAYS") or DEFAULT_RETENTION_DAYS)


def make_engine(url: str) -> Engine:
    """An engine for ``url``. A SQLite file's folder is created (not for a
    ``file:`` URI, which names its file itself); PostgreSQL
    gives up connecting after a few seconds, so a store that is down costs
    the background writer a short wait, never a hang."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        plain_path = parsed.database and not parsed.database.startswith("file:")
        if plain_path and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 5})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        # psycopg 3 is the driver the project installs; a bare
        # postgresql:// URL would otherwise ask for psycopg2.
        parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(parsed, pool_pre_ping=True, connect_args={"connect_timeout": 3})


def _sqlite_pragmas(connection, _record) -> None:
    # WAL lets the insights page read while a web worker writes.
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()
