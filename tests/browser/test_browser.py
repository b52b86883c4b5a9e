"""What a reader does on the site, in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def search_from_home(page, locale: str, text: str) -> None:
    page.goto(f"/{locale}/")
    page.get_by_role("combobox").fill(text)
    page.get_by_role("combobox").press("Enter")
    page.wait_for_url(re.compile(r"/search\?"))  # loaded, scripts included


def test_search_and_see_results(page):
    search_from_home(page, "en", "echo")
    expect(page).to_have_url(re.compile(r"/en/search\?q=echo$"))
    first = page.locator(".result h2 a").first
    expect(first).to_have_text("Stop echo during a meeting")
    expect(page.locator(".result mark").first).to_have_text(re.compile("echo", re.I))


def test_filter_by_category(page):
    search_from_home(page, "en", "meeting")
    page.locator(".facets").get_by_role("button", name="Recording").click()
    expect(page).to_have_url(re.compile(r"category=recording"))
    badges = page.locator(".result .meta a.topic")
    expect(badges.first).to_be_visible()
    assert set(badges.all_inner_texts()) == {"Recording"}


def test_pick_an_autocomplete_suggestion_with_the_keyboard(page):
    page.goto("/en/")
    box = page.get_by_role("combobox")
    box.press_sequentially("microph", delay=30)
    options = page.get_by_role("option")
    expect(options.first).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    article = page.locator(".suggestion.article").first
    target = article.inner_text()
    index = options.all_inner_texts().index(target)
    for _ in range(index + 1):
        box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", f"q-option-{index}")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/en/articles/audio/microphone-not-working$"))
    expect(page.locator("article h1")).to_have_text(target)


def test_wrong_layout_suggestions(page):
    page.goto("/ru/")
    page.get_by_role("combobox").press_sequentially("vbrhjaj", delay=30)  # «микрофо» typed on QWERTY
    expect(page.get_by_role("option").first).to_contain_text(re.compile("микрофон", re.I))


def test_switch_language_on_an_article(page):
    page.goto("/en/articles/meetings/join-a-meeting")
    page.locator("nav.languages").get_by_role("link", name="Русский").click()
    expect(page).to_have_url(re.compile(r"/ru/articles/meetings/join-a-meeting$"))
    expect(page.locator("article h1")).to_have_text("Подключение к конференции")
    expect(page.locator("html")).to_have_attribute("lang", "ru")


def test_english_only_article_from_russian_search(page):
    search_from_home(page, "ru", "облачная запись")
    result = page.locator(".result").filter(has=page.locator(".badge.fallback")).first
    expect(result.locator(".badge.fallback")).to_have_text("только на английском")
    result.locator("h2 a").click()
    expect(page).to_have_url(re.compile(r"/ru/articles/recording/cloud-recording$"))
    expect(page.locator(".banner")).to_contain_text("показана на английском")
    expect(page.locator("article")).to_have_attribute("lang", "en")


def test_zero_results_page(page):
    search_from_home(page, "ru", "qqqzzzxxx")
    expect(page.locator("h1")).to_contain_text("ничего не найдено")
    expect(page.locator(".no-results .categories li").first).to_be_visible()
    support = page.locator(".no-results").get_by_role("link", name="Обратиться в поддержку")
    expect(support).to_have_attribute("href", "/ru/articles/support/contact-support")


def test_site_works_without_javascript(browser, server):
    context = browser.new_context(base_url=server, java_script_enabled=False)
    page = context.new_page()
    page.goto("/ru/")
    page.get_by_role("combobox").fill("микрофон")
    page.get_by_role("combobox").press("Enter")
    expect(page.locator(".result h2 a").first).to_have_text("Не работает микрофон")
    context.close()


def test_phone_layout_has_no_horizontal_scroll(browser, server):
    context = browser.new_context(base_url=server, viewport={"width": 375, "height": 800}, is_mobile=True)
    page = context.new_page()
    for url in ("/en/", "/en/search?q=meeting", "/en/articles/troubleshooting/firewall-ports"):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, url
    context.close()


def test_slash_and_ctrl_k_put_the_cursor_in_the_search_box(page):
    page.goto("/en/articles/audio/echo")
    page.locator("body").click()
    page.keyboard.press("/")
    expect(page.locator("#q")).to_be_focused()
    expect(page.locator("#q")).to_have_value("")  # the slash is not typed
    page.locator("h1").click()
    page.keyboard.press("Control+k")
    expect(page.locator("#q")).to_be_focused()


def test_suggestions_are_grouped_and_counted_for_screen_readers(page):
    page.goto("/en/")
    page.get_by_role("combobox").press_sequentially("microph", delay=30)
    expect(page.get_by_role("option").first).to_be_visible()
    groups = page.locator("#q-suggestions [role=group] .group").all_inner_texts()
    assert groups[0].casefold() == "articles" and "search for" in [g.casefold() for g in groups]
    count = page.get_by_role("option").count()
    expect(page.locator("#q-status")).to_have_text(f"Suggestions: {count}")


def test_recent_searches_are_offered_in_an_empty_box(page):
    search_from_home(page, "en", "echo")
    page.goto("/en/")
    page.get_by_role("combobox").focus()
    recent = page.locator(".suggestion.recent")
    expect(recent.first).to_have_text("echo")
    assert page.evaluate("Object.keys(localStorage)") == ["spravka.recent.en"]


def test_error_code_row_is_marked_on_the_article_opened_from_a_search(browser, shipped_server):
    context = browser.new_context(base_url=shipped_server, viewport={"width": 390, "height": 700})
    page = context.new_page()
    search_from_home(page, "en", "10004")
    page.locator(".result h2 a").first.click()
    expect(page).to_have_url(re.compile("install-error-codes"))
    row = page.locator("tr.found")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("No permission to write")
    expect(row).to_be_in_viewport()
    # Only when reached from the search: a reload shows the plain article.
    page.reload()
    expect(page.locator("mark.found")).to_have_count(0)
    context.close()


def test_searched_words_are_marked_on_the_article(page):
    search_from_home(page, "ru", "запись")
    page.locator(".result h2 a:not([lang])").first.click()
    expect(page.locator("article mark.found").first).to_be_visible()
