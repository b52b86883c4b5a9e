"""Fuzzing every endpoint's parameters (Hypothesis, fixed seed, a bounded
number of examples): any input gets an answer below 500 and no traceback.

Inputs mix what people type (both scripts, quotes, the words of query
syntaxes) with what nobody types (control characters, lone symbols, very
long strings), in queries, paths and headers."""

from __future__ import annotations

from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from web import create_app

FUZZ = settings(
    max_examples=60,
    derandomize=True,  # the same examples on every run and machine
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
# Surrogates cannot be sent in a URL at all; everything else can.
ANY_CHAR = st.characters(blacklist_categories=("Cs",))
SYNTAX = st.sampled_from(
    [
        '"',
        '""',
        "AND",
        "OR",
        "NOT",
        "*",
        "?",
        "title:",
        "(",
        ")",
        "~2",
        "^3",
        "\\",
        "%",
        "../",
        "<script>",
        "\x00",
    ]
)
WORDS = st.sampled_from(
    ["meeting", "recording", "конференцию", "запись", "5003", "useState", "pfgbcm", "микрофон"]
)
TEXT = st.lists(st.one_of(WORDS, SYNTAX, st.text(ANY_CHAR, max_size=12)), max_size=12).map(
    " ".join
) | st.text(ANY_CHAR, max_size=600)
LOCALE = st.sampled_from(["en", "ru", "", "EN", "de", "ru-RU", "../en"]) | st.text(ANY_CHAR, max_size=6)
PAGE = st.sampled_from(["1", "2", "0", "-1", "99999999999999999999", "1e9", "nan", ""]) | st.text(
    ANY_CHAR, max_size=5
)
PATH_PART = st.sampled_from(
    ["meetings/join-a-meeting", "meetings", "..", "../..", "%2e%2e", "a" * 300]
) | st.text(ANY_CHAR, min_size=1, max_size=40)


# Parameter names url_for treats as its own: a page must never pass them on.
URL_FOR_NAMES = st.sampled_from(["_method", "_external", "_scheme", "_anchor", "page", "q", "category"])


@pytest.fixture(scope="module")
def client(index_dir):
    return create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()


def check(answer) -> None:
    assert answer.status_code < 500, (answer.status_code, answer.text[:500])
    assert "Traceback" not in answer.text and 'File "' not in answer.text


def get(client, path: str, params: dict | None = None, **kwargs):
    query = "?" + urlencode(params) if params else ""
    return client.get(path + query, **kwargs)


def segment(text: str) -> str:
    return quote(text, safe="")


@FUZZ
@given(q=TEXT, locale=LOCALE, category=st.none() | PATH_PART, page=PAGE, exact=st.sampled_from(["", "1"]))
def test_search_api(client, q, locale, category, page, exact):
    params = {"q": q, "locale": locale, "page": page, "exact": exact}
    if category is not None:
        params["category"] = category
    answer = get(client, "/api/search", params)
    check(answer)
    assert answer.mimetype == "application/json"


@FUZZ
@given(q=TEXT, locale=LOCALE, fmt=st.sampled_from(["", "opensearch", "x"]))
def test_suggest_api(client, q, locale, fmt):
    check(get(client, "/api/suggest", {"q": q, "locale": locale, "format": fmt}))


@FUZZ
@given(article_id=PATH_PART, locale=LOCALE)
def test_article_api(client, article_id, locale):
    check(get(client, "/api/articles/" + quote(article_id, safe="/"), {"locale": locale}))


@FUZZ
@given(locale=LOCALE, q=TEXT, category=PATH_PART, page=PAGE)
def test_search_page(client, locale, q, category, page):
    check(get(client, f"/{segment(locale)}/search", {"q": q, "category": category, "page": page}))
    check(get(client, f"/{segment(locale)}/search", {"q": q, "_method": "POST", "_external": "1"}))


@FUZZ
@given(
    locale=LOCALE,
    article_id=PATH_PART,
    extra=st.dictionaries(URL_FOR_NAMES | st.text(ANY_CHAR, max_size=8), TEXT, max_size=3),
)
def test_article_page(client, locale, article_id, extra):
    check(get(client, f"/{segment(locale)}/articles/" + quote(article_id, safe="/"), extra))


@FUZZ
@given(locale=LOCALE, category=PATH_PART)
def test_category_page(client, locale, category):
    check(get(client, f"/{segment(locale)}/categories/{segment(category)}"))


@FUZZ
@given(language=st.text(ANY_CHAR.filter(lambda c: c.isprintable() and c.isascii()), max_size=60), params=TEXT)
def test_root_and_health(client, language, params):
    check(get(client, "/", {"q": params}, headers={"Accept-Language": language}))
    check(get(client, "/healthz", {"x": params}))
