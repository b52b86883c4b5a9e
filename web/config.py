"""The site's settings, each declared once with its default and what it does.

``create_app`` loads the defaults, then ``SPRAVKA_<NAME>`` environment
variables (``SPRAVKA_INDEX_DIR=var/other``; values are parsed as JSON where
they can be, so ``SPRAVKA_PER_PAGE=20`` is a number), then the mapping a
caller (a test) passes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ledger.config import DEFAULT_URL
from search.index.store import DEFAULT_ROOT

ENV_PREFIX = "SPRAVKA"


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS = (
    Setting("INDEX_DIR", str(DEFAULT_ROOT), "index directory: generations and the CURRENT pointer"),
    Setting("INDEX_CHECK_INTERVAL", 2.0, "seconds between checks for a newly published index generation"),
    Setting("PER_PAGE", 10, "search results per page, on the site and in the API"),
    Setting(
        "DATABASE_URL", DEFAULT_URL, "SQLAlchemy URL of the store of reader events (SQLite or PostgreSQL)"
    ),
    Setting("RECORD_EVENTS", True, "record searches, clicks, views and votes (false: record nothing)"),
    Setting("INSIGHTS_TOKEN", "", "password of the /insights reports; empty: the page does not exist"),
    Setting(
        "PREVIEW_STATUS", "", "build status file of `python -m indexer preview`; pages show it as a banner"
    ),
    Setting("SECRET_KEY_FILE", "var/secret-key", "signing key of the vote form, created on first start"),
)


def defaults() -> dict[str, Any]:
    return {setting.name: setting.default for setting in SETTINGS}
