"""The Spravka web site and JSON API (Flask application factory)."""

from __future__ import annotations

from typing import Any

from flask import Flask, render_template, request

from search.store import IndexHandle, IndexUnavailable
from web.config import Config


def create_app(config: type | dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_object(Config)
    if isinstance(config, dict):
        app.config.update(config)
    elif config is not None:
        app.config.from_object(config)
    app.extensions["spravka_index"] = IndexHandle(
        app.config["INDEX_DIR"], check_interval=app.config["INDEX_CHECK_INTERVAL"]
    )

    from web.api import api
    from web.site import site

    app.register_blueprint(site)
    app.register_blueprint(api, url_prefix="/api")

    @app.errorhandler(IndexUnavailable)
    def index_unavailable(exc: IndexUnavailable):
        app.logger.error("index unavailable: %s", exc)
        if request.path.startswith("/api/"):
            return {"error": "index_unavailable", "message": str(exc)}, 503
        return render_template("unavailable.html", message=str(exc)), 503

    return app
