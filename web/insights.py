"""The insights reports for documentation teams, behind a password.

``/<locale>/insights`` asks for HTTP Basic authentication (any user name,
the password ``INSIGHTS_TOKEN``) or ``Authorization: Bearer <token>``.
Without a configured token the page does not exist (404), so a site that
never set one exposes nothing.
"""

from __future__ import annotations

import hmac

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import SQLAlchemyError

from ledger.facts import IndexFacts
from ledger.reports import build_reports, synthetic_events
from search.index.articles import LOCALES
from web.charts import line_chart
from web.events import recorder
from web.i18n import preferred_locale
from web.index import get_index

insights = Blueprint("insights", __name__)

TITLES = {
    "top_queries": _l("Top queries"),
    "zero_results": _l("Zero-result queries"),
    "no_clicks": _l("Queries with results but no clicks"),
    "corrections": _l("Corrections applied"),
    "translate_first": _l("Translate these first"),
    "stale_translations": _l("Stale translations by traffic"),
    "helpfulness": _l("Article helpfulness"),
}
COLUMNS = {
    "query": _l("Query"),
    "locale": _l("Language"),
    "searches": _l("Searches"),
    "zero_results": _l("No results"),
    "clicks": _l("Clicks"),
    "closest": _l("Closest articles"),
    "corrected_query": _l("Corrected to"),
    "clicked": _l("Clicked after"),
    "article_id": _l("Article"),
    "title": _l("Title"),
    "fallback_views": _l("Views in English"),
    "clicks_from_russian_searches": _l("Clicks from Russian searches"),
    "demand": _l("Demand"),
    "words": _l("Words"),
    "effort_hours": _l("Effort, hours"),
    "stale_views": _l("Views while stale"),
    "stale_since": _l("Stale since"),
    "days_stale": _l("Days stale"),
    "helpful": _l("Helpful"),
    "not_helpful": _l("Not helpful"),
    "ratio": _l("Helpful share"),
    "reasons": _l("Reasons"),
}
SERIES = {
    "searches": _l("searches"),
    "zero-result searches": _l("zero-result searches"),
    "searches with results": _l("searches with results"),
    "clicks": _l("clicks"),
    "corrections applied": _l("corrections applied"),
    "fallback views": _l("views in English"),
    "stale views": _l("views while stale"),
    "helpful": _l("helpful"),
    "not helpful": _l("not helpful"),
}


def authorized() -> bool:
    token = str(current_app.config["INSIGHTS_TOKEN"] or "")
    if not token:
        abort(404)
    given = request.authorization.password if request.authorization else None
    if request.authorization and request.authorization.type == "bearer":
        given = request.authorization.token
    return given is not None and hmac.compare_digest(given.encode(), token.encode())


@insights.get("/insights")
def insights_root():
    return redirect(url_for("insights.insights_page", locale=preferred_locale()))


@insights.get("/<locale>/insights")
def insights_page(locale: str):
    if locale not in LOCALES:
        abort(404)
    if not authorized():
        return (
            render_template("error.html", code=401, title=_l("Password required")),
            401,
            {"WWW-Authenticate": 'Basic realm="Spravka insights", charset="UTF-8"'},
        )
    rec = recorder()
    days = min(max(request.args.get("days", 30, type=int) or 30, 1), 365)
    reports, synthetic, failed = [], 0, False
    if rec is not None:
        try:
            with rec.engine.connect() as conn:
                reports = build_reports(conn, IndexFacts(get_index()), days=days)
                synthetic = synthetic_events(conn)
        except SQLAlchemyError:
            current_app.logger.exception("insights: the store cannot be read")
            failed = True
    return (
        render_template(
            "insights.html",
            reports=reports,
            titles=TITLES,
            columns=COLUMNS,
            series_names=SERIES,
            chart=line_chart,
            days=days,
            synthetic=synthetic,
            store_failed=failed,
            recording=rec is not None,
            dropped=rec.stats.dropped if rec else 0,
            written=rec.stats.written if rec else 0,
        ),
        200,
        {"Cache-Control": "no-store"},
    )
