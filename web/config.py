"""Configuration objects for ``create_app``; environment variables override."""

from __future__ import annotations

import os


class Config:
    INDEX_DIR = os.environ.get("SPRAVKA_INDEX", "var/index")
    # How often a worker checks whether the index was rebuilt, in seconds.
    INDEX_CHECK_INTERVAL = 2.0
    DEFAULT_LOCALE = "en"
    PER_PAGE = 10
    JSON_AS_ASCII = False


class TestingConfig(Config):
    TESTING = True
    INDEX_CHECK_INTERVAL = 0.0
