"""The live index generation of a request, kept in ``g`` the way Flask's
tutorial keeps a database connection: one request sees one generation from
start to end, even if a rebuild is published in the middle of it."""

from __future__ import annotations

from flask import Flask, Response, current_app, g

from search.index.articles import article_url, resolve_links
from search.index.store import Generation, IndexHandle


def index_handle() -> IndexHandle:
    return current_app.extensions["spravka_index"]


def get_index() -> Generation:
    """The live index; raises ``IndexUnavailable`` (a 503) when there is none."""
    if "index" not in g:
        g.index = index_handle().get()
    return g.index


def index_damaged() -> bool:
    """After a request failed: whether the generation it read is damaged
    (checked against its checksums; it is then no longer served)."""
    return "index" in g and index_handle().suspect(g.index)


def _name_generation(response: Response) -> Response:
    # Which generation answered: with several web nodes behind a balancer,
    # and a new generation being published to each in turn, this tells
    # which index a page came from.
    if "index" in g:
        response.headers["X-Spravka-Generation"] = g.index.path.name
    return response


def init_app(app: Flask) -> None:
    app.after_request(_name_generation)
    # Templates build article links with the same function as the API.
    app.add_template_global(article_url)
    app.add_template_filter(resolve_links)
