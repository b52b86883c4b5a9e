"""The Spravka web site and JSON API (Flask application factory)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from search.index.store import IndexHandle
from web import assets, errors, events, feedback, i18n, index, preview, security, support
from web.api import api
from web.config import ENV_PREFIX, defaults
from web.insights import insights
from web.site import site
from web.support_desk import support_desk


def create_app(overrides: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(defaults())
    app.config.from_prefixed_env(ENV_PREFIX)
    if overrides:
        app.config.from_mapping(overrides)
    # Cyrillic in JSON answers as UTF-8, not as \\u escapes.
    app.json.ensure_ascii = False
    # One handle per worker process: it opens the index once and reopens it
    # when a rebuild publishes a new generation.
    app.extensions["spravka_index"] = IndexHandle(
        app.config["INDEX_DIR"], check_interval=app.config["INDEX_CHECK_INTERVAL"]
    )
    i18n.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    index.init_app(app)
    assets.init_app(app)
    events.init_app(app)
    feedback.init_app(app)
    support.init_app(app)
    preview.init_app(app)
    app.register_blueprint(site)
    app.register_blueprint(api)
    app.register_blueprint(insights)
    app.register_blueprint(support_desk)
    return app
