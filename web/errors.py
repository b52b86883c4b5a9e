"""Error answers: JSON under ``/api/``, pages in the reader's language
elsewhere. None of them carries internals (paths, exception text): those go
to the log."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException, InternalServerError

from search.index.store import READ_ERRORS, IndexUnavailable
from web.index import index_damaged


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def unavailable(reason: str):
    """The 503 of a missing or unreadable index; ``reason`` is a public word."""
    if wants_json():
        message = "the search index is unavailable"
        return {"error": "index_unavailable", "reason": reason, "message": message}, 503
    return render_template("unavailable.html"), 503


def init_app(app: Flask) -> None:
    @app.errorhandler(IndexUnavailable)
    def index_unavailable(exc: IndexUnavailable):
        app.logger.error("index unavailable: %s", exc)
        return unavailable(exc.reason)

    def read_failed(exc: Exception):
        # A damaged file, or the disk failing under it: this request cannot
        # be answered, and the generation is checked so that, if it is
        # damaged, every later request gets the same 503.
        app.logger.error("index read failed on %s", request.path, exc_info=exc)
        return unavailable("damaged" if index_damaged() else "unreadable")

    for error in READ_ERRORS:
        app.register_error_handler(error, read_failed)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if wants_json():
            return {"error": _slug(exc), "message": exc.description}, exc.code
        if exc.code == 404:
            return render_template("not_found.html", title=_("Page not found")), 404
        title, message = _explained(exc)
        return render_template("error.html", code=exc.code, title=title, message=message), exc.code

    @app.errorhandler(InternalServerError)
    def internal_error(exc: InternalServerError):
        # Garbage in a damaged file can raise almost anything while it is
        # decoded; what is not a read error is a 500 only if the index
        # turns out intact.
        if index_damaged():
            return read_failed(exc.original_exception or exc)
        # Werkzeug's description of a 500 is generic; the original exception
        # goes to the log only.
        app.logger.error("internal error on %s", request.path, exc_info=exc.original_exception)
        if wants_json():
            return {"error": "internal_error", "message": "internal error"}, 500
        return render_template("error.html", code=500, title=_("Something went wrong")), 500


def _explained(exc: HTTPException) -> tuple[str, str | None]:
    """An error page's title and what went wrong, in the reader's language:
    the message a view gave with ``abort`` (already translated), never
    Werkzeug's English default, nor its English name for a code without a
    title of its own (405 "Method Not Allowed")."""
    titles = {
        400: _("The request could not be read"),
        403: _("Not allowed"),
        413: _("Too large to send"),
        429: _("Too many requests"),
    }
    if exc.code == 429:  # Flask-Limiter's description is the limit, in English
        return titles[429], _("Too many requests came from your address. Wait a minute and try again.")
    own = exc.description if exc.description != type(exc).description else None
    return titles.get(exc.code or 0, _("The request could not be answered")), own


def _slug(exc: HTTPException) -> str:
    return (exc.name or "error").lower().replace(" ", "_")
