"""HTML pages: home, search results, categories and articles, per locale."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for

from search.browse.catalog import catalog
from search.index.articles import ARTICLE_PATH, LOCALES
from search.query.engine import search
from web.events import record_search, record_view
from web.i18n import preferred_locale
from web.index import get_index
from web.params import page_number

site = Blueprint("site", __name__)


@site.url_value_preprocessor
def check_locale(endpoint: str | None, values: dict | None) -> None:
    if values is not None and "locale" in values and values["locale"] not in LOCALES:
        abort(404)


@site.get("/")
def root():
    response = redirect(url_for("site.home", locale=preferred_locale()))
    # The target depends on Accept-Language: a shared cache must not give
    # one reader's language to the next.
    response.vary.add("Accept-Language")
    return response


@site.get("/<locale>/")
def home(locale: str):
    index = get_index()
    browse = catalog(index)
    return render_template("home.html", categories=browse.categories(locale), popular=browse.popular(locale))


@site.get("/<locale>/search")
def search_page(locale: str):
    query = request.args.get("q", "")
    if not query.strip():
        return redirect(url_for("site.home", locale=locale))
    index = get_index()
    category = request.args.get("category") or None
    response = search(
        index,
        query,
        locale=locale,
        category=category,
        page=page_number(),
        per_page=current_app.config["PER_PAGE"],
        auto_correct=not request.args.get("exact"),
    )
    record_search(response, "site")
    browse = catalog(index)
    return render_template(
        "search.html",
        q=query,
        response=response,
        category_label=index.meta.category_name(category, locale) if category else None,
        category_name=lambda c: index.meta.category_name(c, locale),
        categories=browse.categories(locale) if response.total == 0 else [],
    )


@site.get("/<locale>/categories/<category>")
def category_page(locale: str, category: str):
    browse = catalog(get_index())
    info = next((c for c in browse.categories(locale) if c.id == category), None)
    if info is None:
        abort(404)
    return render_template("category.html", category=info, articles=browse.in_category(category, locale))


@site.get(ARTICLE_PATH.format(locale="<locale>", id="<path:article_id>"))
def article(locale: str, article_id: str):
    index = get_index()
    browse = catalog(index)
    view = browse.view(article_id, locale)
    if view is None:
        abort(404)
    record_view(view)
    return render_template(
        "article.html",
        view=view,
        doc=view.doc,
        category_label=index.meta.category_name(view.doc["category"], locale),
        related=browse.related(article_id, locale),
    )


@site.get("/<locale>/opensearch.xml")
def opensearch(locale: str):
    body = render_template("opensearch.xml")
    return body, 200, {"Content-Type": "application/opensearchdescription+xml; charset=utf-8"}
