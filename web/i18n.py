"""The reader's language: taken from the URL prefix (``/en/…``, ``/ru/…``),
negotiated from ``Accept-Language`` only on ``/``. UI strings are gettext
messages (``web/translations``), compiled by ``make``."""

from __future__ import annotations

import datetime as dt

from flask import Flask, has_request_context, request, url_for
from flask_babel import Babel, format_date

from search.index.articles import LOCALES
from search.query.plan import clean

# What a results page carries over to the other language. Anything else in the
# query string stays behind: ``page`` because result pages differ between
# languages, and ``url_for``'s own keys (``_method``, ``_external``,
# ``_scheme``, ``_anchor``) because they would change the link or raise.
SEARCH_PARAMS = ("q", "category", "exact")

LANGUAGE_NAMES = {"en": "English", "ru": "Русский"}


def current_locale() -> str:
    """The locale of the URL prefix; also right for a 404 on an unknown path
    under ``/ru/``, where routing found no view to take it from."""
    if not has_request_context():
        return LOCALES[0]
    prefix = request.path.strip("/").split("/", 1)[0]
    return prefix if prefix in LOCALES else LOCALES[0]


def preferred_locale() -> str:
    return request.accept_languages.best_match(LOCALES, default=LOCALES[0])


def switch_url(locale: str) -> str:
    """This page in another language: the same article, the same search."""
    if not (request.endpoint and request.view_args and "locale" in request.view_args):
        return url_for("site.home", locale=locale)
    args = {**request.view_args, "locale": locale}
    if request.endpoint == "site.search_page":
        args.update({name: request.args[name] for name in SEARCH_PARAMS if request.args.get(name)})
        # The link carries the query as searched (cleaned and capped), not
        # however many kilobytes were sent.
        args["q"] = clean(args.get("q", ""))
    return url_for(request.endpoint, **args)


def format_updated(value: str) -> str:
    """An ISO date as the reader's language writes it (``12 августа 2026 г.``)."""
    try:
        return format_date(dt.date.fromisoformat(value), "long")
    except ValueError:
        return value


def init_app(app: Flask) -> None:
    Babel(app, locale_selector=current_locale, default_translation_directories="translations")
    app.add_template_filter(format_updated)

    @app.context_processor
    def language_context():
        locale = current_locale()
        return {
            "locale": locale,
            "languages": [(code, LANGUAGE_NAMES[code]) for code in LOCALES],
            "switch_url": switch_url,
        }
