"""JSON API: the same data as ``python -m search --json``."""

from __future__ import annotations

from flask import Blueprint, current_app, request

from search.engine import search
from web.index import current_index

api = Blueprint("api", __name__)


def _page() -> int:
    try:
        return int(request.args.get("page", 1))
    except ValueError:
        return 1


@api.get("/search")
def search_api():
    response = search(
        current_index(),
        request.args.get("q", ""),
        locale=request.args.get("locale", "en"),
        category=request.args.get("category") or None,
        page=_page(),
        per_page=current_app.config["PER_PAGE"],
    )
    return response.to_json()
