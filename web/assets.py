"""Static files: content-hashed URLs cached for a year, and compressed answers.

``url_for('static', filename='site.css')`` becomes ``/static/site.css?v=<hash
of the file>``: a browser keeps it for a year without asking again, and a
changed file gets a new URL. A request with an old or missing hash is served
but not cached, so a page from before a deploy never pins a stale file.
Compression (brotli, else gzip) is Flask-Compress's.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from flask import Flask, Response, current_app, request
from flask_compress import Compress

ONE_YEAR = 365 * 24 * 3600
VERSION_PARAM = "v"
COMPRESSED_TYPES = ["text/html", "text/css", "text/javascript", "application/json", "image/svg+xml"]


@cache
def _content_hash(folder: str, filename: str) -> str | None:
    path = Path(folder, filename)
    if not path.is_file():
        return None
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def static_hash(filename: str) -> str | None:
    """The hash of a static file's content (computed once per process)."""
    return _content_hash(current_app.static_folder or "", filename)


def init_app(app: Flask) -> None:
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_MIMETYPES", COMPRESSED_TYPES)
    Compress(app)

    @app.url_defaults
    def hashed_static_url(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "filename" in values:
            values.setdefault(VERSION_PARAM, static_hash(values["filename"]))

    @app.after_request
    def cache_hashed_static(response: Response) -> Response:
        if request.endpoint != "static" or response.status_code != 200:
            return response
        version = request.args.get(VERSION_PARAM)
        if version and version == static_hash(request.view_args["filename"]):
            response.cache_control.public = True
            response.cache_control.max_age = ONE_YEAR
            response.cache_control.immutable = True
        else:
            response.cache_control.no_cache = True
            response.cache_control.max_age = None
        return response
