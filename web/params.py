"""Request parameters shared by the pages and the API, read one way."""

from __future__ import annotations

from flask import request

from search.query.engine import MAX_PAGE


def page_number() -> int:
    """The ``page`` parameter, clamped to the pages a search can have."""
    try:
        return min(max(1, int(request.args.get("page", 1))), MAX_PAGE)
    except ValueError:
        return 1
