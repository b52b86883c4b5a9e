"""The help-center pages: languages, home, results, categories, articles, errors."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup

from indexer.build import build_index
from web import create_app


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "lxml")


def press(page: BeautifulSoup, button) -> str:
    """The URL a GET form asks for when ``button`` submits it, as a browser
    builds it: the form's named fields, then the button's name and value."""
    form = page.find(id=button["form"]) if button.get("form") else button.find_parent("form")
    fields = [
        (field["name"], field.get("value", ""))
        for field in form.find_all("input")
        if field.get("name") and field.get("type") != "submit"
    ]
    fields += [(f["name"], f.get("value", "")) for f in page.select(f"input[form='{form.get('id')}'][name]")]
    if button.get("name"):
        fields.append((button["name"], button.get("value", "")))
    return form["action"] + "?" + urlencode(fields)


@pytest.mark.parametrize(
    ("accept", "target"),
    [("ru-RU,ru;q=0.9,en;q=0.8", "/ru/"), ("en-US,en;q=0.9", "/en/"), ("fr-FR", "/en/"), (None, "/en/")],
)
def test_root_redirects_by_accept_language(client, accept, target):
    headers = {"Accept-Language": accept} if accept else {}
    response = client.get("/", headers=headers)
    assert response.status_code == 302 and response.headers["Location"].endswith(target)


def test_every_page_has_the_search_box_and_a_language_switch(client):
    for url in ("/en/", "/ru/search?q=эхо", "/en/categories/audio", "/ru/articles/audio/echo"):
        page = soup(client.get(url))
        form = page.select_one("form[role=search]")
        assert form["method"] == "get" and form["action"].endswith("/search"), url
        assert page.select_one("label[for=q]") and page.select_one("input#q[name=q]"), url
        assert len(page.select("nav.languages a[hreflang]")) == 1, url


def test_home_lists_categories_with_counts_and_popular_articles(client):
    page = soup(client.get("/ru/"))
    assert page.html["lang"] == "ru"
    assert page.h1.text == "Чем мы можем помочь?"
    topics = {li.a.text: li.select_one(".count").text for li in page.select(".categories li")}
    assert topics["Звук"] == "2 статьи" and topics["Конференции"] == "3 статьи"
    popular = [a["href"] for a in page.select("#popular ~ ul a")]
    # join-a-meeting and echo link to these; they have more inbound links.
    assert {"/ru/articles/audio/microphone-not-working", "/ru/articles/meetings/schedule-a-meeting"} <= set(
        popular
    )


def test_results_page_shows_badges_and_facets(client):
    page = soup(client.get("/ru/search?q=запись"))
    titles = [a.text for a in page.select(".result h2 a")]
    assert "Запись конференции на компьютер" in titles and "Cloud recording" in titles
    cloud = next(r for r in page.select(".result") if r.h2.text.strip() == "Cloud recording")
    assert cloud.select_one(".badge.fallback").text == "только на английском"
    assert cloud.h2.a["lang"] == "en"
    local = next(r for r in page.select(".result") if "на компьютер" in r.h2.text)
    assert local.select_one(".badge.stale").text == "перевод устарел"
    facets = page.select(".facets li")
    assert facets[0].select_one("[aria-current]").text == "Все разделы"
    assert "result" not in page.select_one(".total").text  # counted in Russian
    assert re.fullmatch(r"\s*\d+ результат(а|ов)?\s*", page.select_one(".total").text)


def test_category_facet_filters_in_place(client):
    page = soup(client.get("/en/search?q=meeting"))
    button = next(b for b in page.select(".facets button") if b.text == "Recording")
    filtered = soup(client.get(press(page, button)))
    assert {r.select_one(".meta a.topic").text for r in filtered.select(".result")} == {"Recording"}
    assert filtered.select_one(".facets [aria-current]").text == "Recording"
    # The other topics stay listed so the reader can switch back.
    assert "All topics" in [b.text for b in filtered.select(".facets button")]


def test_results_are_paginated(app, client):
    app.config["PER_PAGE"] = 2
    first = soup(client.get("/en/search?q=meeting"))
    assert len(first.select(".result")) == 2
    next_button = first.select(".pages button")[-1]
    assert next_button.text == "Next"
    second = soup(client.get(press(first, next_button)))
    assert second.select_one("ol.results")["start"] == "3"
    assert {a.text for a in first.select(".result h2 a")}.isdisjoint(
        a.text for a in second.select(".result h2 a")
    )


def test_correction_line(client):
    page = soup(client.get("/en/search?q=ecoh"))
    line = page.select_one(".correction")
    assert "Showing results for" in line.text and line.strong.text == "echo"
    exact = soup(client.get(line.select("a")[1]["href"]))
    assert "Did you mean" in exact.select_one(".correction").text


def test_zero_results_page_offers_topics_and_support(client):
    page = soup(client.get("/ru/search?q=qqqzzzxxx"))
    assert "ничего не найдено" in page.h1.text
    assert page.select(".no-results .categories li")
    assert page.select_one(".no-results a[href='/ru/articles/support/contact-support']")


def test_empty_search_goes_home(client):
    response = client.get("/en/search?q=++")
    assert response.status_code == 302 and response.headers["Location"].endswith("/en/")


def test_category_page_flags_untranslated_articles(client):
    page = soup(client.get("/ru/categories/recording"))
    assert page.h1.text == "Запись"
    items = {li.a.text: li for li in page.select("ul.articles li")}
    assert items["Cloud recording"].select_one(".badge.fallback")
    assert not items["Запись конференции на компьютер"].select_one(".badge.fallback")


def test_article_page_has_toc_breadcrumbs_date_and_related(client):
    page = soup(client.get("/en/articles/meetings/join-a-meeting"))
    crumbs = [li.text.strip() for li in page.select(".crumbs li")]
    assert crumbs == ["Help Center", "Meetings", "Join a meeting"]
    assert page.select_one(".updated time")["datetime"] == "2026-03-10"
    assert page.select_one(".updated time").text == "March 10, 2026"
    toc = [a["href"] for a in page.select(".toc a")]
    assert toc and all(page.select_one(f"article [id='{href[1:]}']") for href in toc)
    related = [a["href"] for a in page.select(".related a")]
    assert related[:2] == ["/en/articles/meetings/schedule-a-meeting", "/en/articles/audio/echo"]


def test_language_switch_keeps_the_article_and_the_search(client):
    article = soup(client.get("/en/articles/meetings/join-a-meeting"))
    assert article.select_one("nav.languages a")["href"] == "/ru/articles/meetings/join-a-meeting"
    results = soup(client.get("/ru/search?q=микрофон&category=audio&page=1"))
    switch = results.select_one("nav.languages a")["href"]
    assert switch.startswith("/en/search?") and "category=audio" in switch and "page" not in switch


def test_russian_article_date_is_written_in_russian(client):
    page = soup(client.get("/ru/articles/meetings/join-a-meeting"))
    # CLDR puts a narrow no-break space before the abbreviation.
    assert page.select_one(".updated time").text.replace("\u202f", " ") == "15 марта 2026 г."


def test_fallback_and_stale_banners(client):
    fallback = soup(client.get("/ru/articles/recording/cloud-recording"))
    assert "ещё не переведена" in fallback.select_one(".banner").text
    assert fallback.select_one("article")["lang"] == "en"
    stale = soup(client.get("/ru/articles/recording/local-recording"))
    banner = stale.select_one(".banner")
    assert "Перевод устарел" in banner.text
    assert banner.a["href"] == "/en/articles/recording/local-recording"
    assert soup(client.get("/ru/articles/meetings/join-a-meeting")).select_one(".banner") is None


@pytest.mark.parametrize(
    "url",
    [
        "/en/articles/nope/nothing",
        "/ru/articles/nope/nothing",
        "/fr/",
        "/en/articles/../../etc/passwd",
        "/en/articles/%2e%2e/%2e%2e/setup.cfg",
        "/en/articles/audio%2Fecho%2F..%2F..%2F..%2Fsetup.cfg",
        "/en/categories/nope",
        "/ru/categories/../articles",
    ],
)
def test_unknown_pages_and_path_tricks_are_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.text or "Страница не найдена" in response.text


def test_404_page_speaks_the_locale(client):
    page = soup(client.get("/ru/articles/nope/nothing"))
    assert page.html["lang"] == "ru" and page.h1.text == "Страница не найдена"


def test_an_error_without_a_title_of_its_own_speaks_the_locale_too(client):
    response = client.post("/ru/")  # 405: Werkzeug would title it "Method Not Allowed"
    page = soup(response)
    assert response.status_code == 405 and page.html["lang"] == "ru"
    assert page.h1.text == "Не удалось выполнить запрос" and "Not Allowed" not in response.text


def test_security_headers_on_pages_and_api(client):
    for url in ("/en/", "/api/search?q=echo", "/en/articles/nope"):
        headers = client.get(url).headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"]


def test_pages_have_no_inline_scripts_or_styles(client):
    for url in ("/en/", "/ru/search?q=запись", "/ru/articles/recording/cloud-recording"):
        page = soup(client.get(url))
        assert all(script.get("src") and not script.string for script in page.find_all("script"))
        assert not page.find_all("style") and not page.select("[style]")
        assert not [tag for tag in page.find_all(True) if any(attr.startswith("on") for attr in tag.attrs)]


def test_query_is_escaped_everywhere(client):
    attack = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
    for url in (f"/en/search?q={attack}", f"/ru/search?q={attack}&category=audio"):
        page = client.get(url)
        assert "<script>alert" not in page.text and "<img src=x" not in page.text
        assert soup(page).select_one("input#q")["value"] == attack


def test_hostile_article_is_inert(corpus_copy, tmp_path):
    (corpus_copy / "en" / "audio" / "hostile.md").write_text(
        "---\ntitle: Hostile <script>alert(1)</script>\n---\n\n"
        "Intro text.\n\n<script>alert('x')</script>\n\n"
        '<img src="x.png" onerror="alert(2)">\n\n'
        '<a href="javascript:alert(3)">click</a>\n'
        '<a href="https://example.org/ok" onclick="alert(4)">ok</a>\n\n'
        '<div style="position:fixed">styled</div>\n',
        encoding="utf-8",
    )
    build_index(corpus_copy, tmp_path / "index")

    page = (
        create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "index")})
        .test_client()
        .get("/en/articles/audio/hostile")
    )
    article = soup(page).select_one("article")
    assert article.h1.text == "Hostile <script>alert(1)</script>"  # shown as text
    assert not article.find_all("script") and not article.select("[style]")
    assert not [tag for tag in article.find_all(True) if any(attr.startswith("on") for attr in tag.attrs)]
    hrefs = [a.get("href") for a in article.find_all("a")]
    assert "https://example.org/ok" in hrefs and not any(h and h.startswith("javascript:") for h in hrefs)


def test_opensearch_links_go_to_the_public_address_not_the_requests_host(index_dir):
    app = create_app({"INDEX_DIR": str(index_dir), "PUBLIC_URL": "https://help.example.com"})
    response = app.test_client().get("/en/opensearch.xml", headers={"Host": "evil.example"})
    description = BeautifulSoup(response.text, "xml")
    templates = [url["template"] for url in description.find_all("Url")]
    assert templates[0] == "https://help.example.com/en/search?q={searchTerms}"
    assert templates[1].startswith("https://help.example.com/api/suggest?")
    assert "evil.example" not in response.text


def test_opensearch_description(client):
    response = client.get("/ru/opensearch.xml")
    assert response.headers["Content-Type"].startswith("application/opensearchdescription+xml")
    description = BeautifulSoup(response.text, "xml")
    template = description.find("Url", type="text/html")["template"]
    assert template == "http://localhost/ru/search?q={searchTerms}"
    home = soup(client.get("/ru/"))
    assert home.select_one("link[rel=search]")["href"] == "/ru/opensearch.xml"


@pytest.mark.parametrize("trick", ["_method=POST", "_external=1", "_scheme=https", "_anchor=x", "page=3"])
def test_language_switch_passes_only_search_parameters(client, trick):
    response = client.get(f"/ru/search?q=запись&category=recording&{trick}")
    assert response.status_code in (200, 302)
    if response.status_code == 302:  # page=3 of fewer pages: clamped first
        response = client.get(response.headers["Location"])
    switch = soup(response).select_one("nav.languages a")["href"]
    assert switch.startswith("/en/search?") and "category=recording" in switch
    assert not re.search(r"_method|_external|_scheme|_anchor|page=|https:|#", switch), switch
    article = client.get(f"/en/articles/audio/echo?{trick}")
    assert soup(article).select_one("nav.languages a")["href"] == "/ru/articles/audio/echo"


@pytest.mark.parametrize("words", [["микрофон", "звук", "эхо", "запись"], ["echo", "mic", "camera"]])
def test_results_page_grows_at_most_2_kb_per_kb_of_query(client, words):
    # The audit's case: a 3.9 KB request made a 98 KB page (the query ~23 times);
    # short queries too, now that result links carry no query.
    # The query is measured as sent, URL-encoded, as the audit measured it.
    baseline = len(client.get("/ru/search", query_string={"q": " ".join(words[:3])}).data)
    for size in (1_000, 2_000, 3_900, 60_000):
        query = " ".join(words[i % len(words)] + str(i) for i in range(size))
        query = query[: len(query) * size // len(urlencode({"q": query}))]
        response = client.get("/ru/search", query_string={"q": query})
        assert response.status_code == 200
        sent_kb = len(urlencode({"q": query})) / 1000
        assert len(response.data) - baseline <= 2000 * sent_kb, (size, len(response.data))


def test_zero_results_in_a_topic_offers_all_topics(client):
    page = soup(client.get("/en/search?q=echo&category=recording"))
    assert "in Recording" in page.h1.text
    link = page.select_one(".no-results a")
    assert link["href"] == "/en/search?q=echo" and re.search(r"\d+ results? in all topics", link.text)
    # Asked word for word, the search in all topics is word for word too.
    exact = soup(client.get("/en/search?q=echo&exact=1&category=recording"))
    assert "exact=1" in exact.select_one(".no-results a")["href"]


def test_language_switch_on_a_filtered_search_is_not_a_dead_end(client):
    page = soup(client.get("/ru/search?q=запись&category=recording"))
    english = soup(client.get(page.select_one("nav.languages a")["href"]))
    # Either results, or a way to them: never a bare "0 results".
    assert english.select(".result") or english.select(".no-results a")


def test_unknown_topic_and_page_past_the_end_redirect_to_results(client):
    unknown = client.get("/en/search?q=meeting&category=nope")
    assert unknown.status_code == 302 and unknown.headers["Location"] == "/en/search?q=meeting"
    past = client.get("/en/search?q=meeting&page=99")
    assert past.status_code == 302
    last = soup(client.get(past.headers["Location"]))
    assert last.select(".result") and "page=99" not in past.headers["Location"]


def test_pagination_is_numbered(app, client):
    app.config["PER_PAGE"] = 1
    page = soup(client.get("/en/search?q=meeting&page=2"))
    numbers = [el.text for el in page.select(".pages button, .pages span")]
    assert numbers[0] == "Previous" and numbers[-1] == "Next"
    assert page.select_one(".pages [aria-current=page]").text == "2"
    assert "1" in numbers and "3" in numbers


def test_the_pager_offers_only_the_pages_a_search_serves(app, client, monkeypatch):
    # Pages past MAX_PAGE are never served; here it is 3, and "meeting" has more results.
    monkeypatch.setattr("search.query.engine.MAX_PAGE", 3)
    monkeypatch.setattr("web.params.MAX_PAGE", 3)
    app.config["PER_PAGE"] = 1
    last = soup(client.get("/en/search?q=meeting&page=3"))
    numbers = [el.text for el in last.select(".pages button, .pages span")]
    assert numbers == ["Previous", "1", "2", "3"]
    assert int(last.select_one("#total").text.split()[0]) > 3  # the total still counts them all


@pytest.mark.parametrize(
    ("page", "pages", "shown"),
    [
        (1, 1, [1]),
        (1, 3, [1, 2, 3]),
        (6, 20, [1, None, 4, 5, 6, 7, 8, None, 20]),
        (4, 9, [1, 2, 3, 4, 5, 6, None, 9]),
    ],
)
def test_page_numbers(page, pages, shown):
    from web.site import page_numbers

    assert page_numbers(page, pages) == shown


def test_results_come_before_the_topic_filter_in_the_source(client):
    page = soup(client.get("/en/search?q=meeting"))
    links = page.select("main a, main button")
    assert links[0]["href"].startswith("/en/articles/")
    assert page.select_one(".facets").find_previous(class_="result")


def test_result_shows_a_clickable_topic_path(client):
    result = soup(client.get("/en/search?q=echo")).select_one(".result")
    assert result.select_one(".meta a.topic")["href"] == "/en/categories/audio"


def test_stale_banner_says_when_the_english_changed(client):
    banner = soup(client.get("/ru/articles/recording/local-recording")).select_one(".banner")
    assert "stale" in banner["class"] and "2026" in banner.text


def test_home_page_asks_first_then_offers_the_box(client):
    page = soup(client.get("/en/"))
    assert page.select_one("header form[role=search]") is None
    assert page.h1.find_next("form")["role"] == "search"
    assert "above" not in page.select_one(".intro").text


def test_updated_line_is_in_the_reader_language_on_a_fallback(client):
    page = soup(client.get("/ru/articles/recording/cloud-recording"))
    assert page.select_one(".updated")["lang"] == "ru"


def test_static_urls_carry_a_content_hash_and_are_cached_for_a_year(client):
    page = soup(client.get("/en/"))
    css = page.select_one("link[rel=stylesheet]")["href"]
    script = page.select_one("script[src]")["src"]
    for url in (css, script):
        assert re.fullmatch(r"/static/[\w.]+\?v=[0-9a-f]{12}", url), url
        cached = client.get(url)
        assert cached.status_code == 200
        assert {"public", "max-age=31536000", "immutable"} <= set(cached.headers["Cache-Control"].split(", "))
    # An old URL (a page from before a deploy) is answered but not kept.
    stale = client.get(css.split("?")[0] + "?v=000000000000")
    assert "max-age=31536000" not in stale.headers["Cache-Control"]
    assert "no-cache" in stale.headers["Cache-Control"]


@pytest.mark.parametrize(("accept", "encoding"), [("br, gzip", "br"), ("gzip", "gzip")])
def test_pages_are_compressed(client, accept, encoding):
    for url in ("/en/search?q=meeting", "/en/", "/en/articles/audio/echo"):
        response = client.get(url, headers={"Accept-Encoding": accept})
        assert response.headers.get("Content-Encoding") == encoding, url
        assert "Accept-Encoding" in response.headers.get("Vary", "")


def test_static_files_are_compressed_with_brotli(client):
    # Files are streamed; Flask-Compress streams brotli, not gzip.
    css = soup(client.get("/en/")).select_one("link[rel=stylesheet]")["href"]
    response = client.get(css, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert response.headers.get("Content-Encoding") == "br"


def test_a_word_cut_short_on_the_wrong_layout_is_corrected_on_enter(client):
    page = soup(client.get("/ru/search?q=pfgbc"))  # «запис», Enter before the last letter
    line = page.select_one(".correction")
    assert line is not None and line.strong.text == "запись"
    assert page.select(".result")


def test_russian_heading_anchors_are_transliterated(client):
    page = soup(client.get("/ru/articles/meetings/join-a-meeting"))
    anchors = [a["href"] for a in page.select(".toc a")]
    assert anchors and all(re.fullmatch(r"#[a-z0-9]+(-[a-z0-9]+)*", href) for href in anchors), anchors
    assert all(page.select_one(f"article [id='{href[1:]}']") for href in anchors)
