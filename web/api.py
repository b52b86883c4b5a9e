"""JSON API: search (the same data as ``python -m search --json``),
autocomplete, articles and a health check, described in ``openapi.json``."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, current_app, request

from search.browse.catalog import catalog
from search.browse.suggest import suggest
from search.index.articles import LOCALES, SOURCE_LOCALE, article_url, resolve_links
from search.index.store import IndexUnavailable
from search.query.engine import search
from web.events import record_search
from web.index import get_index, index_damaged, index_handle
from web.params import page_number

OPENAPI_FILE = Path(__file__).with_name("openapi.json")

api = Blueprint("api", __name__)


def requested_locale() -> str:
    locale = request.args.get("locale", SOURCE_LOCALE)
    if locale not in LOCALES:
        abort(400, f"locale must be one of {', '.join(LOCALES)}")
    return locale


@api.get("/api/search")
def search_api():
    locale = requested_locale()  # a bad request is one with or without an index
    response = search(
        get_index(),
        request.args.get("q", ""),
        locale=locale,
        category=request.args.get("category") or None,
        page=page_number(),
        per_page=current_app.config["PER_PAGE"],
        auto_correct=not request.args.get("exact"),
    )
    record_search(response, "api")
    return response.to_json()


@api.get("/api/suggest")
def suggest_api():
    text, locale = request.args.get("q", ""), requested_locale()
    found = suggest(get_index(), text, locale=locale)
    if request.args.get("format") == "opensearch":
        # What a browser's search bar asks for: [query, [completions]].
        body = json.dumps([text, [s.text for s in found]], ensure_ascii=False)
        return body, 200, {"Content-Type": "application/x-suggestions+json; charset=utf-8"}
    return {"query": text, "locale": locale, "suggestions": [s.to_json() for s in found]}


@api.get("/api/articles/<path:article_id>")
def article_api(article_id: str):
    locale = requested_locale()
    view = catalog(get_index()).view(article_id, locale)
    if view is None:
        abort(404, f"no article {article_id!r}")
    doc = view.doc
    return {
        "id": doc["id"],
        "locale": doc["locale"],
        "title": doc["title"],
        "category": doc["category"],
        "summary": doc.get("summary") or "",
        "updated": doc.get("updated"),
        "url": article_url(locale, doc["id"]),
        "html": resolve_links(doc["html"], locale),
        "toc": [{"level": level, "anchor": anchor, "title": title} for level, anchor, title in doc["toc"]],
        "translations": list(view.translations),
        "fallback": view.fallback,
        "stale": view.stale,
    }


@api.get("/api/openapi.json")
def openapi():
    return openapi_document()


@api.get("/healthz")
def healthz():
    """Whether searches can be answered, found by reading the index the way
    a search does (a posting list, stored fields), not by opening it only.
    ``degraded``: serving the last good generation because the one
    ``CURRENT`` names cannot be read."""
    try:
        index = get_index()
        index.probe()
    except IndexUnavailable as exc:
        return {"status": "unavailable", "reason": exc.reason}, 503
    except Exception:  # whatever the probe raises, searches would raise too
        current_app.logger.exception("health probe failed")
        return {"status": "unavailable", "reason": "damaged" if index_damaged() else "unreadable"}, 503
    problem = index_handle().problem
    answer = {"status": "ok", "built_at": index.meta.built_at, "documents": index.doc_count}
    if problem is not None:
        answer |= {"status": "degraded", "reason": problem.reason}
    return answer


@cache
def openapi_document() -> dict[str, Any]:
    return json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))
