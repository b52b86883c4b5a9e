"""HTML pages: search and articles, per locale."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for

from search.engine import LOCALES, category_name, search
from web.index import current_index

site = Blueprint("site", __name__)


@site.get("/")
def home():
    return redirect(url_for("site.search_page", locale=current_app.config["DEFAULT_LOCALE"]))


@site.get("/<locale>/")
@site.get("/<locale>/search")
def search_page(locale: str):
    if locale not in LOCALES:
        abort(404)
    index = current_index()
    query = request.args.get("q", "")
    try:
        page = int(request.args.get("page", 1))
    except ValueError:
        page = 1
    response = search(
        index,
        query,
        locale=locale,
        category=request.args.get("category") or None,
        page=page,
        per_page=current_app.config["PER_PAGE"],
    )
    return render_template(
        "search.html",
        locale=locale,
        q=query,
        response=response,
        category_name=lambda c: category_name(index, c, locale),
    )


@site.get("/<locale>/articles/<path:article_id>")
def article(locale: str, article_id: str):
    if locale not in LOCALES:
        abort(404)
    index = current_index()
    doc = index.document(locale, article_id)
    fallback = False
    if doc is None and locale != "en":
        doc = index.document("en", article_id)
        fallback = doc is not None
    if doc is None:
        abort(404)
    return render_template(
        "article.html",
        locale=locale,
        doc=doc,
        fallback=fallback,
        category=category_name(index, doc["category"], locale),
    )
