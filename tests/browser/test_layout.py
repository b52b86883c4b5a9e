"""The site at phone and desktop widths: nothing wider than the screen, no
WCAG 2.2 A/AA violations that axe-core can find, a sensible keyboard order."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

WIDTHS = (320, 390, 1280)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
PAGES = {
    "home": "/ru/",
    "results": "/ru/search?q=запись",
    "category": "/ru/categories/recording",
    "article": "/ru/articles/meetings/join-a-meeting",
    "fallback article": "/ru/articles/recording/cloud-recording",
    "outdated translation": "/ru/articles/recording/local-recording",
    "404": "/ru/articles/nope/nothing",
    "zero results": "/ru/search?q=qqqzzzxxx",
    "zero results in a topic": "/en/search?q=echo&category=recording",
}


@pytest.fixture
def context_at(browser):
    contexts = []

    def open_context(base_url: str, width: int, **options):
        context = browser.new_context(
            base_url=base_url, viewport={"width": width, "height": 800}, is_mobile=width < 800, **options
        )
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()


def test_no_shipped_page_is_wider_than_the_screen(context_at, shipped_server, shipped_articles):
    # One load a page, then each width: resizing lays the page out again.
    page = context_at(shipped_server, max(WIDTHS)).new_page()
    urls = [f"/{locale}/articles/{article}" for article in shipped_articles for locale in ("en", "ru")]
    urls += ["/en/", "/ru/", "/ru/search?q=запись", "/en/search?q=error+code", "/ru/categories/billing"]
    wide = []
    for url in urls:
        page.goto(url, wait_until="domcontentloaded")
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                wide.append((url, width, scroll_width))
    assert len(urls) > 300 and wide == []


@pytest.mark.parametrize("width", (390, 1280))
@pytest.mark.parametrize("name", PAGES)
def test_no_accessibility_violations(context_at, server, axe_source, name, width):
    # axe is injected as an inline script, which the site's CSP forbids.
    page = context_at(server, width, bypass_csp=True).new_page()
    page.goto(PAGES[name])
    page.add_script_tag(content=axe_source)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert violations == []


def test_first_tab_stop_after_the_search_form_is_the_first_result(page):
    page.goto("/en/search?q=meeting")
    page.locator("#q").focus()
    page.keyboard.press("Tab")  # the search button
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('.result') !== null")
    first = page.locator(".result h2 a").first.get_attribute("href")
    assert focused and page.evaluate("document.activeElement.getAttribute('href')") == first


def test_topic_filter_is_collapsed_above_the_results_on_a_phone(context_at, server):
    page = context_at(server, 390).new_page()
    page.goto("/en/search?q=meeting")
    facets = page.locator("details.facets")
    assert facets.evaluate("el => el.open") is False
    assert facets.bounding_box()["y"] < page.locator(".result").first.bounding_box()["y"]
    page.locator("details.facets summary").click()
    assert facets.evaluate("el => el.open") is True
    tap = page.locator(".facets button").first.bounding_box()
    assert tap["height"] >= 44


def test_topic_filter_is_open_beside_the_results_on_a_desktop(page):
    page.goto("/en/search?q=meeting")
    facets = page.locator("details.facets")
    assert facets.evaluate("el => el.open") is True
    assert facets.bounding_box()["x"] < page.locator(".result").first.bounding_box()["x"]


def test_header_lines_up_with_the_content_and_popular_articles_come_early(page):
    page.goto("/ru/")
    brand = page.locator(".brand").bounding_box()
    heading = page.locator("main h1").bounding_box()
    assert abs(brand["x"] - heading["x"]) <= 1
    assert page.locator("#popular").bounding_box()["y"] < 600


def test_topic_counts_do_not_wrap_on_the_russian_home_page(page):
    page.goto("/ru/")
    # A count that wraps ("12 / статей") is drawn as two boxes.
    boxes = page.locator(".categories .count").evaluate_all("els => els.map(e => e.getClientRects().length)")
    assert boxes and set(boxes) == {1}


def test_article_contents_come_before_the_body_on_a_phone(context_at, server):
    page = context_at(server, 390).new_page()
    page.goto("/en/articles/meetings/join-a-meeting")
    assert page.locator(".toc").bounding_box()["y"] < page.locator("article h1").bounding_box()["y"]
    assert page.locator(".related").bounding_box()["y"] > page.locator("article").bounding_box()["y"]
