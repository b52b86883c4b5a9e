"""Error answers: JSON under ``/api/``, pages in the reader's language
elsewhere. None of them carries internals (paths, exception text)."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException, InternalServerError

from search.index.store import IndexUnavailable


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def init_app(app: Flask) -> None:
    @app.errorhandler(IndexUnavailable)
    def index_unavailable(exc: IndexUnavailable):
        app.logger.error("index unavailable: %s", exc)
        if wants_json():
            return {"error": "index_unavailable", "message": "the search index is unavailable"}, 503
        return render_template("unavailable.html"), 503

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if wants_json():
            return {"error": _slug(exc), "message": exc.description}, exc.code
        if exc.code == 404:
            return render_template("not_found.html", title=_("Page not found")), 404
        return render_template("error.html", code=exc.code, title=exc.name), exc.code

    @app.errorhandler(InternalServerError)
    def internal_error(exc: InternalServerError):
        # Werkzeug's description of a 500 is generic; the original exception
        # goes to the log only.
        app.logger.error("internal error on %s", request.path, exc_info=exc.original_exception)
        if wants_json():
            return {"error": "internal_error", "message": "internal error"}, 500
        return render_template("error.html", code=500, title=_("Something went wrong")), 500


def _slug(exc: HTTPException) -> str:
    return (exc.name or "error").lower().replace(" ", "_")
