"""Absolute links to the site, for what is read away from it: the links in
emails, and the OpenSearch description a browser keeps."""

from __future__ import annotations

from typing import Any

from flask import current_app, url_for


def absolute_url(endpoint: str, **values: Any) -> str:
    """An absolute link to a page of the site, on ``PUBLIC_URL`` when it is
    set: a link built from the request's own host would go wherever the
    client's ``Host`` header said, a way to send a reader, or the support
    team, to another site (and, through a shared cache, everyone who asks
    next)."""
    public = current_app.config["PUBLIC_URL"].rstrip("/")
    if public:
        return public + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)
