"""HTML pages: home, search results, categories and articles, per locale."""

from __future__ import annotations

from functools import partial

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for

from search.browse.catalog import catalog
from search.index.articles import ARTICLE_PATH, LOCALES, SOURCE_LOCALE
from search.query.engine import search
from web.events import record_search, record_view
from web.i18n import preferred_locale
from web.index import get_index
from web.links import absolute_url
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
    exact = bool(request.args.get("exact"))
    response = search(
        index,
        query,
        locale=locale,
        category=category if category is None or index.meta.category(category) else None,
        page=page_number(),
        per_page=current_app.config["PER_PAGE"],
        auto_correct=not exact,
    )
    # A topic that does not exist, or a page past the last one, is a dead
    # end: send the reader to the nearest page that has results.
    if (category and response.category is None) or response.page > response.pages:
        page = min(response.page, response.pages)
        return redirect(search_url(locale, response.query, response.category, exact, page))
    record_search(response, "site")
    browse = catalog(index)
    return render_template(
        "search.html",
        q=response.query,
        response=response,
        exact=exact,
        search_url=partial(search_url, locale),
        # Result links carry the query for click counting; its start is enough
        # to tell queries apart, and ten full copies would make a long query
        # a big page.
        page_numbers=page_numbers,
        category_label=index.meta.category_name(category, locale) if category else None,
        category_name=lambda c: index.meta.category_name(c, locale),
        categories=browse.categories(locale) if response.total == 0 else [],
    )


def search_url(
    locale: str, query: str, category: str | None = None, exact: bool = False, page: int = 1
) -> str:
    """A results page. Links carry the query as searched (cleaned, at most
    ``MAX_QUERY_CHARS``), so a huge request does not make a huge page."""
    return url_for(
        "site.search_page",
        locale=locale,
        q=query,
        category=category or None,
        exact=1 if exact else None,
        page=page if page > 1 else None,
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
        english_updated=browse.ref(article_id, SOURCE_LOCALE).updated if view.stale else None,
    )


@site.get("/<locale>/opensearch.xml")
def opensearch(locale: str):
    body = render_template(
        "opensearch.xml",
        search=absolute_url("site.search_page", locale=locale),
        suggest=absolute_url("api.suggest_api"),
    )
    return body, 200, {"Content-Type": "application/opensearchdescription+xml; charset=utf-8"}


def page_numbers(page: int, pages: int, around: int = 2) -> list[int | None]:
    """The page numbers a pager shows: the first, the last and ``around``
    either side of the current one; ``None`` stands for a gap.

    >>> page_numbers(1, 3)
    [1, 2, 3]
    >>> page_numbers(6, 20)
    [1, None, 4, 5, 6, 7, 8, None, 20]
    >>> page_numbers(3, 9)
    [1, 2, 3, 4, 5, None, 9]
    """
    shown = sorted({1, pages, *range(max(1, page - around), min(pages, page + around) + 1)})
    numbers: list[int | None] = []
    for number in shown:
        if numbers and number - numbers[-1] > 1:
            # A gap of one page is shown as that page, not as "…".
            numbers.append(number - 1 if number - numbers[-1] == 2 else None)
        numbers.append(number)
    return numbers
