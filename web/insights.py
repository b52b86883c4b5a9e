"""The insights reports for documentation teams, behind a password.

``/<locale>/insights`` asks for HTTP Basic authentication (any user name,
the password ``INSIGHTS_TOKEN``) or ``Authorization: Bearer <token>``.
Without a configured token the page does not exist (404), so a site that
never set one exposes nothing.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import SQLAlchemyError

from ledger.facts import IndexFacts
from ledger.migrate import upgrade
from ledger.reports import build_reports, synthetic_events
from search.index.articles import LOCALES
from web.charts import line_chart
from web.events import recorder
from web.i18n import preferred_locale
from web.index import get_index
from web.security import token_authorized

insights = Blueprint("insights", __name__)


def labels() -> dict[str, dict[str, str]]:
    """The page's words for report names, columns and chart lines, in the
    reader's language (gettext needs a request to know which). A chart line
    is named like the column it draws, in lower case."""
    words = _words()
    titles = {report: words[key] for report, key in TITLES.items()}
    columns = {key: words[key] for key in COLUMNS}
    series = {line: _lower_first(words[key]) for line, key in SERIES.items()}
    return {"titles": titles, "columns": columns, "series": series}


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


# Which words are report titles, which are columns, and which column each
# chart line draws.
TITLES = {
    name: name for name in ("top_queries", "no_clicks", "corrections", "translate_first", "helpfulness")
}
TITLES |= {"zero_results": "zero_results_report", "stale_translations": "stale_translations"}
TITLES |= {"deflection": "deflection"}
COLUMNS = ("query", "locale", "searches", "zero_results", "clicks", "closest", "corrected_query", "clicked")
COLUMNS += ("article_id", "title", "fallback_views", "clicks_from_russian_searches", "demand", "words")
COLUMNS += ("effort_hours", "stale_views", "stale_since", "days_stale", "helpful", "not_helpful", "ratio")
COLUMNS += ("reasons", "shown", "solved", "sent", "deflection_rate")
SERIES = {"searches": "searches", "zero-result searches": "zero_results", "clicks": "clicks"}
SERIES |= {"searches with results": "with_results", "corrections applied": "corrections"}
SERIES |= {"fallback views": "fallback_views", "stale views": "stale_views", "helpful": "helpful"}
SERIES |= {"not helpful": "not_helpful", "solved": "solved", "sent": "sent"}


def _words() -> dict[str, str]:
    return {
        "top_queries": _("Top queries"),
        "zero_results_report": _("Zero-result queries"),
        "no_clicks": _("Queries with results but no clicks"),
        "corrections": _("Corrections applied"),
        "translate_first": _("Translate these first"),
        "stale_translations": _("Stale translations by traffic"),
        "helpfulness": _("Article helpfulness"),
        "deflection": _("Support deflection"),
        "query": _("Query"),
        "locale": _("Language"),
        "searches": _("Searches"),
        "zero_results": _("No results"),
        "with_results": _("Searches with results"),
        "clicks": _("Clicks"),
        "closest": _("Closest articles"),
        "corrected_query": _("Corrected to"),
        "clicked": _("Clicked after"),
        "article_id": _("Article"),
        "title": _("Title"),
        "fallback_views": _("Views in English"),
        "clicks_from_russian_searches": _("Clicks from Russian searches"),
        "demand": _("Demand"),
        "words": _("Words"),
        "effort_hours": _("Effort, hours"),
        "stale_views": _("Views while stale"),
        "stale_since": _("Stale since"),
        "days_stale": _("Days stale"),
        "helpful": _("Helpful"),
        "not_helpful": _("Not helpful"),
        "ratio": _("Helpful share"),
        "reasons": _("Reasons"),
        "shown": _("Forms with suggestions"),
        "solved": _("Solved without a request"),
        "sent": _("Requests sent"),
        "deflection_rate": _("Deflection rate"),
    }


@insights.get("/insights")
def insights_root():
    return redirect(url_for("insights.insights_page", locale=preferred_locale()))


@insights.get("/<locale>/insights")
def insights_page(locale: str):
    if locale not in LOCALES:
        abort(404)
    if not token_authorized("INSIGHTS_TOKEN"):
        return (
            render_template("error.html", code=401, title=_("Password required")),
            401,
            {"WWW-Authenticate": 'Basic realm="Spravka insights", charset="UTF-8"'},
        )
    rec = recorder()
    days = min(max(request.args.get("days", 30, type=int) or 30, 1), 365)
    reports, synthetic, failed = [], 0, False
    if rec is not None:
        try:
            upgrade(rec.engine)  # a store nothing was written to yet has no tables
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
            **labels(),
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
