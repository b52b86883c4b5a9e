"""Recording what readers do: searches, result clicks and article views.

The site and the API call ``record_search`` and ``record_view``; the
recorder queues the event and a background thread writes it, so a request
never waits for the store. Nothing that identifies a reader is recorded:
the user agent is looked at in memory only, to leave out obvious bots.
"""

from __future__ import annotations

import atexit
import json
import re
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from flask import Flask, current_app, request

from ledger import config as ledger_config
from ledger.recorder import Recorder, normalize_query
from search.browse.catalog import ArticleView
from search.index.articles import LOCALES, valid_id
from search.query.engine import Hit, SearchResponse

# Crawlers and command-line fetchers say what they are; people's browsers
# do not contain these words. Matched against the case-folded header: with
# IGNORECASE, trying every word at every position of a browser's long
# User-Agent cost 9 µs a request, on the folded text 1 µs.
BOT = re.compile(r"bot\b|crawl|spider|slurp|preview|facebookexternalhit|curl/|wget/")
# The no-JavaScript way to count a click: the result link carries these and
# the article view records the click (clicks.js strips them and sends a beacon).
# A result link carries its position only; the query is the results page's
# own (the Referer of a same-site click, or the page's URL to the beacon
# script), so a long query is not repeated in every link of the page.
CLICK_POSITION = "sp"


def recorder() -> Recorder | None:
    return current_app.extensions.get("spravka_ledger")


def is_bot() -> bool:
    return bool(BOT.search(request.headers.get("User-Agent", "").casefold()))


def recording() -> Recorder | None:
    """The recorder, if this request's events are recorded: asked before a
    row is made, so that a site that records nothing spends nothing on it."""
    rec = recorder()
    return rec if rec is not None and not is_bot() else None


def record(kind: str, **row: Any) -> None:
    rec = recording()
    if rec is not None:
        rec.record(kind, **row)


def record_search(response: SearchResponse, channel: str) -> None:
    rec = recording()
    if rec is None:
        return
    rec.record(
        "searches",
        channel=channel,
        query=normalize_query(response.query),
        locale=response.locale,
        category=response.category,
        results=response.total,
        corrected_query=response.corrected_query,
        correction_applied=bool(response.notes.get("auto_corrected")),
        shown_ids=json.dumps([hit.id for hit in response.results]),
    )


def record_click(query: str, locale: str, article_id: str, position: int, fallback: bool, via: str) -> None:
    record(
        "clicks",
        query=normalize_query(query),
        locale=locale,
        article_id=article_id,
        position=position,
        fallback=fallback,
        via=via,
    )


def record_view(view: ArticleView) -> None:
    article_id = view.doc["id"]
    record("views", article_id=article_id, locale=view.locale, fallback=view.fallback, stale=view.stale)
    click = click_from_link()
    if click is not None:
        record_click(click[0], view.locale, article_id, click[1], view.fallback, via="link")


def click_from_link() -> tuple[str, int] | None:
    """The (query, position) of a result link followed with JavaScript off:
    the position from the link, the query from the results page it was on."""
    position = request.args.get(CLICK_POSITION, "")
    if not position.isdigit() or not 0 < int(position) <= 1000:
        return None
    came_from = urlsplit(request.referrer or "")
    if came_from.netloc != request.host or not came_from.path.endswith("/search"):
        return None
    query = parse_qs(came_from.query).get("q", [""])[0]
    return (query, int(position)) if query.strip() else None


def click_url(hit: Hit, position: int) -> str:
    """A result's link, carrying its position (see ``click_from_link``)."""
    return f"{hit.url}?{urlencode({CLICK_POSITION: position})}"


def valid_click(locale: str, article_id: str) -> bool:
    return locale in LOCALES and valid_id(article_id)


def init_app(app: Flask) -> None:
    app.add_template_global(click_url)
    if not app.config["RECORD_EVENTS"]:
        return
    recorder = Recorder(ledger_config.make_engine(app.config["DATABASE_URL"]))
    app.extensions["spravka_ledger"] = recorder
    # A worker that is stopped writes what it has queued (briefly: a store
    # that is down must not hold up a shutdown).
    atexit.register(recorder.flush, timeout=2.0)
