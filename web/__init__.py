"""The Spravka web site and JSON API (Flask application factory)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from search.index.store import IndexHandle
from web import assets, errors, events, feedback, i18n, index, preview, security, support
from web.api import api
from web.config import ENV_PREFIX, defaults
from web.insights import insights
from web.site import site
from web.support_desk import support_desk


def create_app(overrides: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(defaults())
    app.config.from_prefixed_env(ENV_PREFIX)
    if overrides:
        app.config.from_mapping(overrides)
    _check_public_url(app.config["PUBLIC_URL"])
    if app.config["PROXY_HOPS"]:
        hops = int(app.config["PROXY_HOPS"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
        if not app.config["PUBLIC_URL"]:  # deployed, then, and its absolute links at a client's word
            app.logger.warning("PUBLIC_URL is not set: absolute links name the host each request names")
    # Cyrillic in JSON answers as UTF-8, not as \\u escapes.
    app.json.ensure_ascii = False
    # One handle per worker process: it opens the index once and reopens it
    # when a rebuild publishes a new generation.
    app.extensions["spravka_index"] = IndexHandle(
        app.config["INDEX_DIR"], check_interval=app.config["INDEX_CHECK_INTERVAL"]
    )
    i18n.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    index.init_app(app)
    assets.init_app(app)
    events.init_app(app)
    feedback.init_app(app)
    support.init_app(app)
    preview.init_app(app)
    app.register_blueprint(site)
    app.register_blueprint(api)
    app.register_blueprint(insights)
    app.register_blueprint(support_desk)
    return app


def _check_public_url(url: str) -> None:
    if url and not _site_address(url):
        raise ValueError(f"PUBLIC_URL must be a site's address, like https://help.example.com: {url!r}")


def _site_address(url: str) -> bool:
    """Whether ``url`` is a scheme and a host (with a port), nothing else.

    >>> [_site_address(u) for u in ("HTTPS://help.example.com/", "http://[::1]:8000", "http://:80")]
    [True, True, False]
    >>> [_site_address(u) for u in ("https://evil.example\\.help.example.com", "https://a@b.example", "ftp://x")]
    [False, False, False]
    """
    parts = urlsplit(url)
    try:
        parts.port  # noqa: B018 (raises on a port that is no number)
    except ValueError:
        return False
    return (
        parts.scheme.lower() in ("http", "https")
        and bool(parts.hostname)
        and "@" not in parts.netloc
        and parts.path in ("", "/")
        and not (parts.query or parts.fragment)
        and "\\" not in url
    )
