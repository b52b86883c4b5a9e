"""Request parameters shared by the pages, the forms and the API, read one way."""

from __future__ import annotations

from flask import request

from search.query.engine import MAX_PAGE


def page_number() -> int:
    """The ``page`` parameter, clamped to the pages a search can have."""
    try:
        return min(max(1, int(request.args.get("page", 1))), MAX_PAGE)
    except ValueError:
        return 1


def typed_text(text: str) -> str:
    r"""A form field's value as the reader typed it. A browser sends each
    line break as ``\r\n`` but counts it as one character against
    ``maxlength``, so the limits here count it as one too.

    >>> typed_text(" a\r\nb\rc ")
    'a\nb\nc'
    """
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()
