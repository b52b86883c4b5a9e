"""Response headers every page and API answer carries, and the password
check of the team-only pages."""

from __future__ import annotations

import hmac
from urllib.parse import urlsplit

from flask import Flask, Response, abort, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

# Posts per client address (behind a proxy, see PROXY_HOPS), in memory by
# default: right for one node. Several nodes share a count through
# RATELIMIT_STORAGE_URI (redis://, memcached://).
limiter = Limiter(key_func=get_remote_address)

# No inline scripts or styles anywhere: the templates load site.css and
# autocomplete.js only, so a script smuggled into an article or a query
# cannot run even if escaping were to fail.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        # Images come from the site itself (or are inline): an article cannot
        # make readers' browsers fetch a tracking pixel elsewhere.
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
}


def same_origin() -> bool:
    """Whether a POST comes from the site's own pages: a browser says where
    it comes from; anything else is refused."""
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site == "same-origin"
    origin = request.headers.get("Origin")
    return origin is not None and urlsplit(origin).netloc == request.host


def token_authorized(setting: str) -> bool:
    """Whether the request carries the token of ``setting``, as the
    password of HTTP Basic authentication (any user name) or as
    ``Authorization: Bearer <token>``. Without a configured token the page
    does not exist (404), so a site that never set one exposes nothing."""
    token = str(current_app.config[setting] or "")
    if not token:
        abort(404)
    given = request.authorization.password if request.authorization else None
    if request.authorization and request.authorization.type == "bearer":
        given = request.authorization.token
    return given is not None and hmac.compare_digest(given.encode(), token.encode())


# API answers change only when the index is rebuilt: caches (and browsers
# typing in the search box) may keep them briefly. Errors are never kept, so
# a 503 during a rebuild does not outlive it.
API_CACHE = "public, max-age=60"
ERROR_CACHE = "no-store"


def cache_control(path: str, status: int) -> str | None:
    """The ``Cache-Control`` of an answer, or None to leave it unset.

    >>> cache_control("/api/search", 200), cache_control("/api/search", 503)
    ('public, max-age=60', 'no-store')
    >>> cache_control("/healthz", 200), cache_control("/en/", 200)
    ('no-store', None)
    """
    if status >= 400 or path == "/healthz":
        return ERROR_CACHE
    if path.startswith("/api/"):
        return API_CACHE
    return None


def init_app(app: Flask) -> None:
    limiter.init_app(app)

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        policy = cache_control(request.path, response.status_code)
        if policy is not None:
            response.headers.setdefault("Cache-Control", policy)
        return response
