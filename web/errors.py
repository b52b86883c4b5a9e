"""Error pages in the reader's language, and JSON errors under ``/api/``."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from search.store import IndexUnavailable


def wants_json() -> bool:
    return request.path.startswith("/api/")


def init_app(app: Flask) -> None:
    @app.errorhandler(IndexUnavailable)
    def index_unavailable(exc: IndexUnavailable):
        app.logger.error("index unavailable: %s", exc)
        if wants_json():
            return {"error": "index_unavailable", "message": str(exc)}, 503
        return render_template("unavailable.html"), 503

    @app.errorhandler(404)
    def not_found(exc: HTTPException):
        if wants_json():
            return {"error": "not_found", "message": exc.description}, 404
        return render_template("not_found.html", title=_("Page not found")), 404

    @app.errorhandler(400)
    def bad_request(exc: HTTPException):
        return {"error": "bad_request", "message": exc.description}, 400
