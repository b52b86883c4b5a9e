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
    # Support requests (docs/support.md).
    Setting("SUPPORT_TOKEN", "", "password of the /support/requests view; empty: the view does not exist"),
    Setting(
        "SUPPORT_FILE", "corpus/support.yml", "priority definitions, response times and channels by plan"
    ),
    Setting(
        "SUPPORT_FILES_DIR", "var/support-files", "where attachments are stored (outside the static folder)"
    ),
    Setting("SUPPORT_MAX_FILES", 5, "attachments per request"),
    Setting("SUPPORT_MAX_FILE_BYTES", 10_000_000, "size limit of one attachment"),
    Setting("SUPPORT_CONFIRM_HOURS", 24, "hours a request waits for its emailed link before it expires"),
    Setting("SUPPORT_RATE_LIMIT", "10 per minute;60 per hour", "support form posts per client address"),
    Setting("VOTE_RATE_LIMIT", "10 per minute;60 per hour", "article votes per client address"),
    Setting("RATELIMIT_ENABLED", True, "whether the rate limits apply (false: none, as in most tests)"),
    Setting(
        "RATELIMIT_STORAGE_URI",
        "memory://",
        "rate-limit counters; redis:// or memcached:// for several nodes",
    ),
    Setting(
        "PUBLIC_URL",
        "",
        "the site's address as readers reach it (https://help.example.com); absolute links use it "
        "(emails, OpenSearch). "
        "Empty: the host a request names, which its client chooses: set it on a public site",
    ),
    Setting(
        "PROXY_HOPS",
        0,
        "proxies in front of the site (1 behind deploy/nginx.conf): each request's client address "
        "and scheme are read from the headers they add, so rate limits count clients, not the proxy",
    ),
    Setting("SUPPORT_EMAIL", "support@meetly.example", "address notified of every confirmed request"),
    Setting("MAIL_FROM", "Meetly Help Center <help@meetly.example>", "sender of the site's emails"),
    Setting("SMTP_HOST", "", "SMTP server; empty: emails are written to OUTBOX_DIR instead"),
    Setting("SMTP_PORT", 25, "SMTP port"),
    Setting("SMTP_USER", "", "SMTP login (empty: none)"),
    Setting("SMTP_PASSWORD", "", "SMTP password"),
    Setting("SMTP_STARTTLS", False, "upgrade the SMTP connection with STARTTLS"),
    Setting("OUTBOX_DIR", "var/outbox", "one .eml file per email when no SMTP server is configured"),
)


def defaults() -> dict[str, Any]:
    return {setting.name: setting.default for setting in SETTINGS}
