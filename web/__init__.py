"""The Spravka web site and JSON API (Flask application factory)."""

from __future__ import annotations

from typing import Any

from flask import Flask

from search.store import IndexHandle
from web import errors, i18n, security
from web.config import Config


def create_app(config: type | dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_object(Config)
    if isinstance(config, dict):
        app.config.update(config)
    elif config is not None:
        app.config.from_object(config)
    # One handle per worker process: it opens the index once and reopens it
    # when a rebuild publishes a new generation.
    app.extensions["spravka_index"] = IndexHandle(
        app.config["INDEX_DIR"], check_interval=app.config["INDEX_CHECK_INTERVAL"]
    )

    from web.api import api
    from web.site import site

    i18n.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    app.register_blueprint(site)
    app.register_blueprint(api)
    return app
